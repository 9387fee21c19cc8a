"""How numbers are written in reports: Chinese numerals, thousands separators, money.

Reports write small counts in Chinese (二十三条, 一百余条, 两千多条), large ones with or without
a thousands separator (10,381件), and money in 元 or 万元. Money is handled in integer
fen / ten-thousandths so that the printed text and the gold value never disagree by a float
rounding error.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def _format_below_10000(n: int, *, use_liang: bool) -> str:
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit_value)
        if digit == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        # 两千 / 两百 is how people say a leading 2 before a large unit.
        leading_two = use_liang and digit == 2 and not parts and unit in ("千", "百")
        word = "两" if leading_two else DIGITS[digit]
        parts.append(word + unit)
    return "".join(parts)


def format_chinese_number(n: int, *, use_liang: bool = False) -> str:
    """Write 0 <= n < 100,000,000 in Chinese numerals.

    Examples: 23 -> 二十三, 10 -> 十, 105 -> 一百零五, 2000 -> 二千 (两千 with use_liang),
    12000 -> 一万二千, 30500 -> 三万零五百.
    """
    if n < 0 or n >= 100_000_000:
        raise ValueError(f"cannot write {n} in Chinese numerals here")
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if high:
        text = _format_below_10000(high, use_liang=use_liang) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _format_below_10000(low, use_liang=False)
    else:
        text = _format_below_10000(low, use_liang=use_liang)
    # 一十五 is written 十五 at the start of a number.
    if text.startswith("一十"):
        text = text[1:]
    return text


def format_with_separator(n: int) -> str:
    """10381 -> '10,381' (some offices print large counts with a thousands separator)."""
    return f"{n:,}"


def format_fixed(units: int, decimals: int) -> str:
    """Print an integer count of 10**-decimals units exactly: (1733653, 1) -> '173365.3'."""
    if decimals == 0:
        return str(units)
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10 ** decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}"


def format_year_chinese(year: int) -> str:
    """2019 -> 二〇一九 (signature dates are sometimes written this way)."""
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
