"""Report metadata: agency, report year, publication date, index number (inline pages, our own)."""

import pytest
import yaml

from xxgk.clean import clean_text
from xxgk.extract.metadata import (
    VOCAB_PATH,
    detect_report_year,
    extract_metadata,
    find_format_notice,
)
from xxgk.identity import resolve_identity


def _values(text, title=None):
    fields, warnings = extract_metadata(text, title)
    return {k: f.value for k, f in fields.items()}, warnings


# ------------------------------------------------------------------ agency

def test_agency_from_page_title_with_site_suffix():
    values, _ = _values("一、概述\n全年工作正常。",
                        "南湖县科学技术局2018年政府信息公开工作年度报告_南湖县人民政府门户网站")
    assert values["agency"] == "南湖县科学技术局"
    assert values["report_year"] == 2018


def test_title_with_guanyu():
    assert _values("青山市农业局关于2014年政府信息公开工作的年度报告\n")[0]["agency"] == "青山市农业局"


def test_spam_is_cut_from_the_title():
    values, _ = _values("一、概述\n本年度工作正常。", "青山市农业局-某某娱乐官网")
    assert values["agency"] == "青山市农业局"


def test_first_line_title_with_spam():
    values, _ = _values("青山市农业局-凯发客户端\n发布时间: 2019-02-11\n一、概述\n")
    assert values["agency"] == "青山市农业局"


def test_government_report_is_not_the_compiling_office():
    text = ("白沙区2017年政府信息公开工作年度报告\n发布机构:白沙区人民政府办公室\n"
            "本报告由白沙区人民政府办公室编制。白沙区人民政府2017年政府信息公开工作运行正常。\n")
    values, _ = _values(text)
    assert values["agency"] == "白沙区人民政府"


def test_published_as_names_the_organ_over_the_publishing_office():
    text = ("发布机构:市政府办\n根据条例规定,现公布青山市人民政府2017年政府信息公开工作年度报告。\n"
            "一、概述\n")
    assert _values(text)[0]["agency"] == "青山市人民政府"


def test_fuller_official_name_wins():
    text = ("2015年度青山市科技局信息公开年报\n一、概述\n2015年,青山市科学技术局认真贯彻条例。\n"
            "二、主动公开政府信息情况\n")
    fields, _ = extract_metadata(text, None)
    assert fields["agency"].value == "青山市科学技术局"
    assert text[fields["agency"].span_start:fields["agency"].span_end] == "青山市科学技术局"


def test_signature_and_fields():
    text = ("•索 引 号:ab123-0400-2016-00007\n•发布机构:石门县农业局\n•公文生成日期:2016-02-03\n"
            "一、概述\n县农业局认真做好信息公开。\n石门县农业局\n2016年2月3日\n")
    values, _ = _values(text)
    assert values["agency"] == "石门县农业局"
    assert values["index_number"] == "ab123-0400-2016-00007"
    assert values["publish_date"] == "2016-02-03"


def test_region_only_title_expands_to_the_printed_government():
    text = "2016年度东岭镇政府信息公开年度报告\n现公布东岭镇人民政府2016年度报告。\n"
    assert _values(text)[0]["agency"] == "东岭镇人民政府"


def test_relative_name_alone_is_kept_as_written_with_a_warning():
    # LABELLING.md: a name without its place is the agency when the text names it no other way.
    values, warnings = _values("市科技局2018年政府信息公开工作年度报告\n一、概述\n")
    assert values["agency"] == "市科技局"
    assert any("without its place" in w for w in warnings)


def test_site_header_does_not_override_a_relative_title():
    text = "南湖县人民政府\n县科技局2018年政府信息公开工作年度报告\n一、概述\n"
    assert _values(text)[0]["agency"] == "县科技局"
    text2 = text + "南湖县科学技术局认真落实条例。\n南湖县科学技术局\n2019年1月8日\n"
    assert _values(text2)[0]["agency"] == "南湖县科学技术局"


def test_relative_name_takes_the_place_the_text_prints():
    text = ("市水利局2013年政府信息公开工作年度报告\n一、概述\n全市水利系统认真落实条例。\n"
            "如有疑问请与汉中市水利局办公室联系。\n")
    fields, _ = extract_metadata(text, None)
    assert fields["agency"].value == "汉中市水利局"
    assert text[fields["agency"].span_start:fields["agency"].span_end] == "汉中市水利局"


def test_relative_name_resolved_from_a_sentence_that_only_mentions_it():
    text = ("区商务局2019年政府信息公开工作年度报告\n一、概述\n本局职能调整后,鼓楼区商务局"
            "下设三个科室。\n")
    fields, _ = extract_metadata(text, None)
    assert fields["agency"].value == "鼓楼区商务局"
    assert fields["agency"].rule.endswith("+place_written")


def test_whole_city_is_not_a_place_name():
    text = "市水利局2013年政府信息公开工作年度报告\n全市水利局系统共公开信息。\n"
    assert _values(text)[0]["agency"] == "市水利局"


def test_relative_name_with_two_different_places_stays_as_written():
    text = ("县财政局2015年政府信息公开工作年度报告\n转发长兴县财政局和安吉县财政局的通知。\n")
    values, warnings = _values(text)
    assert values["agency"] == "县财政局"
    assert any("different places" in w for w in warnings)


def test_no_agency_in_plain_prose():
    values, _ = _values("根据工作安排,我们认真开展了各项工作,取得了一定成效。")
    assert "agency" not in values


def test_field_label_inside_a_sentence_is_not_a_field():
    text = "一、概述\n项目资金来源于市财政局拨付的专项经费。\n"
    assert "agency" not in _values(text)[0]


def test_source_field_that_is_a_site_name_is_ignored():
    text = "来源:本站 时间:2018-03-01\n一、概述\n"
    values, _ = _values(text)
    assert "agency" not in values
    assert values["publish_date"] == "2018-03-01"


def test_central_organ_needs_no_region():
    assert _values("国家统计局2016年政府信息公开工作年度报告\n")[0]["agency"] == "国家统计局"


def test_summary_and_progress_titles_name_the_organ():
    # The 来源 field names the office that put the page online, not the reporting government.
    text = ("北湖区人民政府2015年政府信息公开工作阶段性总结\n来源北湖区人民政府办公室发布日期2015.12.18\n"
            "一、主要做法及成效\n")
    assert _values(text)[0]["agency"] == "北湖区人民政府"
    text = "2010年青河县文化局政府信息公开工作开展情况\n时间: 2010-12-19 10:16\n一、主要做法\n"
    assert _values(text)[0]["agency"] == "青河县文化局"
    signed = ("青河县人民政府2016年政府信息公开工作进展情况\n一、主要做法及成效\n正文。\n"
              "青河县人民政府办公室\n2016年12月8日\n")
    assert _values(signed)[0]["agency"] == "青河县人民政府"


@pytest.mark.parametrize(("text", "agency"), [
    # A document number glued in front of the title by the PDF conversion.
    ("〔2024〕—20青山市发展和改革委员会2023年度政府信息公开工作年度报告\n一、总体情况\n",
     "青山市发展和改革委员会"),
    ("〔2019〕2018年青山市农业局政府信息公开工作年度报告\n一、概述\n", "青山市农业局"),
    # A long title wrapped by the PDF conversion.
    ("青山省卫生和计划生育委员会2018年政府信息公开工作年度\n报告\n一、概述\n",
     "青山省卫生和计划生育委员会"),
    # Place names may hold words that spam also uses.
    ("2014年度平台县人社局政府信息公开工作年度报告\n一、概述\n", "平台县人社局"),
])
def test_pdf_title_quirks(text, agency):
    assert _values(text)[0]["agency"] == agency


def test_section_headings_ending_in_qingkuang_give_no_agency():
    text = "二、主动公开政府信息公开工作情况\n三、依申请公开工作情况\n正文。\n"
    assert "agency" not in _values(text)[0]


def test_traditional_title():
    values, _ = _values("石門縣農業局2012年政府信息公開工作年度報告\n")
    assert values["agency"] == "石門縣農業局"
    assert values["report_year"] == 2012


# ------------------------------------------------------------------ report year

@pytest.mark.parametrize(("text", "year"), [
    ("青山市农业局2013年度政府信息公开工作年度报告\n", 2013),
    ("政府信息公开工作年度报告(2016年度)\n", 2016),
    ("二〇一七年度政府信息公开工作年度报告\n", 2017),
    ("本报告所涉数据的统计时间为2011年1月1日起至2011年12月31日止。\n", 2011),
    ("数据统计期限为2010年1月1日至12月31日止。\n", 2010),
    ("根据要求,现将2014年政府信息公开年度报告公布如下。\n", 2014),
    ("一、概述\n2012年,我局认真落实条例。\n二、主动公开\n2012年,全局公开信息。\n2011年,比较。\n", 2012),
])
def test_report_year_sources(text, year):
    assert _values(text)[0]["report_year"] == year
    assert detect_report_year(text) == year


def test_title_wins_over_a_stale_period_with_a_warning():
    text = ("青山市农业局2018年政府信息公开工作年度报告\n"
            "本报告所涉数据的统计时间为2017年1月1日起至2017年12月31日止。\n")
    values, warnings = _values(text)
    assert values["report_year"] == 2018
    assert any("2017" in w and "report_year" in w for w in warnings)


def test_year_after_publication_yields_to_the_next_source():
    text = ("青山市农业局2019年政府信息公开工作年度报告\n发布日期:2018-03-01\n"
            "本报告所涉数据的统计时间为2017年1月1日起至2017年12月31日止。\n")
    values, warnings = _values(text)
    assert values["report_year"] == 2017
    assert warnings


def test_publication_year_is_never_the_report_year():
    values, _ = _values("发布日期:2019-02-01\n一、概述\n我局认真落实条例。\n")
    assert values["publish_date"] == "2019-02-01"
    assert "report_year" not in values


def test_tied_body_mentions_give_nothing():
    text = "关于2015年政府信息公开年度报告的说明。参照2016年政府信息公开年度报告格式。\n"
    assert "report_year" not in _values(text)[0]


# ------------------------------------------------------------------ publication date

@pytest.mark.parametrize(("text", "date"), [
    ("发布时间: 2019-01-30 09:12:40\n", "2019-01-30"),
    ("发布日期：2019/1/30\n", "2019-01-30"),
    ("成文日期 2019.01.30\n", "2019-01-30"),
    ("发文日期2021-01-29\n", "2021-01-29"),
    ("来源:青山市农业局 时间:2018-04-02 10:00\n", "2018-04-02"),
    ("索取号:A01 2015年03月30日 11时48分 来源:青山市农业局\n", "2015-03-30"),
    ("一、概述\n正文。\n青山市农业局\n2019年2月22日\n", "2019-02-22"),
    ("一、概述\n正文。\n青山市农业局\n二〇一九年二月二十二日\n", "2019-02-22"),
    ("一、概述\n正文。\n2019年3月5日\n附件下载\n", "2019-03-05"),
])
def test_publish_date_forms(text, date):
    assert _values(text)[0]["publish_date"] == date


@pytest.mark.parametrize(("text", "date"), [
    # Written one day, put online another: the publication date wins, in either order.
    ("成文日期:2024-03-18 10:53:14\n发布日期:2024-03-29 18:48:31\n", "2024-03-29"),
    ("成文日期2011-03-08 13:08:34发布日期2011-03-20 17:40:25\n", "2011-03-20"),
    ("索引号: 11928/2015-00391发布机构: 青山市卫计委成文日期: 2015-03-04 09:39发布日期: 2015-03-06\n",
     "2015-03-06"),
    # Metadata tables of web pages arrive as pipe rows: label and value in adjacent cells.
    ("| 成文日期 | 2022.01.29 | 发布日期 | 2022.02.03 |\n", "2022-02-03"),
    ("| 成文日期 | 2023年1月27日 | 发布日期 | 2023年2月3日 |\n", "2023-02-03"),
    ("| 发布机构 | 青山市科技局 | 发文日期 | 2014-03-24 10:14:42 |\n", "2014-03-24"),
    ("| 公文生成日期 | 2018年3月16日 | | |\n", "2018-03-16"),
    ("| 时间 | 2017年2月1日 |\n", "2017-02-01"),
    # The document's own date when no publication date is printed, before the signature.
    ("成文日期:2016-02-03\n一、概述\n正文。\n青山市农业局\n2016年2月5日\n", "2016-02-03"),
    # A page footer left on the signature line by the PDF conversion.
    ("一、概述\n正文。\n青山市农业局\n2013年1月15日- 4 -\n", "2013-01-15"),
])
def test_publication_date_wins_and_pipe_rows(text, date):
    assert _values(text)[0]["publish_date"] == date


def test_statistics_cut_off_is_not_a_publication_date():
    text = ("一、概述\n截至2019年12月31日,我镇全年主动公开政府信息5条。网站访问量突破52万次。\n"
            "二、其他\n无。\n青山镇人民政府\n2020年2月5日\n")
    assert _values(text)[0]["publish_date"] == "2020-02-05"


@pytest.mark.parametrize("text", [
    "一、概述\n正文。\n青山市农业局\n2014 124\n",
    "一、概述\n正文。\n青山市农业局\n2019年2月\n",
    "统计时间:2018-12-31\n办理时间:2018-05-01\n",
    "发布时间:2019-02-30\n",
    "本报告统计期限自2018年1月1日起至2018年12月31日止。\n",
])
def test_partial_garbled_or_unlabelled_dates_give_nothing(text):
    assert "publish_date" not in _values(text)[0]


# ------------------------------------------------------------------ index number

@pytest.mark.parametrize(("text", "index"), [
    ("索引号:000031827/2022-04418 分类:部门文件\n", "000031827/2022-04418"),
    ("索引号000031827/2022-04418 分类市政府部门\n", "000031827/2022-04418"),
    ("索 引 号 | 11370900/2017-00150 | 公开方式 |\n", "11370900/2017-00150"),
    ("索取号:E0172016 2015年03月30日\n", "E0172016"),
])
def test_index_number(text, index):
    assert _values(text)[0]["index_number"] == index


def test_no_index_number():
    assert "index_number" not in _values("一、概述\n索引正文。\n")[0]


def test_fields_carry_evidence_and_rules():
    text = "青山市农业局2018年政府信息公开工作年度报告\n发布时间:2019-01-30\n"
    fields, _ = extract_metadata(text, None)
    for field in fields.values():
        assert field.rule and field.evidence
        assert field.evidence in text
    year = fields["report_year"]
    assert text[year.span_start:year.span_end] == "2018"


# ------------------------------------------------------------------ agency: body sentences

def _body_mention_entries():
    data = yaml.safe_load(VOCAB_PATH.read_text(encoding="utf-8"))
    return [pytest.param(example["text"], example["agency"], id=e["rule"])
            for e in data["body_mentions"] for example in e.get("examples", [e.get("example")])]


@pytest.mark.parametrize(("text", "agency"), _body_mention_entries())
def test_body_mention_example_gives_its_agency(text, agency):
    fields, _ = extract_metadata(text, None)
    assert fields["agency"].value == agency
    assert text[fields["agency"].span_start:fields["agency"].span_end] == agency


def test_title_after_a_place_and_year_prefix():
    text = "南国青河2023年青河市水务局政府信息公开年报\n一、总体情况\n"
    assert _values(text)[0]["agency"] == "青河市水务局"


def test_notice_title_names_the_reporting_organ_after_the_year():
    text = "某部办公厅关于2016年农林部政府信息公开工作年度报告的公告\n现予公告。\n"
    assert _values(text)[0]["agency"] == "农林部"


def test_glued_field_label_is_not_part_of_the_name():
    text = "名称青河县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n"
    assert _values(text)[0]["agency"] == "青河县人民政府"


def test_compiling_office_gives_its_government():
    text = "本报告由青岭省人民政府办公厅编制,内容包括概述等部分。\n"
    assert _values(text)[0]["agency"] == "青岭省人民政府"


def test_subject_words_before_a_name_are_not_a_place():
    text = ("一、总体情况\n按照上级要求,现结合青岭区商务委工作实际编制本报告。\n"
            "2019年,区商务委认真落实《条例》。\n")
    assert _values(text)[0]["agency"] != "现结合青岭区商务委"


def test_report_subject_after_a_street_name_is_not_its_government():
    text = "2018年青河市白塔区东湖街道政府信息公开工作年度报告\n东湖街道办事处认真落实条例。\n"
    assert _values(text)[0]["agency"] != "青河市白塔区东湖街道政府"


def test_merged_successor_name_is_not_a_fuller_form():
    text = ("青山市科学技术局2018年政府信息公开工作年度报告\n"
            "已更新《青山市科学技术和知识产权局政府信息公开指南》。\n")
    assert _values(text)[0]["agency"] == "青山市科学技术局"


def test_traditional_script_with_pinyin_glosses():
    raw = "標(biāo)題 青嶺自治區(qū)人民政府 2023年政府信息公開工作年度報告\n根據(jù)《條例》編制。\n"
    assert _values(clean_text(raw, source_format="text"))[0]["agency"] == "青嶺自治區人民政府"


# ------------------------------------------------------------------ year and format from the body

@pytest.mark.parametrize(("text", "year"), [
    ("一、总体情况\n2019年,我局认真落实《条例》,公开工作有序开展。\n", 2019),
    ("一、概述\n2016年以来,本镇扎实推进政务公开。\n", 2016),
    ("一、总体情况\n(一)主动公开\n2022年全年,我委公开信息80条。\n", 2022),
    ("一、概述\n2015-,我局在县政府的领导下开展工作。\n", 2015),  # a copy that lost 年
])
def test_year_that_opens_the_overview(text, year):
    assert _values(text)[0]["report_year"] == year


def test_a_date_under_the_overview_is_not_an_opening_year():
    text = "一、总体情况\n2019年3月1日,我局召开会议。\n"
    assert "report_year" not in _values(text)[0]


@pytest.mark.parametrize(("text", "template"), [
    ("按照国办公开办函〔2021〕30号的要求编制本报告。", "table_2021"),
    ("依据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》编制。",
     "table_2019"),
    ("按照国办公开办函〔2019〕60号要求编制。", "table_2019"),
    ("根据《条例》编制本报告。", None),
])
def test_format_notice_named_in_the_text(text, template):
    assert find_format_notice(text) == template


@pytest.mark.parametrize(("text", "agency"), [
    ("一、总体情况\n2022年汉阴县教育局全面贯彻落实《条例》,扎实推进公开工作。\n", "汉阴县教育局"),
    ("本报告全文在平台公布。如对本报告有疑问,可与延吉市民政局联系(电话:0000-7654321)。\n",
     "延吉市民政局"),
    ("根据《条例》有关要求,现将咸阳市秦都区人民政府2024年政府信息公开工作年度报告予以公开。\n",
     "咸阳市秦都区人民政府"),
    ("本报告由汉中市住房和城乡建设局汇总本年度公开工作情况后编写。\n", "汉中市住房和城乡建设局"),
    ("一、总体情况\n2021年,宁夏回族自治区坚持以人民为中心,全面推进政务公开。\n", "宁夏回族自治区"),
])
def test_more_sentences_that_name_the_organ(text, agency):
    assert _values(text)[0]["agency"] == agency


def test_a_place_alone_must_be_a_listed_place():
    text = "一、总体情况\n2021年,全市坚持以人民为中心,全面推进政务公开。\n"
    assert "agency" not in _values(text)[0]


def test_an_organ_type_word_is_no_name():
    text = "(一)组织领导情况\n成立了领导小组,日常工作由局办公室负责。\n"
    assert "agency" not in _values(text)[0]


def test_a_town_takes_the_places_its_government_is_printed_with():
    text = ("2016年乐昌镇政府信息公开年度报告\n一、概述\n本镇全年公开信息120条。\n"
            "附表:2016年乐昌镇政府信息公开年度报告 韶关市武江区乐昌镇人民政府 |\n")
    assert _values(text)[0]["agency"] == "韶关市武江区乐昌镇人民政府"


def test_a_committee_short_name_takes_its_printed_full_form():
    text = ("一、总体情况\n2019年,区商务委认真落实《条例》。\n"
            "本报告依据重庆市两江新区商务委员会一年来的工作写成。\n")
    assert _values(text)[0]["agency"] == "重庆市两江新区商务委员会"


@pytest.mark.parametrize(("text", "date"), [
    ("青河县水务局2018年政府信息公开工作年度报告\n2019-02-14\n根据《条例》编制。\n", "2019-02-14"),
    ("青河县水务局2018年政府信息公开工作年度报告\n• 2019-02-15\n• 来源:县水务局\n", "2019-02-15"),
    ("2018年青河县水务局政府信息公开年报 ( 2019年02月16日 )\n青河县水务局\n2019年2月18日\n",
     "2019-02-16"),
    ("青河县水务局2018年政府信息公开工作年度报告\n\n17.02.2019  09:54\n\n根据《条例》编制。\n",
     "2019-02-17"),
    ("当前位置:首页 > 年报\n青河县2020年政府信息公开工作年度报告\n2021-03-2918:26\n来源:\n",
     "2021-03-29"),
])
def test_the_date_standing_under_the_title(text, date):
    assert _values(text)[0]["publish_date"] == date


def test_a_date_alone_before_any_title_is_not_the_publication():
    text = "2019-02-14\n一、总体情况\n全年工作正常。\n"
    assert "publish_date" not in _values(text)[0]


def test_title_broken_after_its_year():
    text = "赣州市章贡区卫生健康委2022年\n政府信息公开工作年度报告\n一、总体情况\n"
    assert _values(text)[0]["agency"] == "赣州市章贡区卫生健康委"


def test_a_national_organ_starting_with_ke():
    assert _values("2010年科技部政府信息公开工作年度报告\n一、概述\n")[0]["agency"] == "科技部"


def test_the_organs_own_procedure_document():
    text = "(二)依申请公开情况。在网站上刊出《仙游县民政局政府信息公开办理流程》。\n"
    assert _values(text)[0]["agency"] == "仙游县民政局"


def test_a_word_before_the_name_makes_no_organ():
    text = ("发布机构: 某地科学技术局成文日期: 2024年01月26日某地科学技术局2023年度政府信息公开工作"
            "年度报告根据《条例》的规定,特向社会公布2023年度政府信息公开工作年度报告。\n")
    assert _values(text)[0].get("agency") != "度政府"


def test_a_government_portal_is_not_the_organs_own_site():
    # Departments' reports are posted on their government's portal: that names no organ.
    text = "本报告的电子版可从青山市人民政府门户网站“政务公开”栏目下载。\n"
    assert "agency" not in extract_metadata(text, None)[0]


def test_a_channel_counts_as_the_organs_own_only_with_the_same_self_word():
    with_self = "全年我局通过青山县水利局门户网站发布通知公告18条。\n"
    assert extract_metadata(with_self, None)[0]["agency"].value == "青山县水利局"
    # 我委 does not speak of a 局: the site may be any other organ's.
    other = "全年我委通过青山县水利局门户网站转发通知公告18条。\n"
    assert "agency" not in extract_metadata(other, None)[0]
    # a government's portal is never the organ's own channel
    portal = "全年我局通过青山县人民政府网站发布通知公告18条。\n"
    assert "agency" not in extract_metadata(portal, None)[0]


def test_opening_subject_may_name_its_disclosure_work():
    text = "一、总体情况\n2022年,青山县商务局政务公开工作在县委、县政府的领导下扎实推进。\n"
    assert extract_metadata(text, None)[0]["agency"].value == "青山县商务局"


def test_a_date_after_the_organs_name_under_the_title_is_the_publication_date():
    text = ("青山县农业农村局2019年政府信息公开工作年度报告\n青山县农业农村局  2020/2/14\n"
            "一、总体情况\n2019年,我局认真落实《条例》。\n")
    assert extract_metadata(text, None)[0]["publish_date"].value == "2020-02-14"
    # a line that is not an organ's name before the date is no byline
    other = ("青山县农业农村局2019年政府信息公开工作年度报告\n数据整理完成于 2020/2/14\n"
             "一、总体情况\n")
    assert "publish_date" not in extract_metadata(other, None)[0]


def test_a_header_line_lengthened_by_glued_spam_still_gives_its_date():
    spam = "速发彩开奖网站_如何下载安装" * 5
    text = (f"{spam}青山市统计局2020年政府信息公开工作年度报告时间 : 2021-01-29 10:15:00"
            f"来源 : {spam}\n一、总体情况\n")
    assert extract_metadata(text, None)[0]["publish_date"].value == "2021-01-29"


def test_a_portal_menu_item_is_no_organ_and_the_title_below_the_menu_is_read():
    menu = "\n".join(["网站首页", "政务公开", "办事服务", "互动交流", "云海东盟", "数据开放",
                      "新媒体", "微信", "微博", "无障碍", "长者模式", "English", "搜索",
                      "当前位置:首页 > 公告", "打印"])
    text = f"{menu}\n青山省农业农村厅2020年政府信息公开工作年度报告\n一、总体情况\n"
    assert extract_metadata(text, None)[0]["agency"].value == "青山省农业农村厅"


def test_a_government_office_that_compiled_the_report_stands_for_the_government():
    text = ("按照《条例》规定,青山县人民政府办公室编制了本县2017年度的政府信息公开报告。\n"
            "一、主动公开情况\n全年公开信息30条。\n")
    assert extract_metadata(text, None)[0]["agency"].value == "青山县人民政府"
    text2 = ("本报告由青山省人民政府办公厅编制,汇总全省各级行政机关的情况。\n"
             "如对本报告有疑问,请与青山省人民政府办公厅联系。\n")
    assert extract_metadata(text2, None)[0]["agency"].value == "青山省人民政府"


def test_a_leading_group_office_compiles_its_places_report():
    text = "本报告由青山市云溪区政务公开工作领导小组办公室编制,统计期限为全年。\n"
    assert extract_metadata(text, None)[0]["agency"].value == "青山市云溪区"


def test_party_committee_and_government_acting_together_name_the_government():
    text = "一、总体情况\n2021年,石门乡党委和政府认真贯彻落实《条例》,推进政务公开。\n"
    assert extract_metadata(text, None)[0]["agency"].value == "石门乡"


def test_a_sumu_is_a_township_organ():
    text = "巴彦宝力格苏木2020年政府信息公开工作年度报告\n一、总体情况\n"
    assert extract_metadata(text, None)[0]["agency"].value == "巴彦宝力格苏木"
    assert resolve_identity("巴彦宝力格苏木").admin_level == "township"


def test_a_governments_body_of_offices_over_the_title_line():
    text = "青山县人民政府机关\n2020年政府信息公开工作年度报告\n一、总体情况\n"
    assert extract_metadata(text, None)[0]["agency"].value == "青山县人民政府"


def test_a_publication_date_before_the_report_year_is_dropped():
    text = ("青山市统计局2016年政府信息公开工作年度报告\n一、概述\n2016年,我局认真落实《条例》。\n"
            "青山市统计局\n2015年12月20日\n")
    fields, warnings = extract_metadata(text, None)
    assert fields["report_year"].value == 2016 and "publish_date" not in fields
    assert any("before the end of the report year" in w for w in warnings)


def test_the_year_a_report_presents_and_the_year_its_text_opens_with():
    presented = "依照《条例》,现将2020年度政府信息公开工作情况报告如下。\n"
    assert extract_metadata(presented, None)[0]["report_year"].value == 2020
    opening = "2024年,青山省科学技术厅认真落实《条例》,推进公开工作。\n一、总体情况\n"
    assert extract_metadata(opening, None)[0]["report_year"].value == 2024


# Families of the third real batch, in new sentences of the same shape.

def test_a_letter_heads_with_its_addressee_not_its_author():
    text = ("县政府办:\n现将我镇2012年信息公开工作开展情况报告如下。\n"
            "一、概述\n全年公开信息十余条。")
    assert _values(text)[0].get("agency") != "县政府办"


def test_a_towns_party_and_government_office_stands_for_the_town():
    text = ("一、总体情况\n全年工作正常。\n如对本报告有疑问,请与青山县金竹镇人民政府党政办联系"
            "(电话:0000-7654321)。")
    assert _values(text)[0]["agency"] == "青山县金竹镇人民政府"


def test_a_source_field_cut_inside_its_parenthesis():
    text = ("来源: 省工信厅(省中小微企业服务\n发布日期: 2022-02-08\n一、总体情况\n"
            "本厅全年公开信息一百条。")
    assert _values(text)[0]["agency"] == "省工信厅"


@pytest.mark.parametrize("text", [
    "根据通知要求,现公布2015年汉中市政府信息公开年报,汉中市人民政府门户网站是第一平台。",
    "汉中市2015年政府信息公开年报\n本报告的电子版可在汉中市人民政府门户网站下载。",
])
def test_the_government_of_government_information_is_not_an_organ_name(text):
    assert _values(text)[0]["agency"] in ("汉中市", "汉中市人民政府")


def test_a_doubled_street_word_is_read_once():
    text = "一、总体情况\n2023年,青石街道街道认真落实《条例》,推进各项公开工作。"
    assert _values(text)[0]["agency"] == "青石街道"


def test_a_government_office_that_gathered_the_report_stands_for_the_government():
    text = ("本年度报告由青山区人民政府办公室汇总区政府各部门情况编制而成。\n"
            "一、总体情况\n全年公开信息三百条。")
    assert _values(text)[0]["agency"] == "青山区人民政府"


def test_a_predicate_is_never_read_as_the_start_of_a_name():
    text = ("一、总体情况\n按照上级要求,积极落实国务院部署,推进基层公开。\n"
            "二、主动公开政府信息情况\n全年公开信息五条。")
    assert _values(text)[0].get("agency") is None


@pytest.mark.parametrize(("text", "year"), [
    ("青山省交通运输厅2023政务公开年度报告\n日期:2024-01-20\n一、总体情况\n", 2023),
    ("按照条例规定,青山市林业局编制完成2010年度本局政务信息公开年度报告。\n一、概述\n", 2010),
    ("(2017年度)\n引言\n本年度报告根据《条例》要求编制。\n一、概述\n", 2017),
])
def test_report_year_in_the_shapes_of_the_third_batch(text, year):
    assert detect_report_year(text) == year


@pytest.mark.parametrize("title", ["青山区金融工作服务中心2021年度政务公开年报",
                                   "青山市地方金融工作局2020年度信息公开年报"])
def test_an_organ_with_work_in_its_name_is_read_from_the_title(title):
    assert _values(title + "\n来源:区金融办\n一、总体情况\n")[0]["agency"] == title.split("20")[0]


# ------------------------------------------------------------------ agency: real-page families

def test_a_city_ending_in_a_region_word_is_a_place_of_its_own():
    # 州 closes a region name, so the lazy prefix stopped at 青州 of 青州市.
    text = "青州市2021年政府信息公开工作年度报告\n发布日期:2022-01-20\n一、总体情况\n"
    assert _values(text)[0]["agency"] == "青州市"


def test_a_two_line_title_with_the_year_before_the_organ():
    text = "2012年度青山市住房公积金管理中心\n政府信息公开年度报告\n一、概述\n"
    assert _values(text)[0]["agency"] == "青山市住房公积金管理中心"


def test_an_organ_with_its_second_name_in_brackets():
    text = "青山市人民防空办公室(民防局)关于2012年度政府信息公开工作年度报告\n一、概述\n"
    assert _values(text)[0]["agency"] == "青山市人民防空办公室(民防局)"


def test_a_government_office_written_with_its_government_word_twice():
    text = ("一、总体情况\n本年度报告由青山区人民政府政府办公室汇总各街道的材料编制。全区"
            "共公开信息300条。\n")
    assert _values(text)[0]["agency"] == "青山区人民政府"


def test_the_year_the_organ_speaks_of_itself_in_dates_an_untitled_page():
    text = ("一、总体情况\n对照有关要求,本局统筹推进公开工作。\n(一)主动公开情况\n按照规定,"
            "2024年我局依托区门户网站公开各类信息。\n")
    values, _ = _values(text)
    assert values["report_year"] == 2024


def test_two_years_the_organ_speaks_of_itself_in_leave_the_year_open():
    text = ("一、总体情况\n对照有关要求,2023年我局开展工作。\n按照规定,2024年我局公开信息。\n")
    assert "report_year" not in _values(text)[0]


def test_a_zone_published_by_its_own_name_without_a_year():
    text = ("根据有关规定,现发布青山临江高新技术产业开发区政府信息公开工作年度报告。\n"
            "一、总体情况\n")
    assert _values(text)[0]["agency"] == "青山临江高新技术产业开发区"


def test_a_date_long_before_the_report_year_ends_is_not_its_publication():
    text = ("青山市农业局2015年政府信息公开工作年度报告\n一、概述\n2015年,本局公开信息30条。\n"
            "青山市农业局\n2015年3月15日\n")
    values, warnings = _values(text)
    assert values["report_year"] == 2015
    assert "publish_date" not in values
    assert any("before the end of the report year" in w for w in warnings)


def test_a_date_in_the_report_years_last_months_is_kept():
    text = ("青山市农业局2015年政府信息公开工作年度报告\n一、概述\n2015年,本局公开信息30条。\n"
            "青山市农业局\n2015年12月28日\n")
    assert _values(text)[0]["publish_date"] == "2015-12-28"


def test_a_contact_address_is_not_the_organs_fuller_name():
    text = ("黄石街道2020年政府信息公开年度报告\n来源:青山区黄石街道 发布时间:2021-01-20\n"
            "如有疑问,请与黄石街道政务中心联系(地址:青川省青山区黄石街道办事处,邮编:000000)。\n")
    assert _values(text)[0]["agency"] == "青山区黄石街道"


def test_a_towns_office_as_the_contact_stands_for_the_town():
    text = ("一、总体情况\n本报告所列数据的统计期限为2019年1月1日至12月31日。如对报告有任何疑问,"
            "请与青山区人民政府白水镇办公室联系,联系电话:0000-1234567。\n")
    assert _values(text)[0]["agency"] == "青山区人民政府白水镇"
