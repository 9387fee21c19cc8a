"""The hierarchy check: a government's region-wide total against its division's organs."""

import polars as pl
import pytest

from xxgk.quality.hierarchy import hierarchy_frame, region_wide_totals
from xxgk.quality.prepare import prepare_reports
from xxgk.quality.results import report_check_results
from xxgk.schema import FACTS, REPORTS

COUNTY = "370302"


def _report(rid, name, agency_id, sector, level, year, total, code=COUNTY):
    return {"report_id": rid, "agency": name, "agency_name": name, "agency_id": agency_id,
            "region_code": code, "admin_level": level, "sector": sector, "report_year": year,
            "proactive_total": total}


def _reports(rows):
    return pl.DataFrame(rows, schema={
        "report_id": pl.String, "agency": pl.String, "agency_name": pl.String,
        "agency_id": pl.String, "region_code": pl.String, "admin_level": pl.String,
        "sector": pl.String, "report_year": pl.Int64, "proactive_total": pl.Int64})


def _facts(rows):
    return pl.DataFrame(rows, orient="row", schema={
        "report_id": pl.String, "section": pl.String, "item": pl.String, "evidence": pl.String})


GOV = _report("g21", "青山县人民政府", "agov", "government", "county", 2021, 900)
WIDE = _facts([("g21", "text", "proactive_total", "2021年,全县各级行政机关共主动公开政府信息900条。")])


def test_a_region_wide_total_is_told_from_an_organs_own():
    facts = _facts([
        ("a", "text", "proactive_total", "全县共主动公开政府信息500条。"),
        ("b", "text", "proactive_total", "本局全年主动公开信息80条,在全县排名第一。"),
        ("c", "table3", "new_received", "全县共主动公开政府信息3条。"),
    ])
    assert region_wide_totals(facts)["report_id"].to_list() == ["a"]


def test_organs_within_the_total_pass_when_every_known_organ_reported():
    reports = _reports([GOV,
                        _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 300),
                        _report("t21", "青山县金山镇人民政府", "atown", "government", "township",
                                2021, 200),
                        _report("f20", "青山县财政局", "afin", "finance", "county", 2020, 250)])
    frame = hierarchy_frame(reports, region_wide_totals(WIDE))
    row = frame.row(0, named=True)
    assert (row["report_id"], row["hierarchy_gap"], row["hierarchy_note"]) == ("g21", 400, None)


def test_organs_adding_up_to_more_than_the_region_fail_even_with_gaps_in_coverage():
    reports = _reports([GOV,
                        _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 700),
                        _report("e21", "青山县教育局", "aedu", "education", "county", 2021, 400),
                        _report("w20", "青山县水利局", "awat", "water_resources", "county", 2020, 50)])
    row = hierarchy_frame(reports, region_wide_totals(WIDE)).row(0, named=True)
    assert row["hierarchy_gap"] == -200
    assert "青山县水利局" in row["hierarchy_note"]


def test_an_organ_missing_that_year_makes_it_not_assessable_and_is_named():
    history = _reports([_report("w20", "青山县水利局", "awat", "water_resources", "county",
                                2020, 50)])
    reports = _reports([GOV, _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 100)])
    row = hierarchy_frame(reports, region_wide_totals(WIDE), history).row(0, named=True)
    assert row["hierarchy_gap"] is None
    assert row["hierarchy_note"].endswith("青山县水利局")


def test_other_divisions_and_the_governments_own_offices_are_left_out():
    reports = _reports([
        GOV,
        _report("o21", "青山县人民政府办公室", "aoff", "government", "county", 2021, 900),
        _report("x21", "白水县财政局", "axfin", "finance", "county", 2021, 5000, code="370303"),
        _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 100)])
    row = hierarchy_frame(reports, region_wide_totals(WIDE)).row(0, named=True)
    assert row["hierarchy_gap"] == 800


def test_no_organ_that_year_means_the_check_does_not_concern_the_report():
    reports = _reports([GOV, _report("f20", "青山县财政局", "afin", "finance", "county", 2020, 1)])
    assert hierarchy_frame(reports, region_wide_totals(WIDE)).is_empty()


@pytest.fixture(scope="module")
def gx(tmp_path_factory):
    from xxgk.quality.gx_run import GxValidator

    return GxValidator(tmp_path_factory.mktemp("docs"))


def _results(gx, name, reports, history=None):
    base = REPORTS.conform(reports.with_columns(pl.lit("table_2021").alias("template")))
    frame = prepare_reports(base, FACTS.conform(WIDE),
                            history=REPORTS.conform(history) if history is not None else None)
    outcome = gx.validate("reports", frame, name)
    results = report_check_results(frame, outcome)
    return results.filter((pl.col("report_id") == "g21")
                          & (pl.col("check_id") == "hierarchy.organs_within_region_total"))


def test_through_the_suite_a_reviewer_reads_the_gap_or_the_missing_organs(gx):
    history = _reports([_report("w20", "青山县水利局", "awat", "water_resources", "county",
                                2020, 50)])
    small = _reports([GOV, _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 100)])
    row = _results(gx, "missing", small, history).row(0, named=True)
    assert row["status"] == "not_assessable" and "青山县水利局" in row["message"]
    large = _reports([GOV, _report("f21", "青山县财政局", "afin", "finance", "county", 2021, 1000)])
    row = _results(gx, "exceeded", large, history).row(0, named=True)
    assert (row["status"], row["severity"]) == ("fail", "warning")
    assert "-100" in row["observed"]
