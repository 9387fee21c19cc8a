"""Building blocks of the generator: numerals, dates, names, tables, layouts, filler, traps."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from xxgk.generate import filler, labels, layouts, names, narrative, phrasebook
from xxgk.generate.answers import (
    CHECK_IDS,
    Money,
    draw_table3,
    draw_table4,
    plant_violation,
    split_count,
)
from xxgk.generate.blocks import (
    ComposedReport,
    estimate_text_chars,
    fill_filler,
    make_filler,
    make_para,
)
from xxgk.generate.dates import format_garbled_date, format_page_date, format_signature_date
from xxgk.generate.numerals import format_chinese_number, format_fixed, format_year_chinese
from xxgk.generate.tables import Grid, GridCell, build_table3, build_table4, draw_label_style


@pytest.mark.parametrize("n, expected", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (23, "二十三"), (100, "一百"),
    (105, "一百零五"), (110, "一百一十"), (350, "三百五十"), (1010, "一千零一十"),
    (2000, "二千"), (12000, "一万二千"), (30500, "三万零五百"), (100000, "十万"),
])
def test_chinese_numerals(n, expected):
    assert format_chinese_number(n) == expected


def test_chinese_numerals_say_liang_for_a_leading_two():
    assert format_chinese_number(2000, use_liang=True) == "两千"
    assert format_chinese_number(250, use_liang=True) == "两百五十"
    assert format_chinese_number(22, use_liang=True) == "二十二"
    with pytest.raises(ValueError):
        format_chinese_number(-1)


def test_money_is_printed_exactly():
    assert format_fixed(1733653, 1) == "173365.3"
    assert format_fixed(1734, 2) == "17.34"
    assert format_fixed(5, 4) == "0.0005"
    assert format_fixed(-30, 1) == "-3.0"
    money = Money(fen=17_336_530, mode="yuan_1dp")
    assert money.yuan == 173365.3 and money.printed_units == 1_733_653


def test_dates_in_page_signature_and_garbled_forms():
    rng = random.Random(1)
    d = date(2019, 1, 30)
    assert format_page_date(d, "iso", rng) == "2019-01-30"
    assert format_page_date(d, "cn_padded", rng) == "2019年01月30日"
    assert re.fullmatch(r"2019-01-30 \d\d:\d\d", format_page_date(d, "iso_time", rng))
    assert format_signature_date(d, "cn_numerals") == "二〇一九年一月三十日"
    assert format_signature_date(d, "cn_spaced") == "2019 年 1 月 30 日"
    assert format_garbled_date(d, "dropped_glyphs") == "2019 130"
    assert "月" not in format_garbled_date(d, "dropped_glyphs")
    assert format_year_chinese(2008) == "二〇〇八"


def test_organ_kinds_and_weights_line_up():
    assert len(names.ORGAN_KINDS) == len(names.ORGAN_WEIGHTS)
    assert all(kind.level in names.LEVEL_SUFFIX for kind in names.ORGAN_KINDS)


def test_agencies_carry_names_valid_in_their_year():
    rng = random.Random(3)
    early = [names.draw_agency(rng, 2014) for _ in range(400)]
    late = [names.draw_agency(rng, 2022) for _ in range(400)]
    assert not any("卫生健康委员会" in a.full_name for a in early)  # created in 2018
    assert any("卫生和计划生育委员会" in a.full_name for a in early)
    assert not any("卫生和计划生育委员会" in a.full_name for a in late)
    for agency in early + late:
        assert agency.full_name.startswith(agency.place)
        assert all(short.startswith(agency.place) for short in agency.short_names)
        if agency.kind.has_office_compiler:
            assert agency.compiler == agency.place + "人民政府办公室"
            assert agency.full_name.endswith("人民政府")


def test_split_count_keeps_the_total():
    rng = random.Random(5)
    for n in (0, 1, 7, 40, 41, 1234):
        parts = split_count(rng, n, (5, 1, 1, 0.5))
        assert sum(parts) == n and min(parts) >= 0


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_plant_violation_breaks_only_its_identity(check_id):
    rng = random.Random(11)
    table3 = draw_table3(rng, "2021", 25)
    table4 = draw_table4(rng, (3, 1, 1))
    broken3, broken4, note = plant_violation(rng, check_id, table3, table4)
    assert note
    assert (broken3, broken4) != (table3, table4)
    assert table3.rows["new_received"][6] == 25  # inputs are not mutated
    rows, blocks = broken3.rows, broken4.blocks
    results = [i for i in rows if i not in ("new_received", "carried_over", "results_total",
                                            "carried_forward")]
    balance = all(rows["new_received"][c] + rows["carried_over"][c]
                  == rows["results_total"][c] + rows["carried_forward"][c] for c in range(7))
    results_ok = all(sum(rows[i][c] for i in results) == rows["results_total"][c]
                     for c in range(7))
    total_ok = all(sum(values[:6]) == values[6] for values in rows.values())
    table4_ok = all(sum(values[:4]) == values[4] for values in blocks.values())
    outcome = {"table3.balance_identity": balance, "table3.results_total_identity": results_ok,
               "table3.total_column_identity": total_ok,
               "table4.block_total_identity": table4_ok}
    assert [k for k, ok in outcome.items() if not ok] == [check_id]


def test_table3_grid_has_every_row_and_its_gold_cells():
    rng = random.Random(2)
    for table_format, rows in (("2019", 23), ("2021", 25)):
        table3 = draw_table3(rng, table_format, 9)
        grid, gold = build_table3(table3, draw_label_style(rng))
        assert len(grid.rows) == 3 + rows
        assert len(gold) == 7 * rows
        assert {c["item"] for c in gold} == set(labels.list_table3_items(table_format))
        dense = layouts.expand_grid(grid)
        assert all(len(row) == 10 for row in dense)
        assert dense[-1][0][0].text.endswith("结转下年度继续办理")


def test_table4_grid_is_fifteen_columns_of_values():
    grid, gold = build_table4(draw_table4(random.Random(4), (2, 1, 0)))
    assert [c.text for c in grid.rows[-1]] == [str(c["value"]) for c in gold]
    assert len(gold) == 15 and grid.n_cols == 15


SMALL = Grid("t", ((GridCell("项目", rowspan=2), GridCell("数量", colspan=2)),
                   (GridCell("上年"), GridCell("本年")),
                   (GridCell("许可"), GridCell("3"), GridCell("")),), 3)


def test_expand_grid_fills_merged_positions():
    dense = layouts.expand_grid(SMALL)
    assert [[(cell.text, origin) for cell, origin in row] for row in dense] == [
        [("项目", True), ("数量", True), ("数量", False)],
        [("项目", False), ("上年", True), ("本年", True)],
        [("许可", True), ("3", True), ("", True)],
    ]


def test_layouts_print_every_cell_text():
    style = layouts.LayoutStyle("repeat", "", "plain", "p")
    assert layouts.render_flat_lines(SMALL) == ["项目", "数量", "上年", "本年", "许可", "3", ""]
    assert layouts.render_pipe_rows(SMALL, style)[0] == "| 项目 | 数量 | 数量 |"
    empty = layouts.LayoutStyle("empty", "", "plain", "p")
    assert layouts.render_pipe_rows(SMALL, empty)[1] == "|  | 上年 | 本年 |"
    markdown = layouts.render_markdown_table(SMALL, empty)
    assert markdown[1] == "|---|---|---|" and markdown[3] == "| 许可 | 3 |  |"
    assert layouts.render_tab_separated(SMALL, style)[2] == "许可\t3"
    html = layouts.render_html_table(SMALL, style)
    assert '<td rowspan="2">项目</td>' in html and '<td colspan="2">数量</td>' in html


def test_filler_never_repeats_a_sentence_within_a_report():
    rng = random.Random(8)
    slots = {"year": "2016", "next_year": "2017", "self": "我局", "org": "市科技局",
             "parent_gov": "市政府", "site": "门户网站", "topic": "科技成果转化"}
    blocks = (make_filler(("overview", "system"), 2), make_filler(("system", "platform"), 1),
              make_filler(("problems",), 1, max_paragraphs=1), make_filler(("key_areas",), 1))
    report = ComposedReport("标题", (), "：", (make_para("正文。"), *blocks), ("签名",))
    filled = fill_filler(rng, report, slots, 20_000)  # more than the pools hold
    sentences = [s for b in filled.blocks if b.kind == "filler" for p in b.paragraphs
                 for s in re.split(r"(?<=[。；])", p) if s]
    stripped = [re.sub(r"^([一二三四五六七八九]是|同时，|此外，|另外，|在此基础上，)", "", s)
                .rstrip("。；") for s in sentences]
    assert len(stripped) == len(set(stripped))
    assert all(b.paragraphs for b in filled.blocks if b.kind == "filler")
    assert len(filled.blocks[3].paragraphs) == 1  # the capped block
    assert estimate_text_chars(filled) > estimate_text_chars(report) + 1000


def test_filler_caps_enumerated_sections_to_one_paragraph():
    rng = random.Random(9)
    slots = {"self": "我委", "topic": "x", "next_year": "2020", "parent_gov": "市政府"}
    paragraphs, placed = filler.build_paragraphs(rng, ("problems",), slots, 10_000,
                                                 max_paragraphs=1)
    assert len(paragraphs) == 1 and paragraphs[0].startswith("一是")
    assert placed and all(s in filler.THEMES["problems"] for s in placed)


def test_phrase_templates_format_with_the_slots_they_declare():
    slots = {"year": "2015", "next_year": "2016", "self": "我局", "org": "县科技局",
             "agency": "某县科学技术局", "site": "门户网站", "month": "11", "day": "20",
             "qty": "30条", "big": "163", "n": "3", "a": "1", "b": "2", "k": "4", "m": "2",
             "r": "1", "l": "0", "c": "0", "f": "0", "parts": "甲1条", "channels": "微博",
             "channel": "微信", "compiler": "某县人民政府办公室", "contact": "办公室",
             "address": "某路1号", "postcode": "100000", "phone": "010-1234567",
             "region": "全县"}
    families = [v for k, v in vars(phrasebook).items() if k.isupper() and isinstance(v, tuple)
                and v and isinstance(v[0], str) and "{" in "".join(v)]
    assert len(families) > 20
    for family in families:
        for template in family:
            assert "{" not in template.format(u="条", **slots), template


def test_qualified_totals_print_their_qualifier_word():
    rng = random.Random(13)
    slots = {"year": "2016", "self": "我局", "org": "市科技局", "site": "门户网站",
             "month": "11", "day": "20", "parent_gov": "市政府"}
    for mode in ("at_least", "approx"):
        for _ in range(30):
            statement = narrative.build_proactive(rng, 437, mode, slots)
            value = statement.value["value"]
            assert statement.value["qualifier"] == mode and value in (400, 430)
            numbers = {str(value), format_chinese_number(value),
                       format_chinese_number(value, use_liang=True)}
            expected = {form.format(n=n, u=u) for form in phrasebook.QUANTITY_FORMS[mode]
                        for n in numbers for u in phrasebook.PROACTIVE_UNITS}
            text = "".join(statement.sentences)
            assert any(quantity in text for quantity in expected)
    empty = narrative.build_proactive(rng, 437, "categories_only", slots)
    assert empty.value is None and "条" in empty.sentences[0]


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings_in(k)
            yield from _strings_in(v)
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            yield from _strings_in(item)


def test_every_word_we_print_is_encodable_in_gbk():
    # GBK pages are written with strict encoding; one stray character (», •) would crash them.
    from xxgk.generate import dates, noise, writers

    modules = (phrasebook, filler, labels, names, noise, dates, writers)
    strings = [s for module in modules for k, v in vars(module).items()
               if k.isupper() for s in _strings_in(v)]
    assert len(strings) > 500
    for text in strings:
        text.encode("gbk")


def test_opt_in_layouts_are_drawn_only_when_named():
    from xxgk.generate import generate_reports

    default = {r.layout for r in generate_reports(200, seed=5)}
    assert not default & {"run_together", "html_table_misspan"}
    named = list(generate_reports(20, seed=5, eras=("table_2021",), layouts=("run_together",)))
    assert {r.layout for r in named} == {"run_together"}
    assert {r.format for r in named} == {"text"}
    with pytest.raises(ValueError):
        list(generate_reports(1, layouts=("no_such_layout",)))
