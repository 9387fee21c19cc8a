"""Line endings, spaces inside lines, tab-separated rows, and blank lines at the edges.

Blank lines between lines are kept exactly as they are: a table flattened one cell per line
separates cells with a blank line, and an empty cell shows up as one extra blank line, so
collapsing blank-line runs would shift every later cell.
"""

from __future__ import annotations

import re

_NEWLINES = re.compile(r"\r\n?|[\v\u0085\u2028\u2029]")
_RARE_LINE_BREAKS = ("\v", "\u0085", "\u2028", "\u2029")
# A form feed is a page break from PDF text: give it a line of its own so that the page-break
# rule sees it.
_FORM_FEED = re.compile(r"[ \t]*\f+[ \t]*")
_SPACE_RUN = re.compile(r" [ \t]+|\t[ \t]*")
_SPACES_ONLY_RUN = re.compile("  +")  # the same when there are no tabs, and faster to scan for
_CELL_SPACES = re.compile(r"  +")  # cells are split at tabs: only spaces are left in them


def normalize_newlines(text: str) -> str:
    """CRLF, CR, vertical tabs and Unicode line separators become "\\n"; form feeds own a line."""
    if "\r" in text or any(mark in text for mark in _RARE_LINE_BREAKS):
        text = _NEWLINES.sub("\n", text)
    if "\f" in text:
        text = _FORM_FEED.sub("\n\f\n", text)
    return text


def _render_tab_row(line: str) -> str:
    line = line.strip(" \t")
    if "\t" not in line:  # tabs were indentation only
        return line
    cells = [
        (_CELL_SPACES.sub(" ", cell) if "  " in cell else cell).strip() for cell in line.split("\t")
    ]
    return "| " + " | ".join(cell.replace("|", "¦") for cell in cells) + " |"


def convert_tab_rows_to_pipe_rows(text: str) -> str:
    """A line with tabs between cells (spreadsheet or Word table pasted as text) becomes a pipe
    row "| a | b |", so that its cells stay recognisable once spaces are collapsed.

    Leading and trailing tabs are indentation, not cells. Each inner tab separates two cells,
    so "a<TAB><TAB>c" keeps its empty middle cell.
    """
    # Lines are found from their tabs (str.find), not by a multiline "^" regex, which is
    # tried at every position of the text.
    pieces: list[str] = []
    done = 0  # text before this offset is in ``pieces``
    tab = text.find("\t")
    while tab >= 0:
        start = text.rfind("\n", 0, tab) + 1
        end = text.find("\n", tab)
        end = len(text) if end < 0 else end
        pieces += (text[done:start], _render_tab_row(text[start:end]))
        done = end
        tab = text.find("\t", end)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def collapse_spaces(text: str) -> str:
    """Strip spaces and tabs at both ends of every line; collapse runs inside a line to one."""
    # Collapsing first leaves at most one space at each end of a line: two str.replace
    # passes then strip the lines, much faster than a regex that has to try every position.
    if "\t" in text:
        text = _SPACE_RUN.sub(" ", text)
    elif "  " in text:
        text = _SPACES_ONLY_RUN.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text.strip(" \t")


def trim_blank_edges(text: str) -> str:
    """Drop blank lines before the first and after the last line of text."""
    return text.strip("\n")
