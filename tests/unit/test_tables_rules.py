"""The rules that keep table numbers honest: blank cells, "/" cells, units, signs, the format.

Fixtures are short hand-written tables in our own words and numbers.
"""

from __future__ import annotations

from xxgk.extract.tables import TableExtraction, extract_table_facts

T3_HEADER = (
    "| (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n"
    "| 自然人 | 法人或其他组织 | 总计 |\n"
    "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
)
T3_HEADER_FLAT = "\n\n".join([
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况",
    "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
    "其他"])
T2_2021_HEAD = ("| 第二十条第(一)项 | | | |\n"
                "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n")
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org", "total")


def cells_of(result: TableExtraction, section: str, item: str) -> dict[str | None, float | None]:
    return {f.dimension: f.value for f in result.facts if f.section == section and f.item == item}


def row_warnings(result: TableExtraction) -> list[str]:
    """Warnings about rows and cells (fragments here do not show the report format)."""
    return [w for w in result.warnings if "format" not in w]


# --- one blank cell never shifts another value ------------------------------------------------

def test_blank_cell_in_pipe_row_shifts_nothing():
    text = T3_HEADER + (
        "| 一、本年新收政府信息公开申请数量 | 12 | | 2 | 0 | 0 | 1 | 15 |\n"
        "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    result = extract_table_facts(text)
    assert cells_of(result, "table3", "new_received") == {
        "natural_person": 12, "research_institution": 2, "social_welfare_org": 0,
        "legal_service_org": 0, "other_org": 1, "total": 15}
    assert cells_of(result, "table3", "carried_over")["natural_person"] == 1
    assert row_warnings(result) == []


def test_blank_cell_after_the_label_cell_of_a_grid_shifts_nothing():
    # The brief's shape: a label cell, an empty cell left by a merged label, then seven values.
    header = ("| 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 "
              "| 申请人情况 | 申请人情况 | 申请人情况 |\n"
              "| | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n")
    text = header + "| 本年新收政府信息公开申请数量 | | 12 | 3 | 0 | 0 | 0 | 1 | 16 |\n"
    result = extract_table_facts(text)
    assert cells_of(result, "table3", "new_received") == dict(zip(APPLICANTS,
                                                                  [12, 3, 0, 0, 0, 1, 16], strict=True))


def test_blank_cell_in_flattened_row_shown_as_empty_line_shifts_nothing():
    row = "一、本年新收政府信息公开申请数量\n\n12\n\n\n\n2\n\n0\n\n0\n\n1\n\n15"
    text = T3_HEADER_FLAT + "\n\n" + row + "\n\n二、上年结转政府信息公开申请数量\n\n" + \
        "\n\n".join(["1", "0", "0", "0", "0", "0", "1"])
    result = extract_table_facts(text)
    assert cells_of(result, "table3", "new_received") == {
        "natural_person": 12, "research_institution": 2, "social_welfare_org": 0,
        "legal_service_org": 0, "other_org": 1, "total": 15}
    assert cells_of(result, "table3", "carried_over")["total"] == 1


def test_blank_cell_in_flattened_row_shown_as_one_extra_blank_line():
    row = "\n\n".join(["一、本年新收政府信息公开申请数量", "12", "3", "2", "0", "1"]) + \
        "\n\n\n15"
    result = extract_table_facts(T3_HEADER_FLAT + "\n\n" + row)
    assert cells_of(result, "table3", "new_received") == {
        "natural_person": 12, "commercial_enterprise": 3, "research_institution": 2,
        "social_welfare_org": 0, "legal_service_org": 1, "total": 15}


def test_blank_last_cell_of_flattened_row_before_the_next_row():
    rows = "\n\n".join(["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "6"]) + \
        "\n\n\n\n" + "\n\n".join(["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0",
                                  "0", "1"])
    result = extract_table_facts(T3_HEADER_FLAT + "\n\n" + rows)
    assert cells_of(result, "table3", "new_received") == {
        "natural_person": 5, "commercial_enterprise": 1, "research_institution": 0,
        "social_welfare_org": 0, "legal_service_org": 0, "other_org": 6}
    assert cells_of(result, "table3", "carried_over")["total"] == 1


def test_vanished_blank_cell_drops_only_its_row():
    rows = "\n\n".join(["一、本年新收政府信息公开申请数量", "12", "2", "0", "0", "1", "15",
                        "二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"])
    result = extract_table_facts(T3_HEADER_FLAT + "\n\n" + rows)
    assert cells_of(result, "table3", "new_received") == {}
    assert cells_of(result, "table3", "carried_over") == dict(zip(APPLICANTS,
                                                                  [1, 0, 0, 0, 0, 0, 1], strict=True))
    assert any("本年新收" in w and "6 cells for 7 columns" in w for w in result.warnings)


def test_pipe_row_with_a_missing_cell_yields_no_facts():
    text = T3_HEADER + (
        "| 一、本年新收政府信息公开申请数量 | 12 | 2 | 0 | 0 | 1 | 15 |\n"
        "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    result = extract_table_facts(text)
    assert cells_of(result, "table3", "new_received") == {}
    assert len(cells_of(result, "table3", "carried_over")) == 7
    assert len(row_warnings(result)) == 1


def test_padding_pipes_after_a_short_row_are_not_cells():
    text = ("| 第二十条第(五)项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n"
            "| 行政许可 | 36 | | |\n")
    result = extract_table_facts(text)
    assert cells_of(result, "table2", "licensing.decisions") == {None: 36}


# --- "/" and friends are not numbers -----------------------------------------------------------

def test_slash_and_dash_cells_are_not_a_number_never_zero():
    text = (T2_2021_HEAD + "| 规章 | / | — | 无 |\n| 行政规范性文件 | 2 | - | 9 |\n")
    result = extract_table_facts(text)
    by_item = {f.item: f for f in result.facts}
    for item in ("regulations.made", "regulations.repealed", "regulations.in_force",
                 "normative_documents.repealed"):
        assert by_item[item].value is None
        assert by_item[item].qualifier == "not_a_number"
    assert by_item["normative_documents.made"].value == 2
    assert by_item["normative_documents.made"].qualifier == "exact"
    assert all(f.value != 0 for f in result.facts)


def test_slash_cells_in_flattened_table4():
    header = "\n\n".join(["行政复议", "行政诉讼", *["结果维持", "结果纠正", "其他结果", "尚未审结",
                                                    "总计"], "未经复议直接起诉", "复议后起诉",
                          *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)])
    values = "\n\n".join(["/"] * 5 + ["1", "0", "0", "0", "1"] + ["--"] * 5)
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    result = extract_table_facts(heading + "\n\n" + header + "\n\n" + values)
    assert cells_of(result, "table4", "reconsideration") == dict.fromkeys(
        ("upheld", "corrected", "other", "pending", "total"))
    assert cells_of(result, "table4", "litigation_direct")["total"] == 1
    assert {f.qualifier for f in result.facts if f.item != "litigation_direct"} == {"not_a_number"}


# --- amounts and signs -------------------------------------------------------------------------

T2_2019_TAIL = ("| 第二十条第(八)项 | | |\n| 信息内容 | 上一年项目数量 | 本年增/减 |\n"
                "| 行政事业性收费 | 3 | {change} |\n"
                "| 第二十条第(九)项 | | |\n| 信息内容 | 采购项目数量 | {amount_header} |\n"
                "| 政府集中采购 | 4 | {amount} |\n")


def _fees_and_procurement(change="0", amount_header="采购总金额", amount="1"):
    text = T2_2019_TAIL.format(change=change, amount_header=amount_header, amount=amount)
    result = extract_table_facts(text)
    return result, {f.item: f for f in result.facts}


def test_procurement_amount_in_yuan():
    _, facts = _fees_and_procurement(amount="173365.3元")
    assert facts["procurement.amount_yuan"].value == 173365.3
    assert facts["procurement.amount_yuan"].unit == "yuan"
    assert facts["procurement.items"].unit == "item"


def test_procurement_amount_in_wan_yuan_cell_or_header_becomes_yuan():
    _, facts = _fees_and_procurement(amount="17.34万元")
    assert facts["procurement.amount_yuan"].value == 173400.0
    _, facts = _fees_and_procurement(amount_header="采购总金额(万元)", amount="2.5")
    assert facts["procurement.amount_yuan"].value == 25000.0


def test_negative_and_signed_changes():
    for printed, value in (("-3", -3), ("减3", -3), ("+2", 2), ("增2", 2)):
        _, facts = _fees_and_procurement(change=printed)
        assert facts["admin_fees.change"].value == value, printed


def test_admin_fees_in_wan_yuan_and_a_cell_in_yuan():
    head = ("| 第二十条第(八)项 | |\n| 信息内容 | 本年收费金额(单位:万元) |\n"
            "| 行政事业性收费 | {cell} |\n")
    result = extract_table_facts(head.format(cell="1.5"))
    fact = result.facts[0]
    assert (fact.item, fact.value, fact.unit) == ("admin_fees.amount_wan_yuan", 1.5, "wan_yuan")
    result = extract_table_facts(head.format(cell="12500元"))
    assert result.facts[0].value == 1.25


def test_count_cells_with_stray_units_and_spaces():
    text = ("| 第二十条第(五)项 | | | |\n| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            "| 行政许可 | 10项 | 0 | 36件 |\n| 其他对外管理服务事项 | 3 | 0 | 1 837 |\n")
    result = extract_table_facts(text)
    values = {f.item: f.value for f in result.facts}
    assert values["licensing.prev_year_items"] == 10
    assert values["licensing.decisions"] == 36
    assert values["other_services.decisions"] == 1837


# --- the report format -------------------------------------------------------------------------

def test_2023_report_printing_2019_columns_is_table_2019():
    text = ("2023年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
            "| 第二十条第(一)项 | | | |\n"
            "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
            "| 规章 | 0 | 0 | 0 |\n| 规范性文件 | 2 | 2 | 7 |\n")
    assert extract_table_facts(text).template == "table_2019"


def test_format_from_table3_alone():
    rows_2019 = T3_HEADER + "| 三、本年度办理结果 | (六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    result = extract_table_facts(rows_2019)
    assert result.template == "table_2019"
    assert cells_of(result, "table3", "other")["total"] == 0
    rows_2021 = T3_HEADER + (
        "| 三、本年度办理结果 | (六)其他处理 "
        "| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 "
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 "
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "| 3.其他 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n")
    result = extract_table_facts(rows_2021)
    assert result.template == "table_2021"
    assert cells_of(result, "table3", "other.other")["total"] == 2
    assert cells_of(result, "table3", "other.no_correction")["natural_person"] == 1


def test_no_standard_table_means_no_template_and_no_facts():
    text = ("二、主动公开政府信息情况\n\n全年主动公开政府信息120条,其中规范性文件3件。\n\n"
            "三、收到和处理政府信息公开申请情况\n\n本年度收到申请2件,均已按时答复。\n")
    assert extract_table_facts(text) == TableExtraction((), None, ())


def test_table4_alone_does_not_tell_the_format():
    dims = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 "
    header = ("| 行政复议 | 行政诉讼 |\n" + dims + "| 未经复议直接起诉 | 复议后起诉 |\n"
              + dims + dims + "|\n")
    result = extract_table_facts(header + "| " + " | ".join(["0"] * 15) + " |\n")
    assert len(result.facts) == 15
    assert result.template is None
    assert any("format" in w for w in result.warnings)


# --- labels outside the vocabulary ------------------------------------------------------------

def test_local_extra_row_is_kept_under_its_own_key():
    text = ("| 第二十条第(一)项 | | | |\n"
            "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
            "| 规章 | 0 | 0 | 0 |\n| 规范性文件 | 1 | 1 | 1 |\n"
            "| 其他主动公开文件(含以本单位名义签发的其他文件) | 9 | 8 | 30 |\n")
    result = extract_table_facts(text)
    values = {f.item: f.value for f in result.facts}
    assert values["other_documents.new_made"] == 9
    assert values["other_documents.total_published"] == 30
    assert values["normative_documents.total_published"] == 1


def test_unknown_row_label_skips_its_values_and_says_so():
    text = (T2_2021_HEAD + "| 规章 | 0 | 0 | 0 |\n| 内部管理文件 | 5 | 5 | 5 |\n"
            "| 行政规范性文件 | 1 | 0 | 4 |\n")
    result = extract_table_facts(text)
    assert {f.item for f in result.facts} == {
        "regulations.made", "regulations.repealed", "regulations.in_force",
        "normative_documents.made", "normative_documents.repealed",
        "normative_documents.in_force"}
    assert any("内部管理文件" in w for w in result.warnings)


def test_numbers_in_prose_between_tables_are_not_table_facts():
    text = ("| 第二十条第(五)项 | |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 7 |\n\n"
            "全年办理行政许可事项7件,按时办结率100%。\n\n12\n\n行政处罚\n\n3\n")
    result = extract_table_facts(text)
    assert [(f.item, f.value) for f in result.facts] == [("licensing.decisions", 7)]


def test_the_misprinted_research_column_header_is_still_that_column():
    text = T3_HEADER.replace("科研机构", "科研企业") + (
        "一、本年新收政府信息公开申请数量 | 4 | 1 | 2 | 0 | 0 | 0 | 7 | ||\n")
    result = extract_table_facts(text)
    cells = cells_of(result, "table3", "new_received")
    assert [cells[d] for d in APPLICANTS] == [4, 1, 2, 0, 0, 0, 7]


def test_a_table_in_traditional_characters_is_read_with_its_money_unit():
    text = ("| 第二十條第(八)項 | | | |\n"
            "| 信息內容 | 本年收費金額(單位:萬元) | | |\n"
            "| 行政事業性收費 | 12.5 | | |\n"
            "| 第二十條第(一)項 | | | |\n"
            "| 信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |\n"
            "| 規範性文件 | 2 | 1 | 30 |\n")
    result = extract_table_facts(text)
    assert cells_of(result, "table2", "admin_fees.amount_wan_yuan") == {None: 12.5}
    assert cells_of(result, "table2", "normative_documents.in_force") == {None: 30}
