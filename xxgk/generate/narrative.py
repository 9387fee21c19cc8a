"""Sentences that state the graded numbers, with their known answers and traps.

Each builder returns a ``Statement``: the sentences to print, the gold value they establish
(or None when the text establishes nothing), and notes naming the traps placed. Templates come
from ``phrasebook``; here we only decide which family, how the number is written (Arabic,
Chinese numerals, thousands separator, qualifier word) and which decoys sit next to it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from xxgk.generate import phrasebook as P
from xxgk.generate.answers import split_count
from xxgk.generate.numerals import format_chinese_number, format_with_separator


@dataclass(frozen=True, slots=True)
class Statement:
    sentences: tuple[str, ...]
    value: Any  # the gold this statement establishes (int, dict, tuple…) or None
    notes: tuple[str, ...] = ()


def format_count(rng: random.Random, n: int, *, chinese: bool = False) -> str:
    """A count as printed: Arabic, Chinese numerals (两 for a lone 2), or 10,381."""
    if chinese:
        return "两" if n == 2 else format_chinese_number(n, use_liang=rng.random() < 0.5)
    if n >= 1000 and rng.random() < 0.1:
        return format_with_separator(n)
    return str(n)


def round_for_qualifier(rng: random.Random, n: int) -> int:
    """A round figure near n, as offices write with 余/多/约/近 (437 -> 400 or 430)."""
    digits = len(str(n))
    keep = 1 if digits <= 2 or rng.random() < 0.6 else 2
    step = 10 ** max(0, digits - keep)
    return max(step, (n // step) * step)


def format_quantity(rng: random.Random, n: int, qualifier: str, unit: str, *,
                    chinese: bool) -> str:
    form = rng.choice(P.QUANTITY_FORMS[qualifier])
    return form.format(n=format_count(rng, n, chinese=chinese), u=unit)


def _format_parts(rng: random.Random, labels: tuple[str, ...], values: list[int], unit: str,
                suffix: str = "") -> str:
    separator = rng.choice(P.CATEGORY_SEPARATORS)
    return separator.join(f"{label}{suffix}{value}{unit}" for label, value in zip(labels, values, strict=False))


def _build_proactive_without_total(rng: random.Random, n: int, mode: str,
                                   slots: dict[str, str]) -> Statement:
    """Modes absent (no proactive figure) and categories_only (per-category counts, no
    total) of build_proactive."""
    if mode == "absent":
        extras = _draw_other_counts(rng, slots, 0.6)
        return Statement(extras, None, ("The report states no proactive total: null.",))
    labels = tuple(rng.sample(P.CATEGORIES, rng.randint(3, 6)))
    parts = split_count(rng, n, tuple(rng.uniform(1, 5) for _ in labels))
    parts_text = _format_parts(rng, labels, [max(1, p) for p in parts], "条")
    sentence = rng.choice(P.CATEGORY_PARTS_WITHOUT_TOTAL).format(parts=parts_text, **slots)
    return Statement((sentence, *_draw_other_counts(rng, slots, 0.4)), None,
                     ("Only per-category counts, no stated total: proactive_total null.",))


def _draw_total_template(rng: random.Random, mode: str, slots: dict[str, str]
                         ) -> tuple[str, tuple[str, ...]]:
    """The sentence stating the year's proactive total (``{qty}`` to fill), and its notes."""
    if mode == "partial_year":
        return (rng.choice(P.PROACTIVE_PARTIAL_YEAR),
                (f"Progress report up to {slots['month']}月: partial_year.",))
    family = rng.choices((P.PROACTIVE_TOTAL, P.PROACTIVE_TOTAL_CUMULATIVE_IN_YEAR,
                          P.PROACTIVE_TOTAL_YEAR_END), weights=(80, 12, 8))[0]
    template = rng.choice(family)
    if family is P.PROACTIVE_TOTAL_CUMULATIVE_IN_YEAR:
        return template, ("The year's total is stated with 累计 (still this year's).",)
    if family is P.PROACTIVE_TOTAL_YEAR_END:
        return template, ("截至12月31日/年底 means the whole year: not partial.",)
    return template, ()


def _draw_total_parts(rng: random.Random, value: int, slots: dict[str, str]
                      ) -> tuple[list[str], tuple[str, ...]]:
    """Sometimes a sentence breaking the total down by channel or category (the parts do not
    always add up), and its notes."""
    if value >= 20 and rng.random() < 0.3:
        a = max(1, int(value * rng.uniform(0.6, 0.9)))
        gap = 0 if rng.random() < 0.5 else rng.randint(1, max(1, value // 20))
        b = max(1, value - a - gap)
        sentence = rng.choice(P.CHANNEL_PARTS).format(
            a=a, b=b, channels=rng.choice(P.OTHER_CHANNELS), channel=rng.choice(P.SINGLE_CHANNELS),
            **slots)
        if a + b != value:
            return [sentence], (f"Channel parts {a}+{b}={a + b} do not add up to the total "
                                f"{value}.",)
        return [sentence], ()
    if value >= 10 and rng.random() < 0.3:
        notes: tuple[str, ...] = ()
        labels = tuple(rng.sample(P.CATEGORIES, rng.randint(3, 5)))
        parts = split_count(rng, value, tuple(rng.uniform(1, 5) for _ in labels))
        if rng.random() < 0.2:
            parts[0] += rng.randint(1, 9)
            notes = ("Category parts do not add up to the total.",)
        return [rng.choice(P.CATEGORY_PARTS_AFTER_TOTAL).format(
            parts=_format_parts(rng, labels, parts, "条", rng.choice(("", "类", "信息"))))], notes
    return [], ()


def build_proactive(rng: random.Random, n: int, mode: str, slots: dict[str, str]) -> Statement:
    """Proactive-disclosure sentences. mode: exact | at_least | approx | partial_year |
    categories_only | absent, or one of the real-report families region_wide |
    channels_no_total | channels_with_total (``build_proactive_family``). ``n`` is the year's
    true count (rounded here for 余/约)."""
    if mode in PROACTIVE_FAMILIES:
        return build_proactive_family(rng, n, mode, slots)
    notes: list[str] = []
    unit = rng.choice(P.PROACTIVE_UNITS)
    if mode in ("absent", "categories_only"):
        return _build_proactive_without_total(rng, n, mode, slots)

    qualifier = mode if mode != "partial_year" else "partial_year"
    value = n
    if qualifier in ("at_least", "approx"):
        value = round_for_qualifier(rng, n)
    chinese = (qualifier in ("at_least", "approx") and rng.random() < 0.25) or (
        value < 100 and rng.random() < 0.15)
    qty = format_quantity(rng, value, qualifier, unit, chinese=chinese)
    if chinese:
        notes.append(f"The total is written in Chinese numerals ({qty}).")
    if qualifier != "exact":
        notes.append(f"Total qualified {qualifier} ('{qty}').")
    template, template_notes = _draw_total_template(rng, mode, slots)
    notes += template_notes
    sentences = [template.format(qty=qty, **slots)]
    parts, parts_notes = _draw_total_parts(rng, value, slots)
    sentences += parts
    notes += parts_notes
    if rng.random() < (0.5 if mode == "partial_year" else 0.2):
        big = int(value * rng.uniform(3, 12)) + rng.randint(1, 99)
        trap = rng.choice(P.ALL_TIME_CUMULATIVE).format(big=big, **slots)
        if rng.random() < 0.3:
            sentences.insert(0, trap)
        else:
            sentences.append(trap)
        notes.append(f"All-time cumulative {big} is not the year's total.")
    sentences.extend(_draw_other_counts(rng, slots, 0.5))
    return Statement(tuple(sentences), {"value": value, "qualifier": qualifier}, tuple(notes))


PROACTIVE_FAMILIES = ("region_wide", "channels_no_total", "channels_with_total")


def build_proactive_family(rng: random.Random, n: int, family: str,
                           slots: dict[str, str]) -> Statement:
    """The year's figure in a family first met in real reports (``PROACTIVE_FAMILIES``):

    - region_wide: a government's figure for its whole region ("全县各级行政机关共主动公开政府
      信息N条"), its report's total (``slots['region']`` is 全县, 全区 or 全市);
    - channels_no_total: two channels side by side, no total: null, never their sum;
    - channels_with_total: a total through official channels, then two channels adding up to it.
    """
    if family == "region_wide":
        sentence = rng.choice(P.PROACTIVE_REGION_WIDE).format(
            qty=format_quantity(rng, n, "exact", "条", chinese=False), **slots)
        return Statement((sentence, *_draw_other_counts(rng, slots, 0.3)),
                         {"value": n, "qualifier": "exact"},
                         (f"Family region_wide: the figure for {slots['region']} (各级行政机关) is "
                          "the report's total.",))
    n = max(n, 2)
    a = min(n - 1, max(1, int(n * rng.uniform(0.6, 0.92))))
    if family == "channels_no_total":
        b = max(1, int(a * rng.uniform(0.05, 0.4)))
        sentence = rng.choice(P.CHANNEL_FIGURES_WITHOUT_TOTAL).format(a=a, b=b, **slots)
        return Statement((sentence, *_draw_other_counts(rng, slots, 0.3)), None,
                         (f"Family channel_figures: channels {a} and {b} side by side, no total: "
                          "proactive_total null.",))
    if family == "channels_with_total":
        sentence = rng.choice(P.CHANNEL_FIGURES_WITH_TOTAL).format(n=n, a=a, b=n - a, **slots)
        return Statement((sentence, *_draw_other_counts(rng, slots, 0.3)),
                         {"value": n, "qualifier": "exact"},
                         (f"Family channel_figures: a total {n} through official channels, then "
                          f"channels {a}+{n - a}.",))
    raise ValueError(f"unknown proactive family {family!r}")


def _draw_other_counts(rng: random.Random, slots: dict[str, str], chance: float) -> tuple[str, ...]:
    if rng.random() >= chance:
        return ()
    chosen = rng.sample(P.OTHER_COUNTS, rng.randint(1, 2))
    sentences = []
    for template in chosen:
        k = rng.randint(2, 60)
        sentences.append(template.format(k=k, m=rng.randint(1, k), **slots))
    return tuple(sentences)


def build_applications_free_text(rng: random.Random, n: int, slots: dict[str, str]) -> Statement:
    """How a 2008–2018 report states the applications received (n may be 0)."""
    notes: list[str] = []
    if n == 0:
        sentences = [rng.choice(P.APPLICATIONS_ZERO).format(**slots)]
        notes.append("Zero applications stated in words.")
    else:
        chinese = n <= 10 and rng.random() < 0.2
        count = format_count(rng, n, chinese=chinese)
        sentences = [rng.choice(P.APPLICATIONS_RECEIVED).format(n=count, **slots)]
        if chinese:
            notes.append(f"Applications written in Chinese numerals ({count}件).")
        if n >= 2 and rng.random() < 0.4:
            labels = tuple(rng.sample(P.APPLICATION_CHANNELS, rng.randint(2, 3)))
            parts = split_count(rng, n, tuple(rng.uniform(1, 4) for _ in labels))
            sentences.append(rng.choice(P.APPLICATION_CHANNEL_PARTS).format(
                parts=_format_parts(rng, labels, parts, "件")))
        if n >= 2 and rng.random() < 0.3:
            labels = tuple(rng.sample(P.APPLICATION_RESULTS, rng.randint(2, 3)))
            parts = split_count(rng, n, tuple(rng.uniform(1, 4) for _ in labels))
            sentences.append(rng.choice(P.APPLICATION_RESULT_PARTS).format(
                parts=_format_parts(rng, labels, parts, "件")))
    if rng.random() < 0.25:
        sentences.append(rng.choice(P.APPLICATION_DECOYS).format(k=rng.randint(3, 80), **slots))
        notes.append("A consultation/mailbox count sits next to the applications.")
    return Statement(tuple(sentences), n, tuple(notes))


def build_reviews_free_text(rng: random.Random, rec: int, lit: int, mode: str,
                            slots: dict[str, str]) -> Statement:
    """Reconsideration/litigation sentences. mode: joint | separate | rec_only | bare_none.

    Returns value (reconsideration_total, litigation_total); rec_only leaves litigation None.
    """
    notes: list[str] = []
    if mode == "bare_none":
        return Statement(("无。",), (0, 0), ("The review section says only 无: both 0.",))
    if mode == "rec_only":
        sentence = rng.choice(P.RECONSIDERATION_ALONE_ZERO).format(**slots)
        return Statement((sentence,), (0, None),
                         ("Only reconsideration is mentioned; litigation null.",))
    if mode == "joint":
        sentences = [rng.choice(P.REVIEW_BOTH_ZERO).format(**slots)]
        notes.append("Reconsideration and litigation both zero in one sentence.")
    else:
        rec_clause = (rng.choice(P.RECONSIDERATION_SOME).format(r=rec, **slots) if rec
                      else rng.choice(P.RECONSIDERATION_NONE))
        lit_clause = (rng.choice(P.LITIGATION_SOME).format(l=lit) if lit
                      else rng.choice(P.LITIGATION_NONE))
        sentences = [f"{rec_clause}，{lit_clause}。"]
    if rng.random() < 0.15:
        sentences.append(rng.choice(P.REVIEW_DECOYS).format(k=rng.randint(1, 12)))
        notes.append("A complaint/petition count sits next to the reviews.")
    return Statement(tuple(sentences), (rec, lit), tuple(notes))


def _select_templates(family: tuple[str, ...], table_follows: bool) -> tuple[str, ...]:
    # "见下表" only when a table really follows.
    return family if table_follows else tuple(t for t in family if "下表" not in t)


def build_table_era_applications(rng: random.Random, printed: dict[str, int],
                                 slots: dict[str, str], *, table_follows: bool) -> Statement:
    """Narrative of 表三's totals as printed (n, c, r, f: new, carried, decided, forward)."""
    n = printed["new_received"]
    if n == 0 and printed["carried_over"] == 0:
        return Statement((rng.choice(P.APPLICATIONS_ZERO).format(**slots),), 0)
    template = rng.choice(_select_templates(P.TABLE_ERA_APPLICATIONS, table_follows))
    sentence = template.format(n=n, c=printed["carried_over"], r=printed["results_total"],
                               f=printed["carried_forward"], **slots)
    return Statement((sentence,), n)


def build_table_era_reviews(rng: random.Random, rec: int, lit: int, slots: dict[str, str],
                            *, table_follows: bool) -> Statement:
    if rec == 0 and lit == 0:
        return Statement((rng.choice(P.TABLE_ERA_REVIEWS_ZERO).format(**slots),), (0, 0))
    template = rng.choice(_select_templates(P.TABLE_ERA_REVIEWS_SOME, table_follows))
    sentence = template.format(r=rec, l=lit, **slots)
    return Statement((sentence,), (rec, lit))
