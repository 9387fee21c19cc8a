"""Dates as pages and signatures print them, including the broken ones.

Page fields (发布时间, 发文日期, 成文日期…) print ISO-like dates with or without a time; the
signature at the end prints Chinese dates, sometimes in Chinese numerals, sometimes broken by a
PDF converter that dropped the 年/月/日 glyphs ("2014 124"), which leaves no usable date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from xxgk.generate.numerals import format_chinese_number, format_year_chinese

# Page-field styles, each with an example for 2019-01-30.
PAGE_DATE_STYLES: dict[str, str] = {
    "iso": "2019-01-30",
    "iso_time": "2019-01-30 15:51",
    "iso_seconds": "2019-01-30 09:05:12",
    "slash": "2019/01/30",
    "dot": "2019.01.30",
    "cn_padded": "2019年01月30日",
    "cn": "2019年1月30日",
}

# Signature styles, each with an example for 2019-01-30.
SIGNATURE_DATE_STYLES: dict[str, str] = {
    "cn": "2019年1月30日",
    "cn_spaced": "2019 年 1 月 30 日",
    "cn_numerals": "二〇一九年一月三十日",
    "iso": "2019-01-30",
}

# Broken signature dates: the date cannot be recovered (gold publish_date null when alone).
GARBLED_DATE_STYLES: dict[str, str] = {
    "dropped_glyphs": "2019 130",
    "blank_month_day": "2019年  月  日",
    "month_only": "2019年1月",
}


def format_page_date(d: date, style: str, rng: random.Random) -> str:
    """Render ``d`` as a page field prints it (see PAGE_DATE_STYLES)."""
    if style == "iso":
        return d.isoformat()
    if style == "iso_time":
        return f"{d.isoformat()} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    if style == "iso_seconds":
        hour, minute, second = rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59)
        return f"{d.isoformat()} {hour:02d}:{minute:02d}:{second:02d}"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "cn_padded":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    raise ValueError(style)


def format_signature_date(d: date, style: str) -> str:
    """Render ``d`` as a signature line prints it (see SIGNATURE_DATE_STYLES)."""
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn_spaced":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    if style == "cn_numerals":
        return (f"{format_year_chinese(d.year)}年{format_chinese_number(d.month)}月"
                f"{format_chinese_number(d.day)}日")
    if style == "iso":
        return d.isoformat()
    raise ValueError(style)


def format_garbled_date(d: date, style: str) -> str:
    """A signature date that lost information (see GARBLED_DATE_STYLES)."""
    if style == "dropped_glyphs":
        return f"{d.year} {d.month}{d.day}"
    if style == "blank_month_day":
        return f"{d.year}年  月  日"
    if style == "month_only":
        return f"{d.year}年{d.month}月"
    raise ValueError(style)


def draw_publish_date(rng: random.Random, report_year: int, *, progress_report: bool) -> date:
    """When a report for ``report_year`` appears.

    Annual reports appear in January-March of the next year (a few much later); progress
    reports (截至11月…) appear in November-December of the year itself.
    """
    if progress_report:
        start, span = date(report_year, 11, 20), 40
    elif rng.random() < 0.08:
        start, span = date(report_year + 1, 4, 1), 200
    else:
        start, span = date(report_year + 1, 1, 4), 86
    return start + timedelta(days=rng.randrange(span))
