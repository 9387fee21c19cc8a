"""表三/表四 rows kept whole by a PDF converter that broke the header: read by label only."""

from xxgk.extract.tables import extract_table_facts

# Our own table in the shape such converters leave: the header words split over lines, some row
# labels on lines of their own above bare number rows, padding cells at the ends.
BROKEN = """三、收到和处理政府信息公开申请情况
申请人情况
自然人总计
商业企科研机社会公法律服
其他
| 业 | 构 | 益组织 | 务机构 |  |  |  |  |  |
|---|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 41 | 3 | 0 | 0 | 1 | 0 | 45 |  |
| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |  |
（二）部分公开（区分处理的，只
计这一情形，不计其他情形）
| 5 | 0 | 0 | 0 | 0 | 0 | 5 |
|---|---|---|---|---|---|---|
| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.重复申请 | 3 | 0 | 0 | 0 | 0 | 0 | 4 |
（六）其
他处理
| 3.其他 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |
| （七）总计 | 40 | 3 | 0 | 0 | 1 | 0 | 44 |
| 四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 |  |
四、政府信息公开行政复议、行政诉讼情况
| 维持 | 纠正 | 结果 | 审结 | 结果 | 结果 | 其他 | 尚未 | 结果 | 结果 | 其他 | 尚未 |
|---|---|---|---|---|---|---|---|---|---|---|---|
| 2 | 0 | 1 | 0 | 3 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
"""


def _cells(section):
    result = extract_table_facts(BROKEN)
    return {(f.item, f.dimension): f.value for f in result.facts if f.section == section}, result


def test_whole_labelled_rows_are_read_in_the_format_column_order():
    t3, result = _cells("table3")
    assert t3[("new_received", "natural_person")] == 41
    assert t3[("new_received", "legal_service_org")] == 1
    assert t3[("new_received", "total")] == 45
    assert t3[("results_total", "total")] == 44
    assert t3[("other.other", "commercial_enterprise")] == 1
    assert all(f.rule == "table3.labelled_row" for f in result.facts if f.section == "table3")


def test_an_empty_total_cell_leaves_only_the_total_unread():
    t3, _ = _cells("table3")
    assert t3[("carried_forward", "natural_person")] == 3
    assert ("carried_forward", "total") not in t3


def test_rows_without_a_label_or_that_do_not_add_up_are_not_read():
    t3, result = _cells("table3")
    assert not any(item == "partially_granted" for item, _ in t3)
    assert not any(item == "not_processed.duplicate" for item, _ in t3)
    assert any("重复申请" in w for w in result.warnings)


def test_table4_row_of_fifteen_that_adds_up():
    t4, _ = _cells("table4")
    assert t4[("reconsideration", "upheld")] == 2 and t4[("reconsideration", "total")] == 3
    assert t4[("litigation_direct", "total")] == 1
    assert t4[("litigation_after_reconsideration", "total")] == 0


# Our own table where the converter moved four labels away from their numbers: the bare rows sit
# between labelled rows, as many as the format's rows between those labels.
DETACHED = """三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 20 | 1 | 0 | 0 | 0 | 0 | 21 |  |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |  |
| 三、 | （一）予以公开 | 8 | 1 | 0 | 0 | 0 | 0 | 9 |
| 2 | 0 | 0 | 0 | 0 | 0 | 2 |
|---|---|---|---|---|---|---|
1.属于国家秘密
| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（四）无法提供 1.本机关不掌握相关政府信息 2.没有现成信息需要另行制作
| 6 | 0 | 0 | 0 | 0 | 0 | 6 |
| 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 20 | 1 | 0 | 0 | 0 | 0 | 21 |
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
四、政府信息公开行政复议、行政诉讼情况
"""


def _table3(text):
    result = extract_table_facts(text)
    return {(f.item, f.dimension): f for f in result.facts if f.section == "table3"}, result


def test_bare_rows_between_labelled_rows_take_the_formats_rows_between_them():
    t3, _ = _table3(DETACHED)
    assert t3[("granted", "commercial_enterprise")].value == 1  # after the group's own cell
    assert t3[("partially_granted", "total")].value == 2
    assert t3[("partially_granted", "total")].rule == "table3.row_between_labels"
    assert t3[("denied.prohibited_by_law", "total")].value == 0
    assert [t3[(k, "total")].value for k in (
        "unable.not_held", "unable.needs_creation", "unable.unclear_after_correction")] == [6, 3, 0]
    assert t3[("results_total", "total")].value == 21


def test_bare_rows_are_left_unread_when_their_number_does_not_fit_the_gap():
    one_less = DETACHED.replace("| 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n", "")
    t3, _ = _table3(one_less)
    assert not any(k.startswith("unable.") for k, _ in t3)
    assert t3[("partially_granted", "total")].value == 2  # other gaps still fit


def test_bare_rows_that_break_the_results_total_are_all_left_unread():
    # swapping two bare rows' values keeps the counts but the results no longer add up to 21
    broken = DETACHED.replace("| 6 | 0 | 0 | 0 | 0 | 0 | 6 |", "| 7 | 0 | 0 | 0 | 0 | 0 | 7 |")
    t3, result = _table3(broken)
    assert not any(f.rule == "table3.row_between_labels" for f in t3.values())
    assert any("办理结果总计" in w for w in result.warnings)


# A merged group cell that the converter cut in two: each piece stays in front of a row label.
GROUP_PIECES = """三、收到和处理政府信息公开申请情况
| 一、本年新收政府信息公开申请数量 | 12 | 1 | 0 | 0 | 0 | 0 | 13 |  |
|---|---|---|---|---|---|---|---|---|
| 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |  |
| （三）不 | 4.保护第三方合法权益 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 予公开 | 5.属于三类内部事务信息 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |
| （五）不 | 3.要求提供公开出版物 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |
| 予公开 | 2.重复申请 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |
| 本年度 | 2.没有现成信息需要另行制作 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
四、政府信息公开行政复议、行政诉讼情况
"""


def test_a_piece_of_the_group_label_before_the_row_label_is_passed_over():
    result = extract_table_facts(GROUP_PIECES)
    t3 = {(f.item, f.dimension): f.value for f in result.facts if f.section == "table3"}
    assert t3[("denied.third_party_rights", "natural_person")] == 2
    assert t3[("denied.internal_affairs", "commercial_enterprise")] == 1
    assert t3[("not_processed.publication", "total")] == 4


def test_a_piece_of_another_group_or_of_no_group_leaves_the_row_unread():
    result = extract_table_facts(GROUP_PIECES)
    items = {f.item for f in result.facts if f.section == "table3"}
    assert "not_processed.duplicate" not in items  # cut from 不予公开, not 不予处理
    assert "unable.needs_creation" not in items  # 本年度 is no piece of a result group
