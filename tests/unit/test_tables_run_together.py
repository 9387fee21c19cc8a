"""Tables whose cells run together: rows cut by the identities, ambiguity left unread."""

from xxgk.extract.tables import extract_table_facts
from xxgk.extract.tables.digit_splits import cut_blocks, cut_plain, cut_with_total, settled_cells

_ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", "{nr}"), ("二、上年结转政府信息公开申请数量", "{co}"),
    ("三、本年度办理结果(一)予以公开", "{gr}"),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "{pg}"),
    ("(三)不予公开1.属于国家秘密", "{z}"), ("2.其他法律行政法规禁止公开", "{z}"),
    ("3.危及“三安全一稳定”", "{z}"), ("4.保护第三方合法权益", "{z}"),
    ("5.属于三类内部事务信息", "{z}"), ("6.属于四类过程性信息", "{z}"),
    ("7.属于行政执法案卷", "{z}"), ("8.属于行政查询事项", "{z}"),
    ("(四)无法提供1.本机关不掌握相关政府信息", "{nh}"), ("2.没有现成信息需要另行制作", "{z}"),
    ("3.补正后申请内容仍不明确", "{z}"), ("(五)不予处理1.信访举报投诉类申请", "{z}"),
    ("2.重复申请", "{z}"), ("3.要求提供公开出版物", "{z}"), ("4.无正当理由大量反复申请", "{z}"),
    ("5.要求行政机关确认或重新出具已获取信息", "{z}"),
    ("(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "{z}"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "{z}"),
    ("3.其他", "{z}"), ("(七)总计", "{tot}"), ("四、结转下年度继续办理", "{cf}"),
]


def _page(**cells: str) -> str:
    values = {"z": "0000000", **cells}
    rows = "".join(label + pattern.format(**values) for label, pattern in _ROWS_2021)
    return ("标题:青河区人民政府2023年政府信息公开工作年度报告\n发布时间:2024-01-20\n"
            "一、总体情况2023年,我区认真落实《条例》。三、收到和处理政府信息公开申请情况(本列数据的"
            "勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况自然人法人或其他组织总计"
            "商业企业科研机构社会公益组织法律服务机构其他" + rows +
            "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结"
            "总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正"
            "其他结果尚未审结总计{t4}五、存在的主要问题及改进情况无。".format(t4=cells.get("t4", "100120101200000")))


def _run(*six: int) -> str:
    """A row as the crawler prints it: six applicant cells and their total, nothing between."""
    return "".join(map(str, six)) + str(sum(six))


def _cells(facts, section):
    return {(f.item, f.dimension): f.value for f in facts if f.section == section}


def test_row_cuts_obey_the_total_and_printed_form():
    assert cut_with_total("801000081", 6) == [(80, 1, 0, 0, 0, 0, 81)]
    assert cut_with_total("0000000", 6) == [(0,) * 7]
    assert len(cut_with_total("270020130", 6)) == 2  # 2,7,0,0,20,1 or 27,0,0,2,0,1
    # A space is a boundary: without it "1200000012" could also start 1, 2, …
    assert cut_with_total("12|0000012", 6) == [(12, 0, 0, 0, 0, 0, 12)]
    assert cut_with_total("12345", 6) == []


def test_block_cuts_and_settled_cells():
    assert cut_blocks("110024001510102", 3, 4) == [(1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2)]
    assert settled_cells(cut_plain("007", 3)) == (0, 0, 7)
    assert settled_cells(cut_plain("5544321", 3)) == (None, None, None)
    assert settled_cells(cut_plain("312-4019", 3, (False, True, False))) == (312, None, None)


def test_unique_rows_are_read_by_label():
    text = _page(nr=_run(64, 0, 0, 0, 0, 0), co=_run(1, 0, 0, 0, 0, 0), gr=_run(36, 0, 0, 0, 0, 0),
                 pg=_run(5, 0, 0, 0, 0, 0), nh=_run(21, 0, 0, 0, 0, 0), tot=_run(62, 0, 0, 0, 0, 0),
                 cf=_run(3, 0, 0, 0, 0, 0))
    result = extract_table_facts(text)
    t3 = _cells(result.facts, "table3")
    assert t3[("new_received", "natural_person")] == 64
    assert t3[("new_received", "total")] == 64
    assert t3[("unable.not_held", "total")] == 21
    assert t3[("carried_forward", "natural_person")] == 3
    assert len(t3) == 25 * 7
    assert result.template == "table_2021"
    t4 = _cells(result.facts, "table4")
    assert t4[("reconsideration", "upheld")] == 1 and t4[("reconsideration", "total")] == 2
    assert t4[("litigation_direct", "corrected")] == 1 and t4[("litigation_direct", "total")] == 2
    assert t4[("litigation_after_reconsideration", "total")] == 0
    assert all(f.rule.endswith("run_together") for f in result.facts)
    fact = next(f for f in result.facts if f.item == "new_received")
    assert text[fact.span_start:fact.span_end] == "64000006" + "4"


def test_ambiguous_rows_are_settled_by_the_column_identities():
    # 予以公开 "270020130" is 2,7,0,0,20,1|30 or 27,0,0,2,0,1|30: the columns decide (27, 2).
    text = _page(nr=_run(29, 0, 0, 2, 0, 1), co=_run(0, 0, 0, 0, 0, 0), gr="270020130",
                 pg=_run(0, 0, 0, 0, 0, 0), nh=_run(2, 0, 0, 0, 0, 0), tot=_run(29, 0, 0, 2, 0, 1),
                 cf=_run(0, 0, 0, 0, 0, 0))
    t3 = _cells(extract_table_facts(text).facts, "table3")
    assert t3[("granted", "natural_person")] == 27
    assert t3[("granted", "social_welfare_org")] == 2
    assert t3[("granted", "total")] == 30


def test_rows_the_identities_cannot_settle_stay_unread():
    # Both cuts of 予以公开 and of 不掌握 fit when the total rows are themselves ambiguous.
    text = _page(nr="270020130", co="0000000", gr="270020130", pg="0000000", nh="0000000",
                 tot="270020130", cf="0000000")
    result = extract_table_facts(text)
    t3 = _cells(result.facts, "table3")
    assert ("granted", "natural_person") not in t3
    assert ("new_received", "total") not in t3
    assert t3[("partially_granted", "total")] == 0
    assert any("left unread" in w for w in result.warnings)


def test_words_between_the_numbers_are_not_this_layout():
    text = _page(nr=_run(64, 0, 0, 0, 0, 0), co=_run(1, 0, 0, 0, 0, 0), gr="3600含转办00036",
                 pg=_run(5, 0, 0, 0, 0, 0), nh=_run(21, 0, 0, 0, 0, 0), tot=_run(62, 0, 0, 0, 0, 0),
                 cf=_run(3, 0, 0, 0, 0, 0))
    assert _cells(extract_table_facts(text).facts, "table3") == {}


def test_table4_with_two_cuts_is_left_unread():
    # Block two reads 1,2,0,10|13 or 12,0,1,0|13: both add up, so no cell of 表四 is read.
    run = "01012123412010132122218"
    assert len(cut_blocks(run, 3, 4)) == 2
    z = _run(0, 0, 0, 0, 0, 0)
    result = extract_table_facts(_page(nr=z, co=z, gr=z, pg=z, nh=z, tot=z, cf=z, t4=run))
    assert _cells(result.facts, "table4") == {}
    assert any(w.startswith("table4:") for w in result.warnings)


# A converter that printed 2021 表二's one-number rows, each under its own header, before the
# table whose first header is 本年制发件数.
HEADED_FIRST = """二、主动公开政府信息情况
第二十条第（五）项
信息内容本年处理决定数量
行政许可 61
第二十条第（六）项
信息内容本年处理决定数量
行政处罚 7
行政强制 0
第二十条第（八）项
信息内容本年收费金额（单位：万元）
行政事业性收费 2.5
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 3 | 1 | 20 |
三、收到和处理政府信息公开申请情况
"""


def test_table2_rows_under_their_own_header_are_read_beside_the_table():
    from xxgk.extract.tables import extract_table_facts

    result = extract_table_facts(HEADED_FIRST)
    t2 = {f.item: (f.value, f.rule) for f in result.facts if f.section == "table2"}
    assert t2["licensing.decisions"] == (61, "table2.under_own_header")
    assert t2["penalties.decisions"][0] == 7
    assert t2["coercion.decisions"][0] == 0
    assert t2["admin_fees.amount_wan_yuan"][0] == 2.5
    assert t2["normative_documents.in_force"][0] == 20


def test_a_headed_row_with_two_numbers_stays_unread():
    from xxgk.extract.tables import extract_table_facts

    text = HEADED_FIRST.replace("行政许可 61", "行政许可 6 1")
    result = extract_table_facts(text)
    assert "licensing.decisions" not in {f.item for f in result.facts}
