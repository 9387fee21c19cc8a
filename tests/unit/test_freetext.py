"""Counts read from prose: choice between candidates, traps, spans, and the five seed reports."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.extract.freetext import HEADLINE_ITEMS, extract_text_facts
from xxgk.extract.metadata import extract_metadata
from xxgk.extract.numbers import parse_number
from xxgk.extract.textview import build_view
from xxgk.model import Fact, Field

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
GOLD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds.gold.jsonl"
NEGATIONS = ("未曾", "尚未", "并未", "没有", "未有", "未", "没", "无")


def _by_item(facts: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.item, []).append(f)
    return out


def _headline(facts: list[Fact], item: str) -> Fact | None:
    found = [f for f in facts if f.item == item]
    assert len(found) <= 1, found
    return found[0] if found else None


# A whole report of our own, in the free-text era's shape.
REPORT = """南湖县科学技术局2016年政府信息公开工作年度报告
发布时间:2017-03-20

本报告所涉数据的统计时间为2016年1月1日起至2016年12月31日止。
一、概述
2016年,我局全年主动公开政府信息 1,046 条,受理政府信息公开申请3件,未发生行政复议和行政诉讼。
二、主动公开政府信息情况
(一)公开数量
2016年,我局主动公开政府信息1,046条。其中,工作动态类612条,通知公告类201条,政策文件类233条。
(二)公开途径
通过局门户网站公开980条,通过政务微博公开66条。截至2016年底,历年累计主动公开政府信息8,120条。
三、依申请公开政府信息情况
全年共受理政府信息公开申请3件,其中网上申请2件,信函申请1件,均已按时答复。
四、因政府信息公开申请提起行政复议、行政诉讼的情况
本年度没有发生因信息公开申请而引起的行政复议、行政诉讼。
五、其他需要报告的事项
全年办理人大建议和政协提案12件,网站访问量达35万人次。
南湖县科学技术局
2017年3月20日
"""


def test_reads_a_whole_report():
    facts = extract_text_facts(REPORT)
    proactive = _headline(facts, "proactive_total")
    assert (proactive.value, proactive.qualifier) == (1046, "exact")
    assert _headline(facts, "applications_received").value == 3
    assert _headline(facts, "reconsideration_total").value == 0
    assert _headline(facts, "litigation_total").value == 0
    items = _by_item(facts)
    assert sorted(f.value for f in items["proactive_channel"]) == [66, 980]
    assert sorted(f.value for f in items["proactive_category"]) == [201, 233, 612]
    assert [f.value for f in items["proactive_cumulative"]] == [8120]
    assert {f.unit for f in facts if f.item.startswith("proactive")} == {"item"}
    assert {f.unit for f in facts if not f.item.startswith("proactive")} == {"case"}


def test_every_fact_points_at_its_number():
    for f in extract_text_facts(REPORT):
        assert f.section == "text"
        assert f.evidence in REPORT
        assert REPORT[f.span_start:f.span_end] in f.evidence
        assert f.span_start >= REPORT.find(f.evidence)
        if f.value:
            assert parse_number(REPORT[f.span_start:f.span_end]) == f.value


def test_spaces_inside_numbers_keep_spans_on_the_original():
    text = "全年主动公开政府信息 1 046 条左右。"
    (fact,) = extract_text_facts(text)
    assert text[fact.span_start:fact.span_end] == "1 046"
    assert (fact.value, fact.qualifier) == (1046, "approx")


def test_joint_zero_shares_evidence_and_span():
    text = "四、复议诉讼情况\n我委没有因政府信息公开申请提起行政复议、行政诉讼的情况。"
    facts = extract_text_facts(text)
    rec, lit = _headline(facts, "reconsideration_total"), _headline(facts, "litigation_total")
    assert rec.value == lit.value == 0
    assert rec.evidence == lit.evidence
    assert (rec.span_start, rec.span_end) == (lit.span_start, lit.span_end)
    assert text[rec.span_start:rec.span_end] == "没有"


def test_section_statement_beats_overview():
    text = ("一、概述\n全年主动公开信息500余条。\n二、主动公开政府信息情况\n"
            "全年主动公开政府信息523条。")
    assert _headline(extract_text_facts(text), "proactive_total").value == 523


def test_equally_strong_disagreeing_candidates_give_nothing():
    text = "二、主动公开政府信息情况\n全年主动公开信息410条。\n本年度主动公开政府信息388条。"
    assert _headline(extract_text_facts(text), "proactive_total") is None


def test_same_figure_twice_is_one_fact():
    text = "全年主动公开信息410条。\n二、主动公开\n全年主动公开信息410条。"
    assert _headline(extract_text_facts(text), "proactive_total").value == 410


def test_full_year_beats_a_progress_figure():
    text = "截至11月,主动公开信息380条。\n全年主动公开政府信息415条。"
    fact = _headline(extract_text_facts(text), "proactive_total")
    assert (fact.value, fact.qualifier) == (415, "exact")


def test_channels_alone_are_never_summed():
    text = "二、主动公开政府信息情况\n通过门户网站公开信息300条,通过政务微信公开信息45条。"
    facts = extract_text_facts(text)
    assert _headline(facts, "proactive_total") is None
    assert {f.dimension for f in facts} == {"门户网站", "政务微信"}


def test_a_statement_over_every_channel_is_the_total_and_its_parts_are_channels():
    text = ("二、主动公开政府信息情况\n本年度本局通过各类渠道主动公开信息227篇。"
            "其中在县政府门户网站公开200条,在今日头条政务号发布27条。")
    facts = extract_text_facts(text, report_year=2020)
    assert _headline(facts, "proactive_total").value == 227
    channels = {f.dimension: f.value for f in facts if f.item == "proactive_channel"}
    assert channels == {"县政府门户网站": 200, "今日头条政务号": 27}


def test_the_remainder_after_a_named_channel_is_not_the_total():
    text = "二、主动公开政府信息情况\n通过政府网站公开信息300条,通过其他各类渠道公开50条。"
    assert _headline(extract_text_facts(text, report_year=2016), "proactive_total") is None


@pytest.mark.parametrize(("period", "qualifier"), [
    ("今年1至9月", "partial_year"),
    ("2017年1—10月份", "partial_year"),
    ("今年一至十一月", "partial_year"),
    ("2017年1月至11月", "partial_year"),
    ("2017年1-12月", "exact"),
    ("2017年1至12月", "exact"),
])
def test_a_range_of_months_from_january(period, qualifier):
    fact = _headline(extract_text_facts(f"{period},本局主动公开政府信息140条。", report_year=2017),
                     "proactive_total")
    assert (fact.value, fact.qualifier) == (140, qualifier)


@pytest.mark.parametrize(("text", "qualifier"), [
    ("今年1至9月开展业务培训3次,全年主动公开政府信息500条。", "exact"),
    ("截至10月底,今年共主动公开政府信息500条。", "partial_year"),
    ("截至11月,网站访问量达5万次,本局主动公开政府信息500条。", "partial_year"),
])
def test_a_shorter_period_in_an_earlier_clause(text, qualifier):
    fact = _headline(extract_text_facts(text, report_year=2017), "proactive_total")
    assert (fact.value, fact.qualifier) == (500, qualifier)


def test_a_count_since_the_regulations_took_effect_is_all_time():
    text = ("二、主动公开政府信息情况\n2014年本办累计发布信息21条。"
            "自《条例》施行以来,本办累计主动公开政府信息178条。")
    facts = extract_text_facts(text, report_year=2014)
    assert _headline(facts, "proactive_total").value == 21
    assert [f.value for f in facts if f.item == "proactive_cumulative"] == [178]


def test_comparison_with_last_year_is_dropped():
    text = "全年主动公开信息300条。2014年主动公开信息250条。"
    facts = extract_text_facts(text, report_year=2015)
    assert [f.value for f in facts] == [300]


def test_zero_beside_a_count_in_one_clause_is_not_trusted():
    facts = extract_text_facts("因政府信息公开未发生行政复议但有行政诉讼1起。")
    assert _headline(facts, "reconsideration_total") is None
    assert _headline(facts, "litigation_total").value == 1


def test_applications_zero_and_count_conflict_gives_nothing():
    text = ("三、依申请公开情况\n本年度未收到政府信息公开申请。\n"
            "三、依申请公开情况\n全年收到政府信息公开申请2件。")
    assert _headline(extract_text_facts(text), "applications_received") is None


def test_traditional_characters():
    text = "2012年,本局全年主動公開政府信息88條,受理政府信息公開申請兩件,未發生行政復議和行政訴訟。"
    facts = extract_text_facts(text)
    assert _headline(facts, "proactive_total").value == 88
    assert _headline(facts, "applications_received").value == 2
    assert _headline(facts, "reconsideration_total").value == 0


# Row labels of the standard tables (facts of the format, not prose) flattened one per line.
TABLE_ERA = """四、因政府信息公开申请提起行政复议、行政诉讼的情况
行政复议
行政诉讼
结果维持
结果纠正
其他结果
尚未审结
总计
未经复议直接起诉
复议后起诉
0
0
0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
5
（五）不予处理
6.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
0
"""


def test_table_labels_are_not_prose_counts():
    facts = extract_text_facts(TABLE_ERA)
    assert not [f for f in facts if f.item in HEADLINE_ITEMS]


def test_empty_and_blank_text():
    assert extract_text_facts("") == []
    assert extract_text_facts(" \n\t") == []


def test_view_maps_offsets_back():
    text = "全年  主动公开\u3000信息 ７５２ 条"
    tv = build_view(text)
    assert tv.view == "全年主动公开信息752条"
    at = tv.view.index("752")
    start, end = tv.span_to_text(at, at + 3)
    assert text[start:end] == "７５２"
    assert tv.to_text(len(tv.view)) == len(text.rstrip())


# ------------------------------------------------------------------ properties

_ALPHABET = st.sampled_from(list("主动公开政府信息申请复议诉讼行政未没有无收到受理发布全年本年度截至月累计历年以来"
                                 "其中类通过网站条件起余多约近零一二十百千万0123456789,.;:。\n 、()#《》")
                            + ["2018年", "截至11月", "没有收到", "主动公开", "行政复议、行政诉讼",
                               "一、", "(二)", "\u3000", "１２", "兩"])
_TEXT = st.one_of(st.text(max_size=300), st.lists(_ALPHABET, max_size=120).map("".join))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_extract_text_facts_never_raises_and_points_at_numbers(text):
    facts = extract_text_facts(text)
    assert isinstance(facts, list)
    headline = [f.item for f in facts if f.item in HEADLINE_ITEMS]
    assert len(headline) == len(set(headline))
    for f in facts:
        assert isinstance(f, Fact) and f.section == "text"
        assert isinstance(f.value, float) and f.value >= 0
        assert f.unit in ("item", "case")
        assert f.qualifier in ("exact", "at_least", "approx", "partial_year")
        assert 0 <= f.span_start < f.span_end <= len(text)
        written = text[f.span_start:f.span_end]
        parsed = parse_number(written)
        if parsed is None:
            assert f.value == 0 and written in NEGATIONS, (written, f)
        else:
            assert parsed == f.value


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.one_of(st.none(), _TEXT))
def test_extract_metadata_never_raises_and_is_well_typed(text, title):
    fields, warnings = extract_metadata(text, title)
    assert isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)
    types = {"agency": str, "report_year": int, "publish_date": str, "index_number": str}
    for name, field in fields.items():
        assert isinstance(field, Field) and field.name == name
        assert isinstance(field.value, types[name])
        assert (field.span_start, field.span_end) == (-1, -1) or \
            0 <= field.span_start <= field.span_end <= len(text)
    if "publish_date" in fields:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", fields["publish_date"].value)


# ------------------------------------------------------------------ the five seed reports

_FULLWIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})


def _minimal_clean(raw: str) -> str:
    """Stand-in for the cleaner: strip tags, full-width → ASCII, no spaces inside CJK runs."""
    text = re.sub(r"<[^>]*>", "", raw).translate(_FULLWIDTH)
    cjk, digit = r"[\u4e00-\u9fff]", r"[0-9]"
    return re.sub(rf"(?<={cjk})[ \t]+(?={cjk}|{digit})|(?<={digit})[ \t]+(?={cjk})", "", text)


def _seeds():
    if not GOLD.exists():
        return []
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def _decoded(path: Path) -> tuple[str, str | None]:
    """The seed as the pipeline's own decoder and cleaner produce it."""
    from xxgk.decode import decode_document

    doc = decode_document(path.read_bytes(), filename=path.name)
    return doc.text, doc.title


@pytest.mark.parametrize("cleaning", ["minimal", "decoder"])
@pytest.mark.parametrize("gold", _seeds(), ids=lambda g: g["id"][:3])
def test_seed_matches_gold(gold, cleaning):
    path = SEEDS / f"{gold['id']}.txt"
    if not path.exists():
        pytest.skip("seed corpus not mounted")
    if cleaning == "minimal":
        text, title = _minimal_clean(path.read_text(encoding="utf-8")), None
    else:
        text, title = _decoded(path)
    fields, _ = extract_metadata(text, title)
    facts = extract_text_facts(text)
    assert fields["agency"].value in gold["agency"]
    assert fields["report_year"].value == gold["report_year"]
    assert fields["publish_date"].value == gold["publish_date"]
    proactive = _headline(facts, "proactive_total")
    assert (proactive.value, proactive.qualifier) == (gold["proactive_total"]["value"],
                                                     gold["proactive_total"]["qualifier"])
    for item in ("applications_received", "reconsideration_total", "litigation_total"):
        fact = _headline(facts, item)
        assert (fact.value if fact else None) == gold[item], item


# ------------------------------------------------------------------ the main channel's figure

def _total(text: str, year: int = 2021) -> tuple[float | None, str | None]:
    fact = _headline(extract_text_facts(text, report_year=year), "proactive_total")
    return (fact.value, fact.rule) if fact else (None, None)


def test_one_main_channel_figure_in_the_proactive_part_is_the_total():
    text = "(一)主动公开情况\n2021年,本局通过青河县人民政府门户网站主动公开政府信息318条。\n"
    assert _total(text) == (318, "proactive.main_channel")


def test_main_channel_figure_broken_down_after_qi_zhong_is_still_the_total():
    text = ("(一)主动公开情况\n2021年,我局在县政府网站信息公开专栏主动公开政府信息96条,"
            "其中机构职能类8条、工作动态类70条。\n")
    assert _total(text)[0] == 96


def test_main_channel_figure_broken_down_counts_without_a_proactive_heading():
    # No heading or word says 主动, but the figure is broken down by category at once: it is
    # everything the channel carried, the year's total.
    text = ("一、基本情况\n2021年,我委在门户网站发布各类政府信息530余条。其中,政策文件41条,"
            "工作动态380条,其他信息109条。\n二、依申请公开情况\n全年未收到申请。\n")
    assert _total(text) == (530, "proactive.main_channel")


def test_a_broken_down_channel_figure_with_another_channel_later_gives_no_total():
    # Without a 主动 heading to bound the part, a figure of another channel anywhere before the
    # request part rivals it (here media that 播发 the organ's items).
    text = ("一、概述\n今年,青河市交通局公众网站发布政府信息2100条,其中通知公告类300条,"
            "工作动态类1800条。\n3、通过报纸、电台等媒体播发我局提供的信息85条。\n"
            "三、依申请公开情况\n全年收到申请3件。\n")
    assert _total(text) == (None, None)


def test_channels_side_by_side_give_no_total():
    text = ("(一)主动公开情况\n2021年,局门户网站公开信息240条,微信公众号推送信息118条。\n")
    assert _total(text) == (None, None)
    text2 = ("(一)主动公开情况\n本年度通过区政府网站公开信息52条。\n通过政务微博发布信息31条。\n")
    assert _total(text2) == (None, None)


def test_a_minor_channel_alone_is_not_the_total():
    text = "(一)主动公开情况\n2021年,通过社区公开栏公开信息45条。\n"
    assert _total(text) == (None, None)


def test_channel_figure_outside_the_proactive_part_is_not_the_total():
    text = "(五)政府信息公开平台建设\n2021年,通过局门户网站发布新闻稿件64篇。\n"
    assert _total(text) == (None, None)


# ------------------------------------------------------------------ totals and their parts

def test_parts_after_qi_zhong_do_not_rival_the_total():
    text = ("(一)主动公开情况\n2021年,青河县水务局共公开政府信息188条,其中:政策文件类公开"
            "102条,工作动态类公开86条。\n")
    assert _total(text)[0] == 188


def test_a_sentence_opening_with_qi_zhong_breaks_the_figure_down():
    text = ("(一)主动公开情况\n2021年在县门户网站信息公开专栏主动公开政府信息410条。其中,"
            "机构职能类主动公开政府信息12条、政策文件类主动公开政府信息30条。\n")
    assert _total(text)[0] == 410


def test_noun_before_the_verb_with_the_number_after_it_is_a_category():
    text = "(一)主动公开情况\n2021年,我局三务公开96条,经费公开40条。\n"
    assert _total(text) == (None, None)


def test_the_other_part_is_not_the_total():
    text = "(一)主动公开情况\n今年转发上级文件12条,其他主动公开内容47条。\n"
    assert _total(text) == (None, None)


def test_channel_named_earlier_in_the_sentence_makes_a_generic_count_that_channels():
    text = ("(六)平台建设\n“青河国际门户”新增英文网站,目前覆盖3个语种,共发布各类信息9200条。\n")
    assert _total(text) == (None, None)


def test_the_other_items_inside_a_breakdown_are_not_the_total():
    text = ("(一)主动公开情况\n全年本区各单位共公布政府信息1800条(其中机构职能类信息60条,"
            "其他应主动公开政府信息900条)。\n")
    assert _total(text)[0] == 1800


def test_generic_figures_that_disagree_give_no_total():
    text = ("(一)主动公开情况\n全平台发布各类政务信息合计520条,其中网站发布80条,公众号440条;"
            "全年公开各类文件610件,其中通知类100件。\n")
    assert _total(text) == (None, None)


def test_the_first_of_several_points_is_a_part():
    text = ("(一)主动公开情况\n一是按时公布各类规划、资金、项目等信息148件。\n"
            "二是推进审批信息公开,公开批复40件。\n")
    assert _total(text) == (None, None)


def test_categories_beside_the_channel_figure_leave_no_total():
    text = "(一)主动公开情况\n本区通过区政府门户网站主动公开各类业务信息860条,双公示95条,经费公开120条。\n"
    assert _total(text) == (None, None)


def test_category_counts_in_a_later_sentence_do_not_rival_the_channel_figure():
    text = ("(一)主动公开情况\n全年在区政务服务平台的“透明”频道主动公开政府信息730条。\n"
            "2022年全年,发布政策18条,发布政策解读和图解21条。\n")
    assert _total(text) == (730, "proactive.main_channel")


def test_a_channel_inside_a_breakdown_is_not_the_total():
    text = ("(一)主动公开情况\n全年共主动公开政府信息9000条(见下)。\n其中:部门子站发布信息800条,"
            "专题专栏发布信息900条。\n")
    assert _total(text)[0] == 9000


def test_the_organs_own_units_between_verb_and_object():
    text = "(一)主动公开方面\n全年主动公开我区各单位政府信息1280条,多数经由政府网站发布。\n"
    assert _total(text)[0] == 1280


def test_a_channel_then_what_it_carried_then_the_figure():
    text = ("(一)主动公开。2022年青河街道依托政府门户网站及时公开领导分工、财政预算决算、"
            "工作动态等政府信息96条。\n(二)依申请公开。\n")
    assert _total(text, 2022) == (96, "proactive.main_channel")


def test_related_information_is_a_subset():
    text = ("1.全面推进主动公开。2022年市教育局发布信息1800条,做好重点领域信息公开,"
            "全年公开300余条相关信息。\n")
    assert _total(text, 2022)[0] == 1800


def test_a_list_of_information_counts_has_no_total():
    text = ("(一)主动公开情况\n2022年,对照本局公开目录,公开发布规范性文件等信息21条,"
            "人事招录信息9条,预算决算信息5条。\n")
    assert _total(text) == (None, None)


def test_a_statement_with_its_own_verb_after_the_total_is_no_list_item():
    text = "(一)主动公开情况\n2021年,本局共编发各类信息860条,发布各类解读信息41条。\n"
    assert _total(text)[0] == 860


def test_a_channel_figure_opening_an_enumerated_item_is_not_promoted():
    # "(一)" promises further channels: the first one's figure is not the year's total.
    text = "二、主动公开政府信息情况\n(一)县政府门户网站主动公开政府信息940条,浏览量达8万余人次\n"
    assert _total(text) == (None, None)


def test_updated_items_on_the_portal_column_count_as_published():
    text = ("二、主动公开情况\n以公开为常态,全年在县政府网站的公开专栏更新信息"
            "1320条。\n")
    assert _total(text)[0] == 1320


def test_odd_nouns_between_verb_and_figure():
    assert _total("(一)主动公开情况\n2019年全年主动公开件28件。\n", 2019)[0] == 28
    text = "(一)主动公开情况\n2023年在局网站主动公开机构设置、财政信息等主动公开信息52件。\n"
    assert _total(text, 2023)[0] == 52


def test_requests_handled_are_not_requests_received():
    facts = extract_text_facts("三、依申请公开情况\n全年处理申请数量37件,均按时答复。\n", 2021)
    assert _headline(facts, "applications_received") is None


def test_a_list_of_nones_says_each_none_on_its_own():
    text = "三、依申请公开情况\n2019年无信息公开申请、也无相关的行政复议和行政诉讼案件。\n"
    facts = extract_text_facts(text, 2019)
    assert _headline(facts, "applications_received").value == 0
    # an application for reconsideration is no disclosure request
    assert _headline(extract_text_facts("全年未发生申请行政复议的情况。\n", 2019),
                     "applications_received") is None


def test_a_request_count_tied_to_disclosure_by_an_earlier_clause():
    text = "全年制作依申请公开信息120条,收到申请7例,均依法办理。\n"
    assert _headline(extract_text_facts(text, 2020), "applications_received").value == 7


# Families of the third real batch, in new sentences of the same shape.

def test_a_broken_down_main_channel_figure_outweighs_a_category_counted_later():
    text = ("二、主动公开政府信息情况\n2022年,青山县气象局依托本局门户网站主动发布各类政务信息316条,"
            "其中工作动态120条、通知公告40条;答复网民留言12条,财政公开信息6条。")
    assert _total(text, 2022) == (316, "proactive.main_channel")


def test_channels_with_a_figure_each_give_no_total():
    text = ("一、主动公开情况\n通过镇政府网页、政务新媒体和便民服务大厅等渠道主动公开政府信息420条,"
            "通过村务公开栏公开政府信息96条。")
    assert _total(text, 2023)[0] is None


def test_a_total_first_then_the_part_given_through_a_channel():
    text = ("一、主动公开情况\n2023年,金竹乡主动公开政府信息共计88条,通过乡政府网站公开71条。")
    assert _total(text, 2023)[0] == 88


def test_a_running_total_dated_the_year_end_with_lost_characters_is_cumulative():
    text = "一、主动公开情况\n截止20111231日,全镇累计主动公开政府信息210条。"
    assert _total(text, 2011)[0] is None


def test_channel_figures_that_add_up_to_the_stated_figure_break_it_down():
    text = ("一、主动公开情况\n2024年,本区通过官方渠道主动公开各类政务信息共530条,其中区门户网站"
            "发布400条,经区政务公众号推送信息130条。")
    assert _total(text, 2024)[0] == 530


@pytest.mark.parametrize("sentence", [
    "2023年,本局一共收到信息公开申请9件,其中上年度结转3件,全部办结。",
    "全年受理政府信息公开申请12件,含上年结转2件。",
])
def test_a_received_count_that_holds_carried_over_requests_is_not_the_years(sentence):
    facts = extract_text_facts(sentence, 2023)
    assert _headline(facts, "applications_received") is None


def test_a_received_count_broken_down_by_channel_still_counts():
    facts = extract_text_facts("2023年,本局一共收到信息公开申请9件,其中网上申请5件。", 2023)
    assert _headline(facts, "applications_received").value == 9


@pytest.mark.parametrize(("text", "value"), [
    # two verbs in a row, and the organs of a whole government as the subject (not a channel)
    ("(一)主动公开\n2023年,各镇街及政府系统主动公开发布政府信息8200多条。\n", 8200),
    # an adverb and a second verb after the object
    ("(一)主动公开\n2023年,本局主动公开政府信息及时发布57条。\n", 57),
])
def test_active_statements_in_more_wordings(text, value):
    assert _headline(extract_text_facts(text, 2023), "proactive_total").value == value


@pytest.mark.parametrize("text", [
    # requests and messages counted beside the portal's figure
    "(一)主动公开\n2023年,通过区政府门户网站主动公开信息730条,依申请公开信息12条,受理留言咨询48件。\n",
    # media reports counted apart
    "(一)主动公开\n通过本委官网更新各类政府信息215条,借助报纸、电视等媒体渠道发布信息报道40条。\n",
    # the units the organ guides
    "(一)主动公开\n2023年,本市通过市政府门户网站主动公开政府信息930条,指导全市各单位公开信息8万余条。\n",
    # the portal's figure broken down by its own columns
    "(一)主动公开\n2023年县政府门户网站发布信息6410条,其中要闻栏目发布信息3100条、公开栏目发布信息2900条。\n",
])
def test_the_main_channel_figure_stands_beside_counts_of_other_things(text):
    total = _headline(extract_text_facts(text, 2023), "proactive_total")
    assert total is not None and total.rule == "proactive.main_channel"


def test_channels_after_a_semicolon_are_beside_the_portal_not_parts_of_it():
    text = ("(一)主动公开\n2023年,镇政府门户网站发布信息40条,包含通知公告20条;大厅电子显示屏"
            "发布35条;村务公开栏发布60条。\n")
    assert _headline(extract_text_facts(text, 2023), "proactive_total") is None


def test_a_documents_count_after_the_main_channels_larger_figure_is_its_part():
    text = ("(一)主动公开\n通过县政府门户网站本局专栏发布各类信息230余条,主动公开文件31条,"
            "工作动态88条,通知公告17条。\n")
    total = _headline(extract_text_facts(text, 2023), "proactive_total")
    assert (total.value, total.qualifier, total.rule) == (230, "at_least", "proactive.main_channel")


def test_a_documents_count_alone_is_still_the_total():
    text = "(一)主动公开\n2023年,本局主动公开文件31条。\n"
    assert _headline(extract_text_facts(text, 2023), "proactive_total").value == 31


@pytest.mark.parametrize("text", [
    # a WeChat account's count after the portal's bracketed breakdown
    "(一)主动公开\n本局网站主动公开各类信息640条(其中,概况类信息30条,动态类信息610条),"
    "“青河交通”微信公众号发布信息95条。\n",
    # a WeChat account's count inside the portal's breakdown list
    "(一)主动公开\n通过本局门户网站全年共主动公开信息500条,其中工作动态300条,公开稿件200条,"
    "微信公众号公布信息410条。\n",
    # a WeChat account's count listed after the channels' figure, without a verb of its own
    "(一)主动公开\n2023年,通过门户网站、政府信息公开平台等平台主动向社会公开信息150条、"
    "微信公众号88条。\n",
])
def test_a_wechat_count_beside_the_portals_figure_leaves_the_total_open(text):
    assert _headline(extract_text_facts(text, 2023), "proactive_total") is None


def test_the_part_new_this_year_of_a_running_stock_is_the_years_total():
    text = ("(一)主动公开\n2022年累计主动公开政府信息480条,全文电子化率达100%,其中,本年度新增的"
            "主动公开政府信息57条。\n")
    assert _headline(extract_text_facts(text, 2022), "proactive_total").value == 57


def test_a_zero_in_a_sentence_the_text_cuts_off_says_nothing():
    cut = "二、依申请公开情况\n2023年,本局严格依规办理,本年度未发生依申请公"
    whole = cut + "开申请。\n"
    assert _headline(extract_text_facts(cut, 2023), "applications_received") is None
    assert _headline(extract_text_facts(whole, 2023), "applications_received").value == 0


def test_a_running_count_that_names_the_report_year_in_its_object_is_the_years():
    text = ("一、主动公开政府信息情况\n截至2011年底,我镇累计主动公开2011年度政府信息35条,"
            "全文电子化率达100%。\n")
    total = _headline(extract_text_facts(text, 2011), "proactive_total")
    assert (total.value, total.qualifier) == (35, "exact")


def test_a_count_up_to_now_is_not_the_years_total():
    text = "(一)主动公开\n截至目前,本局网站共发布各类信息1200条。\n"
    total = _headline(extract_text_facts(text, 2019), "proactive_total")
    assert total is None or total.qualifier != "exact"
