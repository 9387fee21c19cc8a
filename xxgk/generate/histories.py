"""Organs followed over years: one report per organ and year, under changing name forms.

``generate_histories(n_organs, years, seed)`` draws ``n_organs`` organs of real divisions
(``real_organs``) and writes each one's report for every year of ``years`` (table years,
2019 on) with the composer of the invented corpus, on a plausible government host. What the
pipeline's cross-year checks must find is planted and recorded in each report's gold:

- the name form changes between years (淄博市淄川区科学技术局, 淄川区科学技术局, 淄川区科技局,
  区科技局); a relative form names no place, so its region can only come from the host;
- 上年结转 of year N equals 结转下年度继续办理 of year N-1, column by column, except in the
  planted mismatch years (about one organ-year in eight after the first);
- counts drift by less than ×2 from year to year, so the year-over-year check has nothing to
  find;
- a few reports are published twice: ``republished`` (the same numbers on another page of
  another site: different bytes, so two reports of one organ and year) or ``mirrored``
  (the same bytes at another URL: the raw zone stores them once, so the pipeline holds one
  report);
- now and then a region's organs come together (``REGION_SHARE``): 2–4 departments and towns
  of one county (or departments of one city), then its people's government, whose report
  states the year's figure for the whole region ("全县各级行政机关共主动公开政府信息N条").
  N is at least what the organs before it report for that year (their true totals, which
  their printed ones never exceed), except in the planted years (``REGION_MISMATCH_SHARE``),
  where N is below the sum of their printed totals: ``hierarchy.organs_within_region_total``
  must fail there and nowhere else.

Gold per report, beside the usual fields: ``source_url``, ``organ_key`` (the organ's true
identity, 370302/科学技术局), ``region_code``, ``admin_level``, ``name_form``,
``region_source`` (host for the relative form), ``planted_history`` (the history and
hierarchy check ids that must fail on it), ``copy_of`` and ``copy_kind``. Everything depends
only on the seed and the organs before: 12 organs are the first 12 of 60.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from xxgk.generate.answers import (
    FixedNumbers,
    draw_applications,
    draw_proactive_total,
    draw_table3,
    estimate_kind_activity,
)
from xxgk.generate.corpus import (
    EXTENSIONS,
    GeneratedReport,
    check_options,
    draw_printing,
    render_report,
)
from xxgk.generate.families import Families
from xxgk.generate.labels import APPLICANT_DIMENSIONS
from xxgk.generate.real_organs import RealOrgan, draw_organ, draw_region_organs

FIRST_TABLE_YEAR = 2019
CARRIED_OVER_CHECK = "history.carried_over_matches_previous"
DUPLICATE_CHECK = "history.duplicate_agency_year"
HIERARCHY_CHECK = "hierarchy.organs_within_region_total"
# Name forms by weight; a relative form is drawn in about one year in five.
FORM_WEIGHTS = {"full": 3, "own_place": 3, "abbreviated": 3, "relative": 2}
MISMATCH_SHARE = 0.12  # of organ-years after an organ's first
REPUBLISHED_SHARE = 0.05  # of organ-years
MIRRORED_SHARE = 0.03
REGION_SHARE = 0.03  # chance, before each organ is drawn, that a region's organs come next
REGION_MISMATCH_SHARE = 0.2  # of a region government's years
# A region-wide figure above its organs' sum: N = sum × (1 + this) (at least sum + 5). Kept
# narrow so that N moves from year to year about as its organs' totals do (×0.2–5 holds).
REGION_MARGIN = (0.1, 0.4)
# A planted year needs printed totals that cover most of the true ones (a null or rounded
# total lowers them): the planted figure stays within ×0.2 of the next year's.
PLANTABLE_SHARE = 0.7
DRIFT = (0.75, 1.33)  # a count's yearly factor around the organ's own level
HISTORY_FORMATS = ("html",)  # government sites serve pages; PDF and DOCX on request


@dataclass(frozen=True, slots=True)
class OrganYear:
    """What one organ's report for one year prints and what it is to show."""

    year: int
    form: str  # a name form of real_organs.NAME_FORMS
    relative_short: bool  # 区科技局 rather than 区科学技术局
    numbers: FixedNumbers
    mismatch: str | None  # how 上年结转 was made to differ from last year's 结转下年度
    copy_kind: str | None  # republished | mirrored | None
    own_host: bool  # on the organ's own site (else its government's portal)
    region_wide: bool = False  # the proactive figure is the whole region's (a government)
    region_mismatch: str | None = None  # how that figure was made to fall below its organs'


def parse_years(span: str) -> tuple[int, ...]:
    """'2019-2023' → (2019, …, 2023); '2021' → (2021,)."""
    first, _, last = span.partition("-")
    years = tuple(range(int(first), int(last or first) + 1))
    if not years:
        raise ValueError(f"no year in {span!r}")
    return years


def _check_years(years: tuple[int, ...]) -> tuple[int, ...]:
    years = tuple(sorted(set(years)))
    if not years or years[0] < FIRST_TABLE_YEAR:
        raise ValueError(f"histories are of table years ({FIRST_TABLE_YEAR} on), not {years}")
    if years != tuple(range(years[0], years[-1] + 1)):
        raise ValueError(f"histories need consecutive years, not {years}")
    return years


def table_format_of(year: int) -> str:
    return "2019" if year < 2021 else "2021"


def draw_forms(rng: random.Random, organ: RealOrgan, n_years: int) -> list[str]:
    """A name form per year, at least two different ones when there are two years or more."""
    options = organ.name_forms()
    weights = [FORM_WEIGHTS[f] for f in options]
    forms = rng.choices(options, weights=weights, k=n_years)
    if n_years > 1 and len(set(forms)) == 1:
        forms[rng.randrange(n_years)] = rng.choice([f for f in options if f != forms[0]])
    return forms


def _drift(rng: random.Random, level: int, floor: int) -> int:
    return max(floor, round(level * rng.uniform(*DRIFT)))


def _mismatched(rng: random.Random, forward: tuple[int, ...]) -> tuple[tuple[int, ...], str]:
    """Last year's 结转下年度 (six columns) with one column made wrong by 1–4."""
    carried = list(forward)
    column = rng.randrange(6)
    delta = rng.randint(1, 4)
    if carried[column] >= delta and rng.random() < 0.5:
        carried[column] -= delta
        how = f"lowered by {delta}"
    else:
        carried[column] += delta
        how = f"raised by {delta}"
    return tuple(carried), (f"上年结转 of {APPLICANT_DIMENSIONS[column]} {how} against last "
                            "year's 结转下年度")


def draw_history(rng: random.Random, organ: RealOrgan, years: tuple[int, ...]
                 ) -> list[OrganYear]:
    """The organ's years: name forms, numbers chained by carry-over, planted faults."""
    activity = estimate_kind_activity(organ.kind)
    proactive_level = draw_proactive_total(rng, activity)
    # An organ with requests gets some every year: from 1 to 0 the year-over-year ratio would
    # be 0, a jump the check rightly flags but that nobody planted.
    requests_level = draw_applications(rng, activity)
    forms = draw_forms(rng, organ, len(years))
    history: list[OrganYear] = []
    forward: tuple[int, ...] | None = None
    for year, form in zip(years, forms, strict=True):
        new_total = _drift(rng, requests_level, 1) if requests_level else 0
        carried, mismatch = forward, None
        if forward is not None and rng.random() < MISMATCH_SHARE:
            carried, mismatch = _mismatched(rng, forward)
        table3 = draw_table3(rng, table_format_of(year), new_total, carried)
        forward = table3.rows["carried_forward"][:6]
        numbers = FixedNumbers(_drift(rng, proactive_level, 3), table3)
        roll = rng.random()
        copy_kind = ("republished" if roll < REPUBLISHED_SHARE else
                     "mirrored" if roll < REPUBLISHED_SHARE + MIRRORED_SHARE else None)
        history.append(OrganYear(year, form, rng.random() < 0.5, numbers, mismatch, copy_kind,
                                 own_host=rng.random() < 0.75))
    return history


def draw_corpus_organs(seed: int, n: int) -> tuple[list[RealOrgan], frozenset[int]]:
    """``n`` distinct organs and the indexes of the region governments among them.

    Organs are drawn one by one as before (``draw_organ``); before each, a stream of its own
    may bring a region instead (``draw_region_organs``): its organs, then its government.
    A region is only drawn in a division no organ holds yet, and no single organ is drawn
    in a region's division afterwards, so a region's figure covers exactly the organs before
    it. Every organ depends only on those before it.
    """
    single = random.Random(f"histories/{seed}/organs")
    regions = random.Random(f"histories/{seed}/regions")
    organs: list[RealOrgan] = []
    keys: set[str] = set()
    codes: set[str] = set()
    region_codes: set[str] = set()
    heads: set[int] = set()
    while len(organs) < n:
        if regions.random() < REGION_SHARE:
            members = draw_region_organs(regions)
            code = members[-1].division.code
            if code in codes:
                continue
            region_codes.add(code)
            for organ in members[:n - len(organs)]:
                if organ is members[-1]:
                    heads.add(len(organs))
                organs.append(organ)
                keys.add(organ.key)
                codes.add(code)
            continue
        organ = draw_organ(single)
        if organ.key in keys or organ.division.code in region_codes:
            continue
        organs.append(organ)
        keys.add(organ.key)
        codes.add(organ.division.code)
    return organs, frozenset(heads)


@dataclass
class _RegionYear:
    """What the organs of one division report for one year, as they are generated."""

    true_total: int = 0  # of their drawn totals
    printed_total: int = 0  # of the totals their reports print (gold)
    unprinted: int = 0  # reports that print no total


def set_region_totals(rng: random.Random, history: list[OrganYear],
                      region: dict[int, _RegionYear]) -> list[OrganYear]:
    """A region government's years with the region-wide figure as their proactive total:
    above what its organs report (``region``, by year), or in planted years below it."""
    out = []
    for organ_year in history:
        year = region.get(organ_year.year, _RegionYear())
        plant = rng.random() < REGION_MISMATCH_SHARE
        margin = rng.uniform(*REGION_MARGIN)
        cut = rng.randint(1, max(1, year.printed_total // 8))
        mismatch = None
        if plant and year.printed_total >= max(2, PLANTABLE_SHARE * year.true_total):
            total = year.printed_total - cut
            mismatch = (f"the region-wide figure {total} is below the {year.printed_total} "
                        "its organs report")
        else:
            total = year.true_total + max(5, round(year.true_total * margin))
        numbers = replace(organ_year.numbers, proactive_total=total)
        out.append(replace(organ_year, numbers=numbers, region_wide=True,
                           region_mismatch=mismatch))
    return out


def _path(rng: random.Random, publish_date: str | None, year: int, file_format: str,
          article: int) -> str:
    """A content-management system's address for the report (TRS/JCMS style)."""
    if publish_date:
        y, m, d = (int(p) for p in publish_date.split("-"))
    else:
        y, m, d = year + 1, rng.randint(1, 3), rng.randint(1, 28)
    if file_format == "html":
        return f"/art/{y}/{m}/{d}/art_{rng.randint(1000, 9999)}_{article}.html"
    return f"/attach/{y}{m:02d}/{article}.{EXTENSIONS[file_format]}"


def _with_history_gold(report: GeneratedReport, *, doc_id: str, organ: RealOrgan,
                       organ_year: OrganYear, url: str, copy_of: str | None = None
                       ) -> GeneratedReport:
    planted = [CARRIED_OVER_CHECK] if organ_year.mismatch else []
    if organ_year.copy_kind == "republished":
        planted.append(DUPLICATE_CHECK)  # on both copies: each is the other's duplicate
    if organ_year.region_mismatch:
        planted.append(HIERARCHY_CHECK)
    notes = [report.gold["notes"]] if report.gold["notes"] != "No special traps." else []
    if organ_year.form == "relative":
        notes.append("No place in the organ's name: its region is the host's.")
    if organ_year.mismatch:
        notes.append(f"Planted: {organ_year.mismatch}.")
    if organ_year.region_mismatch:
        notes.append(f"Planted: {organ_year.region_mismatch}.")
    if organ_year.copy_kind:
        notes.append(f"The same report {organ_year.copy_kind} at another address.")
    gold = {**report.gold, "id": doc_id, "source_url": url, "organ_key": organ.key,
            "region_code": organ.division.code, "admin_level": organ.admin_level,
            "name_form": organ_year.form,
            "region_source": "host" if organ_year.form == "relative" else "written",
            "planted_history": planted, "copy_of": copy_of,
            "copy_kind": organ_year.copy_kind if copy_of else None,
            "notes": " ".join(notes) if notes else "No special traps."}
    return replace(report, doc_id=doc_id, filename=url.split("://", 1)[1], gold=gold)


def _render_year(organ: RealOrgan, organ_year: OrganYear, doc_id: str, seed_text: str,
                 formats: tuple[str, ...], layouts: tuple[str, ...] | None,
                 page_seed: str | None = None) -> GeneratedReport:
    """The organ's report of the year; with ``page_seed``, the same report (words, numbers,
    dates) on another site's page: its own layout, encoding and page dressing."""
    rng = random.Random(seed_text)
    year = organ_year.year
    era, table_format = f"table_{table_format_of(year)}", table_format_of(year)
    plan = draw_printing(rng, era, year, table_format, formats, layouts)
    page_rng = None
    if page_seed is not None:
        page_rng = random.Random(page_seed)
        plan = draw_printing(page_rng, era, year, table_format, formats, layouts)
    agency = organ.agency_for(organ_year.form, rng, organ_year.relative_short)
    families = Families(region_wide=organ_year.region_wide)
    return render_report(rng, doc_id, plan, agency, fixed=organ_year.numbers,
                         page_rng=page_rng, families=families,
                         family_rng=random.Random(seed_text + "/families"))


def _address(seed_text: str, host: str, report: GeneratedReport, article: int) -> str:
    rng = random.Random(seed_text)
    return "http://" + host + _path(rng, report.gold["publish_date"], report.gold["report_year"],
                                    report.format, article)


def _organ_reports(organ: RealOrgan, index: int, history: list[OrganYear], seed: int,
                   formats: tuple[str, ...], layouts: tuple[str, ...] | None
                   ) -> Iterator[GeneratedReport]:
    for organ_year in history:
        seed_text = f"histories/{seed}/{index}/{organ_year.year}"
        doc_id = f"h{index:04d}_{organ_year.year}"
        hosts = organ.hosts if organ_year.own_host else organ.hosts[::-1]
        # Unique over the corpus, so that one server can play every site in the tests.
        article = 100_000 + 1000 * index + 10 * (organ_year.year - 2000)
        original = _render_year(organ, organ_year, doc_id, seed_text, formats, layouts)
        url = _address(seed_text + "/url", hosts[0], original, article)
        yield _with_history_gold(original, doc_id=doc_id, organ=organ, organ_year=organ_year,
                                 url=url)
        if organ_year.copy_kind is None:
            continue
        copy = original
        if organ_year.copy_kind == "republished":
            copy = _render_year(organ, organ_year, doc_id, seed_text, (original.format,),
                                layouts, page_seed=seed_text + "/copy")
        copy_url = _address(seed_text + "/copy/url", hosts[-1], copy, article + 1)
        yield _with_history_gold(copy, doc_id=f"{doc_id}_copy", organ=organ,
                                 organ_year=organ_year, url=copy_url, copy_of=doc_id)


def generate_histories(n_organs: int, years: tuple[int, ...], seed: int = 0, *,
                       formats: tuple[str, ...] | None = None,
                       layouts: tuple[str, ...] | None = None) -> Iterator[GeneratedReport]:
    """Every report of ``n_organs`` organs over ``years``, organ by organ, year by year.

    ``formats`` default to HTML pages only (``HISTORY_FORMATS``); ``filename`` is
    the report's host and path (www.zichuan.gov.cn/art/2022/1/20/art_4821_103220.html), so a
    written corpus is a mirror of the sites.
    """
    years = _check_years(tuple(years))
    formats, _ = check_options(formats or HISTORY_FORMATS, None, layouts=layouts)
    organs, heads = draw_corpus_organs(seed, n_organs)
    regions: dict[str, dict[int, _RegionYear]] = {}
    for index, organ in enumerate(organs):
        history = draw_history(random.Random(f"histories/{seed}/{index}"), organ, years)
        region = regions.setdefault(organ.division.code, {})
        if index in heads:
            history = set_region_totals(random.Random(f"histories/{seed}/{index}/region"),
                                        history, region)
        for report in _organ_reports(organ, index, history, seed, formats, layouts):
            yield report
            if report.gold["copy_of"] is None and index not in heads:
                _count_in_region(region, report.gold, history)


def _count_in_region(region: dict[int, _RegionYear], gold: dict,
                     history: list[OrganYear]) -> None:
    year = gold["report_year"]
    drawn = next(y.numbers.proactive_total for y in history if y.year == year)
    printed = gold["proactive_total"]
    totals = region.setdefault(year, _RegionYear())
    totals.true_total += drawn
    if printed is None:
        totals.unprinted += 1
    else:
        totals.printed_total += printed["value"]

