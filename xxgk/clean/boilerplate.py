"""Site chrome that arrives as whole lines: breadcrumbs, share and print widgets, footers.

Pages copied as text bring the site around the report with them ("当前位置:首页 > …",
"扫一扫在手机上查看", "【打印】【关闭】", "网站标识码…", "…ICP备…号", "相关解读"). They carry no
report content and some carry numbers (filing numbers, site codes) that extractors could
mistake for counts. The vocabulary is data: ``vocabulary.BOILERPLATE_LINES``.
"""

from __future__ import annotations

import re

from xxgk.clean.vocabulary import BOILERPLATE_LINES

_ALTERNATIVES = "|".join(f"(?:{entry.pattern})" for entry in BOILERPLATE_LINES)
# A matching line, the newline after it, and one blank line after that: dropping the blank
# too keeps the one-blank-line rhythm of a flattened table that follows.
# A markdown converter may have made a widget line a heading ("## 友情链接").
_BOILERPLATE_LINE = re.compile(rf"(?m)^(?:#{{1,6}} )*(?:{_ALTERNATIVES})\n(?:\n)?")
# Every entry holds one of these words, so a line without any cannot match: the regex is
# tried only at the start of lines where a cue was found (trying it at every line start
# costs a scan of every long prose line for the entries that begin with ".{0,80}").
_CUES = (
    "位置", "栏目", "首页", "扫", "分享", "打印", "关闭", "顶部", "收藏", "保存", "纠错", "返回", "推荐",
    "字号", "字体", "文字", "标识码", "ICP", "公网安备", "主办", "承办", "协办", "技术支持", "维护",
    "建设单位", "版权", "opyright", "COPYRIGHT", "©", "链接", "附件下载", "解读", "报道", "相关",
    "上一", "下一", "次数", "点击", "浏览",
)
# The regex engine skips ahead to the first character of a cue and tries the cues there;
# "公" (公开 is everywhere in a report) or "关" would stop it a hundred times a page. These cues
# are searched for from a rarer character of theirs, the characters before it checked by a
# lookbehind.
_CUE_ANCHORS = {
    "公网安备": "备", "关闭": "闭", "收藏": "藏", "保存": "存", "推荐": "荐", "文字": "字",
    "建设单位": "单", "解读": "读", "报道": "道", "点击": "击", "分享": "享",
}


def _cue_pattern(cue: str) -> str:
    anchor = cue.index(_CUE_ANCHORS.get(cue, cue[0]))
    before = f"(?<={re.escape(cue[: anchor + 1])})" if anchor else ""
    return re.escape(cue[anchor]) + before + re.escape(cue[anchor + 1 :])


_CUE = re.compile("|".join(_cue_pattern(cue) for cue in _CUES))


def is_boilerplate_line(line: str) -> bool:
    """True when a whole (stripped) line is navigation, a widget or a footer."""
    return _BOILERPLATE_LINE.match(line.strip() + "\n") is not None


def drop_boilerplate_lines(text: str) -> str:
    """Drop whole lines of site navigation, sharing/print widgets and footers."""
    text += "\n"  # lets a last line match
    kept: list[str] = []
    kept_from = position = 0
    while (cue := _CUE.search(text, position)) is not None:
        line_start = text.rfind("\n", 0, cue.start()) + 1
        dropped = _BOILERPLATE_LINE.match(text, line_start)
        if dropped is not None:
            kept.append(text[kept_from:line_start])
            kept_from = position = dropped.end()
        else:
            position = text.index("\n", cue.start()) + 1  # on to the next line
    if not kept:
        return text[:-1]
    kept.append(text[kept_from:])
    cleaned = "".join(kept)
    return cleaned[:-1] if cleaned.endswith("\n") else cleaned
