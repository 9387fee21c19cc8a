"""Validation frames: the curated columns plus the residual columns the checks read.

Residuals are computed from the long ``facts`` table: a cell printed as "/" (value null) or a
cell not extracted leaves the residual null, so the check is not assessable rather than passed.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce

import polars as pl

from xxgk.quality.checks import (
    TABLE3_DIMENSIONS,
    TABLE3_OTHER_2019,
    TABLE3_OTHER_2021,
    TABLE3_RESULT_ROWS_COMMON,
    TABLE3_ROWS,
    TABLE4_BLOCKS,
    TABLE4_PARTS,
    YOY_COLUMNS,
)
from xxgk.quality.hierarchy import hierarchy_frame, region_wide_totals

CATCH_ALL_PREFIXES = ("其他", "其它")
PROACTIVE_PART_ITEMS = ("proactive_channel", "proactive_category")


def _cell(section: str, item: str, dimension: str | None) -> str:
    return f"{section}:{item}:{dimension or ''}"


def _wide_cells(facts: pl.DataFrame) -> pl.DataFrame:
    """One row per report, one column per table cell (section:item:dimension)."""
    tables = facts.filter(pl.col("section").is_in(["table3", "table4"]))
    if tables.is_empty():
        return pl.DataFrame({"report_id": []}, schema={"report_id": pl.String})
    keyed = tables.with_columns(
        cell=pl.concat_str([pl.col("section"), pl.col("item"),
                            pl.col("dimension").fill_null("")], separator=":"))
    # A cell extracted twice with different values cannot be trusted: make it null.
    agreed = keyed.group_by("report_id", "cell").agg(
        pl.when(pl.col("value").n_unique() == 1).then(pl.col("value").first()).alias("value"))
    return agreed.pivot(on="cell", index="report_id", values="value")


def _col(frame_cols: set[str], name: str) -> pl.Expr:
    return pl.col(name) if name in frame_cols else pl.lit(None, dtype=pl.Float64)


def _add(exprs: list[pl.Expr]) -> pl.Expr:
    # '+' propagates nulls, which is what we want: one missing term makes the sum unknown.
    return reduce(lambda a, b: a + b, exprs)


def _table_residuals(wide: pl.DataFrame, templates: pl.DataFrame) -> pl.DataFrame:
    cols = set(wide.columns)
    c3 = lambda item, dim: _col(cols, _cell("table3", item, dim))  # noqa: E731
    c4 = lambda item, dim: _col(cols, _cell("table4", item, dim))  # noqa: E731
    frame = wide.join(templates, on="report_id", how="left")
    uses_2021 = pl.any_horizontal(
        [c3(i, "total").is_not_null() for i in TABLE3_OTHER_2021] + [pl.lit(False)]) | (
        pl.col("template") == "table_2021")
    exprs = [
        pl.any_horizontal([pl.col(c).is_not_null() for c in cols if c.startswith("table3:")]
                          + [pl.lit(False)]).alias("has_table3"),
        pl.any_horizontal([pl.col(c).is_not_null() for c in cols if c.startswith("table4:")]
                          + [pl.lit(False)]).alias("has_table4"),
    ]
    for d in TABLE3_DIMENSIONS:
        exprs.append((c3("new_received", d) + c3("carried_over", d)
                      - c3("results_total", d) - c3("carried_forward", d))
                     .alias(f"t3_balance__{d}"))
        common = [c3(r, d) for r in TABLE3_RESULT_ROWS_COMMON]
        sum_2021 = _add(common + [c3(r, d) for r in TABLE3_OTHER_2021])
        sum_2019 = _add(common + [c3(r, d) for r in TABLE3_OTHER_2019])
        exprs.append((c3("results_total", d)
                      - pl.when(uses_2021).then(sum_2021).otherwise(sum_2019))
                     .alias(f"t3_results__{d}"))
    for r in TABLE3_ROWS:
        parts = _add([c3(r, d) for d in TABLE3_DIMENSIONS if d != "total"])
        residual = c3(r, "total") - parts
        # The 其他处理 rows of the other era do not exist in this report: nothing to check there.
        if r in TABLE3_OTHER_2019:
            residual = pl.when(uses_2021).then(pl.lit(0.0)).otherwise(residual)
        elif r in TABLE3_OTHER_2021:
            residual = pl.when(uses_2021).then(residual).otherwise(pl.lit(0.0))
        exprs.append(residual.alias(f"t3_total_col__{r}"))
    for b in TABLE4_BLOCKS:
        exprs.append((_add([c4(b, p) for p in TABLE4_PARTS]) - c4(b, "total"))
                     .alias(f"t4_block__{b}"))
    return frame.select(pl.col("report_id"), *exprs)


def _proactive_parts(facts: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    parts = facts.filter((pl.col("section") == "text")
                         & pl.col("item").is_in(PROACTIVE_PART_ITEMS)
                         & pl.col("value").is_not_null())
    families = parts.group_by("report_id", "item").agg(
        pl.col("value").sum().alias("parts_sum"),
        pl.col("dimension").fill_null("").str.starts_with(CATCH_ALL_PREFIXES[0]).any()
        .or_(pl.col("dimension").fill_null("").str.starts_with(CATCH_ALL_PREFIXES[1]).any())
        .alias("exhaustive"),
    )
    totals = reports.filter(pl.col("proactive_total_qualifier") == "exact").select(
        "report_id", pl.col("proactive_total").cast(pl.Float64).alias("total"))
    joined = families.join(totals, on="report_id", how="inner").with_columns(
        (pl.col("parts_sum") - pl.col("total")).alias("diff"))
    return joined.group_by("report_id").agg(
        pl.lit(True).alias("has_proactive_parts"),
        pl.col("diff").clip(lower_bound=0).max().alias("proactive_parts_excess"),
        pl.col("exhaustive").any().alias("has_exhaustive_parts"),
        pl.col("diff").filter(pl.col("exhaustive")).abs().max().alias("_gap_abs"),
        pl.col("diff").filter(pl.col("exhaustive")).first().alias("proactive_parts_gap"),
    ).drop("_gap_abs")


def _narrative_vs_table(facts: pl.DataFrame) -> pl.DataFrame:
    text = facts.filter((pl.col("section") == "text")
                        & (pl.col("item") == "applications_received")
                        & pl.col("value").is_not_null()).group_by("report_id").agg(
        pl.col("value").first().alias("narrative"))
    table = facts.filter((pl.col("section") == "table3") & (pl.col("item") == "new_received")
                         & (pl.col("dimension") == "total") & pl.col("value").is_not_null()
                         ).group_by("report_id").agg(pl.col("value").first().alias("tabled"))
    both = text.join(table, on="report_id", how="inner")
    return both.select("report_id", pl.lit(True).alias("has_narrative_applications"),
                       (pl.col("narrative") - pl.col("tabled"))
                       .alias("narrative_vs_table_applications"))


def _with_organ_key(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with an agency_id column (null in releases made before identities)."""
    if "agency_id" in frame.columns:
        return frame
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias("agency_id"))


def _history(reports: pl.DataFrame, history: pl.DataFrame | None) -> pl.DataFrame:
    """Comparisons with the same agency's other reports (this run's and the release's).

    A year-over-year ratio is only computed when the previous count is at least 1 (0 -> 3 is
    no jump to flag); the carried-over gap needs both cells.
    """
    cols = ["report_id", "agency", "agency_id", "report_year", "applications_carried_forward",
            *YOY_COLUMNS]
    pool = _with_organ_key(reports).select(cols)
    if history is not None and not history.is_empty():
        pool = pl.concat([_with_organ_key(history).select(cols).join(
            pool.select("report_id"), on="report_id", how="anti"), pool],
            how="vertical_relaxed")
    # One organ is one agency_id across its name forms; an organ without one (no place in its
    # name) is matched by its name as printed, as before identities existed.
    organ = pl.coalesce(pl.col("agency_id"), pl.lit("name:") + pl.col("agency")).alias("_organ")
    pool = pool.with_columns(organ).filter(
        pl.col("_organ").is_not_null() & pl.col("report_year").is_not_null())
    counts = pool.group_by("_organ", "report_year").agg(pl.len().alias("_n"))
    previous = pool.group_by("_organ", "report_year").agg(
        pl.col("applications_carried_forward").first().alias("_prev_cf"),
        *[pl.col(c).first().alias(f"_prev_{c}") for c in YOY_COLUMNS],
    ).with_columns((pl.col("report_year") + 1).alias("report_year"))
    frame = _with_organ_key(reports).select("report_id", "agency", "agency_id", "report_year",
                                            "applications_carried_over", *YOY_COLUMNS)
    frame = frame.with_columns(organ).join(counts, on=["_organ", "report_year"], how="left").join(
        previous, on=["_organ", "report_year"], how="left")
    return frame.select(
        "report_id",
        pl.col("_n").is_not_null().alias("has_agency_year"),
        (pl.col("_n") - 1).alias("same_agency_year_others"),
        pl.any_horizontal([pl.col("_prev_cf").is_not_null()]
                          + [pl.col(f"_prev_{c}").is_not_null() for c in YOY_COLUMNS])
        .alias("has_previous_year"),
        (pl.col("applications_carried_over") - pl.col("_prev_cf")).alias("carried_over_gap"),
        *[pl.when(pl.col(f"_prev_{c}") >= 1)
          .then(pl.col(c).cast(pl.Float64) / pl.col(f"_prev_{c}"))
          .alias(f"yoy_ratio__{c}") for c in YOY_COLUMNS],
    )


def prepare_reports(reports: pl.DataFrame, facts: pl.DataFrame,
                    today: dt.date | None = None,
                    history: pl.DataFrame | None = None) -> pl.DataFrame:
    """The reports validation frame: curated columns plus every residual the checks read.

    ``history``: reports already published (the current release), for the checks that compare
    a report with the same agency's other years.
    """
    return prepare_reports_from(reports, fact_residuals(reports, facts), today, history)


def fact_residuals(reports: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """The residuals computed from a report's own facts, one row per report with facts.

    Each report's rows depend only on its own facts, so this can run over any whole-report
    subset of the facts (validation runs the facts in chunks) and the parts be concatenated.
    """
    templates = reports.select("report_id", "template")
    frame = facts.select("report_id").unique(maintain_order=True)
    for extra in (_table_residuals(_wide_cells(facts), templates),
                  _proactive_parts(facts, reports), _narrative_vs_table(facts),
                  region_wide_totals(facts)):
        frame = frame.join(extra, on="report_id", how="left")
    return frame


def prepare_reports_from(reports: pl.DataFrame, residuals: pl.DataFrame,
                         today: dt.date | None = None,
                         history: pl.DataFrame | None = None) -> pl.DataFrame:
    """``prepare_reports`` with the fact residuals already computed (``fact_residuals``)."""
    today = today or dt.date.today()
    frame = reports.with_columns(
        (pl.col("publish_date").dt.year().cast(pl.Int64) - pl.col("report_year").cast(pl.Int64))
        .alias("publish_year_minus_report_year"),
        (pl.col("report_year").cast(pl.Int64) - today.year).alias("years_after_current"),
    )
    frame = frame.join(residuals, on="report_id", how="left")
    frame = frame.join(_history(reports, history), on="report_id", how="left")
    region_wide = (residuals.filter(pl.col("region_wide")).select("report_id")
                   if "region_wide" in residuals.columns
                   else pl.DataFrame(schema={"report_id": pl.String}))
    frame = frame.join(hierarchy_frame(reports, region_wide, history), on="report_id",
                       how="left")
    flags = ("has_table3", "has_table4", "has_proactive_parts", "has_exhaustive_parts",
             "has_narrative_applications", "has_previous_year", "has_agency_year",
             "has_hierarchy")
    for flag in flags:
        if flag not in frame.columns:
            frame = frame.with_columns(pl.lit(False).alias(flag))
    return frame.with_columns([pl.col(f).fill_null(False) for f in flags])


def prepare_facts(facts: pl.DataFrame) -> pl.DataFrame:
    """The facts validation frame: counts (not amounts, not 2019 changes) split out."""
    is_count = pl.col("unit").is_in(["item", "case"]) & ~pl.col("item").str.ends_with(".change")
    return facts.with_columns(
        pl.when(is_count).then(pl.col("value")).alias("count_value"),
        pl.when(is_count).then(pl.col("value") - pl.col("value").floor()).alias("count_fraction"),
    )
