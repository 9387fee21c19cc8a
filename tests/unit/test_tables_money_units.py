"""Money in 表二 whose unit the 2019 format leaves open is read only where a unit is printed."""

from xxgk.extract.tables import extract_table_facts

_TABLE = """二、主动公开政府信息情况
第二十条第(一)项 | | | |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
规范性文件 | 2 | 2 | 15 |
第二十条第(九)项 | | |
信息内容 | 采购项目数量 | {header} |
政府集中采购 | 12 | {amount} |
三、收到和处理政府信息公开申请情况
"""


def _procurement(header, amount):
    result = extract_table_facts(_TABLE.format(header=header, amount=amount))
    return {f.item: (f.value, f.unit) for f in result.facts if f.item.startswith("procurement")}, \
        result.warnings


def test_a_bare_amount_under_a_header_without_unit_is_not_read():
    cells, warnings = _procurement("采购总金额", "43520.00")
    assert cells == {"procurement.items": (12, "item")}
    assert any("prints no unit" in w for w in warnings)


def test_a_unit_in_the_header_or_the_cell_makes_the_amount_readable():
    in_header, _ = _procurement("采购总金额(万元)", "4.352")
    in_cell, _ = _procurement("采购总金额", "43520元")
    assert in_header["procurement.amount_yuan"] == (43520, "yuan")
    assert in_cell["procurement.amount_yuan"] == (43520, "yuan")
