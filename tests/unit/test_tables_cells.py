"""One cell at a time: values, "not a number" marks, units, and label variants."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from xxgk.extract.tables.cells import LABEL, NOTE, NUMBER, classify, parse_value
from xxgk.extract.tables.label_text import display_label, label_keys
from xxgk.extract.tables.vocabulary import (
    LABELS_PATH,
    ColumnEntry,
    RowEntry,
    SectionEntry,
    load_vocabulary,
)


@pytest.mark.parametrize("text, value, unit", [
    ("0", Decimal(0), None),
    ("36", Decimal(36), None),
    ("３６", Decimal(36), None),  # full-width digits
    ("36件", Decimal(36), None),
    ("12 条", Decimal(12), None),
    ("1 837", Decimal(1837), None),  # thousands group with a space
    ("1,837", Decimal(1837), None),
    ("-3", Decimal(-3), None),
    ("－3", Decimal(-3), None),
    ("减3", Decimal(-3), None),
    ("减少 3", Decimal(-3), None),
    ("+2", Decimal(2), None),
    ("增2", Decimal(2), None),
    ("173365.3元", Decimal("173365.3"), "yuan"),
    ("17.5万元", Decimal("17.5"), "wan_yuan"),
    ("1.25", Decimal("1.25"), None),
])
def test_value_cells(text, value, unit):
    parsed = parse_value(text)
    assert parsed is not None
    assert parsed.value == value
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["/", "-", "—", "--", "——", "无", " / ", "－"])
def test_not_a_number_cells_have_no_value(text):
    parsed = parse_value(text)
    assert parsed is not None and parsed.value is None


@pytest.mark.parametrize("text", ["0 0", "12%", "规章", "2.重复申请", "约3", "1.2.3", ""])
def test_non_value_cells(text):
    assert parse_value(text) is None


def _entry_keys(text: str) -> set[tuple[str, str]]:
    kind = classify(text)
    assert kind.kind == LABEL, text
    return {(type(e).__name__, getattr(e, "key", "") or "") for e in kind.entries}


@pytest.mark.parametrize("text, key", [
    ("规范性文件", "normative_documents"),
    ("行政规范性文件", "normative_documents"),
    ("规范性文件(行政机关制定发布的决定、公告等,一般情况下属于规范性文件)", "normative_documents"),
    ("规章(设区的市、自治州人民政府应提供相关数据)", "regulations"),
    ("其他主动公开文件(含以本单位名义签发的其他文件)", "other_documents"),
    ("其他对外管理服务事项(指行政许可以外的服务事项)", "other_services"),
    ("3.危及“三安全一稳定”", "denied.three_safeties_one_stability"),
    ('3.危及"三安全一稳定"', "denied.three_safeties_one_stability"),
    ("3.危及‘三安全一稳定’", "denied.three_safeties_one_stability"),
    ("危及三安全一稳定", "denied.three_safeties_one_stability"),
    ("(一)予以公开", "granted"),
    ("（一）予以公开", "granted"),
    ("1、予以公开", "granted"),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially_granted"),
    ("(二)部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    ("2.其他法律、行政法规禁止公开", "denied.prohibited_by_law"),
    ("5.要求行政机关确认或者重新出具已获取信息", "not_processed.confirmation_request"),
    ("1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请", "other.no_correction"),
    ("一、本年新收政府信息公开申请数量", "new_received"),
    ("四、结转下年度继续办理", "carried_forward"),
])
def test_row_label_variants(text, key):
    assert ("RowEntry", key) in _entry_keys(text)


@pytest.mark.parametrize("text, key", [
    ("商业 企业", "commercial_enterprise"),
    ("商业企业", "commercial_enterprise"),
    ("科研 机构", "research_institution"),
    ("法人或其他组织", "legal_person_or_org"),
    ("本年新 制作数量", "new_made"),
    ("本年增/减", "change"),
    ("上一年项目数量(指2019年事项数)", "prev_year_items"),
    ("本年收费金额(单位:万元)", "amount_wan_yuan"),
    ("结果维持", "upheld"),
    ("未经复议直接起诉", "litigation_direct"),
])
def test_column_label_variants(text, key):
    assert ("ColumnEntry", key) in _entry_keys(text)


def test_generic_words_keep_every_meaning_for_the_reader_to_choose():
    assert _entry_keys("其他") == {("ColumnEntry", "other_org"), ("RowEntry", "other.other")}
    assert _entry_keys("总计") == {("ColumnEntry", "total"), ("RowEntry", "results_total")}
    assert classify("(七)总计").numbered and not classify("总计").numbered


def test_headings_and_notes():
    sections = [e for e in classify("四、因政府信息公开申请提起行政复议、行政诉讼的情况").entries
                if isinstance(e, SectionEntry)]
    assert [s.opens for s in sections] == ["table4"]
    note = classify("(指2020年增减的事项数量，减少时以负值表示，如-5)")
    assert note.kind == NOTE and note.unit is None
    assert classify("(单位:万元)").unit == "wan_yuan"
    assert classify("本年收费金额(单位:万元)").unit == "wan_yuan"
    assert classify("采购总金额").unit is None
    assert classify("12").kind == NUMBER


def test_display_label_is_short():
    assert display_label("(三)不予公开") == "不予公开"
    assert display_label("规章(设区的市、自治州人民政府应提供相关数据)") == "规章"
    assert label_keys("第二十条第(一)项")[0] == "第二十条第(一)项"


@pytest.mark.parametrize("read", ["(二部分公开", "二）部分公开", "（二）部分公开"])
def test_numbering_with_a_bracket_lost_by_ocr_is_still_numbering(read):
    assert label_keys(read)[1] == "部分公开"


def test_quotes_read_as_braces_carry_no_meaning():
    assert label_keys("3.危及“三安全一稳定}")[1] == label_keys("3.危及“三安全一稳定”")[1]


def test_every_vocabulary_key_is_in_the_design_vocabulary():
    vocab = load_vocabulary()
    t2_items = {"regulations.made", "regulations.repealed", "regulations.in_force",
                "normative_documents.made", "normative_documents.repealed",
                "normative_documents.in_force", "licensing.decisions", "penalties.decisions",
                "coercion.decisions", "admin_fees.amount_wan_yuan",
                "regulations.new_made", "regulations.new_published", "regulations.total_published",
                "normative_documents.new_made", "normative_documents.new_published",
                "normative_documents.total_published", "admin_fees.prev_year_items",
                "admin_fees.change", "procurement.items", "procurement.amount_yuan"}
    t2_items |= {f"{r}.{m}" for r in ("licensing", "other_services", "penalties", "coercion")
                 for m in ("prev_year_items", "change", "decisions")}
    rows = {e for entries in vocab.by_key.values() for e in entries if isinstance(e, RowEntry)}
    combined = {f"{r.key}.{m}" for r in rows if r.table == "table2" and not r.local
                for m in r.measures}
    assert combined == t2_items
    columns = {e for entries in vocab.by_key.values() for e in entries
               if isinstance(e, ColumnEntry) and not e.is_group}
    assert {c.key for c in columns if c.table == "table3"} == {
        "natural_person", "commercial_enterprise", "research_institution",
        "social_welfare_org", "legal_service_org", "other_org", "total"}
    assert {c.key for c in columns if c.table == "table4"} == {
        "reconsideration", "litigation_direct", "litigation_after_reconsideration",
        "upheld", "corrected", "other", "pending", "total"}
    t3_rows = {r.key for r in rows if r.table == "table3" and r.has_values}
    denied = ("state_secret", "prohibited_by_law", "three_safeties_one_stability",
              "third_party_rights", "internal_affairs", "process_information",
              "enforcement_case_file", "administrative_inquiry")
    unable = ("not_held", "needs_creation", "unclear_after_correction")
    not_processed = ("petition_complaint", "duplicate", "publication", "excessive_repeated",
                     "confirmation_request")
    assert t3_rows == {
        "new_received", "carried_over", "granted", "partially_granted", "results_total",
        "carried_forward", "other", "other.no_correction", "other.fee_unpaid", "other.other",
        *(f"denied.{k}" for k in denied), *(f"unable.{k}" for k in unable),
        *(f"not_processed.{k}" for k in not_processed)}


def _yaml_entries():
    data = yaml.safe_load(LABELS_PATH.read_text(encoding="utf-8"))
    for name, spec in data["tables"].items():
        for kind in ("markers", "columns", "rows"):
            for entry in spec.get(kind) or ():
                yield name, kind, entry
    for section in data["sections"]:
        yield None, "sections", section


def test_every_label_in_the_data_file_has_an_example_and_is_found_as_printed():
    count = 0
    for table, kind, entry in _yaml_entries():
        assert entry.get("example"), entry
        for label in entry["labels"]:
            found = classify(label)
            assert found.kind == LABEL, label
            if kind in ("columns", "rows"):
                assert any(getattr(e, "key", None) == entry["key"] and e.table == table
                           for e in found.entries), label
            count += 1
    assert count > 100
