"""The standard tables of both formats, in every layout they reach us in.

Fixtures are built here from a description of each official table (labels, merged cells,
values) and rendered as expanded pipe grids, merged-cell pipe rows, markdown, tab rows, one
cell per line, and PDF pages split mid-table. Values are all different, so a value that lands
under the wrong label fails a test.
"""

from __future__ import annotations

import pytest

from xxgk.extract.tables import extract_table_facts

# A cell spec: (text, colspan), or None for a position covered by a cell above (rowspan).
NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
APPLICANTS = ["natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org", "total"]
DIMS = ["upheld", "corrected", "other", "pending", "total"]
DIM_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

T3_ROWS_COMMON_HEAD = [
    ("new_received", ["一、本年新收政府信息公开申请数量", 3]),
    ("carried_over", ["二、上年结转政府信息公开申请数量", 3]),
    ("granted", ["三、本年度办理结果", "(一)予以公开", 2]),
    ("partially_granted", [None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 2]),
    ("denied.state_secret", [None, "(三)不予公开", "1.属于国家秘密"]),
    ("denied.prohibited_by_law", [None, None, "2.其他法律行政法规禁止公开"]),
    ("denied.three_safeties_one_stability", [None, None, "3.危及“三安全一稳定”"]),
    ("denied.third_party_rights", [None, None, "4.保护第三方合法权益"]),
    ("denied.internal_affairs", [None, None, "5.属于三类内部事务信息"]),
    ("denied.process_information", [None, None, "6.属于四类过程性信息"]),
    ("denied.enforcement_case_file", [None, None, "7.属于行政执法案卷"]),
    ("denied.administrative_inquiry", [None, None, "8.属于行政查询事项"]),
    ("unable.not_held", [None, "(四)无法提供", "1.本机关不掌握相关政府信息"]),
    ("unable.needs_creation", [None, None, "2.没有现成信息需要另行制作"]),
    ("unable.unclear_after_correction", [None, None, "3.补正后申请内容仍不明确"]),
    ("not_processed.petition_complaint", [None, "(五)不予处理", "1.信访举报投诉类申请"]),
    ("not_processed.duplicate", [None, None, "2.重复申请"]),
    ("not_processed.publication", [None, None, "3.要求提供公开出版物"]),
    ("not_processed.excessive_repeated", [None, None, "4.无正当理由大量反复申请"]),
    ("not_processed.confirmation_request", [None, None, "5.要求行政机关确认或重新出具已获取信息"]),
]
T3_OTHER_2021 = [
    ("other.no_correction", [None, "(六)其他处理",
                             "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
    ("other.fee_unpaid", [None, None,
                          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
    ("other.other", [None, None, "3.其他"]),
]
T3_OTHER_2019 = [("other", [None, "(六)其他处理", 2])]
T3_TAIL = [
    ("results_total", [None, "(七)总计", 2]),
    ("carried_forward", ["四、结转下年度继续办理", 3]),
]


class Table:
    """An official table: header rows and data rows of cell specs, and the facts they hold."""

    def __init__(self):
        self.rows: list[list] = []  # each: list of (text, colspan) | None
        self.expected: dict[tuple[str, str, str | None], float | None] = {}

    def add(self, cells: list, expect: dict | None = None) -> None:
        self.rows.append(cells)
        self.expected.update(expect or {})

    def expanded(self) -> list[list[str]]:
        grid: list[list[str]] = []
        for row in self.rows:
            out: list[str] = []
            for cell in row:
                if cell is None:
                    out.append(grid[-1][len(out)])
                else:
                    text, span = cell
                    out.extend([text] * span)
            grid.append(out)
        return grid

    def merged(self) -> list[list[str]]:
        return [[c[0] for c in row if c is not None] for row in self.rows]


def _label_cells(spec: list, width: int = 3) -> list:
    """Row label cells: strings, None (row span from above), or an int colspan for the last."""
    cells: list = []
    for part in spec:
        if isinstance(part, int):
            cells[-1] = (cells[-1][0], part)
        elif part is None:
            cells.append(None)
        else:
            cells.append((part, 1))
    taken = sum(1 if c is None else c[1] for c in cells)
    if taken < width:
        last = cells[-1]
        cells[-1] = (last[0], last[1] + width - taken)
    return cells


def table3(era: str, base: int = 100) -> Table:
    table = Table()
    table.add([(NOTE, 3), ("申请人情况", 7)])
    table.add([None, None, None, ("自然人", 1), ("法人或其他组织", 5), ("总计", 1)])
    table.add([None, None, None, None, ("商业企业", 1), ("科研机构", 1), ("社会公益组织", 1),
               ("法律服务机构", 1), ("其他", 1), None])
    rows = T3_ROWS_COMMON_HEAD + (T3_OTHER_2021 if era == "2021" else T3_OTHER_2019) + T3_TAIL
    for r, (item, label_spec) in enumerate(rows):
        values = [base + r * 7 + c for c in range(7)]
        cells = _label_cells(label_spec) + [(str(v), 1) for v in values]
        table.add(cells, {("table3", item, dim): float(v) for dim, v in zip(APPLICANTS, values, strict=True)})
    return table


def table4(base: int = 900) -> Table:
    table = Table()
    table.add([("行政复议", 5), ("行政诉讼", 10)])
    table.add([(d, 1) for d in DIM_LABELS] + [("未经复议直接起诉", 5), ("复议后起诉", 5)])
    table.add([None] * 5 + [(d, 1) for d in DIM_LABELS] * 2)
    values = [base + i for i in range(15)]
    expect = {}
    for b, block in enumerate(["reconsideration", "litigation_direct",
                               "litigation_after_reconsideration"]):
        for d, dim in enumerate(DIMS):
            expect[("table4", block, dim)] = float(values[b * 5 + d])
    table.add([(str(v), 1) for v in values], expect)
    return table


def table2_2021(base: int = 10) -> Table:
    table = Table()
    table.add([("第二十条第(一)项", 4)])
    table.add([("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)])
    for r, (label, key) in enumerate([("规章", "regulations"),
                                      ("行政规范性文件", "normative_documents")]):
        values = [base + r * 3 + c for c in range(3)]
        table.add([(label, 1)] + [(str(v), 1) for v in values],
                  {("table2", f"{key}.{m}", None): float(v)
                   for m, v in zip(["made", "repealed", "in_force"], values, strict=True)})
    blocks = [("第二十条第(五)项", [("行政许可", "licensing")]),
              ("第二十条第(六)项", [("行政处罚", "penalties"), ("行政强制", "coercion")])]
    n = base + 10
    for marker, rows in blocks:
        table.add([(marker, 4)])
        table.add([("信息内容", 1), ("本年处理决定数量", 3)])
        for label, key in rows:
            table.add([(label, 1), (str(n), 3)], {("table2", f"{key}.decisions", None): float(n)})
            n += 1
    table.add([("第二十条第(八)项", 4)])
    table.add([("信息内容", 1), ("本年收费金额(单位:万元)", 3)])
    table.add([("行政事业性收费", 1), ("1.25", 3)],
              {("table2", "admin_fees.amount_wan_yuan", None): 1.25})
    return table


def table2_2019(base: int = 10) -> Table:
    table = Table()
    table.add([("第二十条第(一)项", 4)])
    table.add([("信息内容", 1), ("本年新制作数量", 1), ("本年新公开数量", 1),
               ("对外公开总数量", 1)])
    for r, (label, key) in enumerate([("规章", "regulations"),
                                      ("规范性文件", "normative_documents")]):
        values = [base + r * 3 + c for c in range(3)]
        table.add([(label, 1)] + [(str(v), 1) for v in values],
                  {("table2", f"{key}.{m}", None): float(v)
                   for m, v in zip(["new_made", "new_published", "total_published"], values, strict=True)})
    n = base + 10
    blocks = [("第二十条第(五)项", [("行政许可", "licensing"),
                                   ("其他对外管理服务事项", "other_services")]),
              ("第二十条第(六)项", [("行政处罚", "penalties"), ("行政强制", "coercion")])]
    for marker, rows in blocks:
        table.add([(marker, 4)])
        table.add([("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)])
        for label, key in rows:
            values = [n, -(n % 7) - 1, n + 100]
            table.add([(label, 1)] + [(str(v), 1) for v in values],
                      {("table2", f"{key}.{m}", None): float(v)
                       for m, v in zip(["prev_year_items", "change", "decisions"], values, strict=True)})
            n += 1
    table.add([("第二十条第(八)项", 4)])
    table.add([("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("", 1)])
    table.add([("行政事业性收费", 1), ("4", 1), ("增2", 1), ("", 1)],
              {("table2", "admin_fees.prev_year_items", None): 4.0,
               ("table2", "admin_fees.change", None): 2.0})
    table.add([("第二十条第(九)项", 4)])
    table.add([("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 1), ("", 1)])
    table.add([("政府集中采购", 1), ("25", 1), ("173365.3元", 1), ("", 1)],
              {("table2", "procurement.items", None): 25.0,
               ("table2", "procurement.amount_yuan", None): 173365.3})
    return table


# --- renderings --------------------------------------------------------------------------------

def pipe(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def padded(rows: list[list[str]]) -> list[list[str]]:
    """Merged rows padded with empty cells to the widest row, as some HTML-to-text tools do."""
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def tabs(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in rows)


def flat(rows: list[list[str]], gap: str = "\n\n") -> str:
    return gap.join(cell for row in rows for cell in row)


def document(*parts: tuple[str, str]) -> str:
    """A report around the tables: headings and a sentence of prose with numbers in it."""
    headings = {"table2": "二、主动公开政府信息情况",
                "table3": "三、收到和处理政府信息公开申请情况",
                "table4": "四、政府信息公开行政复议、行政诉讼情况"}
    out = ["一、总体情况", "", "本年度共主动公开政府信息58条,受理申请7件。", ""]
    for name, body in parts:
        out += [headings[name], "", body, ""]
    out += ["五、存在的主要问题及改进情况", "", "下一步将继续做好3项工作。"]
    return "\n".join(out)


def facts_by_cell(text: str):
    result = extract_table_facts(text)
    cells = {(f.section, f.item, f.dimension): f.value for f in result.facts}
    assert len(cells) == len(result.facts)
    return result, cells


RENDERERS = {
    "pipe_grid": lambda t: pipe(t.expanded()),
    "pipe_merged": lambda t: pipe(t.merged()),
    "pipe_padded": lambda t: pipe(padded(t.merged())),
    "markdown": lambda t: markdown(t.expanded()),
    "tab": lambda t: tabs(t.expanded()),
    "flat": lambda t: flat(t.merged()),
    "flat_no_blank_lines": lambda t: flat(t.merged(), "\n"),
}


@pytest.mark.parametrize("layout", sorted(RENDERERS))
@pytest.mark.parametrize("era", ["2019", "2021"])
def test_every_table_in_every_layout(era, layout):
    render = RENDERERS[layout]
    t2 = table2_2019() if era == "2019" else table2_2021()
    t3, t4 = table3(era), table4()
    text = document(("table2", render(t2)), ("table3", render(t3)), ("table4", render(t4)))
    result, cells = facts_by_cell(text)
    expected = {**t2.expected, **t3.expected, **t4.expected}
    assert cells == expected
    assert result.template == f"table_{era}"
    assert result.warnings == ()
    assert len([k for k in expected if k[0] == "table3"]) == (23 if era == "2019" else 25) * 7


@pytest.mark.parametrize("layout", sorted(RENDERERS))
def test_rule_names_section_and_layout(layout):
    text = document(("table4", RENDERERS[layout](table4())))
    result = extract_table_facts(text)
    expected_rule = {"pipe_grid": "table4.pipe", "pipe_merged": "table4.pipe",
                     "pipe_padded": "table4.pipe",
                     "markdown": "table4.pipe", "tab": "table4.tab"}.get(layout, "table4.flat")
    assert {f.rule for f in result.facts} == {expected_rule}


def test_evidence_and_spans_point_at_the_cell():
    text = document(("table3", pipe(table3("2021").expanded())),
                    ("table4", flat(table4().merged())))
    result = extract_table_facts(text)
    for fact in result.facts:
        cell_text = text[fact.span_start:fact.span_end]
        assert float(cell_text) == fact.value
        assert fact.evidence.endswith(f" | {cell_text}")
        assert fact.qualifier == "exact" and fact.unit == "case"
    by_cell = {(f.item, f.dimension): f for f in result.facts}
    assert by_cell[("denied.state_secret", "commercial_enterprise")].evidence == \
        "属于国家秘密 | 商业企业 | 129"
    assert by_cell[("litigation_direct", "pending")].evidence == "未经复议直接起诉 | 尚未审结 | 908"


def test_pdf_table_split_over_two_pages_with_repeated_header():
    grid = table3("2021").expanded()
    header, body = grid[:3], grid[3:]
    page_one = pipe(header + body[:12])
    page_two = pipe(header + body[12:])
    text = document(("table3", page_one + "\n\n- 4 -\n\n" + page_two))
    _, cells = facts_by_cell(text)
    assert cells == table3("2021").expected


def test_pdf_table_split_without_repeated_header_keeps_the_row_group():
    grid = table3("2021").expanded()
    # Break inside 其他处理: "3.其他" on page two still means other.other.
    split = 3 + 22
    text = document(("table3", pipe(grid[:split]) + "\n\n第 5 页\n\n" + pipe(grid[split:])))
    _, cells = facts_by_cell(text)
    assert cells == table3("2021").expected


def test_merged_header_cells_split_oddly_in_pdf_rows():
    # pdfplumber leaves merged cells empty instead of repeating their text.
    rows = table3("2021").expanded()
    rows[0] = [NOTE, "", ""] + ["申请人情况"] + [""] * 6
    rows[1] = ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    rows[2] = ["", "", "", "", "商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他", ""]
    _, cells = facts_by_cell(document(("table3", pipe(rows))))
    assert cells == table3("2021").expected


def test_flattened_2019_table2_with_split_headers_notes_and_long_labels():
    # Modelled on web pages copied as text: header labels broken over two lines, a note in
    # parentheses under each header, explanatory text after row labels, a local extra row.
    cells = [
        "第二十条第(一)项", "信息内容", "本年新", "制作数量", "本年新", "公开数量",
        "对外公开总数量",
        "规章(只有设区的市和自治州填写)", "0", "0", "0",
        "规范性文件(以机关名义印发的决定、通知等属于此类)", "2", "2", "5",
        "其他主动公开文件(本机关名义签发的其他“主动公开”文件)", "8", "8", "8",
        "第二十条第(五)项", "信息内容", "上一年项目数量", "(指上一年的事项数)", "本年增/减",
        "(减少时写负数,例如-2)", "处理决定数量", "(指本年的办件量)",
        "行政许可", "6", "-1", "48",
        "其他对外管理服务事项(行政许可以外的各类服务事项)", "2", "0", "1 204",
        "第二十条第(九)项", "信息内容", "采购项目数量", "(指本年集中采购的项目个数)",
        "采购总金额", "(指本年已支付的金额)", "政府集中采购", "3", "5.6万元",
    ]
    text = document(("table2", flat([cells])))
    result, got = facts_by_cell(text)
    assert got == {
        ("table2", "regulations.new_made", None): 0,
        ("table2", "regulations.new_published", None): 0,
        ("table2", "regulations.total_published", None): 0,
        ("table2", "normative_documents.new_made", None): 2,
        ("table2", "normative_documents.new_published", None): 2,
        ("table2", "normative_documents.total_published", None): 5,
        ("table2", "other_documents.new_made", None): 8,
        ("table2", "other_documents.new_published", None): 8,
        ("table2", "other_documents.total_published", None): 8,
        ("table2", "licensing.prev_year_items", None): 6, ("table2", "licensing.change", None): -1,
        ("table2", "licensing.decisions", None): 48,
        ("table2", "other_services.prev_year_items", None): 2,
        ("table2", "other_services.change", None): 0,
        ("table2", "other_services.decisions", None): 1204,
        ("table2", "procurement.items", None): 3,
        ("table2", "procurement.amount_yuan", None): 56000,
    }
    assert result.template == "table_2019"
    evidence = {f.item: f.evidence for f in result.facts}
    assert evidence["normative_documents.new_made"] == "规范性文件 | 本年新制作数量 | 2"


def test_flattened_admin_fee_unit_note_on_its_own_line():
    cells = ["第二十条第(八)项", "信息内容", "本年收费金额", "(单位:元)", "行政事业性收费", "8000"]
    result = extract_table_facts(document(("table2", flat([cells]))))
    (fact,) = result.facts
    assert (fact.item, fact.value, fact.unit) == ("admin_fees.amount_wan_yuan", 0.8, "wan_yuan")


def test_one_cell_per_line_each_closed_by_a_pipe():
    # Some page-to-text converters print every cell on its own line followed by " |".
    lines = ["第二十条第(一)项 |", "|||", "信息内容 |", "本年制发件数 |", "本年废止件数 |",
             "现行有效件数 |", "规章 |", "0 |", "0 |", "3 |", "行政规范性文件 |", "4 |", "1 |",
             "17 |"]
    _, got = facts_by_cell(document(("table2", "\n".join(lines))))
    assert got == {("table2", "regulations.made", None): 0,
                   ("table2", "regulations.repealed", None): 0,
                   ("table2", "regulations.in_force", None): 3,
                   ("table2", "normative_documents.made", None): 4,
                   ("table2", "normative_documents.repealed", None): 1,
                   ("table2", "normative_documents.in_force", None): 17}


def test_bare_pipe_lines_of_unknown_width_make_a_row_uncountable():
    header = [NOTE + " |", "申请人情况 |", "自然人 |", "法人或其他组织 |", "总计 |", "商业企业 |",
              "科研机构 |", "社会公益组织 |", "法律服务机构 |", "其他 |"]
    row = ["一、本年新收政府信息公开申请数量 |", "|", "|", "2 |", "||", "2 |"]
    full = ["二、上年结转政府信息公开申请数量 |"] + [f"{v} |" for v in (1, 0, 0, 0, 0, 0, 1)]
    result = extract_table_facts(document(("table3", "\n".join(header + row + full))))
    assert {(f.item, f.dimension): f.value for f in result.facts} == {
        ("carried_over", d): float(v) for d, v in zip(APPLICANTS, (1, 0, 0, 0, 0, 0, 1), strict=True)}
    assert any("本年新收" in w for w in result.warnings)


def test_same_cell_read_twice_with_different_values_is_dropped():
    t4 = table4()
    again = table4(base=500)
    text = document(("table4", pipe(t4.expanded())), ("table4", pipe(again.expanded())))
    result, got = facts_by_cell(text)
    assert got == {}
    assert len([w for w in result.warnings if "different values" in w]) == 15


def test_unknown_numbered_row_label_does_not_end_the_table():
    grid = table3("2021").expanded()
    grid[4] = ["二、上年度结转的申请件数"] * 3 + grid[4][3:]  # a wording we do not know
    _, got = facts_by_cell(document(("table3", pipe(grid))))
    expected = dict(table3("2021").expected)
    for dim in APPLICANTS:
        del expected[("table3", "carried_over", dim)]
    assert got == expected


def test_table4_row_with_a_word_of_its_own():
    grid = table4().expanded()
    grid = [["", *r] for r in grid[:3]] + [["数量", *grid[3]]]
    _, got = facts_by_cell(document(("table4", pipe(grid))))
    assert got == table4().expected


def test_transposed_table4_gives_no_numbers_rather_than_wrong_ones():
    # Blocks as rows and results as columns is not the official shape; we cannot read the
    # blocks from the header, so nothing is kept.
    text = ("| | " + " | ".join(DIM_LABELS) + " |\n"
            "| 行政复议 | 1 | 2 | 3 | 4 | 10 |\n| 未经复议直接起诉 | 0 | 0 | 0 | 1 | 1 |\n")
    result = extract_table_facts(document(("table4", text)))
    assert result.facts == ()
    assert result.warnings


def test_cells_one_per_line_closed_by_pipes_and_padding():
    """A renderer that prints every cell on a line of its own, closed by " |", and pads a row's
    last cell with empty ones ("0 | ||"): the padding is no second cell."""
    from xxgk.extract.tables.layout import FlatCell, split_units

    units = split_units("规章 |\n3 |\n0 | ||\n总计 | |||\n")
    assert [type(u) for u in units] == [FlatCell] * 4
    assert [u.text for u in units] == ["规章", "3", "0", "总计"]
