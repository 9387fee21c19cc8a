"""The page as the metadata readers see it, and what one of their findings records.

A page is the cleaned text's matching view (see textview.py), the page title's view when there
is a title, and the text's non-empty lines. A finding is a value with its evidence, its offsets
in the cleaned text and the rule that found it. Shared by metadata.py (agency, report year,
index number) and dates.py (publication date); nothing here decides anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.textview import TextView, build_view, get_view

LINE = re.compile(r"[^\n]+")
# Page fields start a line or follow a separator; "资金来源" inside a sentence is not one.
FIELD_PRECEDERS = frozenset(" \n|:•·]】>)")
# Pages print their fields (发布机构, 发布日期, 索引号) in the header or the footer.
HEADER_CHARS = 3000
FOOTER_CHARS = 2000


# A NamedTuple rather than a frozen dataclass: as immutable, and about three times cheaper to
# create (a frozen dataclass sets every field through object.__setattr__); one is made per
# candidate value, several per page.
class Finding(NamedTuple):
    value: str | int
    evidence: str
    start: int  # text offsets; -1 when read from the page title only
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Page:
    """The views metadata reads: the text's, the title's, and their lines."""

    tv: TextView
    title_tv: TextView | None
    lines: tuple[tuple[int, int], ...]  # non-empty lines of the text view
    folded: str  # the text folded but with its spaces: same offsets as the text (tv.folded)

    def line(self, i: int) -> str:
        s, e = self.lines[i]
        return self.tv.view[s:e]

    def evidence(self, start: int, end: int) -> str:
        s, e = self.tv.span_to_text(start, end)
        return self.tv.text[s:e].strip()


def read_page(text: str, title: str | None) -> Page:
    tv = get_view(text or "")
    title_tv = build_view(title) if title and title.strip() else None
    return Page(tv, title_tv, _find_line_spans(tv.view), tv.folded)


@lru_cache(maxsize=16)
def _find_line_spans(view: str) -> tuple[tuple[int, int], ...]:
    # Cached: the text's page is read twice per document (for the date and years, and for the
    # agency), and splitting a long text into lines is the costliest part of reading it.
    return tuple([m.span() for m in LINE.finditer(view)])


def get_line_text(folded: str, pos: int, text: str) -> str:
    """The line of ``text`` holding offset ``pos`` (``folded`` has the same offsets), stripped."""
    start = folded.rfind("\n", 0, pos) + 1
    end = folded.find("\n", pos)
    return text[start:end if end >= 0 else len(text)].strip()


def index_label_ends(labels: list[str] | tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """For every pair of last characters of ``labels``, how far before it each such label starts.

    发布日期 and 成文日期 both end in 日期, starting 2 characters before it. A label regex is then
    tried only where one of these pairs occurs (see find_in_header_and_footer).
    """
    backs: dict[str, set[int]] = {}
    for label in labels:
        if len(label) < 2:
            raise ValueError(f"label {label!r}: labels have at least two characters")
        backs.setdefault(label[-2:], set()).add(len(label) - 2)
    return {end: tuple(sorted(b)) for end, b in backs.items()}


def find_in_header_and_footer(regex: re.Pattern[str], text: str,
                              label_ends: dict[str, tuple[int, ...]] | None = None
                              ) -> Iterator[re.Match[str]]:
    """``regex.finditer`` in the first HEADER_CHARS and the last FOOTER_CHARS characters.

    With ``label_ends`` (index_label_ends), ``regex`` starts with one of the labels it indexes
    and is tried only where one of them can start.
    """
    regions = [(0, HEADER_CHARS)]
    if len(text) > HEADER_CHARS:
        regions.append((max(len(text) - FOOTER_CHARS, HEADER_CHARS), len(text)))
    for start, end in regions:
        if label_ends is None:
            yield from regex.finditer(text, start, end)
        else:
            yield from _find_labelled(regex, text, label_ends, start, end)


def _find_labelled(regex: re.Pattern[str], text: str, label_ends: dict[str, tuple[int, ...]],
                   start: int, end: int) -> Iterator[re.Match[str]]:
    # What finditer over [start, end) yields, without its scan: a regex that starts with a set
    # of labels is scanned for their first characters (公, 发 …), which are everywhere in these
    # reports, at every position. A match can only start where a label does, and a label
    # starts a known distance before its last two characters, which str.find locates in C.
    # (Worth it when those endings are rare, as 日期 and 时间 are; the organ labels' 机构, 机关,
    # 单位 and 来源 are not, and their regex scans faster than four str.find passes.)
    starts = set()
    for label_end, backs in label_ends.items():
        at = text.find(label_end, start, end)
        while at >= 0:
            starts.update([at - back for back in backs])
            at = text.find(label_end, at + 1, end)
    pos = start
    for at in sorted(starts):
        if at >= pos:
            m = regex.match(text, at, end)
            if m:
                yield m
                pos = m.end()
