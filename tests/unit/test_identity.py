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


@pytest.mark.parametrize("name", ["鼓楼区财政局", "市财政局", "重庆市两江新区商务委员会",
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
