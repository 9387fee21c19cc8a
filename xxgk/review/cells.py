"""Which cells a check involves, laid out as a compact grid, and which of them are wrong.

A table identity shows only its own rows and columns: 表三's balance is four rows (本年新收,
上年结转, 办理结果总计, 结转下年度) by the seven applicant columns, the failing columns
highlighted, with the gap ``observed`` reports under them. When an identity spans many rows
(the result rows) or fails on rows (the 总计 column), only the failing lines are kept. Other
checks list the facts they read, one per row. The failing lines come from ``observed``
("natural_person: 3; total: 3"), as results.py writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.quality.checks import (
    TABLE3_DIMENSIONS,
    TABLE3_OTHER_2019,
    TABLE3_OTHER_2021,
    TABLE3_RESULT_ROWS_COMMON,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_PARTS,
)

VALUE_COLUMN = "value"


@dataclass(frozen=True)
class _TableSpec:
    section: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    failing_axis: str  # column | row: what observed names
    narrow: bool  # keep only the failing lines of that axis


_TABLE_SPECS = {
    "table3.balance_identity": _TableSpec(
        "table3", ("new_received", "carried_over", "results_total", "carried_forward"),
        TABLE3_DIMENSIONS, "column", narrow=False),
    "table3.results_total_identity": _TableSpec(
        "table3", (*TABLE3_RESULT_ROWS_COMMON, *TABLE3_OTHER_2019, *TABLE3_OTHER_2021,
                   "results_total"), TABLE3_DIMENSIONS, "column", narrow=True),
    "table3.total_column_identity": _TableSpec(
        "table3", TABLE3_ROWS, TABLE3_DIMENSIONS, "row", narrow=True),
    "table4.block_total_identity": _TableSpec(
        "table4", TABLE4_BLOCKS, (*TABLE4_PARTS, "total"), "row", narrow=True),
}
_PROACTIVE = ("proactive_total", "proactive_channel", "proactive_category")


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    fact: dict | None  # the fact shown (None: the report has no such cell)
    offending: bool


@dataclass(frozen=True)
class Grid:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    gaps: dict[str, str]  # failing line -> the gap observed reports, shown beside the grid
    gap_axis: str | None  # column | row | None

    def offending_cells(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.offending]


def failing_lines(observed: str | None) -> dict[str, str]:
    """``"natural_person: 3; total: 3"`` -> ``{"natural_person": "3", "total": "3"}``."""
    lines: dict[str, str] = {}
    for part in (observed or "").split("; "):
        label, sep, value = part.rpartition(": ")
        if sep and label:
            lines[label.strip()] = value.strip()
    return lines


def check_grid(check_id: str, observed: str | None, facts: list[dict]) -> Grid | None:
    """The grid of one failing check over one report's facts (None: the check reads no
    cell, e.g. a missing year or a duplicate report)."""
    spec = _TABLE_SPECS.get(check_id)
    if spec is not None:
        return _table_grid(spec, failing_lines(observed), facts)
    chosen = _listed_facts(check_id, failing_lines(observed), facts)
    if chosen is None:
        return None
    rows: list[str] = []
    cells: dict[tuple[str, str], Cell] = {}
    for fact, offending in chosen:
        label = " · ".join(p for p in (fact["section"], fact["item"], fact["dimension"]) if p)
        if (label, VALUE_COLUMN) in cells:  # the same item read twice (two sentences): keep both, numbered
            label = f"{label} ({sum(r.startswith(label) for r in rows) + 1})"
        rows.append(label)
        cells[(label, VALUE_COLUMN)] = Cell(label, VALUE_COLUMN, fact, offending)
    return Grid(tuple(rows), (VALUE_COLUMN,), cells, {}, None)


def _table_grid(spec: _TableSpec, failing: dict[str, str], facts: list[dict]) -> Grid:
    present = {(f["item"], f["dimension"]): f for f in facts if f["section"] == spec.section}
    rows = tuple(r for r in spec.rows if any((r, c) in present for c in spec.columns))
    columns = tuple(c for c in spec.columns if any((r, c) in present for r in rows))
    if spec.narrow and failing:
        if spec.failing_axis == "column":
            columns = tuple(c for c in columns if c in failing)
        else:
            rows = tuple(r for r in rows if r in failing)
    cells = {}
    for r in rows:
        for c in columns:
            line = c if spec.failing_axis == "column" else r
            cells[(r, c)] = Cell(r, c, present.get((r, c)), line in failing)
    return Grid(rows, columns, cells, failing, spec.failing_axis)


def _listed_facts(check_id: str, failing: dict[str, str],
                  facts: list[dict]) -> list[tuple[dict, bool]] | None:
    """The facts a non-table check reads, each with whether it is the wrong one."""
    def pick(wanted) -> list[tuple[dict, bool]]:
        return [(f, True) for f in facts if wanted(f)]

    if check_id.startswith("text.proactive"):
        return pick(lambda f: f["section"] == "text" and f["item"] in _PROACTIVE)
    if check_id == "text_vs_table.applications_received":
        return pick(lambda f: (f["section"] == "text" and f["item"] == "applications_received")
                    or _table3_total(f, "new_received"))
    if check_id == "history.carried_over_matches_previous":
        return pick(lambda f: _table3_total(f, "carried_over"))
    if check_id == "history.year_over_year":
        names = {k.split("__", 1)[-1] for k in failing} or {"proactive_total",
                                                           "applications_received"}
        return pick(lambda f: (f["section"] == "text" and f["item"] in names)
                    or ("applications_received" in names and _table3_total(f, "new_received")))
    if check_id in ("counts.non_negative", "facts.counts_non_negative"):
        return pick(lambda f: f["value"] is not None and f["value"] < 0)
    if check_id == "facts.counts_integer":
        return pick(lambda f: f["value"] is not None and not float(f["value"]).is_integer())
    return None


def _table3_total(fact: dict, item: str) -> bool:
    return fact["section"] == "table3" and fact["item"] == item and fact["dimension"] == "total"
