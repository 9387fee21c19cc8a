"""Small frames of a run with flagged reports, for the review site's tests (unit and browser)."""

from __future__ import annotations

import polars as pl

from xxgk.schema import FACTS, QUALITY_RESULTS, REPORTS

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
TEXT_GAP = ("二、依申请公开情况\n本年新收 | 自然人 | 9 | 总计 | 9\n上年结转 | 自然人 | 1 | 总计 | 1\n"
            "办理结果总计 | 自然人 | 7 | 总计 | 10\n结转下年度继续办理 | 自然人 | 0 | 总计 | 0\n")
TEXT_PARTS = f"全年主动公开信息752条{HOSTILE}，其中网站公开615条，其他途径公开125条。"


def _table3(rid: str, item: str, dim: str, value: float) -> dict:
    line = {"new_received": 1, "carried_over": 2, "results_total": 3, "carried_forward": 4}[item]
    row = TEXT_GAP.splitlines()[line]
    offset = sum(len(x) + 1 for x in TEXT_GAP.splitlines()[:line])
    at = row.index(f"| {int(value)}", 0 if dim == "natural_person" else row.index("总计")) + 2
    return {"report_id": rid, "section": "table3", "item": item, "dimension": dim,
            "value": value, "unit": "case", "qualifier": "exact",
            "evidence": row, "span_start": offset + at, "span_end": offset + at + 1,
            "rule": "table3.pipe"}


def run_frames(extra_flagged: int = 0) -> dict[str, pl.DataFrame]:
    """reports (a fail, a warn with a hostile agency, a pass, and ``extra_flagged`` more
    fails), their failed check results, facts and cleaned texts."""
    ids = ["r_gap", "r_parts", "r_ok", *(f"r_more{i:03d}" for i in range(extra_flagged))]
    n = len(ids)
    reports = REPORTS.conform(pl.DataFrame({
        "report_id": ids, "source_url": [f"file:{i}.html" for i in ids],
        "raw_sha256": [f"{k:064x}" for k in range(1, n + 1)],
        "agency": ["青山县统计局", f"河西区民政局{HOSTILE}", "平安镇人民政府",
                   *(f"第{i}区财政局" for i in range(extra_flagged))],
        "report_year": [2022, 2021, 2022, *([2020] * extra_flagged)],
        "template": ["table_2021", "free_text", "table_2021", *(["table_2019"] * extra_flagged)],
        "admin_level": ["county", None, "township", *(["county"] * extra_flagged)],
        "sector": ["statistics", "civil_affairs", "government", *(["finance"] * extra_flagged)],
        "quality_status": ["fail", "warn", "pass", *(["fail"] * extra_flagged)],
        "parser_version": ["t"] * n, "run_id": ["run"] * n}))
    results = QUALITY_RESULTS.conform(pl.DataFrame({
        "report_id": ["r_gap", "r_parts", "r_parts", *(f"r_more{i:03d}" for i in
                                                      range(extra_flagged))],
        "check_id": ["table3.balance_identity", "text.proactive_parts_sum", "parse.warnings",
                     *(["report_year.not_before_2008"] * extra_flagged)],
        "severity": ["error", "warning", "info", *(["error"] * extra_flagged)],
        "status": ["fail"] * (3 + extra_flagged),
        "observed": ["natural_person: 3", "proactive_parts_gap: -12", f"title says {HOSTILE}",
                     *(["report_year: 2001"] * extra_flagged)],
        "expected": ["gap 0", "gap 0", None, *([">= 2008"] * extra_flagged)],
        "message": ["本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理", "parts do not add up",
                    "the parser noted", *(["year too early"] * extra_flagged)]}))
    cells = [("new_received", 9.0, 9.0), ("carried_over", 1.0, 1.0),
             ("results_total", 7.0, 10.0), ("carried_forward", 0.0, 0.0)]
    facts = [_table3("r_gap", item, dim, v) for item, np_v, total in cells
             for dim, v in (("natural_person", np_v), ("total", total))]
    for item, dim, value in (("proactive_total", None, 752.0),
                             ("proactive_channel", "网站", 615.0),
                             ("proactive_channel", "其他途径", 125.0)):
        at = TEXT_PARTS.index(str(int(value)))
        facts.append({"report_id": "r_parts", "section": "text", "item": item,
                      "dimension": dim, "value": value, "unit": "item", "qualifier": "exact",
                      "evidence": TEXT_PARTS, "span_start": at,
                      "span_end": at + len(str(int(value))), "rule": f"rule<{item}>"})
    documents = pl.DataFrame({"report_id": ["r_gap", "r_parts", "r_ok"],
                              "text": [TEXT_GAP, TEXT_PARTS, "平安镇"]})
    return {"reports": reports, "results": results,
            "facts": FACTS.conform(pl.DataFrame(facts)), "documents": documents}


def publish_frames(lake, run_id: str = "run1") -> dict[str, str]:
    """Put run_frames' reports into ``lake`` as a published release: each report's text is its
    raw document (so ids are the real ones, 'r' + its sha256). Returns old id -> report_id."""
    from xxgk.schema import PARSE_ERRORS, report_id_for
    from xxgk.stages import paths
    from xxgk.stages.publish import publish_run
    from xxgk.stages.validate import quality_results_key, validated_reports_key

    frames = run_frames()
    texts = dict(frames["documents"].iter_rows())
    shas = {rid: lake.put_raw(texts[rid].encode("utf-8"))[0] for rid in texts}
    ids = {rid: report_id_for(sha) for rid, sha in shas.items()}

    def renamed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("report_id").replace_strict(ids))

    reports = renamed(frames["reports"]).with_columns(
        pl.col("report_id").map_elements(lambda r: next(s for k, s in shas.items()
                                                        if ids[k] == r),
                                         return_dtype=pl.String).alias("raw_sha256"),
        pl.col("source_url").str.replace(r"\.html$", ".txt"))
    lake.write_frame(validated_reports_key(run_id), reports)
    lake.write_frame(quality_results_key(run_id), renamed(frames["results"]))
    lake.write_frame(paths.parse_batch(run_id, 0, "facts"), renamed(frames["facts"]))
    lake.write_frame(paths.parse_batch(run_id, 0, "errors"), PARSE_ERRORS.empty())
    publish_run(lake, run_id)
    return ids
