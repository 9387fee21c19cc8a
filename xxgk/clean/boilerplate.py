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
# Every entry starts with one of these characters or with a short free prefix; checking for
# any cue word first keeps the common case (no chrome at all) to a few substring scans.
_CUES = (
    "位置", "栏目", "首页", "扫", "分享", "打印", "关闭", "顶部", "收藏", "保存", "纠错", "返回", "推荐",
    "字号", "字体", "文字", "标识码", "ICP", "公网安备", "主办", "承办", "协办", "技术支持", "维护",
    "建设单位", "版权", "opyright", "COPYRIGHT", "©", "链接", "附件下载", "解读", "报道", "相关",
    "上一", "下一", "次数", "点击", "浏览",
)


def is_boilerplate_line(line: str) -> bool:
    """True when a whole (stripped) line is navigation, a widget or a footer."""
    return _BOILERPLATE_LINE.match(line.strip() + "\n") is not None


def drop_boilerplate_lines(text: str) -> str:
    """Drop whole lines of site navigation, sharing/print widgets and footers."""
    if not any(cue in text for cue in _CUES):
        return text
    cleaned = _BOILERPLATE_LINE.sub("", text + "\n")  # the added newline lets a last line match
    return cleaned[:-1] if cleaned.endswith("\n") else cleaned
