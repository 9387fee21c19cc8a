"""Great Expectations suites, generated from the schema module and the declared checks.

The suites are committed as JSON files in ``expectations/`` (one per curated table) so that
reviewers can read them; ``xxgk suites`` rewrites them, and a test fails when the committed
files drift from what the schema and checks generate.
"""

from __future__ import annotations

import json
from pathlib import Path

from xxgk.quality.checks import Check, facts_checks, reports_checks
from xxgk.schema import AGENCIES, FACTS, QUALITY_RESULTS, REPORTS, Column, Table

SEVERITY_TO_GX = {"error": "critical", "warning": "warning", "info": "info"}
SUITE_TABLES: dict[str, tuple[Table, tuple[Check, ...]]] = {
    "reports": (REPORTS, reports_checks()),
    "facts": (FACTS, facts_checks()),
    "quality_results": (QUALITY_RESULTS, ()),
    "agencies": (AGENCIES, ()),
}


def row_id_column(name: str) -> str:
    """The column that names a failing row in the suite's results: the table's first key
    column (report_id, or agency_id for agencies)."""
    return SUITE_TABLES[name][0].key[0]


def default_suites_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "expectations"


def _expectation(kind: str, column: str, meta: dict, severity: str = "critical",
                 **kwargs) -> dict:
    kwargs = {"column": column, **{k: v for k, v in kwargs.items() if v is not None}}
    return {"type": kind, "kwargs": kwargs, "meta": meta, "severity": severity}


def build_suite(name: str) -> dict:
    """The suite for one curated table, as the JSON dict GX reads."""
    table, checks = SUITE_TABLES[name]
    expectations = [e for col in table.columns for e in _column_expectations(col)]
    for lower, upper in table.ordered:
        expectations.append({
            "type": "expect_column_pair_values_a_to_be_greater_than_b",
            "kwargs": {"column_A": upper, "column_B": lower, "or_equal": True,
                       "ignore_row_if": "either_value_is_missing"},
            "meta": {"source": "schema", "columns": [lower, upper]}, "severity": "critical"})
    expectations += [e for check in checks for e in _check_expectations(check)]
    return {"name": name, "expectations": expectations, "meta": {"generated_by": "xxgk suites"}}


def _column_expectations(col: Column) -> list[dict]:
    """What the schema declares of one column: present, and its nulls, values and pattern."""
    meta = {"source": "schema", "column": col.name}
    out = [{"type": "expect_column_to_exist", "kwargs": {"column": col.name}, "meta": meta,
            "severity": "critical"}]
    if not col.nullable:
        out.append(_expectation("expect_column_values_to_not_be_null", col.name, meta))
    if col.allowed:
        out.append(_expectation("expect_column_values_to_be_in_set", col.name, meta,
                                value_set=list(col.allowed)))
    if col.minimum is not None:
        out.append(_expectation("expect_column_values_to_be_between", col.name, meta,
                                min_value=float(col.minimum)))
    if col.pattern is not None:
        out.append(_expectation("expect_column_values_to_match_regex", col.name, meta,
                                regex=col.pattern))
    if col.unique:
        out.append(_expectation("expect_column_values_to_be_unique", col.name, meta))
    return out


def _check_expectations(check: Check) -> list[dict]:
    """One declared check, as an expectation per column it reads."""
    meta = {"source": "check", "check_id": check.check_id, "description": check.description}
    severity = SEVERITY_TO_GX[check.severity]
    out = []
    for column in check.columns:
        if check.kind == "not_null":
            out.append(_expectation("expect_column_values_to_not_be_null", column, meta,
                                    severity))
        elif check.kind == "zero":
            out.append(_expectation("expect_column_values_to_be_between", column, meta,
                                    severity, min_value=0.0, max_value=0.0))
        elif check.kind == "between":
            out.append(_expectation(
                "expect_column_values_to_be_between", column, meta, severity,
                min_value=None if check.min_value is None else float(check.min_value),
                max_value=None if check.max_value is None else float(check.max_value)))
        else:
            raise ValueError(f"unknown check kind {check.kind!r} in {check.check_id}")
    return out


def suites_digest() -> str:
    """sha256 over every generated suite: it changes whenever a check or the schema does."""
    import hashlib

    return hashlib.sha256("".join(render_suite(n) for n in sorted(SUITE_TABLES)).encode()
                          ).hexdigest()


def render_suite(name: str) -> str:
    return json.dumps(build_suite(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_suites(folder: Path | None = None) -> list[Path]:
    folder = folder or default_suites_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SUITE_TABLES:
        path = folder / f"{name}.json"
        path.write_text(render_suite(name), encoding="utf-8")
        written.append(path)
    return written


def load_suite(name: str, folder: Path | None = None) -> dict:
    path = (folder or default_suites_dir()) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))
