"""The curated ``agencies`` table: one row per organ, derived from a release's reports.

An organ is one ``agency_id`` across its name forms and years (淄川区科技局 in 2019,
淄博市淄川区科学技术局 in 2021). Everything here is read from the reports' identity columns;
nothing is resolved again, so the table always agrees with the reports beside it.
"""

from __future__ import annotations

import polars as pl

from xxgk.schema import AGENCIES

# Resolved together from one name: taken together, from the reports most of which agree.
CLASSIFICATION = ("region_code", "region_name", "admin_level", "sector", "region_source",
                  "region_confidence")


def agencies(reports: pl.DataFrame) -> pl.DataFrame:
    """The ``agencies`` table of ``reports`` (a release's reports table): one row per
    agency_id; reports without one are left out."""
    identified = reports.filter(pl.col("agency_id").is_not_null())
    spans = identified.group_by("agency_id").agg(
        pl.col("report_year").min().alias("first_report_year"),
        pl.col("report_year").max().alias("last_report_year"),
        pl.len().alias("report_count"),
    )
    table = (spans.join(_names(identified), on="agency_id", how="left")
             .join(_classification(identified), on="agency_id", how="left"))
    return AGENCIES.conform(table).sort("agency_id")


def _names(identified: pl.DataFrame) -> pl.DataFrame:
    """names_seen, and agency_name: the fullest form (most characters, whitespace not
    counted), then the one most reports write, then the one without stray spaces."""
    written = identified.select(
        "agency_id", "report_id",
        pl.concat_list(pl.col("agency_name"), pl.col("agency")).alias("name"),
    ).explode("name").drop_nulls("name").unique(["report_id", "name"])
    forms = written.group_by("agency_id", "name").agg(pl.len().alias("reports"))
    fullest = forms.with_columns(
        pl.col("name").str.replace_all(r"\s", "").str.len_chars().alias("letters"),
        pl.col("name").str.len_chars().alias("chars"),
    ).sort(["agency_id", "letters", "reports", "chars", "name"],
           descending=[False, True, True, False, False]
           ).unique("agency_id", keep="first", maintain_order=True)
    seen = forms.group_by("agency_id").agg(pl.col("name").sort().alias("names_seen"))
    return seen.join(fullest.select("agency_id", pl.col("name").alias("agency_name")),
                     on="agency_id", how="left")


def _classification(identified: pl.DataFrame) -> pl.DataFrame:
    """Region, level and sector as most of the organ's reports give them (ties: the latest
    report year). They agree unless reports of different parser versions sit side by side."""
    combos = identified.group_by("agency_id", *CLASSIFICATION).agg(
        pl.len().alias("_reports"), pl.col("report_year").max().alias("_latest"))
    return combos.sort(
        ["agency_id", "_reports", "_latest", *CLASSIFICATION],
        descending=[False, True, True, *[False] * len(CLASSIFICATION)], nulls_last=True,
    ).unique("agency_id", keep="first", maintain_order=True).select(
        "agency_id", *CLASSIFICATION)
