"""The cleaning pipeline: which rule runs, in which order, for which source formats.

The order is declared once, in ``CLEANING_STEPS``, and matters:
  - entities and tags go first, so that later rules see text, not markup;
  - thousands separators are joined before width normalisation, so that a full-width "，"
    (a clause separator in Chinese typography) is never read as one;
  - CJK spacing runs before width normalisation and before spaces are collapsed: it only
    removes 1–2 ASCII spaces, so that a no-break or ideographic space (which authors type on
    purpose to separate fields: "来源:某局&nbsp;&nbsp;发布日期:…") and a wide gap of 3+ spaces
    survive as one space, while stray spaces from conversions disappear;
  - boilerplate and page-break lines are matched on normalised lines;
  - markdown emphasis and quote marks go early, so that decorated widget lines are still
    recognised as boilerplate; heading marks go last, after sentences are rejoined, so that
    "# heading" lines are still recognisable as headings and never glued to the next line
    (boilerplate and page-number lines are matched with or without a heading mark).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xxgk.clean.boilerplate import drop_boilerplate_lines
from xxgk.clean.inline_spam import strip_inline_spam
from xxgk.clean.markdown import strip_markdown_emphasis, strip_markdown_headings
from xxgk.clean.markup import strip_leading_bullets, strip_leftover_tags, unescape_entities
from xxgk.clean.numbers import join_thousands_separators
from xxgk.clean.page_breaks import remove_page_breaks
from xxgk.clean.pinyin import strip_pinyin_glosses
from xxgk.clean.spacing import remove_spaces_around_cjk
from xxgk.clean.titles import strip_title_spam, strip_title_spam_from_first_line
from xxgk.clean.whitespace import (
    collapse_spaces,
    convert_tab_rows_to_pipe_rows,
    normalize_newlines,
    trim_blank_edges,
)
from xxgk.clean.widths import normalize_widths

ALL_FORMATS = frozenset({"html", "text", "markdown", "pdf", "docx", "doc"})


@dataclass(frozen=True, slots=True)
class CleaningStep:
    rule: Callable[[str], str]
    formats: frozenset[str] = ALL_FORMATS


CLEANING_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep(normalize_newlines),
    # The HTML parser has decoded entities once already; a second pass would turn the visible
    # text "&lt;" into "<".
    CleaningStep(unescape_entities, ALL_FORMATS - {"html"}),
    CleaningStep(strip_leftover_tags),
    CleaningStep(strip_leading_bullets),
    CleaningStep(convert_tab_rows_to_pipe_rows),
    CleaningStep(strip_markdown_emphasis),
    CleaningStep(join_thousands_separators),
    CleaningStep(remove_spaces_around_cjk),
    CleaningStep(normalize_widths),
    # After widths: glosses come in full-width brackets as often as in ASCII ones.
    CleaningStep(strip_pinyin_glosses),
    CleaningStep(strip_inline_spam),
    CleaningStep(collapse_spaces),
    CleaningStep(drop_boilerplate_lines),
    CleaningStep(remove_page_breaks),
    CleaningStep(strip_markdown_headings),
    CleaningStep(strip_title_spam_from_first_line),
    CleaningStep(trim_blank_edges),
)


def clean_text(text: str, *, source_format: str) -> str:
    """Apply every cleaning rule for ``source_format`` (html, text, markdown, pdf, docx, doc)."""
    if source_format not in ALL_FORMATS:
        expected = ", ".join(sorted(ALL_FORMATS))
        raise ValueError(f"unknown source format {source_format!r}; expected one of {expected}")
    for step in CLEANING_STEPS:
        if source_format in step.formats:
            text = step.rule(text)
    return text


def clean_title(title: str | None) -> str | None:
    """Clean a page title the way text is cleaned, then drop glued spam; None when empty."""
    if not title:
        return None
    title = unescape_entities(title)
    title = strip_leftover_tags(title)
    title = normalize_widths(title.replace("\n", " ").replace("\t", " "))
    title = collapse_spaces(remove_spaces_around_cjk(title))
    title = strip_title_spam(title)
    return title or None
