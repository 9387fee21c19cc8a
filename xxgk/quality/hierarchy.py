"""The hierarchy check: a government's region-wide proactive total against its organs' reports.

A people's government's report often states what its whole region disclosed ("全县共主动公开
政府信息N条"); the region's departments, offices and towns report their own totals in their own
reports. Where both are in the release for the same year, the organs' totals cannot add up to
more than the region's. The comparison uses only organs coded to the government's own division
(a city's departments, not its counties, whose own region-wide totals would count twice), and
leaves out the government's own offices at its level (a 政府办公室 often restates the
government's figure).

- fail (warning): the organs present that year add up to more than the region-wide total;
- pass: every organ the release knows for that division reported that year, and they add up to
  no more than the total;
- not_assessable otherwise, naming the organs without a report or without a total that year.
"""

from __future__ import annotations

import polars as pl

# A region-wide subject of the verb that states the total: "全县各级行政机关共主动公开…",
# "全市主动公开…" (not "…在全市排名第一", which is no subject of a disclosure verb).
_REGION_WIDE = r"全[市县区省旗州盟][^,;。,;]{0,12}?(?:公开|发布|公布)"
_GOVERNMENT_LEVELS = ("province", "prefecture", "county")
_NOTE_NAMES = 8
_POOL_COLUMNS = {"report_id": pl.String, "agency": pl.String, "agency_id": pl.String,
                 "agency_name": pl.String, "region_code": pl.String, "admin_level": pl.String,
                 "sector": pl.String, "report_year": pl.Int64, "proactive_total": pl.Float64}


def region_wide_totals(facts: pl.DataFrame) -> pl.DataFrame:
    """report_id → whether the report's proactive total is stated for its whole region."""
    found = facts.filter((pl.col("section") == "text") & (pl.col("item") == "proactive_total")
                         & pl.col("evidence").str.contains(_REGION_WIDE))
    return found.select("report_id").unique().with_columns(pl.lit(True).alias("region_wide"))


def _pool(reports: pl.DataFrame, history: pl.DataFrame | None) -> pl.DataFrame:
    def conform(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select([
            (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in _POOL_COLUMNS.items()])
    pool = conform(reports)
    if history is not None and not history.is_empty():
        pool = pl.concat([conform(history).join(pool.select("report_id"), on="report_id",
                                                how="anti"), pool])
    return pool.filter(pl.col("region_code").is_not_null() & pl.col("agency_id").is_not_null()
                       & pl.col("report_year").is_not_null())


def hierarchy_frame(reports: pl.DataFrame, region_wide: pl.DataFrame,
                    history: pl.DataFrame | None = None) -> pl.DataFrame:
    """report_id, has_hierarchy, hierarchy_gap (total − organs' sum), hierarchy_note."""
    schema = {"report_id": pl.String, "has_hierarchy": pl.Boolean,
              "hierarchy_gap": pl.Float64, "hierarchy_note": pl.String}
    pool = _pool(reports, history)
    governments = pool.join(region_wide, on="report_id", how="inner").filter(
        (pl.col("sector") == "government") & pl.col("admin_level").is_in(_GOVERNMENT_LEVELS)
        & pl.col("proactive_total").is_not_null())
    rows = []
    for gov in governments.iter_rows(named=True):
        organs = pool.filter(
            (pl.col("region_code") == gov["region_code"])
            & (pl.col("agency_id") != gov["agency_id"])
            & ~((pl.col("sector") == "government")
                & (pl.col("admin_level") == gov["admin_level"])))
        this_year = organs.filter(pl.col("report_year") == gov["report_year"]).unique(
            "agency_id", keep="first")
        if this_year.is_empty():
            continue  # no organ of the region reported that year: nothing to compare
        known = organs.unique("agency_id", keep="last")
        missing = known.join(this_year.select("agency_id"), on="agency_id", how="anti")
        no_total = this_year.filter(pl.col("proactive_total").is_null())
        organs_sum = this_year["proactive_total"].sum()
        gap = gov["proactive_total"] - organs_sum
        complete = missing.is_empty() and no_total.is_empty()
        note = None
        if not complete:
            names = [_name(r) for r in missing.iter_rows(named=True)]
            names += [_name(r) + " (no total)" for r in no_total.iter_rows(named=True)]
            note = (f"organs of the region without a report or a total for "
                    f"{gov['report_year']}: " + "、".join(names[:_NOTE_NAMES])
                    + (f" and {len(names) - _NOTE_NAMES} more" if len(names) > _NOTE_NAMES
                       else ""))
        rows.append({"report_id": gov["report_id"], "has_hierarchy": True,
                     "hierarchy_gap": gap if complete or gap < 0 else None,
                     "hierarchy_note": note})
    return pl.DataFrame(rows, schema=schema)


def _name(row: dict) -> str:
    return row["agency_name"] or row["agency"] or row["agency_id"]
