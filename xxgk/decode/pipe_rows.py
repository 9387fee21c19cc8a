"""How every decoder writes a table: one line per grid row, "| c1 | c2 | c3 |".

HTML, PDF and Word tables all end up in this one shape, so extraction has one table reader.
Cells are single-line (whitespace collapsed) and never contain "|" (replaced by "¦"), so
splitting a row on " | " gives its cells back, empty cells included.
"""

from __future__ import annotations

_MARK_CHARS = "\ue000\ue001"  # the HTML reader's block marks
_LINE_MARKS = str.maketrans(dict.fromkeys(_MARK_CHARS, " "))


def normalize_cell_text(text: str | None) -> str:
    """One line of text for a cell: whitespace runs (and line markers) to one space, "|" to "¦"."""
    if not text:
        return ""
    if text.isalnum():  # most cells: a number or a label without spaces
        return text
    # The next most: the same in a <p> or <div>, between block marks.
    if (stripped := text.strip(_MARK_CHARS)).isalnum():
        return stripped
    if "\ue000" in text or "\ue001" in text:
        text = text.translate(_LINE_MARKS)
    text = " ".join(text.split())
    return text.replace("|", "¦") if "|" in text else text


def render_pipe_row(cells: list[str]) -> str:
    """"| a | b | c |" from already normalised cell texts."""
    return "| " + " | ".join(cells) + " |"


def render_pipe_rows(grid: list[list[str]]) -> list[str]:
    """Pipe rows for a grid, dropping rows whose cells are all empty (layout spacer rows)."""
    return [render_pipe_row(row) for row in grid if any(row)]
