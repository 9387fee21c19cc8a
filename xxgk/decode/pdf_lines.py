"""Characters placed on a page, back to lines of text in reading order.

The items are characters or runs of them read as one box (``pdfium_page``: a run has no gap
pdfium would mark with a space, and in type up to about 18 points every gap of more than
``_X_TOLERANCE`` is one it marks; in larger type a run may hide such a gap, and its words
stay joined); the rules below see a run's box as one wide character.

Characters whose tops lie within ``_Y_TOLERANCE`` of each other (chained: a, b, c with
a–b and b–c close) form one line; a line reads left to right. Within a line a word ends at
a space character, where the next character starts left of the last one, or where it
starts more than ``_X_TOLERANCE`` after the last one ends; words are joined by one space.
These are pdfplumber's rules with its default tolerances, which the reader followed before
it moved to pdfium, so the text of a PDF stays what it was (same evidence offsets).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from xxgk.decode.pdfium_page import Char

_X_TOLERANCE = 3.0  # points
_Y_TOLERANCE = 3.0


@dataclass(slots=True)
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _cluster_by_top(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into lines: tops chained within the tolerance, lines top to bottom,
    each line's chars left to right (ties in the order the page drew them)."""
    if not chars:
        return []
    line_of_top: dict[float, int] = {}
    line = 0
    last = None
    for top in sorted({char.top for char in chars}):
        if last is not None and top > last + _Y_TOLERANCE:
            line += 1
        line_of_top[top] = line
        last = top
    lines: list[list[Char]] = [[] for _ in range(line + 1)]
    for char in chars:
        lines[line_of_top[char.top]].append(char)
    return [sorted(members, key=_X0) for members in lines if members]


_X0 = attrgetter("x0")
_X1 = attrgetter("x1")
_TOP = attrgetter("top")
_BOTTOM = attrgetter("bottom")


def _read_line(members: list[Char]) -> TextLine | None:
    """The words of one line's chars (left to right), joined by one space, and their box."""
    parts: list[str] = []
    visible: list[Char] = []
    last: Char | None = None  # the last char of the word being read
    new_word = False
    for char in members:
        text = char.text
        if text.isspace():
            last, new_word = None, True
            continue
        if last is not None and (char.x0 < last.x0 or char.x0 > last.x1 + _X_TOLERANCE
                                 or abs(char.top - last.top) > _Y_TOLERANCE):
            new_word = True
        if new_word and parts:
            parts.append(" ")
        new_word = False
        parts.append(text)
        visible.append(char)
        last = char
    if not visible:
        return None
    return TextLine("".join(parts), visible[0].x0, max(map(_X1, visible)),
                    min(map(_TOP, visible)), max(map(_BOTTOM, visible)))


def chars_to_lines(chars: list[Char]) -> list[TextLine]:
    """Lines of text, top to bottom, with their boxes; lines without a visible character
    are left out."""
    lines = (_read_line(members) for members in _cluster_by_top(chars))
    return [line for line in lines if line is not None]


def chars_to_cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines, top to bottom, as words joined by one space."""
    return " ".join(line.text for line in chars_to_lines(chars))
