"""The logical shape of a report before it is written to a format.

A ``ComposedReport`` is a title, page fields, a list of ``Block`` (headings, paragraphs, filler
slots, tables) and a signature. Writers turn it into HTML, text or markdown; ``fill_filler``
pours boilerplate into the filler slots until the document reaches its target size.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from xxgk.generate.filler import build_paragraphs
from xxgk.generate.tables import Grid


class Block(NamedTuple):
    """kind: heading | para | filler | table. A filler block holds ``themes`` until filled;
    then ``paragraphs`` holds its text. (A NamedTuple: cheap to build and copy.)"""

    kind: str
    text: str = ""
    level: int = 1  # heading depth: 1 = 一、…, 2 = （一）…
    grid: Grid | None = None
    themes: tuple[str, ...] = ()
    weight: float = 1.0  # share of the filler budget
    max_paragraphs: int = 0  # 0: elastic (absorbs the budget), else a cap
    paragraphs: tuple[str, ...] = ()
    rendered: str | tuple[str, ...] | None = None  # a table already in its printed form

    @property
    def table(self) -> Grid:
        """The grid of a table block (every table block has one)."""
        if self.grid is None:
            raise ValueError(f"a {self.kind} block has no grid")
        return self.grid


@dataclass(frozen=True, slots=True)
class ComposedReport:
    title: str
    page_fields: tuple[tuple[str, str], ...]
    field_separator: str
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]
    doc_number: str | None = None  # 〔2019〕—38 style line printed atop converted PDFs
    letter_heading: str | None = None  # "县政府办：", the superior office addressed above the title


def _replace_blocks(report: ComposedReport, blocks: tuple[Block, ...]) -> ComposedReport:
    return replace(report, blocks=blocks)


def make_heading(text: str, level: int = 1) -> Block:
    return Block("heading", text=text, level=level)


def make_para(text: str) -> Block:
    return Block("para", text=text)


def make_filler(themes: tuple[str, ...], weight: float = 1.0, max_paragraphs: int = 0) -> Block:
    return Block("filler", themes=themes, weight=weight, max_paragraphs=max_paragraphs)


def make_table(grid: Grid) -> Block:
    return Block("table", grid=grid)


def fill_filler(rng: random.Random, report: ComposedReport, slots: dict[str, str],
                char_budget: int) -> ComposedReport:
    """A copy of ``report`` whose filler blocks hold about ``char_budget`` characters in all.

    Capped blocks (problems, improvements) are filled first with their weighted share; the
    elastic blocks then share what is left by weight. Every filler block gets at least one
    paragraph while its themes have unused sentences (sections draw on distinct themes, so
    none is left empty). No sentence repeats within a report.
    """
    fillers = [(i, b) for i, b in enumerate(report.blocks) if b.kind == "filler"]
    total_weight = sum(b.weight for _, b in fillers) or 1.0
    used: frozenset[str] = frozenset()
    filled: dict[int, Block] = {}
    remaining = char_budget
    for index, block in fillers:
        if block.max_paragraphs:
            budget = max(40, int(char_budget * block.weight / total_weight))
            paragraphs, placed = build_paragraphs(rng, block.themes, slots, budget, used,
                                                  block.max_paragraphs)
            used = used | placed
            remaining -= sum(len(p) for p in paragraphs)
            filled[index] = block._replace(paragraphs=tuple(paragraphs))
    elastic_weight = sum(b.weight for _, b in fillers if not b.max_paragraphs) or 1.0
    for index, block in fillers:
        if not block.max_paragraphs:
            budget = max(40, int(remaining * block.weight / elastic_weight))
            paragraphs, placed = build_paragraphs(rng, block.themes, slots, budget, used)
            used = used | placed
            filled[index] = block._replace(paragraphs=tuple(paragraphs))
    blocks = tuple(filled.get(i, b) for i, b in enumerate(report.blocks))
    return _replace_blocks(report, blocks)


def prerender_tables(report: ComposedReport,
                     render: Callable[[Grid], str | tuple[str, ...]]) -> ComposedReport:
    """A copy with every table block's printed form computed once by ``render(grid)``."""
    blocks = tuple(b._replace(rendered=render(b.table)) if b.kind == "table" else b
                   for b in report.blocks)
    return _replace_blocks(report, blocks)


def estimate_text_chars(report: ComposedReport) -> int:
    """Characters of visible text (what remains once markup is stripped), without rendering."""
    total = 2 * len(report.title) + sum(len(s) for s in report.signature)
    total += sum(len(label) + len(value) + 1 for label, value in report.page_fields)
    for block in report.blocks:
        if block.kind == "table":
            if isinstance(block.rendered, tuple):  # flattened lines: what they print
                total += sum(len(line) for line in block.rendered)
            else:
                total += sum(len(cell.text) for row in block.table.rows for cell in row)
        elif block.kind == "filler":
            total += sum(len(p) for p in block.paragraphs)
        else:
            total += len(block.text)
    return total
