"""Agency identity: region code, level, sector and a stable id from the name as written."""

import pytest
import yaml

from xxgk.identity import resolve_identity
from xxgk.identity.resolve import SECTORS_PATH, sector_of
from xxgk.schema import SECTORS


@pytest.mark.parametrize(("name", "code", "region", "level"), [
    ("淄博市淄川区科学技术局", "370302", "山东省淄博市淄川区", "county"),
    ("福州市鼓楼区财政局", "350102", "福建省福州市鼓楼区", "county"),
    ("北京市发展和改革委员会", "110000", "北京市", "province"),
    ("湖北省交通运输厅", "420000", "湖北省", "province"),
    ("凉山州统计局", "513400", "四川省凉山彝族自治州", "prefecture"),
    ("涼山州統計局", "513400", "四川省凉山彝族自治州", "prefecture"),
    ("商务部", "100000", "中华人民共和国", "national"),
    ("韶关市武江区龙归镇人民政府", "440203", "广东省韶关市武江区龙归镇", "township"),
    ("武汉市洪山区人民政府珞南街道办事处", "420111", "湖北省武汉市洪山区珞南街道", "township"),
    ("鄂州市自然资源和规划局鄂城分局", "420704", "湖北省鄂州市鄂城区", "county"),
    ("宣汉县", "511722", "四川省达州市宣汉县", "county"),
])
def test_region_and_level_from_the_written_places(name, code, region, level):
    identity = resolve_identity(name)
    assert (identity.region_code, identity.region_name, identity.admin_level) == (
        code, region, level)
    assert identity.region_source == "written"


def test_name_forms_of_one_organ_share_an_id():
    ids = {resolve_identity(n).agency_id for n in ("淄博市淄川区科学技术局", "淄川区科技局",
                                                   "淄川区 科技局")}
    assert len(ids) == 1 and None not in ids
    assert resolve_identity("淄川区财政局").agency_id not in ids


@pytest.mark.parametrize("name", ["鼓楼区财政局", "市财政局", "某某新区商务委员会",
                                  "中原西路街道办事处", "云溪省科学技术厅", ""])
def test_unresolvable_places_give_null_and_say_why(name):
    identity = resolve_identity(name)
    assert identity.region_code is None and identity.agency_id is None
    if name:
        assert identity.warnings


@pytest.mark.parametrize(("organ", "sector"), [
    ("人民政府", "government"), ("人民政府办公室", "government"), ("龙归镇人民政府", "government"),
    ("民政局", "civil_affairs"), ("科技和工业信息化局", "science_technology"),
    ("卫生健康委员会", "health"), ("市场监督管理局", "market_regulation"),
])
def test_sector_from_the_organ_part(organ, sector):
    assert sector_of(organ) == sector


def test_sector_vocabulary_matches_the_schema_and_its_examples():
    data = yaml.safe_load(SECTORS_PATH.read_text(encoding="utf-8"))
    assert [e["key"] for e in data["sectors"]] and {e["key"] for e in data["sectors"]} == set(SECTORS)
    for entry in data["sectors"]:
        assert resolve_identity(entry["example"]).sector == entry["key"], entry


def test_host_examples_of_the_data_file():
    from xxgk.identity.hosts import HOSTS_PATH, divisions_of_host
    examples = yaml.safe_load(HOSTS_PATH.read_text(encoding="utf-8"))["examples"]
    assert examples
    for example in examples:
        assert divisions_of_host(f"https://{example['host']}/a/b.html") == (example["code"],)


@pytest.mark.parametrize(("url", "expected"), [
    ("http://www.example.com/nb.html", ()),               # not a government site
    ("reports/2021/nb.html", ()),                         # a file path
    ("https://www.gov.cn/zhengce/nb.html", ()),           # no place label
    ("https://gongan.anhua.gov.cn/nb.html", ("430923",)),  # a department's label, not 公安县
    # initials after a province's portal label: one division of that province has them
    ("https://www.tjhp.gov.cn/nb.html", ("120101",)),      # tj + 和平区
    ("https://www.tjbh.gov.cn/nb.html", ("120116",)),      # tj + 滨海(新区)
    ("https://www.cqrc.gov.cn/nb.html", ("500153",)),      # cq + 荣昌区
    ("https://www.hljfy.gov.cn/nb.html", ()),              # 抚远市 or 富裕县: neither
    ("https://www.lyxa.gov.cn/nb.html", ()),               # initials alone are not read
])
def test_hosts_that_name_no_place_or_one(url, expected):
    from xxgk.identity.hosts import divisions_of_host
    assert divisions_of_host(url) == expected


@pytest.mark.parametrize(("agency", "url", "code", "region", "level"), [
    # a town's report on its county's site: the county, with the town's name
    ("龙河镇", "https://dingan.hainan.gov.cn/xz/nb.html", "469021", "海南省定安县龙河镇",
     "township"),
    ("易家街办事处", "https://www.qiaokou.gov.cn/nb/1.html", "420104",
     "湖北省武汉市硚口区易家街道", "township"),
    # a department written without its place, on the site of its division
    ("卫生局", "http://anhua.gov.cn/257/1.html", "430923", "湖南省益阳市安化县", "county"),
    ("市发展改革委", "https://fgw.beijing.gov.cn/nb/1.html", "110000", "北京市", "province"),
    # jining is 济宁市 or 集宁区: the organ's 市 tells which
    ("市人力资源社会保障局", "http://www.jining.gov.cn/nb/1.html", "370800", "山东省济宁市",
     "prefecture"),
])
def test_region_from_the_host_when_no_place_is_written(agency, url, code, region, level):
    identity = resolve_identity(agency, url)
    assert (identity.region_code, identity.region_name, identity.admin_level,
            identity.region_source) == (code, region, level, "host")
    assert identity.agency_id and identity.agency_name == agency


def test_a_written_place_wins_over_the_host():
    identity = resolve_identity("韶关市武江区财政局", "http://anhua.gov.cn/1.html")
    assert (identity.region_code, identity.region_source) == ("440203", "written")


@pytest.mark.parametrize(("agency", "url"), [
    ("宿安乡", "http://www.linyixian.gov.cn/1.html"),    # 临邑县 or 临猗县
    ("区统计局", "https://www.qingshan.gov.cn/1.html"),   # 青山区 of 武汉 or of 包头
    ("县统计局", "http://www.yanta.gov.cn/1.html"),        # 雁塔 is a 区, not a 县
])
def test_a_host_that_does_not_fit_one_division_gives_no_region(agency, url):
    identity = resolve_identity(agency, url)
    assert identity.region_code is None and identity.agency_id is None
    assert identity.warnings


@pytest.mark.parametrize(("agency", "level", "sector"), [
    ("河包镇", "township", "government"), ("总铺镇政府", "township", "government"),
    ("钢花村街道办事处", "township", "government"), ("省科技厅", "province", "science_technology"),
    ("州林管局", "prefecture", "forestry_grassland"), ("区交通运输局", "county", "transport"),
    ("市统计局", None, "statistics"),  # a city's may be a prefecture's or a county-level city's
])
def test_level_and_sector_from_the_organ_words_without_a_region(agency, level, sector):
    identity = resolve_identity(agency)
    assert (identity.admin_level, identity.sector, identity.region_code) == (level, sector, None)


def test_the_parse_stage_reads_the_region_from_the_documents_source_url():
    from xxgk.stages.parse import _Rows, parse_one
    page = ("<html><head><title>市统计局2022年政府信息公开工作年度报告</title></head><body>"
            "<h1>市统计局2022年政府信息公开工作年度报告</h1><p>发布机构：市统计局</p>"
            "<p>本年度我局主动公开政府信息120条。</p></body></html>").encode()
    rows = _Rows([], [], [], [], [], [])
    for url in ("http://www.jining.gov.cn/tjj/nb2022.html", "file:reports/nb2022.html"):
        meta = {"raw_sha256": "1" * 64, "source_url": url, "filename": "nb2022.html",
                "content_type": "text/html", "declared_charset": "utf-8"}
        parse_one(page, meta, "run", rows)
    on_site, from_file = rows.reports
    assert on_site["agency"] == from_file["agency"] == "市统计局"
    assert (on_site["region_code"], on_site["region_source"], on_site["admin_level"]) == (
        "370800", "host", "prefecture")
    assert from_file["region_code"] is None and from_file["region_source"] is None


def test_a_short_place_running_on_into_an_unlisted_one_resolves_to_nothing():
    # 东昌 is short for two listed districts; 东昌林区 is no listed place at all
    assert resolve_identity("东昌林区人民政府").region_code is None
    assert resolve_identity("东昌林区人民政府").sector == "government"
    assert resolve_identity("神农架林区人民政府").region_code == "429021"
    assert resolve_identity("韶关市武江区龙归镇人民政府").region_code == "440203"


@pytest.mark.parametrize(("name", "url", "region"), [
    ("天津市东丽区东丽湖街道", None, "天津市东丽区东丽湖街道"),  # a street named after its district
    ("伊敏苏木人民政府", "http://www.ewenke.gov.cn/nb/1.html",  # a banner named after its people
     "内蒙古自治区呼伦贝尔市鄂温克族自治旗伊敏苏木"),
])
def test_township_names_that_hold_a_place(name, url, region):
    identity = resolve_identity(name, url)
    assert (identity.region_name, identity.admin_level) == (region, "township")


@pytest.mark.parametrize(("organ", "sector"), [
    ("住房公积金管理中心", "housing_provident_fund"), ("国有资产监督管理委员会", "state_assets"),
    ("高新区管理委员会", "government"), ("城市管理局", "urban_management"),
    ("民防局", "civil_air_defense"), ("教育体育局", "education"), ("网络信息化局", "cyberspace_informatization"),
])
def test_sectors_of_the_organs_met_in_the_second_batch(organ, sector):
    assert sector_of(organ) == sector


@pytest.mark.parametrize(("one", "other"), [
    ("山东省科学技术厅", "山东省科技厅"), ("淄川区市场监督管理局", "淄川区市场监管局"),
    ("淄川区昆仑镇人民政府", "淄川区昆仑镇政府"), ("淄川区人民政府办公室", "淄川区政府办公室"),
    ("山东省人力资源和社会保障厅", "山东省人社厅"), ("淄博市教育和体育局", "淄博市教体局"),
])
def test_abbreviated_and_full_forms_share_one_id(one, other):
    assert resolve_identity(one).agency_id == resolve_identity(other).agency_id is not None


def test_a_county_level_citys_own_word_is_not_read_as_the_next_place():
    identity = resolve_identity("邹城市中心店镇人民政府")
    assert (identity.region_code, identity.admin_level) == ("370883", "township")
    assert identity.region_name.endswith("邹城市中心店镇")


# Region from the report's own text ("context"): places written in full elsewhere in it.

def test_written_names_skip_words_that_merely_start_with_a_place():
    from xxgk.identity.context import written_divisions, written_names

    text = "本局在中山市场和城中区域开展检查，并向西安市长安区报送材料。"
    assert written_names(text) == ["西安市", "长安区"]
    # 长安区 is shared by 西安 and 石家庄: kept only because 西安市 is written too
    assert written_divisions(text) == ("610100", "610116")
    assert written_divisions("长安区报送材料。") == ()


def test_a_shared_district_name_is_placed_by_its_city_written_in_the_text():
    text = "按照西宁市政府办公厅部署，城中区政府全年主动公开信息四百条。"
    identity = resolve_identity("城中区政府", None, text)
    assert (identity.region_code, identity.region_name, identity.region_source) == (
        "630103", "青海省西宁市城中区", "context")
    assert resolve_identity("城中区政府", None, "城中区政府全年公开信息。").region_code is None


@pytest.mark.parametrize(("agency", "text", "code", "level"), [
    ("市商务局", "依据《安康市人民政府办公室关于公开工作的通知》，我局编制本报告。", "610900",
     "prefecture"),
    ("区统计局", "现将渭滨区统计局年度工作情况报告如下，联系地址：宝鸡市某路。", "610302", "county"),
    ("沙塘镇人民政府", "本镇在开平市委领导下推进公开，全年发布信息二十条。", "440783", "township"),
])
def test_a_bare_organ_is_placed_by_the_one_fitting_division_its_text_writes(
        agency, text, code, level):
    identity = resolve_identity(agency, None, text)
    assert (identity.region_code, identity.admin_level, identity.region_source) == (
        code, level, "context")


@pytest.mark.parametrize(("agency", "text"), [
    # two cities written: either could be the organ's
    ("市商务局", "本局学习了安康市和汉中市的做法。"),
    # a county-level city and its prefecture both written: the city word fits both
    ("市统计局", "按照朝阳市统计局要求，凌源市统计工作稳步推进。"),
    # no level word: a bare bureau could be of any level
    ("商务局", "依据安康市的通知编制本报告。"),
    # only the province is written: no city fits
    ("市财政局", "根据陕西省政府信息公开规定编制。"),
])
def test_no_region_from_the_text_unless_exactly_one_division_fits(agency, text):
    assert resolve_identity(agency, None, text).region_code is None


def test_the_host_wins_over_the_text_and_the_text_narrows_a_shared_host():
    # qingshan.gov.cn may be 青山区 of 武汉 or of 包头; the street's text writes 武汉市
    identity = resolve_identity("工人村街道办事处", "http://www.qingshan.gov.cn/a/1.html",
                                "武汉市青山区工人村街道全年公开信息。")
    assert (identity.region_code, identity.region_source) == ("420107", "host")
    # a host naming one division is not overruled by a city the text happens to write
    identity = resolve_identity("市统计局", "http://www.jining.gov.cn/a/1.html",
                                "参加了泰安市组织的培训。")
    assert identity.region_code == "370800"


@pytest.mark.parametrize(("name", "code", "region"), [
    ("高新区(新市区)市场监督管理局", "650104", "新疆维吾尔自治区乌鲁木齐市新市区"),
    ("泰州医药高新区（高港区）教育局", "321203", "江苏省泰州市高港区"),
])
def test_a_zone_merged_with_a_division_is_placed_by_that_division(name, code, region):
    identity = resolve_identity(name)
    assert (identity.region_code, identity.region_name, identity.admin_level) == (
        code, region, "county")
    assert identity.agency_name == name  # the name as printed is kept


def test_a_zone_alone_still_gives_no_region():
    identity = resolve_identity("某某经济技术开发区管理委员会")
    assert identity.region_code is None and identity.warnings


@pytest.mark.parametrize(("name", "code", "region"), [
    ("重庆市两江新区商务委员会", "500000", "重庆市"),
    ("青岛高新技术产业开发区管理委员会", "370200", "山东省青岛市"),
    ("浙江瑞安经济开发区管理委员会", "330381", "浙江省温州市瑞安市"),
])
def test_a_zone_named_after_a_place_lies_in_that_place(name, code, region):
    identity = resolve_identity(name)
    assert (identity.region_code, identity.region_name, identity.region_source) == (
        code, region, "written")
    assert identity.admin_level is None and identity.warnings  # zones run at several levels
    assert identity.agency_id != resolve_identity(region).agency_id  # not the place's government


def test_a_central_organs_local_branch_is_placed_by_the_places_after_its_prefix():
    identity = resolve_identity("国家税务总局青岛市崂山区税务局")
    assert (identity.region_code, identity.admin_level, identity.sector) == (
        "370212", "county", "taxation")
    assert resolve_identity("国家税务总局").admin_level == "national"


def test_a_pilot_free_trade_zone_is_placed_in_its_province_not_at_the_centre():
    identity = resolve_identity("中国(浙江)自由贸易试验区舟山片区管理委员会")
    assert identity.region_code == "330000"
    assert identity.admin_level is None
    assert any("development zone" in w for w in identity.warnings)


def test_an_organ_of_an_unwritten_district_of_a_city_gets_no_region():
    identity = resolve_identity("青岛市区市场监督管理局")
    assert identity.region_code is None
    assert identity.admin_level == "county"
    assert identity.sector == "market_regulation"
    assert identity.warnings


def test_a_second_name_in_brackets_does_not_change_the_agency_id():
    with_alias = resolve_identity("杭州市人民防空办公室(民防局)")
    without = resolve_identity("杭州市人民防空办公室")
    assert with_alias.agency_id == without.agency_id is not None
    assert with_alias.agency_name.endswith("(民防局)")


def test_a_region_carries_the_confidence_measured_for_its_source():
    from xxgk.identity.resolve import CONFIDENCE_PATH, region_confidence

    counts = yaml.safe_load(CONFIDENCE_PATH.read_text(encoding="utf-8"))
    written = resolve_identity("温州市财政局")
    hosted = resolve_identity("财政局", "http://czj.wenzhou.gov.cn/art/1.html")
    assert written.region_source == "written" and hosted.region_source == "host"
    for identity in (written, hosted):
        c = counts[identity.region_source]
        assert identity.region_confidence == round((c["correct"] + 1) / (c["scored"] + 2), 3)
        assert 0 < identity.region_confidence < 1
    assert region_confidence("written") > 0.5


def test_no_region_no_confidence():
    assert resolve_identity("财政局").region_confidence is None
    assert resolve_identity("中原西路街道").region_confidence is None


def test_an_investment_zone_is_a_zone():
    identity = resolve_identity("漳州台商投资区管理委员会财政局")
    assert identity.region_name == "福建省漳州市" and identity.admin_level is None
    assert identity.sector == "finance"


def test_a_county_renamed_a_district_is_not_an_unwritten_district():
    identity = resolve_identity("北京市密云县科学技术委员会")
    assert identity.region_name == "北京市密云区"
