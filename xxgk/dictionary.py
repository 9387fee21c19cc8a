"""The data dictionary, generated from the schema module and the item vocabulary.

``docs/data_dictionary.md`` is this output committed (a test fails on drift), and every release
carries a copy beside its tables.
"""

from __future__ import annotations

from pathlib import Path

from xxgk.quality.checks import facts_checks, reports_checks
from xxgk.schema import CURATED_TABLES, LAKE_TABLES, SCHEMA_VERSION, UNITS
from xxgk.vocabulary import STANDARD_CELLS, TEXT_ITEMS

NULL_MEANING = ("`null` means the report does not say (or the cell was printed as '/', '-', "
                "'—', '无' or left blank); `0` means the report says zero. No value is ever "
                "invented: every number in `facts` carries the snippet it was read from.")


def _dtype(column) -> str:
    return str(column.dtype).replace("String", "string").replace("Int64", "int64") \
        .replace("Int32", "int32").replace("Float64", "float64").replace("Date", "date") \
        .replace("List(string)", "list of string") \
        .replace("datetime(time_unit='us', time_zone='UTC')", "timestamp (UTC)")


def _allowed(column) -> str:
    """The column's closed vocabulary, pattern and uniqueness, as the suites check them."""
    parts = [", ".join(column.allowed)] if column.allowed else []
    if column.pattern:
        parts.append(f"matches `{column.pattern}`")
    if column.unique:
        parts.append("unique")
    return "; ".join(parts)


def render_dictionary() -> str:
    out = [
        "# Data dictionary",
        "",
        f"Generated from `xxgk/schema.py` (schema version {SCHEMA_VERSION}) by "
        "`xxgk dictionary`; do not edit by hand.",
        "",
        NULL_MEANING,
        "",
        "Units: " + "; ".join(f"`{k}` = {v}" for k, v in UNITS.items()) + ".",
        "",
    ]
    for table in CURATED_TABLES:
        out += _table_section(table)
    out += ["## Item vocabulary of `facts`", "", "### section `text`", "",
            "| item | meaning |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in TEXT_ITEMS.items()]
    for section, items in STANDARD_CELLS.items():
        out += ["", f"### section `{section}`", "", "| item | dimensions |", "|---|---|"]
        for item, dims in items.items():
            shown = ", ".join(f"`{d}`" for d in dims if d) or "(none)"
            out.append(f"| `{item}` | {shown} |")
    out += ["", "Rows of a table that are not in this vocabulary (local additions such as "
            "其他主动公开文件) are kept as facts under their own item names.", ""]
    out += ["## Checks (`quality_results.check_id`)", "",
            "A check applies to a report when it has the inputs (table checks only to reports "
            "with that table); `not_assessable` when a needed value is blank or '/'. Identities "
            "are residuals (`lhs - rhs`): `observed` shows the gap per column.", "",
            "| check_id | severity | what it checks |", "|---|---|---|"]
    out += [f"| `{c.check_id}` | {c.severity} | {c.description} |"
            for c in (*reports_checks(), *facts_checks())]
    out += ["| `parse.warnings` | info | what the parser noted (e.g. title and statistics "
            "period disagree on the year) |", ""]
    out += ["## Outside the releases", "",
            "Written by reviewers (`xxgk review decide`), not by pipeline runs; a release "
            "never copies them.", ""]
    for table in LAKE_TABLES:
        out += _table_section(table, level="###")
    return "\n".join(out)


def _table_section(table, level: str = "##") -> list[str]:
    out = [f"{level} `{table.name}`", "", table.description, "",
           f"Key: {', '.join('`' + k + '`' for k in table.key)}.", ""]
    if table.ordered:
        out += ["On every row: " + "; ".join(f"`{lower}` <= `{upper}`"
                                             for lower, upper in table.ordered)
                + " (where both are present).", ""]
    out += ["| column | type | nullable | unit | allowed values | description |",
            "|---|---|---|---|---|---|"]
    for c in table.columns:
        out.append(f"| `{c.name}` | {_dtype(c)} | {'yes' if c.nullable else 'no'} | "
                   f"{c.unit or ''} | {_allowed(c)} | {c.description} |")
    out.append("")
    return out


def default_path() -> Path:
    return Path(__file__).resolve().parents[1] / "docs" / "data_dictionary.md"


def write_dictionary(path: Path | None = None) -> Path:
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_dictionary(), encoding="utf-8")
    return path
