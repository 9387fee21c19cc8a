"""Generate reports with their known answers, one at a time.

``generate_reports(n, seed)`` yields ``GeneratedReport`` objects; report ``i`` depends only on
(seed, i), so a run of 10 is the prefix of a run of 100,000 and every run is byte-identical.
Each report's ``gold`` is in the format of ``corpus/seeds.gold.jsonl`` plus format, layout,
encoding and planted_violations. Writing a corpus out is ``xxgk.generate.corpus_output``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from xxgk.generate.answers import FixedNumbers, estimate_activity
from xxgk.generate.blocks import ComposedReport, estimate_text_chars, fill_filler, prerender_tables
from xxgk.generate.families import (
    NO_FAMILIES,
    Families,
    adjust_slots,
    build_body_family,
    draw_families,
    draw_letter_heading,
    glue_spam,
    keep_organ_in_title_only,
    strip_place_from_footer,
)
from xxgk.generate.filler import list_topics
from xxgk.generate.layouts import LAYOUTS, LayoutStyle, draw_layout_style, render_lines
from xxgk.generate.metadata import Frame, build_frame
from xxgk.generate.mirror import mirror_page
from xxgk.generate.names import PARENT_GOVERNMENT, Agency, draw_agency
from xxgk.generate.noise import Dressing, draw_dressing, draw_portal_menu
from xxgk.generate.sections import compose_free_text, compose_table_era
from xxgk.generate.writers import prerender_html_table, render_html, render_markdown, render_text

ERAS = ("free_text", "table_2019", "table_2021")
ERA_WEIGHTS = {"free_text": 45, "table_2019": 20, "table_2021": 35}
TEXT_FORMATS = ("html", "text", "markdown")
BINARY_FORMATS = ("pdf", "docx", "scan")  # scan: image-only PDF pages (scan_writer)
FORMATS = TEXT_FORMATS + BINARY_FORMATS
DEFAULT_FORMATS = TEXT_FORMATS  # pdf/docx are opt-in: they are 100x slower to produce
FORMAT_WEIGHTS = {"html": 50, "text": 30, "markdown": 20, "pdf": 15, "docx": 15, "scan": 10}
EXTENSIONS = {"html": "html", "text": "txt", "markdown": "md", "pdf": "pdf", "docx": "docx",
              "scan": "pdf"}
# Table layouts per format (free_text reports have layout "prose").
# Weight 0: opt-in layouts, drawn only when asked for by name (``layouts=``); last in their
# list, so that the default draws are those of earlier versions.
LAYOUT_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "html": (("html_table", 60), ("flat_lines", 25), ("pipe_rows", 15),
             ("html_table_misspan", 0)),
    "text": (("flat_lines", 45), ("pipe_rows", 30), ("tab_separated", 25), ("run_together", 0)),
    "markdown": (("markdown_table", 55), ("pipe_rows", 20), ("flat_lines", 25)),
    "pdf": (("pdf_table", 1),),
    "docx": (("docx_table", 1),),
    "scan": (("scan_table", 1),),
}
# (encoding, declared charset, weight): GBK pages with and without a declaration.
HTML_ENCODINGS = (("utf-8", "utf-8", 55), ("gbk", "gbk", 30), ("gbk", None, 15))
TEXT_ENCODINGS = (("utf-8", 85), ("gbk", 15))
SIZE_RANGE_BYTES = (5_400, 14_200)  # target size of text formats
SIZE_LIMIT_BYTES = 15_000  # of text; HTML markup comes on top
HTML_LIMIT_BYTES = 23_500  # a whole HTML page, markup included
# Average bytes per visible character (CJK text with some digits and ASCII punctuation).
TEXT_BYTES_PER_CHAR = {"utf-8": 2.85, "gbk": 1.95}


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    doc_id: str
    filename: str
    data: bytes
    gold: dict
    format: str
    layout: str
    encoding: str | None


def check_options(formats: tuple[str, ...] | None, eras: tuple[str, ...] | None,
                  violation_rate: float = 0.0, layouts: tuple[str, ...] | None = None
                  ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(formats, eras) to draw from, defaults filled in; ValueError for unknown names.

    With ``layouts``, only the formats that print one of them are kept.
    """
    formats = tuple(formats) if formats else DEFAULT_FORMATS
    eras = tuple(eras) if eras else ERAS
    unknown = [f for f in formats if f not in FORMATS] + [e for e in eras if e not in ERAS]
    if unknown:
        raise ValueError(f"unknown formats/eras: {unknown}")
    if not 0.0 <= violation_rate <= 1.0:
        raise ValueError("violation_rate must be within [0, 1]")
    if layouts:
        unknown = [name for name in layouts if name not in LAYOUTS]
        if unknown:
            raise ValueError(f"unknown layouts: {unknown}")
        formats = tuple(f for f in formats
                        if any(name in layouts for name, _ in LAYOUT_WEIGHTS[f]))
        if not formats:
            raise ValueError(f"no format prints the layouts {list(layouts)}")
    return formats, eras


def generate_reports(n: int, seed: int = 0, *, formats: tuple[str, ...] | None = None,
                     eras: tuple[str, ...] | None = None, violation_rate: float = 0.0,
                     layouts: tuple[str, ...] | None = None) -> Iterator[GeneratedReport]:
    """Yield ``n`` reports; the same arguments always give byte-identical reports.

    ``layouts`` names the table layouts to draw from, equally weighted, instead of the default
    mix (opt-in ones such as run_together included); only formats that print one of them are
    drawn.
    """
    formats, eras = check_options(formats, eras, violation_rate, layouts)
    for index in range(n):
        yield generate_report(index, seed, formats=formats, eras=eras,
                              violation_rate=violation_rate, layouts=layouts)


def make_doc_id(index: int, seed: int) -> str:
    digest = hashlib.blake2b(f"{seed}/{index}".encode(), digest_size=4).hexdigest()
    return f"g{index:06d}_{digest}"


def _choose_weighted(rng: random.Random, options: tuple[str, ...], weights: dict[str, int]) -> str:
    return rng.choices(options, weights=[weights[o] for o in options])[0]


@dataclass(frozen=True, slots=True)
class Plan:
    """What kind of report to generate: era, year, format, layout, encoding."""

    era: str
    report_year: int
    table_format: str | None  # "2019" | "2021" | None for free text
    file_format: str
    layout: str
    encoding: str | None
    charset: str | None  # the charset an HTML page declares (None: no declaration)


def _draw_year(rng: random.Random, era: str) -> tuple[int, str | None]:
    """(report year, table format) for an era; a few 2021+ reports keep the 2019 columns."""
    if era == "free_text":
        return rng.randint(2008, 2018), None
    if era == "table_2019":
        if rng.random() < 0.12:
            return rng.randint(2021, 2024), "2019"
        return rng.randint(2019, 2020), "2019"
    return rng.randint(2021, 2024), "2021"


def draw_plan(rng: random.Random, formats: tuple[str, ...], eras: tuple[str, ...],
              layouts: tuple[str, ...] | None = None) -> Plan:
    era = _choose_weighted(rng, eras, ERA_WEIGHTS)
    report_year, table_format = _draw_year(rng, era)
    return draw_printing(rng, era, report_year, table_format, formats, layouts)


def draw_printing(rng: random.Random, era: str, report_year: int, table_format: str | None,
                  formats: tuple[str, ...], layouts: tuple[str, ...] | None = None) -> Plan:
    """The plan of a report whose era and year are decided: format, layout, encoding."""
    file_format = _choose_weighted(rng, formats, FORMAT_WEIGHTS)
    layout_options = LAYOUT_WEIGHTS[file_format]
    if layouts:
        layout_options = tuple((name, 1) for name, _ in layout_options if name in layouts)
    layout = "prose" if era == "free_text" else rng.choices(
        [name for name, _ in layout_options], weights=[w for _, w in layout_options])[0]
    charset: str | None = None
    encoding: str | None
    if file_format == "html":
        weights = [w for *_, w in HTML_ENCODINGS]
        encoding, charset, _ = rng.choices(HTML_ENCODINGS, weights=weights)[0]
    elif file_format == "text":
        encoding = rng.choices(TEXT_ENCODINGS, weights=[w for _, w in TEXT_ENCODINGS])[0][0]
    elif file_format == "markdown":
        encoding = "utf-8"
    else:
        encoding = None
    return Plan(era, report_year, table_format, file_format, layout, encoding, charset)


def _apply_frame_families(rng: random.Random, frame: Frame, families: Families,
                          agency: Agency, notes: list[str]) -> Frame:
    """Title, page fields and signature as the families change them."""
    if families.township_contact:
        frame = keep_organ_in_title_only(rng, frame, agency)
        notes.append("Family township_contact: the contact sentence names the 党政办; the "
                     "organ is otherwise named only in the title.")
    if families.inline_spam:
        frame, how = glue_spam(rng, frame, families.inline_spam)
        notes.append(f"Family inline_spam: {how}")
    return frame


def _draw_letter_heading(rng: random.Random, families: Families, agency: Agency,
                         notes: list[str]) -> str | None:
    if not families.letter_heading:
        return None
    heading = draw_letter_heading(rng, agency)
    notes.append(f"Family letter_heading: '{heading}' addresses the office above; it is not "
                 "the agency.")
    return heading


def _mirror(rng: random.Random, data: bytes, plan: Plan, families: Families, frame: Frame,
            notes: list[str]) -> tuple[bytes, list[str]]:
    """The page in traditional characters (maybe glossed), and the gold agency names."""
    data, mirror = mirror_page(rng, data, "gbk" if plan.encoding == "gbk" else "utf-8",
                               is_html=plan.file_format == "html", pinyin=families.pinyin,
                               size_limit=SIZE_LIMIT_BYTES - 200, page_limit=HTML_LIMIT_BYTES)
    chars = mirror.glossing.chars
    glossed = f", pinyin after {'、'.join(chars)}" if chars else ""
    notes.append(f"Family traditional: the page in traditional characters ({mirror.config}"
                 f"{glossed}); the agency as written, then simplified.")
    return data, mirror.names(frame.agency_names)


def _apply_dressing_families(rng: random.Random, dressing: Dressing, families: Families,
                             agency: Agency, notes: list[str]) -> Dressing:
    """The page around the report as the families change it."""
    if families.portal_menu:
        dressing = replace(dressing, menu=draw_portal_menu(rng, agency))
        notes.append(f"Family portal_menu: {len(dressing.menu)} menu lines above the title; "
                     "the agency is the report's organ.")
    if families.township_contact:
        dressing = strip_place_from_footer(dressing, agency)
    return dressing


def build_slots(rng: random.Random, agency: Agency, report_year: int, month: int) -> dict[str, str]:
    """Values for the template slots ({year}, {self}, {org}, {site}, {topic}, …)."""
    return {
        "year": str(report_year), "next_year": str(report_year + 1), "self": agency.self_ref,
        "org": agency.generic_name, "agency": agency.full_name,
        "parent_gov": PARENT_GOVERNMENT[agency.kind.level],
        "site": rng.choice((f"{agency.place}人民政府门户网站", f"{agency.generic_name}门户网站",
                            "政府信息公开平台", "政府门户网站信息公开专栏")),
        "topic": rng.choice(list_topics(agency.kind.topic, agency.kind.level)),
        "compiler": agency.compiler or "", "month": str(month), "day": str(rng.randint(15, 30)),
    }


def write_text_format(plan: Plan, report: ComposedReport, dressing: Dressing,
                      layout_style: LayoutStyle, slots: dict[str, str], *, writer_seed: int,
                      filler_seed: int, target_bytes: int) -> bytes:
    """HTML, text or markdown bytes of about ``target_bytes`` of text.

    The body is rendered once without boilerplate to measure it (tables are rendered only
    once, up front); the filler budget is what remains to the target.
    """
    codec = "gbk" if plan.encoding == "gbk" else "utf-8"
    bytes_per_char = 2 if codec == "gbk" else 3
    file_format, layout = plan.file_format, plan.layout

    def render(composed: ComposedReport) -> str:
        writer_rng = random.Random(writer_seed)
        if file_format == "html":
            return render_html(writer_rng, composed, dressing, layout, layout_style, plan.charset)
        if file_format == "text":
            return render_text(writer_rng, composed, dressing, layout, layout_style)
        return render_markdown(writer_rng, composed, layout, layout_style)

    def fill(budget: int) -> ComposedReport:
        return fill_filler(random.Random(filler_seed), report, slots, max(0, budget))

    if file_format == "html":
        report = prerender_tables(
            report, lambda grid: prerender_html_table(grid, layout, layout_style))
        # The size that matters is the text a reader sees; markup comes on top of it.
        noise_chars = sum(len(x) for x in (*dressing.share, *dressing.footer, *dressing.menu,
                                           dressing.nav or "", dressing.title_suffix))
        base_chars = estimate_text_chars(report) + noise_chars
        char_budget = int(target_bytes / TEXT_BYTES_PER_CHAR[codec]) - base_chars
        return render(fill(char_budget)).encode(codec)
    report = prerender_tables(report, lambda grid: tuple(render_lines(grid, layout, layout_style)))
    base_bytes = len(render(report).encode(codec))
    char_budget = int((target_bytes - base_bytes) * 0.93) // bytes_per_char
    data = render(fill(char_budget)).encode(codec)
    if len(data) > SIZE_LIMIT_BYTES:
        # Big tables left little room: pour less boilerplate, once more.
        char_budget -= (len(data) - SIZE_LIMIT_BYTES) // bytes_per_char + 200
        data = render(fill(char_budget)).encode(codec)
    return data


def generate_report(index: int, seed: int = 0, *, formats: tuple[str, ...] = DEFAULT_FORMATS,
                    eras: tuple[str, ...] = ERAS, violation_rate: float = 0.0,
                    layouts: tuple[str, ...] | None = None) -> GeneratedReport:
    """Report number ``index`` of the corpus for ``seed``."""
    rng = random.Random(f"{seed}/{index}")
    doc_id = make_doc_id(index, seed)
    plan = draw_plan(rng, formats, eras, layouts)
    agency = draw_agency(rng, plan.report_year)
    # Families draw from a stream of their own: a report without any is as it always was.
    family_rng = random.Random(f"{seed}/{index}/families")
    families, agency = draw_families(family_rng, agency, plan.file_format)
    return render_report(rng, doc_id, plan, agency, violation_rate=violation_rate,
                         families=families, family_rng=family_rng)


def render_report(rng: random.Random, doc_id: str, plan: Plan, agency: Agency, *,
                  violation_rate: float = 0.0, fixed: FixedNumbers | None = None,
                  page_rng: random.Random | None = None,
                  families: Families = NO_FAMILIES,
                  family_rng: random.Random | None = None) -> GeneratedReport:
    """The report ``plan`` describes, of ``agency``, written with ``rng`` from here on.

    ``fixed`` (table-era plans only): the proactive total and 表三 to print, for an organ
    whose numbers are drawn across years (``xxgk.generate.histories``). ``page_rng``: the
    same report (same ``rng`` state: title, text, numbers) on another site's page, whose
    dressing and table markup this draws instead. ``families``: the real-report families the
    report carries (``xxgk.generate.families``), drawn with ``family_rng``.
    """
    era, report_year, file_format = plan.era, plan.report_year, plan.file_format
    if fixed is not None and era == "free_text":
        raise ValueError("fixed numbers need a table-era plan")
    family_rng = family_rng or random.Random(doc_id)
    family_notes: list[str] = []
    activity = estimate_activity(agency)
    progress = era == "free_text" and rng.random() < 0.06
    month = rng.randint(9, 11)
    slots = adjust_slots(build_slots(rng, agency, report_year, month), families, agency)
    frame = build_frame(rng, agency, report_year, progress=progress, month=month,
                        has_page_fields=file_format in ("html", "text") and rng.random() < 0.85)
    frame = _apply_frame_families(family_rng, frame, families, agency, family_notes)
    body_family = build_body_family(family_rng, families, agency, draw_count=fixed is None)
    if era == "free_text":
        body = compose_free_text(rng, agency, activity, slots, progress=progress,
                                 require_period=not frame.title_has_year, family=body_family)
    else:
        assert plan.table_format is not None  # drawn for every table era
        body = compose_table_era(rng, agency, activity, slots, table_format=plan.table_format,
                                 report_year=report_year, violation_rate=violation_rate,
                                 require_period=not frame.title_has_year, fixed=fixed,
                                 family=body_family)
    doc_number = None
    if file_format in ("markdown", "pdf") and rng.random() < 0.3:
        doc_number = f"〔{frame.publish_year}〕—{rng.randint(1, 90)}"
    letter_heading = _draw_letter_heading(family_rng, families, agency, family_notes)
    report = ComposedReport(title=frame.title, page_fields=frame.page_fields,
                            field_separator=frame.field_separator, blocks=body.blocks,
                            signature=frame.signature, doc_number=doc_number,
                            letter_heading=letter_heading)
    dressing = draw_dressing(rng, agency, file_format)
    layout_style = draw_layout_style(rng)
    writer_seed = rng.getrandbits(32)
    if page_rng is not None:  # drawn from rng all the same: the text stays the report's
        dressing = draw_dressing(page_rng, agency, file_format)
        layout_style = draw_layout_style(page_rng)
        writer_seed = page_rng.getrandbits(32)
    filler_seed = rng.getrandbits(32)
    target_bytes = int(rng.triangular(*SIZE_RANGE_BYTES, 8_500))
    dressing = _apply_dressing_families(family_rng, dressing, families, agency, family_notes)

    notes = [*frame.notes, *body.notes, *dressing.notes]
    if era == "table_2019" and report_year >= 2021:
        notes.append(f"A {report_year} report that still uses the 2019 table columns.")
    if doc_number:
        notes.append(f"A document-number line '{doc_number}' carries the publication year.")

    agency_names = list(frame.agency_names)
    if file_format in TEXT_FORMATS:
        data = write_text_format(plan, report, dressing, layout_style, slots,
                                 writer_seed=writer_seed, filler_seed=filler_seed,
                                 target_bytes=target_bytes)
        if families.traditional:
            data, agency_names = _mirror(family_rng, data, plan, families, frame,
                                         family_notes)
    else:
        from xxgk.generate.binary_writers import render_binary  # reportlab/docx only when asked

        filled = fill_filler(random.Random(filler_seed), report, slots, target_bytes // 3)
        data = render_binary(file_format, filled, seed=writer_seed)

    if families.tax_branch:
        family_notes.append("Family tax_branch: a central organ's local branch (sector "
                            "taxation, county level).")
    notes.extend(family_notes)
    gold = {
        "id": doc_id,
        "agency": agency_names,
        "report_year": report_year,
        "publish_date": frame.publish_date,
        "template": era,
        "proactive_total": body.proactive_total,
        "applications_received": body.applications_received,
        "reconsideration_total": body.reconsideration_total,
        "litigation_total": body.litigation_total,
        "table_cells": body.table_cells,
        "notes": " ".join(notes) if notes else "No special traps.",
        "format": file_format,
        "layout": plan.layout,
        "encoding": plan.encoding,
        "planted_violations": list(body.planted_violations),
    }
    return GeneratedReport(doc_id=doc_id, filename=f"{doc_id}.{EXTENSIONS[file_format]}",
                           data=data, gold=gold, format=file_format, layout=plan.layout,
                           encoding=plan.encoding)
