"""Page-break rules, page numbers, and the sentences they cut in two.

PDF text and PDF->markdown conversions mark page ends with rules ("---", "___", form feeds)
and print page numbers ("- 4 -", "— 4 —", "第4页", "第 4 页 共 12 页", "4/12") as lines of
their own. Both are layout, not content; a page number read as a count would be a wrong
number. Removing them is also where broken sentences are rejoined (see ``line_joins``), and
where a table split over two pages becomes one run of pipe rows again.
"""

from __future__ import annotations

import re

from xxgk.clean.chars import IDEOGRAPH, MID_SENTENCE
from xxgk.clean.line_joins import (
    MIN_CHARS_ORDINARY_BREAK,
    is_pipe_row,
    join_context,
    should_join,
)
from xxgk.clean.vocabulary import PAGE_BREAK_RULES, PAGE_NUMBERS

_RULES = "|".join(f"(?:{entry.pattern})" for entry in PAGE_BREAK_RULES)
_PAGE_NUMBERS = "|".join(f"(?:{entry.pattern})" for entry in PAGE_NUMBERS)
_RULE = re.compile(_RULES)
_PAGE_NUMBER = re.compile(_PAGE_NUMBERS)
_HEADING_MARK = re.compile(r"^(?:#{1,6}[ \t]+)+")
_SLASHED = re.compile(r"(\d{1,4})\s*/\s*(\d{1,4})")
_MAX_BREAK_LINE_CHARS = 40  # rules and page numbers are short; longer lines skip the regexes
# Cheap pre-check: every rule and page number contains one of these. Checked as a few
# substring tests and a search for a newline followed by a cue (a pattern starting with a
# literal is found fast; one starting with a multiline "^" is tried at every position).
_CUE_AT_LINE_START = r"[\f\-_*=—―─━~–#]|\d{1,4}\s*/"
_CUE_AT_TEXT_START = re.compile(_CUE_AT_LINE_START)
_CUE_AFTER_NEWLINE = re.compile(rf"\n(?:{_CUE_AT_LINE_START})")
# A line that may be a rule or a page number (heading marks and spaces around allowed, at
# most ``_MAX_BREAK_LINE_CHARS`` long), in the text with a newline put before it; the
# predicates confirm each one.
_MAYBE_BREAK_LINE = re.compile(
    rf"\n(?=[^\n]{{1,{_MAX_BREAK_LINE_CHARS}}}+(?:\n|\Z))"
    rf"([ \t]*(?:#{{1,6}}[ \t]+)*(?:{_RULES}|{_PAGE_NUMBERS})[ \t]*)(?=\n|\Z)"
)
# Where an ordinary line break may cut a sentence: after an ideograph or "," / "、", at most
# one blank line, then an ideograph (``should_join`` decides; other breaks never join).
_ORDINARY_JOIN_CANDIDATE = re.compile(rf"\n(?<=[{IDEOGRAPH}{MID_SENTENCE}]\n)\n?(?=[{IDEOGRAPH}])")


def _without_heading_mark(line: str) -> str:
    # PDF->markdown converters sometimes turn a page number into a heading ("## - 4 -").
    return _HEADING_MARK.sub("", line) if line.startswith("#") else line


def is_page_break_rule(line: str) -> bool:
    """A line that is only a rule or a form feed: "---", "___", "\\f"."""
    return _RULE.fullmatch(_without_heading_mark(line.strip(" \t"))) is not None


def is_page_number_line(line: str) -> bool:
    """A line that is only a page number: "- 4 -", "第4页", "第 4 页 共 12 页", "4/12"."""
    line = _without_heading_mark(line.strip(" \t"))
    if not _PAGE_NUMBER.fullmatch(line):
        return False
    slashed = _SLASHED.fullmatch(line)
    # "4/12" is page 4 of 12; "12/4" is more likely a date or a ratio in a table cell.
    return slashed is None or 0 < int(slashed.group(1)) <= int(slashed.group(2))


def _has_break_cues(text: str) -> bool:
    # "页", "Page", "page" or "P." anywhere: a one-character test first, several times
    # faster than a longer one and rarely true in Chinese text.
    return (
        "页" in text
        or ("P" in text and ("Page" in text or "P." in text))
        or ("p" in text and "page" in text)
        or _CUE_AT_TEXT_START.match(text) is not None
        or _CUE_AFTER_NEWLINE.search(text) is not None
    )


def _line_numbers(text: str, line_starts: list[int]) -> set[int]:
    """Numbers (0-based) of the lines starting at the given ascending offsets."""
    numbers: set[int] = set()
    number = counted_to = 0
    for start in line_starts:
        number += text.count("\n", counted_to, start)
        counted_to = start
        numbers.add(number)
    return numbers


def _find_break_lines(text: str) -> set[int]:
    """Numbers of the lines that are page-break rules or page numbers."""
    if not _has_break_cues(text):
        return set()
    starts = [
        candidate.start()  # the newline before the line, put before the text: the line start
        for candidate in _MAYBE_BREAK_LINE.finditer("\n" + text)
        if is_page_break_rule(line := candidate.group(1)) or is_page_number_line(line)
    ]
    return _line_numbers(text, starts)


def _find_join_candidates(text: str, *, has_breaks: bool) -> set[int]:
    """Numbers of the lines an ordinary line break may join to the line before.

    In a text without page breaks, a line after one shorter than ``MIN_CHARS_ORDINARY_BREAK``
    can never be joined (``should_join``) unless that one was joined onto a longer line, so it
    is left out: most texts then have no candidate left and are returned unsplit.
    """
    starts: list[int] = []
    for found in _ORDINARY_JOIN_CANDIDATE.finditer(text):
        if not has_breaks:
            previous_end = found.start()
            previous_start = text.rfind("\n", 0, previous_end) + 1
            is_short = previous_end - previous_start < MIN_CHARS_ORDINARY_BREAK
            if is_short and not (starts and starts[-1] == previous_start):
                continue
        starts.append(found.end())
    return _line_numbers(text, starts)


def remove_page_breaks(text: str) -> str:
    """Drop page-break rules and page-number lines; rejoin what they cut apart.

    A removed line takes one blank line after it along, so "A\\n\\n---\\n\\nB" becomes
    "A\\n\\nB" (or "AB" when B continues A's sentence). Pipe rows on both sides of a removed
    break become consecutive rows. Long prose lines cut mid-sentence at an ordinary line
    break are rejoined here too, by the same rule.

    Rules, page numbers and the places where an ordinary break may be joined are found by
    regex over the whole text; lines between them are copied in bulk, and a text with none
    of them is returned as it is.
    """
    break_lines = _find_break_lines(text)
    join_candidates = _find_join_candidates(text, has_breaks=bool(break_lines))
    if not break_lines and not join_candidates:
        return text
    lines = text.split("\n")
    decisions = sorted(break_lines | join_candidates)
    decisions.append(len(lines))
    next_decision = 0  # index in ``decisions`` of the first one at or after ``number``
    built = _Rejoined()
    number = 0
    while number < len(lines):
        while decisions[next_decision] < number:
            next_decision += 1
        if built.is_settled() and decisions[next_decision] > number:
            # Up to the next decision every line is kept as it is.
            copied = lines[number : decisions[next_decision]]
            built.copy(copied)
            number += len(copied)
            continue
        line = lines[number]
        if not line:
            built.add_blank()
        elif number in break_lines:
            built.drop_break()
        else:
            built.add_content(line, may_join=number in join_candidates)
        number += 1
    return built.text()


class _Rejoined:
    """The lines ``remove_page_breaks`` keeps, as it goes through the text.

    Lines joined onto ``out[last_content]`` are kept apart until another line becomes the
    last content line: gluing them one at a time would copy the growing line at every join,
    quadratic on a text where every line continues the one before. ``previous`` is what
    ``should_join`` needs of the whole line: the line, or once joined its ``join_context``.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.last_content = -1  # index in ``out`` of the last non-empty line
        self.joined: list[str] = []
        self.previous = ""
        self.after_break = False  # a rule or page number was removed since the last content
        self.swallow_blank = False  # drop the next blank line (it belonged to the removed line)

    def is_settled(self) -> bool:
        """No removed line waits for what follows it."""
        return not self.after_break and not self.swallow_blank

    def copy(self, copied: list[str]) -> None:
        """Lines kept as they are."""
        for back, line in enumerate(reversed(copied)):
            if line:
                self._glue_joined()
                self.last_content = len(self.out) + len(copied) - 1 - back
                self.previous = line
                break
        self.out += copied

    def add_blank(self) -> None:
        if self.swallow_blank:
            self.swallow_blank = False
        else:
            self.out.append("")

    def drop_break(self) -> None:
        """A page-break rule or page number: removed, with the blank line after it."""
        self.after_break = True
        self.swallow_blank = True

    def add_content(self, line: str, *, may_join: bool) -> None:
        """A line of text: joined to the last one when it continues it across a removed break
        or (``may_join``) an ordinary line break, else a line of its own."""
        self.swallow_blank = False
        if self.last_content >= 0 and (self.after_break or may_join) and self._join(line):
            return
        self._glue_joined()
        self.out.append(line)
        self.last_content = len(self.out) - 1
        self.previous = line
        self.after_break = False

    def _join(self, line: str) -> bool:
        """Join ``line`` to the last content line if it continues it; True when it did."""
        blanks_between = len(self.out) - self.last_content - 1
        if should_join(self.previous, line, across_page_break=self.after_break) and (
            self.after_break or blanks_between <= 1
        ):
            del self.out[self.last_content + 1 :]
            self.joined.append(line)
            self.previous = join_context(self.previous + line)
            self.after_break = False
            return True
        if self.after_break and is_pipe_row(self.previous) and is_pipe_row(line):
            del self.out[self.last_content + 1 :]  # pipe rows on both sides: one table
        return False

    def _glue_joined(self) -> None:
        if self.joined:
            self.out[self.last_content] = "".join([self.out[self.last_content], *self.joined])
            self.joined.clear()

    def text(self) -> str:
        self._glue_joined()
        return "\n".join(self.out)
