"""Hand-made HTML tables whose group label spans too few or too many rows: never a wrong value.

Site editors often leave 三、本年度办理结果 spanning a few rows more or fewer than its result rows.
Expanded into a grid, the rows it misses lose their first cell and shift left, and the rows it
wrongly covers gain one and shift right. Such a row must be read by its own cells (exactly seven
after the label) or not at all.
"""

import pytest

from xxgk.decode import decode_document
from xxgk.extract.tables import extract_table_facts
from xxgk.quality.checks import TABLE3_DIMENSIONS

GROUPS = [
    ("(三)不予公开", ["denied.state_secret:1.属于国家秘密", "denied.prohibited_by_law:2.其他法律行政法规禁止公开",
                  "denied.three_safeties_one_stability:3.危及“三安全一稳定”",
                  "denied.third_party_rights:4.保护第三方合法权益", "denied.internal_affairs:5.属于三类内部事务信息",
                  "denied.process_information:6.属于四类过程性信息", "denied.enforcement_case_file:7.属于行政执法案卷",
                  "denied.administrative_inquiry:8.属于行政查询事项"]),
    ("(四)无法提供", ["unable.not_held:1.本机关不掌握相关政府信息", "unable.needs_creation:2.没有现成信息需要另行制作",
                  "unable.unclear_after_correction:3.补正后申请内容仍不明确"]),
    ("(五)不予处理", ["not_processed.petition_complaint:1.信访举报投诉类申请", "not_processed.duplicate:2.重复申请",
                  "not_processed.publication:3.要求提供公开出版物",
                  "not_processed.excessive_repeated:4.无正当理由大量反复申请",
                  "not_processed.confirmation_request:5.要求行政机关确认或重新出具已获取信息"]),
    ("(六)其他处理", ["other.no_correction:1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "other.fee_unpaid:2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                  "other.other:3.其他"]),
]


def _values(i: int) -> list[int]:
    six = [i + 1, i % 3, 0, i % 2, 0, 1]
    return [*six, sum(six)]


def _tds(i: int, truth: dict, key: str) -> str:
    values = _values(i)
    truth.update({(key, d): v for d, v in zip(TABLE3_DIMENSIONS, values, strict=True)})
    return "".join(f"<td>{v}</td>" for v in values)


def _table(result_span: int) -> tuple[str, dict]:
    truth: dict = {}
    rows = ['<tr><td colspan="3" rowspan="2">申请人情况</td><td rowspan="2">自然人</td>'
            '<td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    i = 0
    for key, label in (("new_received", "一、本年新收政府信息公开申请数量"),
                       ("carried_over", "二、上年结转政府信息公开申请数量")):
        rows.append(f'<tr><td colspan="3">{label}</td>{_tds(i, truth, key)}</tr>')
        i += 1
    rows.append(f'<tr><td rowspan="{result_span}">三、本年度办理结果</td>'
                f'<td colspan="2">(一)予以公开</td>{_tds(i, truth, "granted")}</tr>')
    i += 1
    rows.append(f'<tr><td colspan="2">(二)部分公开</td>{_tds(i, truth, "partially_granted")}</tr>')
    i += 1
    for group, members in GROUPS:
        for k, member in enumerate(members):
            key, label = member.split(":", 1)
            head = f'<td rowspan="{len(members)}">{group}</td>' if k == 0 else ""
            rows.append(f"<tr>{head}<td>{label}</td>{_tds(i, truth, key)}</tr>")
            i += 1
    rows.append(f'<tr><td colspan="2">(七)总计</td>{_tds(i, truth, "results_total")}</tr>')
    i += 1
    rows.append(f'<tr><td colspan="3">四、结转下年度继续办理</td>{_tds(i, truth, "carried_forward")}</tr>')
    html = ("<html><body><h1>青河县统计局2022年政府信息公开工作年度报告</h1>"
            "<p>三、收到和处理政府信息公开申请情况</p><table>" + "".join(rows) +
            "</table><p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>")
    return html, truth


@pytest.mark.parametrize("result_span", [22, 21, 20, 19, 16, 12, 23, 24, 26, 30])
def test_no_wrong_value_whatever_the_group_label_spans(result_span):
    html, truth = _table(result_span)
    doc = decode_document(html.encode("utf-8"), filename="t.html")
    facts = [f for f in extract_table_facts(doc.text).facts if f.section == "table3"]
    wrong = [(f.item, f.dimension, f.value, truth.get((f.item, f.dimension))) for f in facts
             if truth.get((f.item, f.dimension)) != f.value]
    assert wrong == []
    assert len(facts) >= (len(truth) if result_span == 22 else len(truth) // 2)
