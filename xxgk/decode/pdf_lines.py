"""Characters placed on a page, back to lines of text in reading order.

Characters whose tops lie within ``_Y_TOLERANCE`` of each other (chained: a, b, c with
a–b and b–c close) form one line; a line reads left to right. Within a line a word ends at
a space character, where the next character starts left of the last one, or where it
starts more than ``_X_TOLERANCE`` after the last one ends; words are joined by one space.
These are pdfplumber's rules with its default tolerances, which the reader followed before
it moved to pdfium, so the text of a PDF stays what it was (same evidence offsets).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    tops = sorted({char.top for char in chars})
    line_of_top: dict[float, int] = {}
    line = 0
    last = tops[0]
    for top in tops:
        if top > last + _Y_TOLERANCE:
            line += 1
        line_of_top[top] = line
        last = top
    lines: list[list[Char]] = [[] for _ in range(line + 1)]
    for char in chars:
        lines[line_of_top[char.top]].append(char)
    return [sorted(members, key=_x0_of) for members in lines if members]


def _x0_of(char: Char) -> float:
    return char.x0


def _words(line: list[Char]) -> list[list[Char]]:
    words: list[list[Char]] = []
    current: list[Char] = []
    for char in line:
        if char.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current:
            last = current[-1]
            if (char.x0 < last.x0 or char.x0 > last.x1 + _X_TOLERANCE
                    or abs(char.top - last.top) > _Y_TOLERANCE):
                words.append(current)
                current = []
        current.append(char)
    if current:
        words.append(current)
    return words


def _line_text(words: list[list[Char]]) -> str:
    return " ".join("".join(char.text for char in word) for word in words)


def chars_to_lines(chars: list[Char]) -> list[TextLine]:
    """Lines of text, top to bottom, with their boxes; lines without a visible character
    are left out."""
    lines: list[TextLine] = []
    for members in _cluster_by_top(chars):
        words = _words(members)
        if not words:
            continue
        visible = [char for word in words for char in word]
        lines.append(TextLine(
            text=_line_text(words),
            x0=min(char.x0 for char in visible),
            x1=max(char.x1 for char in visible),
            top=min(char.top for char in visible),
            bottom=max(char.bottom for char in visible),
        ))
    return lines


def chars_to_cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines, top to bottom, as words joined by one space."""
    return " ".join(line.text for line in chars_to_lines(chars))
