"""Gold labels of generated reports are right: vocabulary, identities, evidence in the text."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from xxgk.generate import GeneratedReport, generate_reports
from xxgk.generate.numerals import format_chinese_number, format_with_separator

# The item vocabulary of DESIGN.md, written out here as the specification under test.
TABLE2_2021 = {f"{p}.{c}" for p in ("regulations", "normative_documents")
               for c in ("made", "repealed", "in_force")} | {
    "licensing.decisions", "penalties.decisions", "coercion.decisions",
    "admin_fees.amount_wan_yuan"}
TABLE2_2019 = {f"{p}.{c}" for p in ("regulations", "normative_documents")
               for c in ("new_made", "new_published", "total_published")} | {
    f"{p}.{c}" for p in ("licensing", "other_services", "penalties", "coercion")
    for c in ("prev_year_items", "change", "decisions")} | {
    "admin_fees.prev_year_items", "admin_fees.change", "procurement.items",
    "procurement.amount_yuan"}
TABLE3_COMMON = {"new_received", "carried_over", "granted", "partially_granted",
                 "results_total", "carried_forward"} | {
    f"denied.{x}" for x in ("state_secret", "prohibited_by_law", "three_safeties_one_stability",
                            "third_party_rights", "internal_affairs", "process_information",
                            "enforcement_case_file", "administrative_inquiry")} | {
    f"unable.{x}" for x in ("not_held", "needs_creation", "unclear_after_correction")} | {
    f"not_processed.{x}" for x in ("petition_complaint", "duplicate", "publication",
                                   "excessive_repeated", "confirmation_request")}
TABLE3_2021 = TABLE3_COMMON | {"other.no_correction", "other.fee_unpaid", "other.other"}
TABLE3_2019 = TABLE3_COMMON | {"other"}
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org")
TABLE4_ITEMS = {"reconsideration", "litigation_direct", "litigation_after_reconsideration"}
TABLE4_DIMENSIONS = {"upheld", "corrected", "other", "pending", "total"}
RESULT_ROWS_EXCLUDED = {"new_received", "carried_over", "results_total", "carried_forward"}


def decode(report: GeneratedReport) -> str:
    return report.data.decode("gb18030" if report.encoding == "gbk" else "utf-8")


def index_cells(cells: list[dict]) -> tuple[dict, dict]:
    table3: dict[str, dict] = defaultdict(dict)
    table4: dict[str, dict] = defaultdict(dict)
    for cell in cells:
        if cell["section"] == "table3":
            table3[cell["item"]][cell["dimension"]] = cell["value"]
        elif cell["section"] == "table4":
            table4[cell["item"]][cell["dimension"]] = cell["value"]
    return table3, table4


def failing_identities(cells: list[dict]) -> set[str]:
    """The DESIGN.md blocking identities, checked independently of the generator."""
    table3, table4 = index_cells(cells)
    failures = set()
    if table3:
        results = [i for i in table3 if i not in RESULT_ROWS_EXCLUDED]
        for d in (*APPLICANTS, "total"):
            if (table3["new_received"][d] + table3["carried_over"][d]
                    != table3["results_total"][d] + table3["carried_forward"][d]):
                failures.add("table3.balance_identity")
            if sum(table3[i][d] for i in results) != table3["results_total"][d]:
                failures.add("table3.results_total_identity")
        for values in table3.values():
            if sum(values[d] for d in APPLICANTS) != values["total"]:
                failures.add("table3.total_column_identity")
    for values in table4.values():
        if sum(values[d] for d in ("upheld", "corrected", "other", "pending")) != values["total"]:
            failures.add("table4.block_total_identity")
    return failures


def printed_forms(value: float | int) -> set[str]:
    """Ways a number may be printed: Arabic, Chinese numerals, separators, 减N, decimals."""
    forms = set()
    if isinstance(value, float):
        forms |= {f"{value:.1f}", f"{value:.2f}", f"{value:.4f}"}
        if value.is_integer():
            value = int(value)
    forms.add(str(value))
    if isinstance(value, int) and value < 0:
        forms.add(f"减{-value}")
    if isinstance(value, int) and value >= 0:
        forms |= {format_chinese_number(value), format_chinese_number(value, use_liang=True),
                  format_with_separator(value), "两" if value == 2 else str(value)}
    return forms


def amount_forms(yuan: float) -> set[str]:
    """procurement.amount_yuan is gold in 元 but may be printed in 元 or 万元."""
    forms = {f"{yuan:.2f}", f"{yuan:.1f}", f"{yuan / 10000:.2f}", f"{yuan / 10000:.4f}"}
    if yuan.is_integer():
        forms.add(str(int(yuan)))
    return forms


@pytest.fixture(scope="module")
def clean() -> list[GeneratedReport]:
    return list(generate_reports(600, seed=777))


@pytest.fixture(scope="module")
def violated() -> list[GeneratedReport]:
    return list(generate_reports(300, seed=31, violation_rate=1.0))


def test_identities_hold_when_no_violation_is_planted(clean):
    table_reports = [r for r in clean if r.gold["template"] != "free_text"]
    assert table_reports
    for r in clean:
        assert r.gold["planted_violations"] == []
        assert failing_identities(r.gold["table_cells"]) == set()


def test_every_table_era_report_gets_exactly_its_planted_violation(violated):
    planted = Counter()
    for r in violated:
        gold = r.gold
        if gold["template"] == "free_text":
            assert gold["planted_violations"] == []
            continue
        assert len(gold["planted_violations"]) == 1
        check_id = gold["planted_violations"][0]
        planted[check_id] += 1
        assert failing_identities(gold["table_cells"]) == {check_id}
        assert f"Planted violation {check_id}" in gold["notes"]
    assert set(planted) == {"table3.balance_identity", "table3.results_total_identity",
                            "table3.total_column_identity", "table4.block_total_identity"}


def test_violation_rate_is_respected():
    reports = list(generate_reports(400, seed=8, violation_rate=0.3,
                                    eras=("table_2019", "table_2021")))
    rate = sum(bool(r.gold["planted_violations"]) for r in reports) / len(reports)
    assert 0.2 < rate < 0.4


def test_table_cells_use_the_design_vocabulary(clean):
    for r in clean:
        template = r.gold["template"]
        cells = r.gold["table_cells"]
        if template == "free_text":
            assert cells == []
            continue
        table2 = TABLE2_2021 if template == "table_2021" else TABLE2_2019
        table3 = TABLE3_2021 if template == "table_2021" else TABLE3_2019
        for cell in cells:
            assert cell["value"] is not None and not isinstance(cell["value"], bool)
            if cell["section"] == "table2":
                assert cell["item"] in table2 and cell["dimension"] is None
            elif cell["section"] == "table3":
                assert cell["item"] in table3 and cell["dimension"] in (*APPLICANTS, "total")
            else:
                assert cell["section"] == "table4"
                assert cell["item"] in TABLE4_ITEMS and cell["dimension"] in TABLE4_DIMENSIONS
        items3 = {c["item"] for c in cells if c["section"] == "table3"}
        assert items3 in (set(), table3)  # a printed 表三 is complete


def test_cells_printed_as_marks_are_left_out(clean):
    table2_sizes = Counter()
    for r in clean:
        if r.gold["template"] == "table_2021":
            table2_sizes[sum(c["section"] == "table2" for c in r.gold["table_cells"])] += 1
    assert max(table2_sizes) == len(TABLE2_2021)
    assert min(table2_sizes) < len(TABLE2_2021)  # "/" or blank 规章 cells have no gold


def test_headlines_agree_with_the_printed_tables(clean):
    for r in clean:
        table3, table4 = index_cells(r.gold["table_cells"])
        if table3:
            assert r.gold["applications_received"] == table3["new_received"]["total"]
        if table4:
            assert r.gold["reconsideration_total"] == table4["reconsideration"]["total"]
            assert r.gold["litigation_total"] == (
                table4["litigation_direct"]["total"]
                + table4["litigation_after_reconsideration"]["total"])


def test_every_gold_number_appears_in_the_text(clean):
    for r in clean:
        text = decode(r)
        flat = re.sub(r"\s+", "", text)
        gold = r.gold
        assert any(name in text for name in gold["agency"]), gold["agency"]
        assert str(gold["report_year"]) in flat
        if gold["publish_date"]:
            y, m, d = (int(x) for x in gold["publish_date"].split("-"))
            date_forms = {f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m:02d}.{d:02d}",
                          f"{y}年{m:02d}月{d:02d}日", f"{y}年{m}月{d}日",
                          f"年{format_chinese_number(m)}月{format_chinese_number(d)}日"}
            assert any(form in flat for form in date_forms), gold["publish_date"]
        if gold["proactive_total"]:
            assert appears(printed_forms(gold["proactive_total"]["value"]), flat)
        for key in ("applications_received", "reconsideration_total"):
            if gold[key]:
                assert appears(printed_forms(gold[key]), flat), (key, gold[key])
        _, table4 = index_cells(gold["table_cells"])
        if gold["litigation_total"] and not table4:  # with 表四 it is a sum of two cells
            assert appears(printed_forms(gold["litigation_total"]), flat)
        for cell in gold["table_cells"]:
            forms = (amount_forms(cell["value"]) if cell["item"] == "procurement.amount_yuan"
                     else printed_forms(cell["value"]))
            assert appears(forms, flat), cell


def appears(forms: set[str], flat: str) -> bool:
    return any(form in flat for form in forms)


def test_traps_and_answer_families_are_all_reachable(clean):
    golds = [r.gold for r in clean]
    qualifiers = Counter(g["proactive_total"]["qualifier"] for g in golds if g["proactive_total"])
    assert set(qualifiers) == {"exact", "at_least", "approx", "partial_year"}
    notes = " ".join(g["notes"] for g in golds)
    for phrase in ("Chinese numerals", "All-time cumulative", "do not add up",
                   "no stated total", "garbled signature", "never mentioned", "Zero applications",
                   "compiled it; the agency is the government", "all-zero 表三",
                   "outside the vocabulary", "累计", "Spam suffix"):
        assert phrase in notes, phrase
    assert any(g["proactive_total"] is None for g in golds)
    assert any(g["publish_date"] is None for g in golds)
    assert any(g["applications_received"] is None for g in golds)
    assert any(g["applications_received"] == 0 for g in golds)
    assert any(g["litigation_total"] is None and g["reconsideration_total"] == 0 for g in golds)
    assert any(len(g["agency"]) > 1 for g in golds)


def test_government_reports_compiled_by_the_office_name_the_government(clean):
    compiled = [r for r in clean if "compiled it" in r.gold["notes"]]
    assert compiled
    for r in compiled:
        assert all(name.endswith("人民政府") for name in r.gold["agency"]
                   if not name.endswith("政府"))
        assert r.gold["agency"][0].endswith("人民政府")
        text, office = decode(r), "办公室"
        if "Family traditional" in r.gold["notes"]:  # converted, maybe glossed: 辦(bàn)公室
            text, office = re.sub(r"[(（][a-zü\u00e0-\u01dc]{1,7}[)）]", "", text), "辦公室"
        assert r.gold["agency"][0] + office in text


def test_partial_year_reports_are_published_before_the_year_ends(clean):
    partial = [r.gold for r in clean if r.gold["proactive_total"]
               and r.gold["proactive_total"]["qualifier"] == "partial_year"]
    assert partial
    for gold in partial:
        if gold["publish_date"]:
            assert gold["publish_date"].startswith(str(gold["report_year"]))
