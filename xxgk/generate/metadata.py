"""Where a report states who published it and when: title, page fields, signature.

The gold ``publish_date`` follows one documented rule, the one the extractor is meant to apply:
a page field labelled 发布 (发布时间 / 发布日期 / 时间) wins; else a 发文日期 / 成文日期 /
公文生成日期 field; else the signature date; else null. A garbled signature date (年/月/日
glyphs lost in conversion) is not a date. Gold ``agency`` lists the full official name plus
every place-prefixed short form or longer official form the text actually uses; for a
government report compiled by its 办公室, the office appears as source and signature but the
agency stays the government.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from xxgk.generate import dates as D
from xxgk.generate.names import Agency
from xxgk.generate.phrasebook import PROGRESS_TITLES, TITLES

# Page-field sets seen on portals; each value slot is filled below. Example (set "portal"):
# "发布时间：2019-01-30  来源：青川市科技局".
PAGE_FIELD_SETS: dict[str, tuple[str, ...]] = {
    "portal": ("发布时间", "来源"),
    "portal_views": ("来源", "发布日期", "浏览次数"),
    "catalogue": ("索引号", "分类", "发布机构", "发文日期", "文号"),
    "catalogue_written": ("索引号", "发布机构", "成文日期", "发布日期"),
    "generated": ("索引号", "发布机构", "公文生成日期"),
    "info_source": ("信息来源", "发布时间", "点击数"),
    "time_only": ("时间",),
}
PUBLISH_LABELS = ("发布时间", "发布日期", "时间")
WRITTEN_LABELS = ("发文日期", "成文日期", "公文生成日期")
FIELD_SEPARATORS = ("：", ":", "： ", ": ")
CATEGORY_VALUES = ("政府信息公开年报", "综合政务", "年度报告", "政务公开")


@dataclass(frozen=True, slots=True)
class Frame:
    """Title, page fields and signature of one report, with the gold they imply."""

    title: str
    page_fields: tuple[tuple[str, str], ...]
    field_separator: str
    signature: tuple[str, ...]
    publish_date: str | None  # gold, ISO
    agency_names: tuple[str, ...]  # gold agency list
    notes: tuple[str, ...]
    title_has_year: bool
    publish_year: int  # the year it really appeared, even when no date is printed


def _draw_index_number(rng: random.Random, year: int) -> str:
    code = "".join(rng.choice("0123456789") for _ in range(9))
    if rng.random() < 0.5:
        return f"{code}/{year}-{rng.randint(1, 99999):05d}"
    tail = "".join(rng.choice("0123456789ABCDEFGHJK") for _ in range(9))
    return f"11{code}{tail[:7]}/{year}-{rng.randint(1, 999):05d}"


def _draw_source_name(rng: random.Random, agency: Agency, used_short: str | None
                      ) -> tuple[str, tuple[str, ...]]:
    """The name of the page's source field and the signature, and the notes it calls for."""
    if agency.compiler and rng.random() < 0.6:
        return agency.compiler, ("Source/signature name the 办公室 that compiled it; the agency "
                                 "is the government.",)
    if used_short and rng.random() < 0.7:
        return used_short, ()
    return agency.full_name, ()


def _draw_page_fields(rng: random.Random, published: date, written: date, source_name: str
                      ) -> tuple[list[tuple[str, str]], date | None]:
    """A portal's page fields (label, value) and the publish date they establish."""
    gold_date: date | None = None
    fields: list[tuple[str, str]] = []
    field_set = rng.choice(tuple(PAGE_FIELD_SETS.values()))
    date_style = rng.choice(tuple(D.PAGE_DATE_STYLES))
    for label in field_set:
        if label in PUBLISH_LABELS:
            value = D.format_page_date(published, date_style, rng)
            gold_date = published
        elif label in WRITTEN_LABELS:
            value = D.format_page_date(written, date_style, rng)
            gold_date = gold_date or written
        elif label in ("来源", "发布机构", "信息来源"):
            value = source_name
        elif label == "索引号":
            value = _draw_index_number(rng, published.year)
        elif label == "分类":
            value = rng.choice(CATEGORY_VALUES)
        else:  # 文号, 浏览次数, 点击数: printed empty on most portals
            value = ""
        fields.append((label, value))
    return fields, gold_date


def _draw_signature(rng: random.Random, agency: Agency, source_name: str,
                    used_short: str | None, written: date, gold_date: date | None
                    ) -> tuple[list[str], date | None, tuple[str, ...]]:
    """The signature (the signer, mostly with a date), the publish date known after it
    (``gold_date``, the page fields', or else the signature's) and the notes it calls for."""
    notes: list[str] = []
    signer = agency.compiler if source_name == agency.compiler else (
        used_short if used_short and rng.random() < 0.2 else agency.full_name)
    signature = [signer]
    garble_chance = 0.12 if gold_date is None else 0.05
    if rng.random() < garble_chance:
        style = rng.choice(tuple(D.GARBLED_DATE_STYLES))
        signature.append(D.format_garbled_date(written, style))
        if gold_date is None:
            notes.append("The only date is a garbled signature date: publish_date null.")
    elif rng.random() < 0.93:
        style = rng.choice(tuple(D.SIGNATURE_DATE_STYLES))
        signature.append(D.format_signature_date(written, style))
        if gold_date is None:
            gold_date = written
            notes.append("The signature date at the end is the only date.")
    return signature, gold_date, tuple(notes)


def build_frame(rng: random.Random, agency: Agency, report_year: int, *, progress: bool,
                month: int, has_page_fields: bool) -> Frame:
    """Draw title, page fields, signature and the publish date they establish."""
    names = [agency.full_name]
    notes: list[str] = []
    used_short = None
    if agency.short_names and rng.random() < 0.35:
        used_short = rng.choice(agency.short_names)
    # "青川县政府政府信息公开…" reads wrong: a short form ending in 政府 stays out of titles.
    title_name = (used_short if used_short and not used_short.endswith("政府")
                  and rng.random() < 0.6 else agency.full_name)
    if agency.alt_full_names and rng.random() < 0.4:
        title_name = agency.alt_full_names[0]
        names.append(title_name)
    templates = PROGRESS_TITLES if progress else TITLES
    title = rng.choice(templates).format(agency=title_name, year=report_year, month=month)
    title_has_year = True
    if not progress and rng.random() < 0.04:
        title = f"{title_name}政府信息公开工作年度报告"
        title_has_year = False
        notes.append("The title has no year; the year is in the statistics period sentence.")

    published = D.draw_publish_date(rng, report_year, progress_report=progress)
    written = published - timedelta(days=rng.randint(1, 12)) if rng.random() < 0.35 else published
    source_name, source_notes = _draw_source_name(rng, agency, used_short)
    notes += source_notes
    if used_short and used_short in (title_name, source_name):
        names.append(used_short)

    fields: list[tuple[str, str]] = []
    gold_date: date | None = None
    if has_page_fields:
        fields, gold_date = _draw_page_fields(rng, published, written, source_name)
        if written != published and any(label == "成文日期" for label, _ in fields):
            notes.append("成文日期 precedes 发布日期; publish_date is the 发布 date.")

    signature: list[str] = []
    if rng.random() < 0.75 or not has_page_fields:
        signature, gold_date, signature_notes = _draw_signature(
            rng, agency, source_name, used_short, written, gold_date)
        notes += signature_notes
        if signature[0] == used_short and used_short not in names:
            names.append(used_short)
    if gold_date is None and not any("garbled" in n for n in notes):
        notes.append("No publication date anywhere: publish_date null.")
    return Frame(title=title, page_fields=tuple(fields),
                 field_separator=rng.choice(FIELD_SEPARATORS), signature=tuple(signature),
                 publish_date=gold_date.isoformat() if gold_date else None,
                 agency_names=tuple(dict.fromkeys(names)), notes=tuple(notes),
                 title_has_year=title_has_year, publish_year=published.year)
