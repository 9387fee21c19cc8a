"""Invented places and the organs that publish reports there.

Everything here is data plus the one function that draws an agency: region names are built
from syllable banks (so they look like real place names without being a list of real ones),
organ kinds carry their official suffix, accepted short forms and the words an organ uses for
itself ("我局", "我委", "我县"). A government's own report is usually compiled by its 办公室;
``Agency.compiler`` names that office, but the reporting organ (gold ``agency``) stays the
government.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Characters that commonly open and close Chinese place names (e.g. 安宁, 清溪, 龙泉).
PLACE_FIRST = ("东西南北安平宁兴永长丰临清华阳青云江河湖石林泉溪山川桥田岭金玉瑞"
               "福寿康泰和顺昌盛新龙凤鹤鹿松柏桃梅柳兰竹白黄红崇德宜乐嘉定汉荣通广")
PLACE_SECOND = "阳安宁平川江河湖山岭峰台源溪泉城州口桥林田原丰兴昌乐康泰和水石门关陵坪坝洲浦亭沟岗庄集店营"

# Level of a place -> its suffix; towns are 镇 or 乡, streets 街道.
LEVEL_SUFFIX = {"province": "省", "city": "市", "county": "县", "district": "区", "town": "镇",
                "township": "乡", "street": "街道"}

# How an organ at each level refers to the government above it ("按照市政府的统一部署").
PARENT_GOVERNMENT = {"province": "省政府", "city": "市政府", "county": "县政府",
                     "district": "区政府", "town": "县政府", "township": "县政府",
                     "street": "区政府"}


@dataclass(frozen=True, slots=True)
class OrganKind:
    """One kind of reporting organ at one administrative level.

    Example: OrganKind("science", "city", "科学技术局", ("科技局",), ("我局", "本局"))
    gives 青川市科学技术局, short 青川市科技局, generic 市科技局.
    """

    topic: str  # drives the filler paragraphs (science, education, government, …)
    level: str  # key of LEVEL_SUFFIX
    suffix: str  # official organ suffix after the place name
    shorts: tuple[str, ...]  # short suffixes used in page fields and titles
    self_refs: tuple[str, ...]  # how the organ names itself in prose
    is_government: bool = False
    has_office_compiler: bool = False  # the government's report is compiled by its 办公室
    # Names before an institutional reform: (last year, suffix, shorts). The 2018 reform
    # created 卫生健康委员会, 自然资源局, 市场监督管理局, 生态环境局; a 2014 report was
    # published by the 卫生和计划生育委员会 (卫计委), not a 卫健委.
    former_names: tuple[tuple[int, str, tuple[str, ...]], ...] = ()

    def naming_for(self, year: int) -> tuple[str, tuple[str, ...]]:
        """(suffix, shorts) in force for a report on ``year``."""
        for last_year, suffix, shorts in self.former_names:
            if year <= last_year:
                return suffix, shorts
        return self.suffix, self.shorts


ORGAN_KINDS: tuple[OrganKind, ...] = (
    OrganKind("science", "province", "科学技术厅", ("科技厅",), ("我厅", "本厅")),
    OrganKind("science", "city", "科学技术局", ("科技局",), ("我局", "本局")),
    OrganKind("science", "county", "科学技术局", ("科技局",), ("我局", "本局")),
    OrganKind("science", "district", "科学技术局", ("科技局",), ("我局", "本局")),
    OrganKind("education", "province", "教育厅", (), ("我厅", "本厅")),
    OrganKind("education", "city", "教育局", (), ("我局", "本局")),
    OrganKind("education", "county", "教育局", (), ("我局", "本局")),
    OrganKind("land", "province", "自然资源厅", (), ("我厅", "本厅"),
              former_names=((2018, "国土资源厅", ("国土厅",)),)),
    OrganKind("land", "city", "自然资源局", (), ("我局", "本局"),
              former_names=((2018, "国土资源局", ("国土局",)),)),
    OrganKind("land", "county", "自然资源局", (), ("我局", "本局"),
              former_names=((2018, "国土资源局", ("国土局",)),)),
    OrganKind("health", "province", "卫生健康委员会", ("卫健委", "卫生健康委"), ("我委", "本委"),
              former_names=((2013, "卫生厅", ()), (2018, "卫生和计划生育委员会", ("卫计委",)))),
    OrganKind("health", "city", "卫生健康委员会", ("卫健委",), ("我委", "本委"),
              former_names=((2013, "卫生局", ()), (2018, "卫生和计划生育委员会", ("卫计委",)))),
    OrganKind("health", "county", "卫生健康委员会", ("卫健委",), ("我委", "本委"),
              former_names=((2013, "卫生局", ()), (2018, "卫生和计划生育委员会", ("卫计委",)))),
    OrganKind("labour", "city", "人力资源和社会保障局", ("人社局",), ("我局", "本局")),
    OrganKind("labour", "county", "人力资源和社会保障局", ("人社局",), ("我局", "本局")),
    OrganKind("market", "city", "市场监督管理局", ("市场监管局",), ("我局", "本局"),
              former_names=((2018, "工商行政管理局", ("工商局",)),)),
    OrganKind("market", "district", "市场监督管理局", ("市场监管局",), ("我局", "本局"),
              former_names=((2018, "工商行政管理局", ("工商局",)),)),
    OrganKind("environment", "city", "生态环境局", (), ("我局", "本局"),
              former_names=((2018, "环境保护局", ("环保局",)),)),
    OrganKind("development", "city", "发展和改革委员会", ("发改委",), ("我委", "本委")),
    OrganKind("government", "city", "人民政府", ("政府",), ("我市", "市政府"), True, True),
    OrganKind("government", "county", "人民政府", ("政府",), ("我县", "县政府"), True, True),
    OrganKind("government", "district", "人民政府", ("政府",), ("我区", "区政府"), True, True),
    OrganKind("office", "county", "人民政府办公室", ("政府办公室", "政府办"), ("我办", "本办")),
    OrganKind("office", "district", "人民政府办公室", ("政府办公室",), ("我办", "本办")),
    OrganKind("government", "town", "人民政府", ("政府",), ("我镇", "镇政府"), True),
    OrganKind("government", "township", "人民政府", ("政府",), ("我乡", "乡政府"), True),
    OrganKind("street", "street", "办事处", (), ("我街道", "本街道")),
)

# Relative frequency of each organ kind in the generated corpus (bureaus dominate in reality).
ORGAN_WEIGHTS: tuple[int, ...] = (
    3, 8, 6, 4, 2, 5, 4, 2, 4, 3, 2, 4, 3, 3, 2, 3, 2, 2, 2, 3, 5, 5, 2, 2, 5, 2, 3)


@dataclass(frozen=True, slots=True)
class Agency:
    """The organ a generated report belongs to, with every name the text may use."""

    kind: OrganKind
    full_name: str  # official name, e.g. 青川市科学技术局 / 清溪县龙岗镇人民政府
    place: str  # the place with its suffix: 青川市, 龙岗镇, 东城街道
    short_names: tuple[str, ...]  # place-prefixed short forms: 青川市科技局
    generic_name: str  # without the place: 市科技局, 县政府, 镇政府
    self_ref: str  # 我局, 我委, 我县…
    parent_place: str  # the city or county above, e.g. 青川市 (used in prose)
    province: str
    compiler: str | None  # 办公室 that compiles a government's report
    alt_full_names: tuple[str, ...]  # longer official forms the text may use (县+镇)


def draw_place_name(rng: random.Random) -> str:
    """A two-character (sometimes three) invented place name such as 清溪 or 龙泉坝."""
    name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
    if rng.random() < 0.06:
        name += rng.choice(PLACE_SECOND)
    return name


def _distinct_name(rng: random.Random, taken: tuple[str, ...]) -> str:
    # Two levels sharing one name (青川市青川县) exist but read as a bug in a sample corpus.
    for _ in range(8):
        name = draw_place_name(rng)
        if name not in taken:
            return name
    return name


def draw_agency(rng: random.Random, report_year: int) -> Agency:
    """Draw a reporting organ with its place chain, names and short forms for that year."""
    kind = rng.choices(ORGAN_KINDS, weights=ORGAN_WEIGHTS)[0]
    suffix, short_suffixes = kind.naming_for(report_year)
    province_name = draw_place_name(rng)
    city_name = _distinct_name(rng, (province_name,))
    local_name = _distinct_name(rng, (province_name, city_name))
    province = province_name + "省"
    city = city_name + "市"
    level = kind.level
    if level == "province":
        place, parent = province, province
    elif level == "city":
        place, parent = city, province
    elif level in ("county", "district"):
        place, parent = local_name + LEVEL_SUFFIX[level], city
    else:  # town, township, street: under a county or district
        upper = _distinct_name(rng, (province_name, city_name, local_name))
        upper += "县" if level != "street" else "区"
        place, parent = local_name + LEVEL_SUFFIX[level], upper
    full = place + suffix
    shorts = tuple(place + s for s in short_suffixes)
    generic_prefix = {"province": "省", "city": "市", "county": "县", "district": "区",
                      "town": "镇", "township": "乡", "street": "街道"}[level]
    generic = generic_prefix + (short_suffixes[0] if short_suffixes else suffix)
    # 卫生局 calls itself 我局, 卫计委 我委: the self-reference follows the suffix in force.
    self_refs = kind.self_refs
    if suffix.endswith("局") and not self_refs[0].endswith("局"):
        self_refs = ("我局", "本局")
    elif suffix.endswith("厅") and not self_refs[0].endswith("厅"):
        self_refs = ("我厅", "本厅")
    alt_full: tuple[str, ...] = ()
    if level in ("town", "township", "street"):
        alt_full = (parent + full,)
    compiler = place + "人民政府办公室" if kind.has_office_compiler else None
    return Agency(kind=kind, full_name=full, place=place, short_names=shorts,
                  generic_name=generic, self_ref=rng.choice(self_refs),
                  parent_place=parent, province=province, compiler=compiler,
                  alt_full_names=alt_full)


# A central organ's local branch: the tax bureau of a county or district, named after the
# national administration and every place above it (国家税务总局青川市东城区税务局).
TAX_ADMINISTRATION = "国家税务总局"
TAX_BRANCH_KINDS = {level: OrganKind("taxation", level, "税务局", (), ("我局", "本局"))
                    for level in ("county", "district")}


def draw_tax_branch(rng: random.Random, like: Agency) -> Agency:
    """The county or district tax bureau of ``like``'s places (drawn anew when ``like`` is not
    a county's or district's organ): 国家税务总局青川市东城区税务局, short 东城区税务局."""
    if like.kind.level in ("county", "district"):
        place, city, level = like.place, like.parent_place, like.kind.level
    else:
        city = draw_place_name(rng) + "市"
        level = rng.choice(("county", "district"))
        place = _distinct_name(rng, (city[:-1],)) + LEVEL_SUFFIX[level]
    kind = TAX_BRANCH_KINDS[level]
    return Agency(kind=kind, full_name=f"{TAX_ADMINISTRATION}{city}{place}税务局", place=place,
                  short_names=(place + "税务局",), generic_name=LEVEL_SUFFIX[level] + "税务局",
                  self_ref=rng.choice(kind.self_refs), parent_place=city,
                  province=like.province, compiler=None, alt_full_names=())
