"""The body of a report, per era: which sections, in which order, holding which statements.

``compose_free_text`` writes a 2008–2018 prose report (概述, 主动公开, 依申请公开, 收费, 复议
诉讼, 问题与改进, 其他); ``compose_table_era`` a 2019+ report (总体情况, then the three
standard tables with optional narrative, 问题与改进, 其他). Both return the blocks and the gold
values the blocks establish; headline answers in the table era are the tables' printed totals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from xxgk.generate import narrative as N
from xxgk.generate import phrasebook as P
from xxgk.generate.answers import (
    CHECK_IDS,
    FixedNumbers,
    Table3,
    Table4,
    draw_applications,
    draw_proactive_total,
    draw_reviews,
    draw_table3,
    draw_table4,
    plant_violation,
)
from xxgk.generate.blocks import Block, make_filler, make_heading, make_para, make_table
from xxgk.generate.filler import THEMES
from xxgk.generate.names import Agency
from xxgk.generate.tables import (
    Grid,
    Table2Context,
    build_table2,
    build_table3,
    build_table4,
    draw_label_style,
)

SECTION_ORDINALS = "一二三四五六七八九"
PROACTIVE_THEMES = ("key_areas", "platform", "interpretation", "topic_work", "participation")


@dataclass(frozen=True, slots=True)
class BodyFamily:
    """What a real-report family (``xxgk.generate.families``) changes in a body.

    ``proactive``: a mode of ``narrative.PROACTIVE_FAMILIES`` the year's figure is stated in
    (``proactive_count`` instead of the drawn count, when given); ``contact``: an office the
    contact sentence names (某镇人民政府党政办).
    """

    proactive: str | None = None
    proactive_count: int | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    blocks: tuple[Block, ...]
    proactive_total: dict | None
    applications_received: int | None
    reconsideration_total: int | None
    litigation_total: int | None
    table_cells: list[dict]
    notes: tuple[str, ...]
    planted_violations: tuple[str, ...]


def _number_heading(index: int, text: str, rng_style: int) -> str:
    # 一、概述 mostly; some offices write 一．概述 or 一.概述.
    sep = ("、", "、", "、", "．", ".")[rng_style % 5]
    return f"{SECTION_ORDINALS[index]}{sep}{text}"


def _number_subheading(index: int, text: str) -> str:
    return f"（{SECTION_ORDINALS[index]}）{text}"


def build_intro(rng: random.Random, agency: Agency, slots: dict[str, str], *,
                table_era: bool, require_period: bool, progress: bool = False,
                contact: str | None = None) -> list[Block]:
    """Opening paragraph(s): legal basis, compiler, contents, statistics period, contact.

    ``require_period`` when the title has no year: the period sentence must carry it.
    ``contact``: an office the contact sentence always names (a town's 党政办).
    """
    sentences = [rng.choice(P.BASIS_SENTENCES).format(**slots)]
    if agency.compiler and rng.random() < 0.7:
        sentences.append(rng.choice(P.COMPILER_SENTENCES).format(compiler=agency.compiler))
    if rng.random() < 0.6:
        contents = P.CONTENTS_SENTENCES_TABLE if table_era else P.CONTENTS_SENTENCES_FREE
        sentences.append(rng.choice(contents))
    if require_period or (not progress and rng.random() < 0.75):
        period = rng.choice(P.PERIOD_SENTENCES).format(**slots)
        sentences.insert(0 if rng.random() < 0.15 else len(sentences), period)
    blocks = [make_para("".join(sentences))]
    if rng.random() < 0.5 or contact:
        templates = P.CONTACT_SENTENCES
        if contact:
            templates = tuple(t for t in templates if "{contact}" in t)
        contact = contact or agency.compiler or f"{agency.full_name}办公室"
        phone = f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}"
        address = f"{agency.place}{rng.choice(P.ADDRESS_STREETS)}{rng.randint(1, 399)}号"
        blocks.append(make_para(rng.choice(templates).format(
            contact=contact, address=address, postcode=f"{rng.randint(100000, 859999)}",
            phone=phone, **slots)))
    return blocks


def _draw_free_text_proactive_mode(rng: random.Random, progress: bool, n_proactive: int) -> str:
    """How a prose report states its proactive total (see narrative.build_proactive)."""
    if progress:
        return "partial_year"
    mode = rng.choices(("exact", "at_least", "approx", "categories_only", "absent"),
                       weights=(55, 18, 10, 8, 5))[0]
    if mode in ("at_least", "approx") and n_proactive < 20:
        return "exact"
    return mode


def _build_free_text_reviews(rng: random.Random, rec: int, lit: int,
                             slots: dict[str, str]) -> N.Statement:
    """The prose on reconsiderations and lawsuits; none of either is said in several ways."""
    if rec == 0 and lit == 0:
        review_mode = rng.choices(("joint", "separate", "bare_none", "rec_only"),
                                  weights=(60, 20, 8, 10))[0]
    else:
        review_mode = "separate"
    return N.build_reviews_free_text(rng, rec, lit, review_mode, slots)


# The sentences of a prose report's statements: proactive, applications, reviews (None for
# a statement the report leaves out).
_StatementTexts = tuple[tuple[str, ...], tuple[str, ...] | None, tuple[str, ...] | None]


def _free_text_progress_sections(rng: random.Random, texts: _StatementTexts,
                                 slots: dict[str, str], style: int) -> list[Block]:
    """The two sections of a progress report (截至N月): what was done, problems and plans."""
    proactive, applications, reviews = texts
    blocks = [make_heading(_number_heading(0, "主要做法及成效", style)),
              make_filler(("overview", "organisation", "platform", "catalogue"), 3),
              make_para("".join(proactive)),
              make_filler(("key_areas", "system", "topic_work"), 1)]
    if applications:
        blocks.append(make_para("".join(applications)))
    if reviews:
        blocks.append(make_para("".join(reviews)))
    blocks.append(make_heading(_number_heading(
        1, f"存在的主要问题及{slots['next_year']}年工作计划", style)))
    blocks.append(make_filler(("problems",), 1, max_paragraphs=1))
    blocks.append(make_filler(("improvements",), 1.2, max_paragraphs=1))
    blocks.append(make_para(rng.choice(THEMES["closing"]).format(**slots)))
    return blocks


def _free_text_annual_sections(rng: random.Random, texts: _StatementTexts,
                               slots: dict[str, str], style: int) -> list[Block]:
    """The numbered sections of an annual prose report, each statement in its own."""
    proactive, applications, reviews = texts
    blocks: list[Block] = []
    h = P.FREE_TEXT_HEADINGS
    index = 0

    def add_section(key: str) -> None:
        nonlocal index
        blocks.append(make_heading(_number_heading(index, rng.choice(h[key]), style)))
        index += 1

    add_section("overview")
    blocks.append(make_filler(("overview", "organisation", "system", "catalogue"), 3))
    add_section("proactive")
    blocks += _free_text_proactive_section(rng, proactive)
    if applications:
        add_section("applications")
        blocks.append(make_para("".join(applications)))
    add_section("fees")
    blocks.append(make_para(rng.choice(THEMES["fees"]).format(**slots)))
    if reviews:
        add_section("reviews")
        blocks.append(make_para("".join(reviews)))
    add_section("problems")
    blocks.append(make_filler(("problems",), 1, max_paragraphs=1))
    blocks.append(make_filler(("improvements", "training", "supervision"), 1.2,
                              max_paragraphs=2))
    if rng.random() < 0.6:
        blocks.append(make_para(rng.choice(THEMES["closing"]).format(**slots)))
    if rng.random() < 0.7:
        add_section("other")
        blocks.append(make_para(rng.choice(P.NO_OTHER_MATTERS)))
    return blocks


def _free_text_proactive_section(rng: random.Random, proactive: tuple[str, ...]) -> list[Block]:
    """The proactive section's body: the figures with sub-headings, or before or after the
    prose on what was disclosed."""
    figures = make_para("".join(proactive))
    if rng.random() < 0.4:
        return [make_heading(_number_subheading(0, "主动公开政府信息的数量"), 2), figures,
                make_heading(_number_subheading(1, "主动公开的主要内容和形式"), 2),
                make_filler(PROACTIVE_THEMES, 2.5)]
    if rng.random() < 0.5:
        return [figures, make_filler(PROACTIVE_THEMES, 2.5)]
    return [make_filler(PROACTIVE_THEMES, 2.5), figures]


def compose_free_text(rng: random.Random, agency: Agency, activity: float,
                      slots: dict[str, str], *, progress: bool, require_period: bool,
                      family: BodyFamily | None = None) -> Body:
    """A 2008–2018 prose report; ``progress`` makes it a 截至N月 progress report.
    ``family``: how a real-report family changes the body (``BodyFamily``)."""
    notes: list[str] = []
    n_proactive = draw_proactive_total(rng, activity)
    mode = _draw_free_text_proactive_mode(rng, progress, n_proactive)
    if family and family.proactive and not progress:
        mode = family.proactive
        n_proactive = family.proactive_count or n_proactive
    proactive = N.build_proactive(rng, n_proactive, mode, slots)
    notes.extend(proactive.notes)
    applications = draw_applications(rng, activity)
    reviews = draw_reviews(rng, applications)
    rec, lit = reviews[0], reviews[1] + reviews[2]

    mention_apps = rng.random() > (0.8 if progress else 0.12)
    mention_reviews = rng.random() > (0.8 if progress else 0.12)
    apps_statement = (N.build_applications_free_text(rng, applications, slots)
                      if mention_apps else None)
    reviews_statement = (_build_free_text_reviews(rng, rec, lit, slots) if mention_reviews
                         else None)
    if apps_statement is None:
        notes.append("Applications are never mentioned: null.")
    else:
        notes.extend(apps_statement.notes)
    if reviews_statement is None:
        notes.append("Reconsideration and litigation are never mentioned: null.")
    else:
        notes.extend(reviews_statement.notes)

    blocks: list[Block] = build_intro(rng, agency, slots, table_era=False,
                                      require_period=require_period, progress=progress,
                                      contact=family.contact if family else None)
    style = rng.randrange(5)
    texts = (proactive.sentences, apps_statement.sentences if apps_statement else None,
             reviews_statement.sentences if reviews_statement else None)
    if progress:
        blocks += _free_text_progress_sections(rng, texts, slots, style)
    else:
        blocks += _free_text_annual_sections(rng, texts, slots, style)

    rec_gold = reviews_statement.value[0] if reviews_statement else None
    lit_gold = reviews_statement.value[1] if reviews_statement else None
    return Body(blocks=tuple(blocks), proactive_total=proactive.value,
                applications_received=apps_statement.value if apps_statement else None,
                reconsideration_total=rec_gold, litigation_total=lit_gold, table_cells=[],
                notes=tuple(notes), planted_violations=())


def _build_table_era_overview(rng: random.Random, proactive: tuple[str, ...],
                              applications: tuple[str, ...], *, apps_required: bool
                              ) -> tuple[list[Block], bool]:
    """一、总体情况: the five official sub-sections, or plain paragraphs. Returns the blocks and
    whether the applications narrative was placed here."""
    blocks: list[Block] = []
    if rng.random() >= 0.6:
        blocks.append(make_filler(("overview", "organisation", "system"), 2.5))
        if proactive:
            blocks.append(make_para("".join(proactive)))
        blocks.append(make_filler(("platform", "key_areas", "topic_work", "participation"), 1.5))
        return blocks, False
    subs = P.OVERVIEW_SUBHEADINGS
    blocks.append(make_heading(_number_subheading(0, subs[0]), 2))
    if proactive:
        blocks.append(make_para("".join(proactive)))
    blocks.append(make_filler(("key_areas", "interpretation", "topic_work"), 1.5))
    blocks.append(make_heading(_number_subheading(1, subs[1]), 2))
    shown = apps_required or rng.random() < 0.7
    if shown:
        blocks.append(make_para("".join(applications)))
    else:
        blocks.append(make_filler(("system",), 0.5, max_paragraphs=1))
    blocks.append(make_heading(_number_subheading(2, subs[2]), 2))
    blocks.append(make_filler(("system", "security", "catalogue"), 1))
    blocks.append(make_heading(_number_subheading(3, subs[3]), 2))
    blocks.append(make_filler(("platform",), 1))
    blocks.append(make_heading(_number_subheading(4, subs[4]), 2))
    blocks.append(make_filler(("supervision", "training", "participation"), 1))
    return blocks, shown


def _plant_violation(rng: random.Random, table3: Table3, table4: Table4
                     ) -> tuple[Table3, Table4, tuple[str, ...], str]:
    """Tables with a drawn check violated, the check, and the note saying how."""
    check_id = rng.choice(CHECK_IDS)
    table3, table4, how = plant_violation(rng, check_id, table3, table4)
    return (table3, table4, (check_id,),
            f"Planted violation {check_id}: {how}; gold cells hold the printed numbers.")


def _table_era_table_sections(rng: random.Random, numbering: int,
                              grids: tuple[Grid, Grid | None, Grid | None],
                              narratives: tuple[tuple[str, ...], tuple[str, ...]], *,
                              apps_needed: bool, apps_shown: bool, reviews_needed: bool
                              ) -> list[Block]:
    """二、proactive (表二), 三、applications (表三, when printed), 四、reviews (表四, when
    printed), each table with its narrative where it is needed (the table is left out) or
    drawn to be repeated (the applications' once only, when the overview did not give it)."""
    h = P.TABLE_ERA_HEADINGS
    grid2, grid3, grid4 = grids
    applications, reviews = narratives
    blocks = [make_heading(_number_heading(1, rng.choice(h["proactive"]), numbering))]
    lead = rng.choice(P.SEE_TABLE_BELOW)
    if lead:
        blocks.append(make_para(lead))
    blocks.append(make_table(grid2))
    blocks.append(make_heading(_number_heading(2, rng.choice(h["applications"]), numbering)))
    if apps_needed or (not apps_shown and rng.random() < 0.5):
        blocks.append(make_para("".join(applications)))
    if grid3 is not None:
        blocks.append(make_table(grid3))
    blocks.append(make_heading(_number_heading(3, rng.choice(h["reviews"]), numbering)))
    if reviews_needed or rng.random() < 0.4:
        blocks.append(make_para("".join(reviews)))
    if grid4 is not None:
        blocks.append(make_table(grid4))
    return blocks


def _table_era_closing_sections(rng: random.Random, numbering: int, slots: dict[str, str],
                                table_format: str) -> list[Block]:
    """五、problems and plans and 六、other matters (fees charged, other counts, or none)."""
    h = P.TABLE_ERA_HEADINGS
    blocks = [make_heading(_number_heading(4, rng.choice(h["problems"]), numbering)),
              make_filler(("problems",), 1, max_paragraphs=1),
              make_filler(("improvements",), 1.2, max_paragraphs=2)]
    if rng.random() < 0.5:
        blocks.append(make_para(rng.choice(THEMES["closing"]).format(**slots)))
    blocks.append(make_heading(_number_heading(5, rng.choice(h["other"]), numbering)))
    other: list[str] = []
    if rng.random() < (0.7 if table_format == "2021" else 0.2):
        other.append(rng.choice(P.PROCESSING_FEE_STATEMENTS).format(**slots))
    if rng.random() < 0.35:
        k = rng.randint(2, 40)
        other.append(P.OTHER_COUNTS[2].format(k=k, m=rng.randint(1, k), **slots))
    blocks.append(make_para("".join(other) if other else rng.choice(P.NO_OTHER_MATTERS)))
    return blocks


def compose_table_era(rng: random.Random, agency: Agency, activity: float,
                      slots: dict[str, str], *, table_format: str, report_year: int,
                      violation_rate: float, require_period: bool,
                      fixed: FixedNumbers | None = None,
                      family: BodyFamily | None = None) -> Body:
    """A 2019+ report with the standard tables in ``table_format`` ("2019" | "2021").

    ``fixed``: the proactive total and 表三 to print instead of drawing them (表三 is then
    always printed: an organ's history is checked on it). ``family``: how a real-report family
    changes the body (``BodyFamily``).
    """
    notes: list[str] = []
    n_proactive = fixed.proactive_total if fixed else draw_proactive_total(rng, activity)
    mode = rng.choices(("exact", "at_least", "approx", "categories_only", "absent"),
                       weights=(60, 10, 5, 5, 20))[0]
    mode = "exact" if mode in ("at_least", "approx") and n_proactive < 20 else mode
    if family and family.proactive:
        mode = family.proactive
        n_proactive = family.proactive_count or n_proactive
    proactive = N.build_proactive(rng, n_proactive, mode, slots)
    notes.extend(proactive.notes)

    if fixed:
        table3 = fixed.table3
        applications = table3.rows["new_received"][6]
    else:
        applications = draw_applications(rng, activity)
        table3 = draw_table3(rng, table_format, applications)
    table4 = draw_table4(rng, draw_reviews(rng, applications))
    planted: tuple[str, ...] = ()
    if violation_rate > 0 and rng.random() < violation_rate:
        table3, table4, planted, how = _plant_violation(rng, table3, table4)
        notes.append(how)

    planted_table = planted[0].split(".")[0] if planted else None
    show_table3 = (fixed is not None or planted_table == "table3"
                   or rng.random() < (0.97 if applications else 0.85))
    show_table4 = planted_table == "table4" or rng.random() < 0.88
    style = draw_label_style(rng)
    if style.extra_local_row and table_format == "2019":
        notes.append("Extra local row 其他主动公开文件 is outside the vocabulary (no gold cell).")
    ctx = Table2Context(report_year=report_year,
                        # only provincial and 设区的市 governments make 规章
                        makes_regulations=agency.kind.is_government and agency.kind.level == "city",
                        activity=activity,
                        is_town=agency.kind.level in ("town", "township", "street"))
    grid2, cells2 = build_table2(rng, table_format, ctx, style)
    cells: list[dict] = list(cells2)
    printed3 = {item: values[6] for item, values in table3.rows.items()}
    apps_narrative = N.build_table_era_applications(rng, printed3, slots,
                                                    table_follows=show_table3)
    if show_table3:
        grid3, cells3 = build_table3(table3, style)
        cells.extend(cells3)
        applications_gold: int | None = printed3["new_received"]
        if applications == 0 and planted_table != "table3":
            notes.append("No applications: an all-zero 表三.")
    else:
        grid3 = None
        applications_gold = apps_narrative.value
        notes.append("表三 is not printed; the narrative states the applications.")
    rec_printed = table4.reconsideration_total
    lit_printed = table4.litigation_total
    reviews_narrative = N.build_table_era_reviews(rng, rec_printed, lit_printed, slots,
                                                  table_follows=show_table4)
    if show_table4:
        grid4, cells4 = build_table4(table4)
        cells.extend(cells4)
    else:
        grid4 = None
        notes.append("表四 is not printed; the narrative states the reviews.")

    blocks: list[Block] = build_intro(rng, agency, slots, table_era=True,
                                      require_period=require_period,
                                      contact=family.contact if family else None)
    h = P.TABLE_ERA_HEADINGS
    numbering = rng.randrange(5)
    blocks.append(make_heading(_number_heading(0, rng.choice(h["overview"]), numbering)))
    overview, narrative_apps_shown = _build_table_era_overview(
        rng, proactive.sentences, apps_narrative.sentences, apps_required=not show_table3)
    blocks.extend(overview)

    blocks += _table_era_table_sections(
        rng, numbering, (grid2, grid3, grid4),
        (apps_narrative.sentences, reviews_narrative.sentences),
        apps_needed=not show_table3, apps_shown=narrative_apps_shown,
        reviews_needed=not show_table4)

    blocks += _table_era_closing_sections(rng, numbering, slots, table_format)

    if show_table4:
        rec_gold, lit_gold = rec_printed, lit_printed
    else:
        rec_gold, lit_gold = reviews_narrative.value
    return Body(blocks=tuple(blocks), proactive_total=proactive.value,
                applications_received=applications_gold, reconsideration_total=rec_gold,
                litigation_total=lit_gold, table_cells=cells, notes=tuple(notes),
                planted_violations=planted)
