"""One organ, one id: an agency name's region, level, sector and stable id (issue #15).

From the name as the report writes it ("淄博市淄川区科学技术局", "淄川区科技局", "區衛健委"):

- the places written at its start are resolved to a GB/T 2260 code (divisions.py); a place is
  never guessed from outside the name here (the host or a cited notice would come with
  ``region_source`` host or context);
- ``admin_level``: national for central organs, township when a town, township or street closes
  the places or the name is one, else the level of the division the places name (a department
  of 北京市 is province level, of 海淀区 county level);
- ``sector``: from the organ part of the name (sectors.yaml);
- ``agency_id``: "a" + 12 hex digits of a hash of the region code and the organ part spelled
  one way (abbreviations expanded, traditional characters folded), so that 淄川区科技局 and
  淄博市淄川区科学技术局 share one id. Without a region there is no id: 市财政局 alone could be
  any city's.

Anything unresolved is null, with a warning that says why: a wrong region is worse than none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from xxgk.extract.metadata import ALIAS_AFTER, get_metadata_vocabulary
from xxgk.extract.textview import fold_text
from xxgk.identity.context import parent_written, written_divisions
from xxgk.identity.divisions import (
    DIVISION_DATA,
    DIVISION_NAMES,
    NATIONAL_CODE,
    Place,
    candidate_codes,
    full_region_name,
    is_under,
    level_of_code,
    resolve_places,
    split_places,
)
from xxgk.identity.hosts import divisions_of_host

SECTORS_PATH = Path(__file__).with_name("sectors.yaml")
CONFIDENCE_PATH = Path(__file__).with_name("region_confidence.yaml")
_NATIONAL = re.compile(r"^(?:国家|国务院|中国|中华人民共和国|中央)|(?:部|署|总局)$")
# A town, township or street heading the organ part: 某镇人民政府, 某街道办事处.
# A street may be written short: 某街办事处, 某街办 (= 某街道办事处).
_TOWNSHIP_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:(?:镇|乡|街道|苏木)(?:人民政府|政府|办事处|"
                            r"党政办公室|办公室|便民服务中心)?|街办事处|街办)$")
_TOWNSHIP_NAME = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道|苏木|街(?=办))")
# Words that close an organ's name (局, 委, 厅…): no place is followed by one directly.
_ORGAN_ENDS = frozenset("局委厅办处署院所站队")
# A development zone heading it: 某新区, 某高新区, 某经济技术开发区, 某综合实验区.
_ZONE_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:新区|开发区|高新区|经开区|实验区|示范区|园区|投资区|"
                        r"综保区|保税区|保税港区|自贸区|试验区|合作区)")
# A zone written with the division it is merged with: 某高新区(某区)…, 某开发区（某县）….
_ZONE_WITH_DIVISION = re.compile(
    r"^(?P<zone>[\u4e00-\u9fff]{0,10}?(?:新区|开发区|高新区|经开区|实验区|示范区|园区|综保区|"
    r"保税区))[(（](?P<division>[\u4e00-\u9fff]{2,12})[)）](?P<organ>.*)$")
# A province word glued to a place that is not a province (县, 区 and 市 after a short name are
# left alone: counties renamed districts or cities, 密云县 → 密云区, keep their old word).
_LEVEL_CHARS = ("省", "自治区")
_BARE_LEVEL = {"自治区": "province", "省": "province", "州": "prefecture", "盟": "prefecture",
               "县": "county", "区": "county", "旗": "county", "市": None}


@dataclass(frozen=True, slots=True)
class Identity:
    agency_id: str | None
    agency_name: str | None
    region_code: str | None
    region_name: str | None
    admin_level: str | None
    sector: str | None
    region_source: str | None  # written | host | context
    warnings: tuple[str, ...] = ()
    region_confidence: float | None = None  # how often regions from that source are right


@lru_cache(maxsize=1)
def _sectors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    data = yaml.safe_load(SECTORS_PATH.read_text(encoding="utf-8"))
    return tuple((e["key"], tuple(e["words"])) for e in data["sectors"])


# A government and its own offices, before any field is looked for.
_GOVERNMENT_OWN = re.compile(r"^(?:人民政府|政府)?(?:办公室|办公厅|政务公开办公室|信息公开办公室)?$")
# The body of a zone or a street, a government when no field is named.
_PLACE_BODY = re.compile(r"(?:办事处|管委会|管理委员会)$")


def sector_of(organ: str) -> str | None:
    """The organ part's field; a government and its own offices are "government" (checked
    first: 人民政府 holds the characters of 民政)."""
    if _GOVERNMENT_OWN.match(organ) or _TOWNSHIP_HEAD.match(organ) or organ.endswith(
            ("人民政府", "政府")):
        return "government"
    words_of = organ.replace("人民政府", "")
    for key, words in _sectors():
        if any(w in words_of for w in words):
            return key
    # a zone's or a street's body with no field of its own (高新区管理委员会, 城东办事处)
    return "government" if _PLACE_BODY.search(organ) else None


def _canonical_organ(organ: str) -> str:
    """The organ part spelled one way, for the id only: abbreviations expanded (科技局 →
    科学技术局, 科技厅 → 科学技术厅, 人社厅 → 人力资源和社会保障厅), 人民政府 written 政府,
    the 和 of merged names dropped (教育和体育局 = 教育体育局), and a second name in brackets
    after the organ's left out (人民防空办公室(民防局) = 人民防空办公室)."""
    organ = ALIAS_AFTER.sub("", organ)
    vocab = get_metadata_vocabulary()
    for short, full in sorted(vocab.abbreviations.items(), key=lambda kv: -len(kv[0])):
        if organ.endswith(short) and not organ.endswith(full) and len(short) > 1:
            organ = organ[:-len(short)] + full
            break
    return organ.replace("人民政府", "政府").replace("和", "")


# An organ part that starts with the rest of an unlisted place, after a place written short:
# "东昌林区人民政府" is not 东昌(区) + 林区人民政府 but a place 东昌林区 the list does not hold.
_PLACE_RUNS_ON = re.compile(r"^[\u4e00-\u9fff]{1,3}?(?:区|县|市|旗|镇|乡)(?:人民政府|政府|$)")


def _split_name(name: str) -> tuple[list[str], str]:
    """(places written at the start, the organ part)."""
    for cut in range(len(name), 0, -1):
        places = split_places(name[:cut]) or []
        if places and len(places) > 1 and places[-1] not in DIVISION_NAMES and (
                places[-2] + places[-1][0] in DIVISION_NAMES):
            # "邹城市中心店镇": 邹城市 + 中心店镇, not 邹城 + 市中(区) + 心店镇.
            return [*places[:-2], places[-2] + places[-1][0]], name[cut - len(places[-1]) + 1:]
        if places and places[-1] not in DIVISION_NAMES and _PLACE_RUNS_ON.match(name[cut:]):
            return [], name
        # "青河县公安局" is not 青河县 + 公安(县) + 局: a place written short, leaving one
        # character of organ, was the start of the organ's own name.
        short_last = bool(places) and places[-1] not in DIVISION_NAMES
        # "莆田市公安局城厢分局" is not 莆田市 + 公安(县) + 局…: a place written short and
        # followed by an organ's closing word was the start of the organ's own name.
        if places and not (short_last and (len(name) - cut == 1 or name[cut] in _ORGAN_ENDS)):
            if short_last and name[cut:].startswith(_LEVEL_CHARS):
                # "云溪省科学技术厅": 云溪 + 省 is no listed place; 云溪(区) is another one.
                return [], name
            return places, name[cut:]
    return [], name


def resolve_identity(agency: str | None, source_url: str | None = None,
                     text: str | None = None) -> Identity:
    """The organ's identity from its name; from the host of ``source_url`` (a government
    site's) when no place is written in the name; and from the places the report's ``text``
    writes in full when neither tells (``region_source`` "context"). A region carries the
    confidence measured for its source (``region_confidence.yaml``)."""
    identity = _resolve(agency, source_url, text)
    if identity.region_code is None or identity.region_source is None:
        return identity
    return replace(identity, region_confidence=region_confidence(identity.region_source))


@lru_cache(maxsize=1)
def _confidence_counts() -> dict[str, tuple[int, int]]:
    data = yaml.safe_load(CONFIDENCE_PATH.read_text(encoding="utf-8"))
    return {source: (int(v["correct"]), int(v["scored"])) for source, v in data.items()}


def region_confidence(source: str) -> float:
    """(correct + 1) / (scored + 2) of the measured regions from ``source``."""
    correct, scored = _confidence_counts()[source]
    return round((correct + 1) / (scored + 2), 3)


def _resolve(agency: str | None, source_url: str | None, text: str | None) -> Identity:
    if not agency:
        return Identity(None, None, None, None, None, None, None)
    name = _merged_zone_as_division(fold_text("".join(agency.split())))
    name = _PILOT_ZONE_OF_PROVINCE.sub(_province_in_full, _local_branch(name))
    places, organ = _split_name(name)
    warnings: list[str] = []
    sector = sector_of(organ or name)
    # "洪山区人民政府珞南街道办事处": the street under the district's government.
    organ = organ[4:] if organ.startswith("人民政府") and _TOWNSHIP_HEAD.match(organ[4:]) else organ
    township = bool(_TOWNSHIP_HEAD.match(organ)) or organ.startswith(("镇", "乡", "街道", "苏木"))
    if township:
        places, organ = _rejoin_township_name(places, organ)
    if township and places and places[-1] not in DIVISION_NAMES:
        # "中原西路街道": the last "place" was the first word of the street's own name.
        warnings.append(f"agency {agency}: the street or town may be named after a place; "
                        "region left null")
        return Identity(None, agency, None, None, "township", "government", None,
                        tuple(warnings))
    if _ZONE_HEAD.match(organ):
        return _zone(agency, places, organ, sector, source_url, text)
    if places and places[-1].endswith("市") and not township and _UNNAMED_DISTRICT.match(organ):
        # 大同市区自然资源局: an organ of one of the city's districts, which is not written.
        return Identity(None, agency, None, None, "county", sector, None, (
            f"agency {agency}: an organ of a district or county of {''.join(places)} that "
            "the name does not write; region left null",))
    if not places and (_NATIONAL.search(name)):
        return Identity(_make_id(NATIONAL_CODE, organ), agency, NATIONAL_CODE, "中华人民共和国",
                        "national", sector, "written")
    if not places:
        return _from_host_or_bare(agency, name, organ, township, source_url, text)
    place, source = _place_written_or_in_context(places, source_url, text)
    if place is None:
        warnings.append(f"agency {agency}: the place {''.join(places)} names no single "
                        "division; region left null")
        return Identity(None, agency, None, None, "township" if township else None, sector,
                        None, tuple(warnings))
    if organ.endswith("分局") and not township:
        place = _branch_place(place, places, organ)
    return _placed_identity(agency, place, organ, township, sector, source)


def _placed_identity(agency: str, place: Place, organ: str, township: bool,
                     sector: str | None, source: str) -> Identity:
    """The identity of an organ placed in ``place`` (a township's organ: in its town)."""
    level = "township" if township else level_of_code(place.code)
    if not organ and not township:
        sector = "government"  # a place alone names its government (某县 → 某县人民政府)
    region_name = full_region_name(place.code)
    if township:
        region_name += _township_name(organ)
    return Identity(_make_id(place.code, _canonical_organ(organ)),
                    agency, place.code, region_name, level, sector, source, ())


def _rejoin_township_name(places: list[str], organ: str) -> tuple[list[str], str]:
    """A street or town named after its district gets its first word back: "天津市东丽区东丽湖
    街道" is 天津市 + 东丽区 + 东丽湖街道, not … + 东丽 + 湖街道."""
    if len(places) > 1 and places[-1] not in DIVISION_NAMES and (
            _TOWNSHIP_HEAD.match(places[-1] + organ)):
        return places[:-1], places[-1] + organ
    return places, organ


def _place_written_or_in_context(places: list[str], source_url: str | None,
                                 text: str | None) -> tuple[Place | None, str]:
    """The division the written places name ("written"); when they name several, the one
    the host or the report's text places it in ("context")."""
    place = resolve_places(places)
    if place is not None:
        return place, "written"
    code = _shared_name_placed(candidate_codes(places), source_url, text)
    if code is not None:
        return Place(code, DIVISION_DATA[code]), "context"
    return None, "written"


def _branch_place(place: Place, places: list[str], organ: str) -> Place:
    """The county a branch (分局) of a city's bureau serves, when its name gives one:
    鄂州市自然资源和规划局鄂城分局 serves 鄂城区, under the city."""
    for size in (2, 3, 4):
        under = resolve_places([*places, organ[-2 - size:-2]])
        if under is not None:
            return under
    return place


def _zone(agency: str, places: list[str], organ: str, sector: str | None,
          source_url: str | None, text: str | None) -> Identity:
    """A development zone is no GB/T 2260 division. Named after a place (蚌埠经济开发区,
    萧山经济技术开发区), it lies in that place, which becomes its region; its level is left
    null (zones are run at several levels)."""
    place = resolve_places(places) if places else None
    if place is None and places:
        code = _shared_name_placed(candidate_codes(places), source_url, text)
        place = Place(code, DIVISION_DATA[code]) if code else None
    if place is None:
        return Identity(None, agency, None, None, None, sector, None, (
            f"agency {agency}: a development zone named after no listed place; region and "
            "level left null",))
    return Identity(_make_id(place.code, _canonical_organ(organ)), agency, place.code,
                    full_region_name(place.code), None, sector, "written", (
                        f"agency {agency}: a development zone; its region is the division "
                        f"it is named after ({place.name}), its level is left null",))


# 某市区X局 / 某市县X局: the organ of a district or county the name leaves out (not 区域…).
_UNNAMED_DISTRICT = re.compile(r"^[区县](?![域划间])[\u4e00-\u9fff]{2,}")

# A pilot free trade zone named 中国(某省)…: a zone of that province, not a central organ.
_PILOT_ZONE_OF_PROVINCE = re.compile(
    r"^中国[(（](?P<province>[\u4e00-\u9fff]{2,8})[)）](?=自由贸易试验区|自贸试验区)")



def _province_in_full(m: re.Match[str]) -> str:
    """中国(河北)… → 河北省…: the province of a pilot zone, written as the list writes it."""
    short = m["province"]
    full = [n for code, n in DIVISION_DATA.items() if code.endswith("0000") and n.startswith(short)]
    return full[0] if len(full) == 1 else short


# A central organ's local branch: 国家税务总局某市某区税务局 is the tax bureau of 某区.
_CENTRAL_PREFIX = re.compile(r"^国家[\u4e00-\u9fff]{1,10}?总局(?=[\u4e00-\u9fff]{3})")


def _local_branch(name: str) -> str:
    """The name without its central organ's prefix, when places follow the prefix."""
    prefix = _CENTRAL_PREFIX.match(name)
    if prefix is None:
        return name
    rest = name[prefix.end():]
    places, organ = _split_name(rest)
    return rest if places and organ else name


def _merged_zone_as_division(name: str) -> str:
    """"某市医药高新区(某区)卫生健康委员会" → "某市某区卫生健康委员会": a zone that one listed
    division shares its government with is placed by that division (the places written before
    the zone are kept: they tell which of same-named divisions)."""
    merged = _ZONE_WITH_DIVISION.match(name)
    if merged is None or merged["division"] not in DIVISION_NAMES:
        return name
    places, _ = _split_name(merged["zone"])
    return "".join(places) + merged["division"] + merged["organ"]


def _shared_name_placed(candidates: tuple[str, ...], source_url: str | None,
                        text: str | None) -> str | None:
    """The one of several same-named divisions (城中区 of 西宁 or of 柳州) that the site's host
    or a division written above it in the text (西宁市) points to; None when not exactly one."""
    if len(candidates) < 2:
        return None
    host = divisions_of_host(source_url)
    placed = [c for c in candidates if any(c == h or is_under(c, h) for h in host)]
    if len(placed) != 1 and text:
        written = written_divisions(text)
        placed = [c for c in candidates if parent_written(c, written)]
    return placed[0] if len(placed) == 1 else None


def _township_name(organ: str) -> str:
    """The town's or street's own name: 龙归镇 of 龙归镇人民政府, 易家街道 of 易家街办事处."""
    head = _TOWNSHIP_NAME.match(organ)
    if head is None:
        return ""
    return head.group() + "道" if head.group().endswith("街") else head.group()


def _relative_word(name: str) -> str | None:
    """The level word a name without its place starts with: 市 of 市财政局, 省 of 省科技厅."""
    return next((word for word in _BARE_LEVEL if name.startswith(word)), None)


def _fits_word(code: str, word: str | None, township: bool) -> bool:
    """Whether division ``code`` may be the place of an organ named with ``word`` (市 → a
    city, 区 → a district, 省 → a province) or, for a town, the county above it."""
    if township:
        return level_of_code(code) == "county"
    if word in _LEVEL_CHARS:
        return level_of_code(code) == "province"
    if word:
        name = DIVISION_DATA[code]
        return (name.endswith(word) and not name.endswith("自治区")) or (
            name.endswith("自治州") and word == "州")
    return True


def _from_host_or_bare(agency: str, name: str, organ: str, township: bool,
                       source_url: str | None, text: str | None = None) -> Identity:
    """No place written: the site's host may tell it, when it names one division that fits
    the organ's own level word (市 → a city, 区 → a district, a town → a county); else the
    report's text, when it writes exactly one division that fits (and the organ has a level
    word or is a town: a bare 商务局 could be of any level); else the level the word or the
    town gives, and no region."""
    word = _relative_word(name)
    own = name[len(word):] if word and not township else organ
    sector = sector_of(own) or sector_of(organ)
    level = "township" if township else _BARE_LEVEL.get(word or "")
    codes = divisions_of_host(source_url)
    fitting = [c for c in codes if _fits_word(c, word, township)]
    source = "host"
    if len(fitting) > 1 and text and (word or township):  # 青山区 of 武汉 or of 包头: the text may write which
        written = written_divisions(text)
        fitting = [c for c in fitting if c in written or parent_written(c, written)] or fitting
    elif not fitting and text and (word or township):
        fitting = [c for c in written_divisions(text) if _fits_word(c, word, township)]
        source = "context"
    if len(fitting) == 1:
        code = fitting[0]
        region_name = full_region_name(code)
        if township:
            region_name += _township_name(organ)
        return Identity(_make_id(code, _canonical_organ(own)), agency, code, region_name,
                        level or level_of_code(code), sector, source)
    if len(fitting) > 1:
        where = "the site's host" if source == "host" else "the report's text"
        why = (f"agency {agency}: {where} may be any of "
               f"{', '.join(full_region_name(c) for c in fitting)}; region left null")
    else:
        why = f"agency {agency}: no place written in its name; region left null"
    return Identity(None, agency, None, None, level, sector, None, (why,))


def _make_id(region_code: str, organ: str) -> str:
    digest = hashlib.blake2b(f"{region_code}/{organ or '人民政府'}".encode(),
                             digest_size=6).hexdigest()
    return "a" + digest
