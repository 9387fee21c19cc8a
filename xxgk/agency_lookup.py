"""Looking organs up in the current release (``xxgk agencies QUERY``).

A query is an agency_id ('a' + 12 hex digits), a GB/T 2260 code of 6 digits (every organ whose
division it is) or part of a name (any name the organ's reports write, ``names_seen``). Each
match is shown with its identity and its reports by year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl

from xxgk.schema import AGENCY_ID_PATTERN, REGION_CODE_PATTERN
from xxgk.stages.publish import current_release, read_manifest_of, release_key
from xxgk.storage import Lake

REPORT_COLUMNS = ("report_year", "report_id", "agency", "applications_received",
                  "proactive_total")


class NoRelease(Exception):
    """The lake has no release to look in, or one made before the agencies table existed."""


@dataclass(frozen=True)
class Lookup:
    query: str
    kind: str  # agency_id | region_code | name
    release_id: str
    agencies: pl.DataFrame  # the matching rows of the agencies table
    reports: pl.DataFrame  # agency_id + REPORT_COLUMNS of their reports, by year


def query_kind(query: str) -> str:
    if re.fullmatch(AGENCY_ID_PATTERN, query):
        return "agency_id"
    if re.fullmatch(REGION_CODE_PATTERN, query):
        return "region_code"
    return "name"


def match_agencies(agencies: pl.DataFrame, query: str) -> pl.DataFrame:
    """The rows of the agencies table that ``query`` names."""
    kind = query_kind(query)
    if kind == "name":
        wanted = pl.col("names_seen").list.eval(
            pl.element().str.contains(query, literal=True)).list.any()
    else:
        wanted = pl.col(kind) == query
    return agencies.filter(wanted).sort("agency_id")


def lookup(lake: Lake, query: str) -> Lookup:
    """Match ``query`` against the current release's agencies and gather their reports."""
    query = "".join(query.split())
    if not query:
        raise ValueError("an empty query names no agency")
    release_id = current_release(lake)
    if release_id is None:
        raise NoRelease(f"no published release in {lake.uri}: run the pipeline first")
    if "agencies" not in read_manifest_of(lake, release_id)["tables"]:
        raise NoRelease(f"release {release_id} was made before the agencies table existed: "
                        "publish a new release (xxgk run) first")
    matched = match_agencies(lake.read_frame(release_key(release_id, "agencies.parquet")),
                             query)
    with lake.store.local_path(release_key(release_id, "reports.parquet")) as path:
        reports = pl.scan_parquet(path).filter(
            pl.col("agency_id").is_in(matched["agency_id"].to_list())
        ).select("agency_id", *REPORT_COLUMNS).sort("agency_id", "report_year",
                                                    "report_id").collect()
    return Lookup(query, query_kind(query), release_id, matched, reports)


def render_lookup(result: Lookup, max_agencies: int) -> str:
    """Each matching organ's identity, then its reports by year."""
    shown = result.agencies.head(max_agencies)
    count = result.agencies.height
    out = [f"{count} {'agency matches' if count == 1 else 'agencies match'} {result.query!r} "
           f"({result.kind}) in release {result.release_id}"]
    for organ in shown.iter_rows(named=True):
        own = result.reports.filter(pl.col("agency_id") == organ["agency_id"])
        out += ["", f"{organ['agency_name']}  {organ['agency_id']}",
                f"  region   {_text(organ['region_code'])} {_text(organ['region_name'])} "
                f"({_text(organ['region_source'])}{_confidence(organ)})",
                f"  level    {_text(organ['admin_level'])}",
                f"  sector   {_text(organ['sector'])}",
                f"  names    {'; '.join(organ['names_seen'])}",
                f"  reports  {organ['report_count']} ({_years(organ)})",
                *_table(own.select(REPORT_COLUMNS))]
    if result.agencies.height > shown.height:
        out += ["", f"{result.agencies.height - shown.height} more not shown: narrow the query "
                "(an agency_id, or more of the name) or raise --max-agencies"]
    return "\n".join(out)


def _years(organ: dict) -> str:
    first, last = organ["first_report_year"], organ["last_report_year"]
    if first is None:
        return "no year stated"
    return str(first) if first == last else f"{first}-{last}"


def _text(value: object) -> str:
    return "null" if value is None else str(value)


def _width(text: str) -> int:
    """Columns the text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(frame: pl.DataFrame) -> list[str]:
    rows = [list(frame.columns)] + [[_text(v) for v in row] for row in frame.iter_rows()]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(frame.columns))]
    return ["    " + "  ".join(cell + " " * (w - _width(cell))
                               for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _confidence(organ: dict) -> str:
    value = organ.get("region_confidence")
    return "" if value is None else f", confidence {value:.2f}"
