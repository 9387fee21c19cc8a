"""HTML tables: expand rowspan/colspan into a full grid and render it as pipe rows.

Report tables merge cells everywhere (a row label spanning three rows, "法人或其他组织" spanning
five columns). Extraction matches rows and columns by their labels, so every grid position
gets the text of the cell covering it: a spanning cell's text is repeated in each position.

Government sites also use tables for page layout (the whole article in one cell, a sidebar in
another). Rendering those as pipe rows would flatten the article into one line, so a table
is treated as layout, and its cells as ordinary blocks, when it has a single column, when it
has at most three columns and a cell holds more than ``MAX_DATA_CELL_CHARS`` characters, or
when it has at most two columns and holds another table. A data table nested inside a data
table is flattened into its cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from xxgk.decode import limits
from xxgk.decode.pipe_rows import normalize_cell_text, render_pipe_rows

LINE_MARK = "\ue000"  # "a line ends here": decoded to "\n"
PARAGRAPH_MARK = "\ue001"  # "a paragraph ends here": decoded to a blank line
MAX_DATA_CELL_CHARS = 500
MAX_LAYOUT_COLUMNS = 3  # wider tables are data tables whatever their cells hold

_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_NO_SPAN = (1, 1)  # (colspan, rowspan) of a cell that spans nothing
_CELLS = frozenset({"td", "th"})


@dataclass(slots=True)
class TableInfo:
    node: LexborNode
    rows: list[list[LexborNode]]  # own rows and cells, not those of nested tables
    spans: list[list[tuple[int, int]]] | None  # (colspan, rowspan) per cell; None: no spans
    width: int
    is_layout: bool
    has_nested_table: bool


def _own_rows(table: LexborNode) -> list[list[LexborNode]]:
    rows: list[list[LexborNode]] = []
    for child in table.iter():
        if child.tag in _ROW_GROUPS:
            candidates = [row for row in child.iter() if row.tag == "tr"]
        elif child.tag == "tr":
            candidates = [child]
        else:
            continue
        for row in candidates:
            rows.append([cell for cell in row.iter() if cell.tag in _CELLS])
    return rows


def _parse_span(raw: str | None, cap: int) -> int:
    if not raw:
        return 1
    digits = raw.strip().split(".")[0]
    # isdecimal, not isdigit: superscripts such as "²" are digits that int() refuses.
    if not digits.isdecimal():
        return 1
    return max(0, min(int(digits), cap))


def _table_spans(rows: list[list[LexborNode]]) -> list[list[tuple[int, int]]] | None:
    """(colspan, rowspan) of every cell, or None when no cell spans (the fast path)."""
    spans: list[list[tuple[int, int]]] = []
    any_span = False
    for row in rows:
        row_spans: list[tuple[int, int]] = []
        for cell in row:
            attributes = cell.attributes
            if attributes and ("colspan" in attributes or "rowspan" in attributes):
                span = (
                    max(1, _parse_span(attributes.get("colspan"), limits.MAX_COLSPAN)),
                    _parse_span(attributes.get("rowspan"), limits.MAX_ROWSPAN),
                )
                any_span = any_span or span != (1, 1)
                row_spans.append(span)
            else:
                row_spans.append((1, 1))
        spans.append(row_spans)
    return spans if any_span else None


def describe_table(table: LexborNode, has_nested_table: bool) -> TableInfo:
    """Own rows, cell spans, grid width and whether the table is page layout rather than data.

    ``has_nested_table``: a table inside one of its cells (or the table itself in a cell).
    """
    rows = _own_rows(table)
    spans = _table_spans(rows)
    if spans is None:
        width = max((len(row) for row in rows), default=0)
    else:
        width = max((sum(colspan for colspan, _ in row) for row in spans), default=0)
    is_layout = width <= 1 or (has_nested_table and width <= 2)
    if not is_layout and width <= MAX_LAYOUT_COLUMNS:
        is_layout = any(
            len(cell.text(deep=True)) > MAX_DATA_CELL_CHARS for row in rows for cell in row
        )
    return TableInfo(table, rows, spans, width, is_layout, has_nested_table)


def _cell_texts(info: TableInfo) -> list[list[str]]:
    """Each cell's text, normalised: one line, "|" replaced."""
    return [[normalize_cell_text(cell.text_lexbor()) for cell in row] for row in info.rows]


def _spread_row(row_texts: list[str], row_spans: list[tuple[int, int]], above: dict[int, str],
                rows_left: int, total: int
                ) -> tuple[list[str], dict[int, tuple[int, str]], int, bool]:
    """One row of ``expand_grid``: its text by column (the cells reaching in from ``above``
    where they are, its own cells in the columns left, spans repeated); the cells reaching
    further down (column -> rows still to cover, text); the running count of spanned cells
    from ``total``; and whether that count passed the limit (the spans past it are ignored).
    """
    row: list[str] = []  # the row's text by column so far
    reaching: dict[int, tuple[int, str]] = {}
    capped = False
    for text, (colspan, rowspan) in zip(row_texts, row_spans, strict=True):
        while len(row) in above:
            row.append(above[len(row)])
        if colspan == 1 and rowspan == 1:  # the common cell
            row.append(text)
            continue
        # rowspan 0 reaches to the end of the table
        rowspan = rows_left if rowspan == 0 else min(rowspan, rows_left)
        total += colspan * rowspan
        if total > limits.MAX_TABLE_GRID_CELLS:
            capped = True
            colspan = rowspan = 1
        for column in range(len(row), len(row) + colspan):
            row.append(above.get(column, text))  # overlapping spans: the earlier cell wins
            if rowspan > 1:
                reaching.setdefault(column, (rowspan - 1, text))
    if above:  # cells from above right of this row's last cell, with gaps before them
        row += [above.get(column, "") for column in range(len(row), max(above) + 1)]
    return row, reaching, total, capped


def expand_grid(info: TableInfo) -> tuple[list[list[str]], bool]:
    """The full grid, spanning cells repeated; and whether spans were ignored as too large.

    Row by row: ``covering`` holds the cells reaching down from rows above (column -> rows
    still to cover, text). A row's cells take the columns those leave free, left to right;
    a row that nothing reaches into is its cells side by side.
    """
    texts = _cell_texts(info)
    if info.spans is None:
        return [row + [""] * (info.width - len(row)) for row in texts], False
    row_count = len(texts)
    covering: dict[int, tuple[int, str]] = {}
    grid: list[list[str]] = []
    total = 0
    capped = False
    for r, (row_texts, row_spans) in enumerate(zip(texts, info.spans, strict=True)):
        if not covering and row_spans.count(_NO_SPAN) == len(row_spans):
            grid.append(row_texts)  # nothing reaches in from above, nothing spans: as printed
            continue
        above = {column: text for column, (_, text) in covering.items()}
        covering = {
            column: (left - 1, text) for column, (left, text) in covering.items() if left > 1
        }
        row, reaching, total, row_capped = _spread_row(row_texts, row_spans, above,
                                                       row_count - r, total)
        for column, reach in reaching.items():
            covering.setdefault(column, reach)
        capped = capped or row_capped
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    return [row + [""] * (width - len(row)) for row in grid], capped


def render_table_block(info: TableInfo) -> tuple[str, bool]:
    """Pipe rows between paragraph marks, as text to put in the table's place."""
    grid, capped = expand_grid(info)
    lines = render_pipe_rows(grid)
    if not lines:
        return PARAGRAPH_MARK, capped
    return PARAGRAPH_MARK + LINE_MARK.join(lines) + PARAGRAPH_MARK, capped


def render_table_flat(info: TableInfo) -> str:
    """A nested data table as one run of text inside its parent's cell."""
    return " ".join(text for row in _cell_texts(info) for text in row if text)


def mark_layout_cells(info: TableInfo) -> None:
    """Let a layout table's cells read as blocks: a line break after each cell and row."""
    for row in info.rows:
        for cell in row:
            cell.insert_after(LINE_MARK)
