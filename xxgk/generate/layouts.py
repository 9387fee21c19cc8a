"""Every printed form a table takes: real HTML tables and the flattened ones.

Layouts (gold ``layout``), each as it reaches us in the wild:

- ``html_table``: ``<table>`` with rowspan/colspan for merged headers and group rows.
- ``flat_lines``: one cell per line with blank lines between (a web page copied as text, or a
  table whose cells became ``<p>``); a blank cell leaves just another blank line.
- ``pipe_rows``: "| a | b |" rows from converters; merged cells are repeated, left empty, or
  the row is split one cell per line ("a |" lines).
- ``markdown_table``: a pipe table with a ``|---|`` separator after the first row.
- ``tab_separated``: cells joined by tabs (copied from a spreadsheet or a Word table).
- ``run_together``: a crawler's text dump: each table on one line, its cells glued with no
  separator ("…申请数量801000081二、上年结转…"); only the table identities tell where one
  number ends. Opt-in (``layouts=``), not in the default mix.
- ``html_table_misspan``: a hand-made HTML table whose group label 三、本年度办理结果 spans a few
  rows too many or too few, shifting the rows it misses or wrongly covers. Opt-in.

Renderers return lists of text lines (or HTML strings); they never read gold values.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from xxgk.generate.tables import Grid, GridCell

LAYOUTS = ("html_table", "flat_lines", "pipe_rows", "markdown_table", "tab_separated",
           "run_together", "html_table_misspan")
# The group label whose span a hand-made table gets wrong (html_table_misspan).
MISSPAN_LABEL = "本年度办理结果"


@dataclass(frozen=True, slots=True)
class LayoutStyle:
    """Per-document rendering choices for flattened layouts."""

    merged: str  # repeat | empty | split: what a covered cell shows in pipe/markdown rows
    newline_join: str  # how a two-line cell label is joined in one-line layouts ("" or " ")
    html_cell_markup: str  # plain | p | span: what wraps the text inside <td>
    html_flat_tag: str  # p | div: one cell per element in flat HTML


def draw_layout_style(rng: random.Random) -> LayoutStyle:
    return LayoutStyle(
        merged=rng.choices(("repeat", "empty", "split"), weights=(4, 4, 2))[0],
        newline_join=rng.choice(("", " ")),
        html_cell_markup=rng.choice(("plain", "plain", "p", "span")),
        html_flat_tag=rng.choice(("p", "div")),
    )


def place_cells(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """(row, column, cell) of every origin cell, resolving rowspans and colspans."""
    width = grid.n_cols
    taken = [[False] * width for _ in grid.rows]
    height = len(taken)
    placed = []
    for r, row in enumerate(grid.rows):
        line = taken[r]
        c = 0
        for cell in row:
            while c < width and line[c]:
                c += 1
            if c >= width:
                break
            placed.append((r, c, cell))
            for dr in range(min(cell.rowspan, height - r)):
                target = taken[r + dr]
                for dc in range(min(cell.colspan, width - c)):
                    target[c + dc] = True
            c += cell.colspan
    return placed


# shape -> per dense row, (index of the cell in row-major order or -1, is_origin)
_TEMPLATES: dict[str, tuple[tuple[tuple[int, bool], ...], ...]] = {}


def _get_dense_template(grid: Grid) -> tuple[tuple[tuple[int, bool], ...], ...]:
    """Where each cell lands in the dense matrix; computed once per shape (a memo cache)."""
    template = _TEMPLATES.get(grid.shape) if grid.shape else None
    if template is None:
        dense = [[(-1, True)] * grid.n_cols for _ in grid.rows]
        for index, (r, c, cell) in enumerate(place_cells(grid)):
            for dr in range(min(cell.rowspan, len(dense) - r)):
                for dc in range(min(cell.colspan, grid.n_cols - c)):
                    dense[r + dr][c + dc] = (index, dr == 0 and dc == 0)
        template = tuple(tuple(row) for row in dense)
        if grid.shape:
            _TEMPLATES[grid.shape] = template
    return template


def expand_grid(grid: Grid) -> list[list[tuple[GridCell, bool]]]:
    """Dense matrix of (cell, is_origin) with merged cells filled in where they extend."""
    cells = [cell for row in grid.rows for cell in row]
    blank = GridCell("")
    return [[(cells[i] if i >= 0 else blank, origin) for i, origin in row]
            for row in _get_dense_template(grid)]


def _expand_texts(grid: Grid, style: LayoutStyle) -> list[list[tuple[str, bool]]]:
    """Dense matrix of (printed text, is_origin); covered cells repeat or stay empty."""
    repeat, join = style.merged == "repeat", style.newline_join
    texts = [cell.text.replace("\n", join) if "\n" in cell.text else cell.text
             for row in grid.rows for cell in row]
    return [[(texts[i] if i >= 0 and (origin or repeat) else "", origin) for i, origin in row]
            for row in _get_dense_template(grid)]


def render_html_table(grid: Grid, style: LayoutStyle, misspan: int = 0) -> str:
    """``<table>`` markup; ``misspan`` rows are added to the span of 三、本年度办理结果 (a
    hand-made table's mistake: negative spans too few rows)."""
    parts = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">',
             "<tbody>"]
    for row in grid.rows:
        parts.append("\n<tr>")
        for cell in row:
            attrs = ""
            rowspan = cell.rowspan
            if misspan and rowspan > 1 and MISSPAN_LABEL in cell.text:
                rowspan = max(1, rowspan + misspan)
            if rowspan > 1:
                attrs += f' rowspan="{rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = _escape(cell.text).replace("\n", "<br/>")
            if style.html_cell_markup == "p":
                text = f"<p>{text}</p>"
            elif style.html_cell_markup == "span" and text:
                text = f"<span>{text}</span>"
            parts.append(f"<td{attrs}>{text}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render_flat_lines(grid: Grid) -> list[str]:
    """One line per origin cell; a cell's own line breaks stay (本年新 / 制作数量)."""
    lines: list[str] = []
    for row in grid.rows:
        for cell in row:
            lines.extend(cell.text.split("\n"))
    return lines


def render_pipe_rows(grid: Grid, style: LayoutStyle) -> list[str]:
    lines: list[str] = []
    for row in _expand_texts(grid, style):
        if style.merged == "split":
            # Some converters emit a lone "|" and then one "cell |" per line.
            lines.append("|")
            lines.extend(f"{text} |" for text, origin in row if origin)
        else:
            lines.append("| " + " | ".join(text for text, _ in row) + " |")
    return lines


def render_markdown_table(grid: Grid, style: LayoutStyle) -> list[str]:
    if style.merged == "split":
        style = LayoutStyle("empty", style.newline_join, style.html_cell_markup,
                            style.html_flat_tag)
    lines = []
    for index, row in enumerate(_expand_texts(grid, style)):
        lines.append("| " + " | ".join(text for text, _ in row) + " |")
        if index == 0:
            lines.append("|" + "---|" * grid.n_cols)
    return lines


def render_tab_separated(grid: Grid, style: LayoutStyle) -> list[str]:
    empty_style = LayoutStyle("empty", style.newline_join, style.html_cell_markup,
                              style.html_flat_tag)
    return ["\t".join(text for text, _ in row).rstrip("\t")
            for row in _expand_texts(grid, empty_style)]


def render_run_together(grid: Grid) -> list[str]:
    """The whole table on one line, every origin cell's text glued to the next."""
    return ["".join(cell.text.replace("\n", "") for row in grid.rows for cell in row)]


def render_lines(grid: Grid, layout: str, style: LayoutStyle) -> list[str]:
    """Text lines of ``grid`` in a non-HTML layout."""
    if layout == "run_together":
        return render_run_together(grid)
    if layout == "flat_lines":
        return render_flat_lines(grid)
    if layout == "pipe_rows":
        return render_pipe_rows(grid, style)
    if layout == "markdown_table":
        return render_markdown_table(grid, style)
    if layout == "tab_separated":
        return render_tab_separated(grid, style)
    raise ValueError(f"layout {layout!r} has no line form")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
