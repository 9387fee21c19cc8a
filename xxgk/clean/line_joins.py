"""When two lines are one sentence broken apart: the rule for rejoining them.

PDF conversion breaks lines inside words ("…加强部门预决算信息公开,加" / "强社会公众关注的…"), and
a page break in the middle of a sentence leaves half a word on each side of the removed
page-break rule ("（攀办发" / "---" / "〔2018〕94号)"). Rejoining is conservative, because
headings and table cells flattened one per line must never be glued to their neighbours:

Across a removed page break, join when
  - the previous line has at least ``MIN_CHARS_ACROSS_PAGE_BREAK`` characters, is not a heading
    (markdown "#", or a short enumerated line such as "三、存在的问题"), and is not a pipe row;
  - it ends inside a sentence: with an ideograph, a digit, or "," / "、";
  - the next line starts with an ideograph, a digit or an opening bracket or quote, is not an
    enumerated heading or list item ("一、", "（二）", "1.", "一是", "第二十条", "附件"), and is
    not a pipe row; and the two sides are not both digits (that could glue two numbers).

Across an ordinary line break (at most one blank line between), join only a long prose line
cut mid-sentence: the previous line has at least ``MIN_CHARS_ORDINARY_BREAK`` characters and
ends with an ideograph or "," / "、", the next line starts with an ideograph (not a page's
field line such as "标题: …") and either ends a sentence or has at least
``MIN_CHARS_ACROSS_PAGE_BREAK`` characters (a short unpunctuated line is a heading), and the
heading, list-item and pipe-row exclusions above hold. Table cells
flattened one per line are short, so they are never joined; a long row label ends with ")"
far more often than mid-word.
"""

from __future__ import annotations

import re

from xxgk.clean.chars import IDEOGRAPH, MID_SENTENCE, OPENING, SENTENCE_END
from xxgk.clean.vocabulary import ENUMERATED_LINE_STARTS

MIN_CHARS_ACROSS_PAGE_BREAK = 20
MIN_CHARS_ORDINARY_BREAK = 40
# An enumerated line longer than this is a paragraph that starts with its own number, not a
# heading; it may still have been cut mid-word at its end.
MAX_HEADING_CHARS = 50
# ``should_join`` reads the previous line only through its start, its last character and
# whether it reaches the length limits above; a line this long or longer can stand in for it
# with its first and last ``JOIN_CONTEXT_CHARS // 2`` characters (see ``join_context``).
JOIN_CONTEXT_CHARS = 128

_IDEOGRAPH = re.compile(f"[{IDEOGRAPH}]")
_ENDS_SENTENCE = re.compile(f"[{SENTENCE_END}]$")
_ENDS_MID_SENTENCE = re.compile(f"[{IDEOGRAPH}{MID_SENTENCE}]$")
_ENDS_MID_SENTENCE_OR_DIGIT = re.compile(f"[{IDEOGRAPH}{MID_SENTENCE}0-9]$")
_STARTS_CONTINUATION = re.compile(f"[{IDEOGRAPH}0-9{OPENING}]")
# A page's field line ("标题: …", "发布机构：…") starts a new line, never continues one.
_FIELD_LINE = re.compile(f"[{IDEOGRAPH}]{{2,6}}\\s*[:：]")
_ENUMERATED = re.compile("|".join(f"(?:{entry.pattern})" for entry in ENUMERATED_LINE_STARTS))


def is_pipe_row(line: str) -> bool:
    """A table row rendered as "| a | b |" (or a markdown row starting with "|")."""
    return line.startswith("|")


def is_heading_like(line: str) -> bool:
    """A markdown heading, or a short line that starts with a section number."""
    if line.startswith("#"):
        return True
    return len(line) < MAX_HEADING_CHARS and _ENUMERATED.match(line) is not None


def starts_enumerated(line: str) -> bool:
    """The line starts with a section number or list marker: "一、", "（二）", "1.", "一是"."""
    return _ENUMERATED.match(line) is not None


def join_context(line: str) -> str:
    """What ``should_join`` needs of ``line`` as a previous line: the line, shortened if long.

    A line rejoined from many pieces would otherwise be copied whole at every join to be
    tested again, which is quadratic on a text where every line continues the one before.
    """
    if len(line) <= JOIN_CONTEXT_CHARS:
        return line
    half = JOIN_CONTEXT_CHARS // 2
    return line[:half] + line[-half:]


def should_join(previous: str, following: str, *, across_page_break: bool) -> bool:
    """Decide whether ``following`` continues the sentence ``previous`` was cut from."""
    minimum = MIN_CHARS_ACROSS_PAGE_BREAK if across_page_break else MIN_CHARS_ORDINARY_BREAK
    if len(previous) < minimum or not following:
        return False
    ends = _ENDS_MID_SENTENCE_OR_DIGIT if across_page_break else _ENDS_MID_SENTENCE
    if not ends.search(previous[-1]):
        return False
    if is_pipe_row(previous) or is_pipe_row(following) or is_heading_like(previous):
        return False
    if starts_enumerated(following) or following.startswith("#"):
        return False
    if across_page_break:
        if not _STARTS_CONTINUATION.match(following):
            return False
        return not (previous[-1].isdigit() and following[0].isdigit())
    if _IDEOGRAPH.match(following) is None or _FIELD_LINE.match(following):
        return False
    is_long = len(following) >= MIN_CHARS_ACROSS_PAGE_BREAK
    return is_long or _ENDS_SENTENCE.search(following) is not None
