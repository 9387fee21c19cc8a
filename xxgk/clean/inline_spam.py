"""Gambling-site keywords injected into the middle of a sentence of a hacked page.

Hacked government pages carry SEO spam inside their sentences: a run of casino names joined by
underscores and closed by a colon, pasted between two words of the report ("未发生<casino
name>_<casino site>:政府信息公开的行政复议…"). Report prose never joins words with "_", so a
run of underscore-joined tokens closed by a colon that holds a gambling cue word is removed,
from the first cue word of its first token (the words before it in that token are the
sentence's own). Text without "_" is returned at once.
"""

from __future__ import annotations

import re

# Words that only gambling spam puts next to an underscore on a government page.
_CUE = re.compile("赌场|赌博|博彩|彩票|娱乐城|娱乐场|百家乐|老虎机|棋牌|葡京|威尼斯人|金沙|永利|"
                  "皇冠|沙巴|官网|真人|投注|开户|体育|足球|欧洲杯|世界杯|电竞|竞猜")
# The run must close with a colon: without one, its last token may run on into the report's own
# words (a title glued after the spam), which must not be cut.
_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,24}(?:_[\u4e00-\u9fffA-Za-z0-9]{1,24})+[:：]")


def strip_inline_spam(text: str) -> str:
    """Remove underscore-joined runs of gambling keywords from the text (see module)."""
    if "_" not in text:
        return text
    return _RUN.sub(_cut_spam, text)


def _cut_spam(m: re.Match[str]) -> str:
    run = m.group()
    if _CUE.search(run) is None:
        return run
    first = run.split("_", 1)[0]
    cue = _CUE.search(first)
    keep = first[:cue.start()] if cue else first
    return keep
