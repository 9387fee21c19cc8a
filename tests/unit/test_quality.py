"""Checks on inline frames, through the real GX suites: planted gaps are caught, clean data is not."""

import datetime as dt

import polars as pl
import pytest

from xxgk.quality.checks import TABLE3_DIMENSIONS, TABLE3_OTHER_2021, TABLE3_RESULT_ROWS_COMMON
from xxgk.quality.gx_run import GxValidator
from xxgk.quality.prepare import prepare_facts, prepare_reports
from xxgk.quality.results import build_quality_results, quality_status
from xxgk.schema import FACTS, REPORTS


def _report(report_id, **values):
    row = {"report_id": report_id, "source_url": "file:x", "raw_sha256": "0" * 64,
           "agency": f"某县教育局{report_id}", "report_year": 2022, "publish_date": dt.date(2023, 1, 20),
           "template": "table_2021", "quality_status": "pass", "parser_version": "t",
           "run_id": "t"}
    row.update(values)
    return row


def _fact(report_id, section, item, dimension, value, unit="case"):
    return {"report_id": report_id, "section": section, "item": item, "dimension": dimension,
            "value": value, "unit": unit, "qualifier": "exact", "evidence": "e",
            "span_start": 0, "span_end": 1, "rule": "test"}


def _table3(report_id, new=4, granted=3, partial=1, carried_over=0, carried_forward=0):
    """A 2021 table 3 where only natural persons applied, consistent unless altered after."""
    rows = {"new_received": new, "carried_over": carried_over, "granted": granted,
            "partially_granted": partial, "results_total": granted + partial,
            "carried_forward": carried_forward}
    for r in (*TABLE3_RESULT_ROWS_COMMON, *TABLE3_OTHER_2021):
        rows.setdefault(r, 0)
    facts = []
    for item, value in rows.items():
        for d in TABLE3_DIMENSIONS:
            v = value if d in ("natural_person", "total") else 0
            facts.append(_fact(report_id, "table3", item, d, float(v)))
    return facts


def _table4(report_id, upheld=1, total=1):
    facts = []
    for block in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        for part, v in (("upheld", upheld), ("corrected", 0), ("other", 0), ("pending", 0),
                        ("total", total)):
            facts.append(_fact(report_id, "table4", block, part, float(v)))
    return facts


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    reports = [_report("clean", applications_received=4, reconsideration_total=1),
               _report("balance_gap"), _report("t4_gap"),
               _report("slash_cell"), _report("old", report_year=2005, template="free_text"),
               _report("no_agency", agency=None, template="free_text", report_year=2012),
               _report("negative", applications_received=-2, template="free_text",
                       report_year=2015),
               _report("parts", template="free_text", report_year=2016, proactive_total=100,
                       proactive_total_qualifier="exact")]
    facts = _table3("clean") + _table4("clean")
    gap = _table3("balance_gap")
    gap = [f if not (f["item"] == "new_received" and f["dimension"] in
                     ("natural_person", "total")) else {**f, "value": 6.0} for f in gap]
    facts += gap + _table4("balance_gap")
    facts += _table3("t4_gap") + _table4("t4_gap", upheld=2, total=1)
    slash = _table3("slash_cell")
    slash = [f if not (f["item"] == "carried_over" and f["dimension"] == "natural_person")
             else {**f, "value": None, "qualifier": "not_a_number"} for f in slash]
    facts += slash
    facts += [_fact("parts", "text", "proactive_channel", "门户网站", 80.0, "item"),
              _fact("parts", "text", "proactive_channel", "其他渠道", 15.0, "item")]
    reports_df = REPORTS.conform(pl.DataFrame(reports, infer_schema_length=None))
    facts_df = FACTS.conform(pl.DataFrame(facts, infer_schema_length=None))
    gx = GxValidator(tmp_path_factory.mktemp("docs"))
    r_frame = prepare_reports(reports_df, facts_df, today=dt.date(2026, 6, 1))
    f_frame = prepare_facts(facts_df)
    r_out = gx.validate("reports", r_frame, "test-run")
    f_out = gx.validate("facts", f_frame, "test-run")
    gx.build_data_docs()
    results = build_quality_results(r_frame, f_frame, r_out, f_out)
    return reports_df, results, gx


def _status(results, report_id, check_id):
    rows = results.filter((pl.col("report_id") == report_id) & (pl.col("check_id") == check_id))
    assert rows.height == 1, (report_id, check_id, rows)
    return rows.row(0, named=True)


def test_clean_table_report_passes_every_check(validated):
    _, results, _ = validated
    clean = results.filter(pl.col("report_id") == "clean")
    assert set(clean["status"]) == {"pass"}
    assert {"table3.balance_identity", "table3.results_total_identity",
            "table3.total_column_identity", "table4.block_total_identity"} <= set(
        clean["check_id"])


def test_planted_gaps_are_caught_with_their_size(validated):
    _, results, _ = validated
    row = _status(results, "balance_gap", "table3.balance_identity")
    assert row["status"] == "fail" and row["severity"] == "error"
    assert "natural_person: 2" in row["observed"] and "total: 2" in row["observed"]
    assert _status(results, "balance_gap", "table3.results_total_identity")["status"] == "pass"
    row = _status(results, "t4_gap", "table4.block_total_identity")
    assert row["status"] == "fail" and "reconsideration: 1" in row["observed"]


def test_slash_cell_is_not_assessable_not_pass(validated):
    _, results, _ = validated
    assert _status(results, "slash_cell", "table3.balance_identity")["status"] == \
        "not_assessable"
    assert _status(results, "slash_cell", "table3.results_total_identity")["status"] == "pass"


def test_table_checks_do_not_apply_without_tables(validated):
    _, results, _ = validated
    assert results.filter((pl.col("report_id") == "old")
                          & pl.col("check_id").str.starts_with("table")).is_empty()


def test_required_fields_year_range_and_negative_counts(validated):
    _, results, _ = validated
    assert _status(results, "no_agency", "required.agency")["status"] == "fail"
    assert _status(results, "old", "report_year.not_before_2008")["status"] == "fail"
    assert _status(results, "clean", "report_year.not_before_2008")["status"] == "pass"
    neg = _status(results, "negative", "counts.non_negative")
    assert neg["status"] == "fail" and "-2" in neg["observed"]


def test_exhaustive_parts_that_miss_the_total_warn(validated):
    _, results, _ = validated
    row = _status(results, "parts", "text.proactive_parts_sum")
    assert row["status"] == "fail" and row["severity"] == "warning"
    assert "-5" in row["observed"]
    assert _status(results, "parts", "text.proactive_parts_exceed_total")["status"] == "pass"


def test_quality_status_and_data_docs(validated):
    reports, results, gx = validated
    status = dict(quality_status(reports, results).select("report_id", "quality_status")
                  .iter_rows())
    assert status["clean"] == "pass" and status["balance_gap"] == "fail"
    assert status["parts"] == "warn" and status["slash_cell"] == "pass"
    html = gx.index_path.read_text(encoding="utf-8")
    assert "reports" in html and gx.index_path.exists()
    # one page per validation run, built once at the end
    pages = list((gx.docs_dir / "validations").rglob("*.html"))
    assert {p.relative_to(gx.docs_dir / "validations").parts[0] for p in pages} == {
        "reports", "facts"}


def _check_with_history(tmp_path, reports, history, run):
    facts = FACTS.empty()
    gx = GxValidator(tmp_path)
    frame = prepare_reports(reports, facts, today=dt.date(2026, 6, 1), history=history)
    return build_quality_results(frame, prepare_facts(facts),
                                 gx.validate("reports", frame, run),
                                 gx.validate("facts", prepare_facts(facts), run))


def test_history_checks_compare_with_the_same_agencys_other_years(tmp_path):
    history = REPORTS.conform(pl.DataFrame([
        _report("y2021", agency="东湖区司法局", report_year=2021, applications_received=10,
                applications_carried_forward=3, proactive_total=100,
                proactive_total_qualifier="exact"),
        _report("dup_old", agency="西山镇人民政府", report_year=2022)], infer_schema_length=None))
    reports = REPORTS.conform(pl.DataFrame([
        _report("y2022", agency="东湖区司法局", report_year=2022, applications_received=80,
                applications_carried_over=2, proactive_total=120,
                proactive_total_qualifier="exact"),
        _report("dup_new", agency="西山镇人民政府", report_year=2022),
        _report("alone", agency="南湖区文旅局", report_year=2022, applications_received=5)],
        infer_schema_length=None))
    results = _check_with_history(tmp_path, reports, history, "h")
    carried = _status(results, "y2022", "history.carried_over_matches_previous")
    assert carried["status"] == "fail" and carried["observed"] == "carried_over_gap: -1"
    yoy = _status(results, "y2022", "history.year_over_year")
    assert yoy["status"] == "fail" and "applications_received: 8" in yoy["observed"]
    assert "proactive_total" not in yoy["observed"]  # 100 -> 120 is no jump
    assert _status(results, "dup_new", "history.duplicate_agency_year")["status"] == "fail"
    assert _status(results, "alone", "history.duplicate_agency_year")["status"] == "pass"
    assert results.filter((pl.col("report_id") == "alone")
                          & pl.col("check_id").str.starts_with("history.year")).is_empty()


def test_repeated_text_columns_go_to_gx_as_categoricals_with_the_same_verdicts(tmp_path):
    from xxgk.quality.gx_run import pandas_for_gx

    facts = [_fact(f"r{n:04d}", "table3", "granted", "total", float(n % 7)) for n in range(3000)]
    facts[10] = {**facts[10], "unit": "bogus"}  # not in the unit set
    facts[20] = {**facts[20], "qualifier": None}  # a null where none is allowed
    facts[30] = {**facts[30], "value": -2.0}  # a negative count
    frame = prepare_facts(FACTS.conform(pl.DataFrame(facts, infer_schema_length=None)))
    converted = pandas_for_gx(frame)
    assert str(converted["unit"].dtype) == "category"
    assert str(converted["report_id"].dtype) != "category"  # every value distinct
    assert converted["unit"].astype(str).tolist() == frame["unit"].to_list()

    gx = GxValidator(tmp_path)
    categorical = gx.validate("facts", frame, "categorical")
    import xxgk.quality.gx_run as gx_run
    plain_frame = frame.to_pandas()  # plain pandas strings, as before the conversion existed
    saved = gx_run.pandas_for_gx
    gx_run.pandas_for_gx = lambda _frame: plain_frame
    try:
        plain = gx.validate("facts", frame, "plain")
    finally:
        gx_run.pandas_for_gx = saved
    verdicts = lambda outcome: {(e.expectation_type, e.column, e.success, e.unexpected)  # noqa
                                for e in outcome.expectations}
    assert verdicts(categorical) == verdicts(plain)
    failed = {e.column: e.unexpected for e in categorical.expectations if not e.success}
    assert set(failed) == {"unit", "qualifier", "count_value"}
    assert failed["unit"] == (("r0010", "bogus"),) and failed["count_value"] == (("r0030", -2.0),)
    assert [rid for rid, _ in failed["qualifier"]] == ["r0020"]


def test_history_checks_follow_one_organ_across_its_name_forms(tmp_path):
    from xxgk.identity import resolve_identity

    def organ(report_id, agency, **values):
        identity = resolve_identity(agency)
        return _report(report_id, agency=agency, agency_id=identity.agency_id, **values)

    # The same bureau printed two ways; a history row from before identities has no id.
    history = REPORTS.conform(pl.DataFrame([
        organ("y2021", "淄博市淄川区科学技术局", report_year=2021,
              applications_carried_forward=4),
        _report("old_style", agency="淄川区科技局", report_year=2020,
                applications_carried_forward=1)], infer_schema_length=None))
    reports = REPORTS.conform(pl.DataFrame([
        organ("y2022", "淄川区科技局", report_year=2022, applications_carried_over=1),
        organ("twin", "淄博市淄川区科学技术局", report_year=2022),
        organ("other", "淄川区财政局", report_year=2022)], infer_schema_length=None))
    results = _check_with_history(tmp_path, reports, history, "i")
    carried = _status(results, "y2022", "history.carried_over_matches_previous")
    assert carried["status"] == "fail" and carried["observed"] == "carried_over_gap: -3"
    assert _status(results, "twin", "history.duplicate_agency_year")["status"] == "fail"
    assert _status(results, "other", "history.duplicate_agency_year")["status"] == "pass"
