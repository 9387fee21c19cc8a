"""Reading the numbers reports are written in: Arabic, Chinese numerals, and both mixed.

Reports write counts as ``752``, ``1,234``, ``1.5万``, ``二十三``, ``一百余``, ``两千`` or, in dates
and years, digit by digit (``二〇一九``, ``二0一七``). This module turns one such token into a
float. It knows nothing about what is counted; the phrasings decide that.
"""

from __future__ import annotations

import re

# Full-width digits and punctuation reach us from PDF and Word conversions.
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．＋－", "0123456789,.+-")

_DIGITS = {"零": 0, "〇": 0, "○": 0, "0": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "兩": 2,
           "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
           "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# Qualifier words a caller may leave on the token ("一百余", "约300", "400多"): they change the
# qualifier, not the value, so they are dropped here and judged by the phrasing rules.
_LEADING_WORDS = re.compile(r"^(?:大约|约|近|逾|超过|将近|接近)")
_TRAILING_WORDS = re.compile(r"(?:余|多|来|左右|以上|上下)?(?:人次|条|件|项|篇|份|个|起|宗|次|例)?$")
_WHITESPACE = re.compile(r"\s+")
_ARABIC = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([万萬亿億千百十]?)$")


def parse_number(s: str) -> float | None:
    """The value of one number token, or None when it is not a number we can read exactly.

    ``"752"`` → 752, ``"1,234"`` → 1234, ``"1.5万"`` → 15000, ``"二十三"`` → 23,
    ``"一百余"`` → 100 (the 余 is a qualifier, judged elsewhere), ``"两千"`` → 2000,
    ``"〇"`` → 0, ``"二〇一八"`` → 2018. A trailing count unit (条, 件, 项 …) is tolerated.
    Percentages, ranges, fractions and words like 数百 give None.
    """
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return float(s)  # the common case (years, most counts), which the rules below agree on
    # PDF conversions leave spaces inside numbers ("1 046", "2 万").
    token = _WHITESPACE.sub("", s).translate(_FULLWIDTH)
    token = _LEADING_WORDS.sub("", token)
    token = _TRAILING_WORDS.sub("", token, count=1)
    if not token:
        return None
    m = _ARABIC.match(token)
    if m:
        sign, whole, frac, unit = m.groups()
        value = float(whole.replace(",", "") + (frac or ""))
        value *= _BIG_UNITS.get(unit) or _SMALL_UNITS.get(unit) or 1
        return -value if sign == "-" else value
    return _parse_chinese(token)


def _parse_chinese(token: str) -> float | None:
    if any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS
           for ch in token):
        return None
    if len(token) > 1 and all(ch in _DIGITS for ch in token):
        return _parse_digit_by_digit(token)
    return _parse_positional(token)


def _parse_digit_by_digit(token: str) -> float | None:
    """Digit by digit, as years are written (二〇一九, 二0一七, 一九九八); other runs of digits
    ("三五天", three or five) are not one number."""
    if len(token) == 4 or any(_DIGITS[ch] == 0 for ch in token):
        return float("".join(str(_DIGITS[ch]) for ch in token))
    return None


def _parse_positional(token: str) -> float | None:
    """Digits with their units (二十三, 一千二, 三万五千, 两亿零五百万); None when it is no
    such number."""
    total = 0  # completed 万/亿 groups
    section = 0  # the group under construction
    digit: int | None = None
    last_unit = 0
    for ch in token:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row ("三五") is not positional notation
            digit = _DIGITS[ch] if _DIGITS[ch] != 0 else None
            if _DIGITS[ch] == 0:
                last_unit = 0  # 零 cancels the "一千二 means 1200" abbreviation below
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            unit = _BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                return None  # a bare 万 is not a number
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section = 0
            digit = None
            last_unit = unit
    if digit is not None:
        # 一千二 is 1200 and 三万五 is 35000: a final digit counts in the next lower unit.
        section += digit * (last_unit // 10 if last_unit >= 100 else 1)
    return float(total + section)
