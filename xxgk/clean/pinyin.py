"""Pinyin glosses injected after characters: "发(fā)布机构(gòu)", "自治区(qū)".

Some sites (and scrapers that copy them) print a toned pinyin reading in brackets after
characters of a page, often a page converted to traditional characters. The glosses split
words ("机构(gòu)" no longer reads as 机构) and put Latin letters into names. A gloss is a
bracketed run of Latin letters with at least one tone mark, right after a CJK character; a
bracket of plain Latin letters (a file type, an abbreviation) is left alone.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{_TONED}]{{1,7}}\))[a-zü]*[{_TONED}][a-zü{_TONED}]*\)")
# Every gloss opens with "(" and a pinyin letter. A regex that starts with a literal skips
# from one "(" to the next; one that starts with a class of toned letters (a test for any
# tone anywhere) tests every character of the text, several times slower.
_GLOSS_OPENING = re.compile(rf"\((?=[a-zü{_TONED}])")


def strip_pinyin_glosses(text: str) -> str:
    """``text`` without toned pinyin glosses in brackets after CJK characters."""
    if not _GLOSS_OPENING.search(text):
        return text
    return _GLOSS.sub("", text)
