"""PDF tables found by pdfplumber, as a full grid with merged cells repeated.

pdfplumber reports a merged cell once, at its top-left grid position, and ``None`` at every
other position it covers. Extraction matches rows and columns by label, so like HTML and Word
tables every covered position gets the merged cell's text.
"""

from __future__ import annotations

from typing import Any

from xxgk.decode.pipe_rows import normalize_cell_text

_EPSILON = 0.5  # points: cell edges found from ruling lines are not exactly equal


def _covering_cell(cells: list[tuple[float, float, float, float]], x: float, y: float):
    for cell in cells:
        x0, top, x1, bottom = cell
        if x0 - _EPSILON <= x < x1 - _EPSILON and top - _EPSILON <= y < bottom - _EPSILON:
            return cell
    return None


def table_grid(table: Any) -> list[list[str]]:
    """Rows of cell texts for a ``pdfplumber.table.Table``, merged cells filled in."""
    texts = table.extract()
    rows = table.rows
    origin_text: dict[tuple[float, float, float, float], str] = {}
    for row, row_texts in zip(rows, texts):
        for cell, text in zip(row.cells, row_texts):
            if cell is not None:
                origin_text[tuple(cell)] = normalize_cell_text(text)
    column_x0s = sorted({cell[0] for cell in table.cells})
    cells = list(origin_text)
    grid: list[list[str]] = []
    for row, row_texts in zip(rows, texts):
        row_top = row.bbox[1]
        values: list[str] = []
        for index, (cell, text) in enumerate(zip(row.cells, row_texts)):
            if cell is not None:
                values.append(origin_text[tuple(cell)])
                continue
            covering = None
            if index < len(column_x0s):
                covering = _covering_cell(cells, column_x0s[index], row_top)
            values.append(origin_text.get(covering, "") if covering is not None else "")
        grid.append(values)
    return grid
