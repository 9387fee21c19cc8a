"""The three standard tables as grids with merged cells, plus the gold cells they print.

A grid is a list of rows of ``GridCell`` in HTML order (positions covered by a rowspan or
colspan are omitted, exactly as in ``<table>`` markup); ``layouts`` turns it into each printed
form. Label wording comes from ``labels`` with one ``LabelStyle`` per document, so that every
table in a report uses the same numbering and quote style, as real ones do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from xxgk.generate import labels as L
from xxgk.generate.answers import MONEY_MODES, Money, Table3, Table4, draw_fee_wan, draw_money
from xxgk.generate.numerals import format_fixed

CHINESE_ORDINALS = "零一二三四五六七八九十"


class GridCell(NamedTuple):
    # A NamedTuple, not a frozen dataclass: a report has ~250 cells and frozen dataclass
    # construction is several times slower, which shows at 100,000 documents.
    text: str
    rowspan: int = 1
    colspan: int = 1


# Shared cells for the small counts that fill most tables (cells are immutable).
_NUMBER_CELLS = tuple(GridCell(str(v)) for v in range(1000))


@dataclass(frozen=True, slots=True)
class Grid:
    name: str  # table2 | table3 | table4
    rows: tuple[tuple[GridCell, ...], ...]
    n_cols: int
    shape: str = ""  # names the span structure, so cell positions are computed once per shape


@dataclass(frozen=True, slots=True)
class LabelStyle:
    """One document's choices among the label variants in ``labels``."""

    group_numbering: str
    top_numbering: str
    sub_numbering: str
    quotes: tuple[str, str]
    partial_label: str
    variant_index: int  # picks among a label's variants (modulo their count)
    caption_parens: tuple[str, str]
    negative_as_word: bool  # 减3 instead of -3
    money_unit_in_cell: bool  # 173365.3元 in the cell instead of (元) in the header
    extra_local_row: bool  # 其他主动公开文件 (not in the vocabulary)


def draw_label_style(rng: random.Random) -> LabelStyle:
    return LabelStyle(
        group_numbering=rng.choice(L.GROUP_NUMBERING),
        top_numbering=rng.choices(L.TOP_NUMBERING, weights=(4, 1))[0],
        sub_numbering=rng.choice(L.SUB_NUMBERING),
        quotes=rng.choice(L.QUOTE_STYLES),
        partial_label=rng.choice(L.PARTIAL_LABELS),
        variant_index=rng.randrange(6),
        caption_parens=rng.choice((("（", "）"), ("(", ")"))),
        negative_as_word=rng.random() < 0.3,
        money_unit_in_cell=rng.random() < 0.5,
        extra_local_row=rng.random() < 0.2,
    )


def _pick(variants: tuple[str, ...], style: LabelStyle, year: int = 0) -> str:
    return variants[style.variant_index % len(variants)].format(prev=year - 1, year=year)


def _number_group_label(ordinal: str, label: str, style: LabelStyle) -> str:
    prefix = style.group_numbering.format(ordinal) if style.group_numbering else ""
    return prefix + label


def _make_gold(section: str, item: str, dimension: str | None, value: float | int) -> dict:
    return {"section": section, "item": item, "dimension": dimension, "value": value}


# --- 表三 ---------------------------------------------------------------------------------


def _table3_frame(table_format: str, style: LabelStyle):
    """Header rows and (label cells, item) per data row (cached on the label choices only)."""
    return _cached_table3_frame(table_format, style.group_numbering, style.top_numbering,
                                style.sub_numbering, style.quotes, style.partial_label,
                                style.variant_index)


@lru_cache(maxsize=4096)
def _cached_table3_frame(table_format: str, group_numbering: str, top_numbering: str,
                         sub_numbering: str, quotes: tuple[str, str], partial_label: str,
                         variant_index: int):
    style = LabelStyle(group_numbering, top_numbering, sub_numbering, quotes, partial_label,
                       variant_index, ("（", "）"), False, False, False)

    def top_label(key: str) -> str:
        base, ordinal = L.TABLE3_TOP_ROWS[key]
        return (style.top_numbering.format(ordinal) if style.top_numbering else "") + base

    columns = [_pick(variants, style) for _, variants in L.APPLICANT_COLUMNS]
    header = (
        (GridCell(L.BALANCE_NOTE, rowspan=3, colspan=3), GridCell(L.APPLICANT_HEADER, colspan=7)),
        (GridCell(columns[0], rowspan=2), GridCell(L.ORGANISATION_HEADER, colspan=5),
         GridCell(columns[6], rowspan=2)),
        tuple(GridCell(c) for c in columns[1:6]),
    )
    rows: list[tuple[tuple[GridCell, ...], str]] = [
        ((GridCell(top_label("new_received"), colspan=3),), "new_received"),
        ((GridCell(top_label("carried_over"), colspan=3),), "carried_over"),
    ]
    groups = L.RESULT_GROUPS[table_format]
    result_row_count = sum(len(entries) for _, _, entries in groups)
    lead: tuple[GridCell, ...] = (GridCell(top_label("results"), rowspan=result_row_count),)
    for ordinal, group_label, entries in groups:
        label = _number_group_label(ordinal, group_label.format(partial=style.partial_label), style)
        if entries[0][1] is None:  # one-line row such as （一）予以公开
            rows.append(((*lead, GridCell(label, colspan=2)), entries[0][0]))
            lead = ()
            continue
        for index, (item, sub_label) in enumerate(entries):
            assert sub_label is not None  # only a one-line group (handled above) has none
            text = style.sub_numbering.format(index + 1) + sub_label.format(
                q1=style.quotes[0], q2=style.quotes[1])
            group_cell = (GridCell(label, rowspan=len(entries)),) if index == 0 else ()
            rows.append(((*lead, *group_cell, GridCell(text)), item))
            lead = ()
    rows.append(((GridCell(top_label("carried_forward"), colspan=3),), "carried_forward"))
    return header, tuple(rows)


def build_table3(table3: Table3, style: LabelStyle) -> tuple[Grid, list[dict]]:
    """表三 grid (10 columns: three label columns + seven applicant columns) and gold cells."""
    header, frame = _table3_frame(table3.table_format, style)
    dims = L.APPLICANT_DIMENSIONS
    gold: list[dict] = []
    rows = list(header)
    for label_cells, item in frame:
        values = table3.rows[item]
        gold.extend([{"section": "table3", "item": item, "dimension": d, "value": v}
                     for d, v in zip(dims, values, strict=False)])
        rows.append((*label_cells, *[_NUMBER_CELLS[v] if 0 <= v < 1000 else GridCell(str(v))
                                     for v in values]))
    return Grid("table3", tuple(rows), 10, f"table3/{table3.table_format}"), gold


# --- 表四 ---------------------------------------------------------------------------------


def build_table4(table4: Table4) -> tuple[Grid, list[dict]]:
    """表四 grid (15 columns) and its 15 gold cells."""
    dims = [label for _, label in L.TABLE4_DIMENSIONS]
    header_top = (GridCell(L.TABLE4_BLOCKS[0][1], colspan=5),
                  GridCell(L.TABLE4_LITIGATION_HEADER, colspan=10))
    header_mid = (*(GridCell(d, rowspan=2) for d in dims),
                  GridCell(L.TABLE4_BLOCKS[1][1], colspan=5),
                  GridCell(L.TABLE4_BLOCKS[2][1], colspan=5))
    header_low = tuple(GridCell(d) for d in dims) * 2
    values: list[GridCell] = []
    gold: list[dict] = []
    for block, _ in L.TABLE4_BLOCKS:
        for (dimension, _), value in zip(L.TABLE4_DIMENSIONS, table4.blocks[block], strict=False):
            values.append(_NUMBER_CELLS[value] if 0 <= value < 1000 else GridCell(str(value)))
            gold.append(_make_gold("table4", block, dimension, value))
    return Grid("table4", (header_top, header_mid, header_low, tuple(values)), 15, "table4"), gold


# --- 表二 ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table2Context:
    """What the 表二 numbers depend on."""

    report_year: int
    makes_regulations: bool  # only provinces and 设区的市 governments make 规章
    activity: float
    is_town: bool


def _format_caption(num: str, style: LabelStyle) -> str:
    return L.ARTICLE_CAPTION.format(open=style.caption_parens[0], num=num,
                                    close=style.caption_parens[1])


def _format_count(value: int, style: LabelStyle, *, signed: bool = False) -> str:
    if signed and value < 0:
        return f"减{-value}" if style.negative_as_word else str(value)
    return str(value)


class _Table2Builder:
    """Accumulates 表二 rows and gold cells (private helper of build_table2)."""

    def __init__(self, rng: random.Random, style: LabelStyle, width: int):
        self.rng, self.style, self.width = rng, style, width
        self.rows: list[tuple[GridCell, ...]] = []
        self.gold: list[dict] = []

    def add_caption(self, num: str) -> None:
        self.rows.append((GridCell(_format_caption(num, self.style), colspan=self.width),))

    def add_header(self, columns: list[str]) -> None:
        cells = [GridCell(L.ITEM_HEADER)] + [GridCell(c) for c in columns]
        self.rows.append(self._fit_width(cells))

    def add_data_row(self, label: str, cells: list[tuple[str, str, float | int | None]]) -> None:
        """cells: (item, printed text, gold value or None for a not-a-number mark)."""
        grid_cells = [GridCell(label)]
        for item, text, value in cells:
            grid_cells.append(GridCell(text))
            if value is not None:
                self.gold.append(_make_gold("table2", item, None, value))
        self.rows.append(self._fit_width(grid_cells))

    def add_local_row(self, label: str, texts: list[str]) -> None:
        self.rows.append(self._fit_width([GridCell(label)] + [GridCell(t) for t in texts]))

    def _fit_width(self, cells: list[GridCell]) -> tuple[GridCell, ...]:
        # Sections with fewer value columns stretch their last cell over the rest of the row.
        missing = self.width - len(cells)
        if missing > 0:
            last = cells[-1]
            cells[-1] = GridCell(last.text, colspan=1 + missing)
        return tuple(cells)

    def draw_mark(self) -> str:
        return self.rng.choice(L.NOT_A_NUMBER_MARKS)


def _add_docs_row(b: _Table2Builder, prefix: str, label: str, items: tuple[str, ...],
              values: tuple[int, ...] | None) -> None:
    if values is None:
        mark = b.draw_mark()
        b.add_data_row(label, [(f"{prefix}.{i}", mark, None) for i in items])
    else:
        b.add_data_row(label, [(f"{prefix}.{i}", str(v), v) for i, v in zip(items, values, strict=False)])


def build_table2(rng: random.Random, table_format: str, ctx: Table2Context,
                 style: LabelStyle) -> tuple[Grid, list[dict]]:
    """表二 (主动公开) in the 2019 or 2021 columns with its gold cells."""
    if table_format == "2019":
        return _build_table2_2019(rng, ctx, style)
    return _build_table2_2021(rng, ctx, style)


def _draw_docs(rng: random.Random, ctx: Table2Context, regulations: bool) -> tuple[int, int, int]:
    if regulations:
        made = rng.randint(0, 4)
        return made, made, made + rng.randint(5, 80)
    made = 0 if ctx.is_town and rng.random() < 0.7 else rng.randint(0, int(3 + 6 * ctx.activity))
    published = made if rng.random() < 0.85 else max(0, made - 1)
    return made, published, published + rng.randint(0, int(10 + 20 * ctx.activity))


def _draw_matters(rng: random.Random, ctx: Table2Context, scale: int) -> tuple[int, int, int]:
    if ctx.is_town and rng.random() < 0.6:
        return 0, 0, 0
    prev = rng.randint(0, int(scale * ctx.activity) + 1)
    change = 0 if rng.random() < 0.6 else rng.randint(-min(prev, 8), 8)
    decisions = 0 if prev + change == 0 else rng.randint(0, int(scale * 40 * ctx.activity) + 1)
    return prev, change, decisions


def _build_table2_2019(rng: random.Random, ctx: Table2Context, style: LabelStyle):
    b = _Table2Builder(rng, style, 4)
    year = ctx.report_year
    b.add_caption("一")
    b.add_header([_pick(v, style, year) for _, v in L.COLUMNS_2019_DOCS])
    doc_items = tuple(i for i, _ in L.COLUMNS_2019_DOCS)
    regs = _draw_docs(rng, ctx, True) if ctx.makes_regulations else (
        None if rng.random() < 0.4 else (0, 0, 0))
    _add_docs_row(b, "regulations", _pick(L.ROW_REGULATIONS[1], style), doc_items, regs)
    _add_docs_row(b, "normative_documents", _pick(L.ROW_NORMATIVE_2019[1], style), doc_items,
              _draw_docs(rng, ctx, False))
    if style.extra_local_row:
        count = str(rng.randint(1, 60))
        b.add_local_row(_pick(L.LOCAL_EXTRA_ROWS, style), [count, count, count])
    matter_columns = [_pick(v, style, year) for _, v in L.COLUMNS_2019_MATTERS]
    matter_items = tuple(i for i, _ in L.COLUMNS_2019_MATTERS)
    for num, row_specs in (("五", (L.ROW_LICENSING, L.ROW_OTHER_SERVICES)),
                           ("六", (L.ROW_PENALTIES, L.ROW_COERCION))):
        b.add_caption(num)
        b.add_header(matter_columns)
        for prefix, variants in row_specs:
            scale = {"licensing": 20, "other_services": 15, "penalties": 10, "coercion": 2}[prefix]
            values = _draw_matters(rng, ctx, scale)
            if rng.random() < 0.05:
                mark = b.draw_mark()
                b.add_data_row(_pick(variants, style), [(f"{prefix}.{i}", mark, None)
                                                    for i in matter_items])
                continue
            b.add_data_row(_pick(variants, style), [
                (f"{prefix}.{item}", _format_count(v, style, signed=item == "change"), v)
                for item, v in zip(matter_items, values, strict=False)])
    b.add_caption("八")
    b.add_header(matter_columns[:2])
    fee_prev, fee_change, _ = _draw_matters(rng, ctx, 3)
    b.add_data_row(_pick(L.ROW_FEES[1], style), [
        ("admin_fees.prev_year_items", str(fee_prev), fee_prev),
        ("admin_fees.change", _format_count(fee_change, style, signed=True), fee_change)])
    b.add_caption("九")
    mode = rng.choice(tuple(MONEY_MODES))
    unit = MONEY_MODES[mode][0]
    amount_header = "采购总金额" if style.money_unit_in_cell else f"采购总金额（{unit}）"
    b.add_header(["采购项目数量", amount_header])
    items = 0 if ctx.is_town and rng.random() < 0.6 else rng.randint(0, int(40 * ctx.activity) + 1)
    money = draw_money(rng, 0.5, 400 * ctx.activity, mode) if items else Money(0, mode)
    text = format_fixed(money.printed_units, MONEY_MODES[mode][1]) if items else "0"
    if style.money_unit_in_cell:
        text += unit
    b.add_data_row(_pick(L.ROW_PROCUREMENT[1], style), [
        ("procurement.items", str(items), items),
        ("procurement.amount_yuan", text, money.yuan)])
    return Grid("table2", tuple(b.rows), 4, f"table2/2019/{style.extra_local_row}"), b.gold


def _build_table2_2021(rng: random.Random, ctx: Table2Context, style: LabelStyle):
    b = _Table2Builder(rng, style, 4)
    b.add_caption("一")
    b.add_header([_pick(v, style) for _, v in L.COLUMNS_2021_DOCS])
    items = tuple(i for i, _ in L.COLUMNS_2021_DOCS)
    if ctx.makes_regulations:
        made = rng.randint(0, 4)
        regs: tuple[int, int, int] | None = (made, rng.randint(0, 3), rng.randint(10, 90))
    else:
        regs = None if rng.random() < 0.4 else (0, 0, 0)
    _add_docs_row(b, "regulations", _pick(L.ROW_REGULATIONS[1], style), items, regs)
    made = rng.randint(0, int(3 + 6 * ctx.activity))
    normative = (made, rng.randint(0, 4), made + rng.randint(0, int(10 + 30 * ctx.activity)))
    if rng.random() < 0.1:
        # Some offices leave 现行有效件数 blank: that cell is not a number.
        label = _pick(L.ROW_NORMATIVE_2021[1], style)
        b.add_data_row(label, [("normative_documents.made", str(normative[0]), normative[0]),
                           ("normative_documents.repealed", str(normative[1]), normative[1]),
                           ("normative_documents.in_force", b.draw_mark(), None)])
    else:
        _add_docs_row(b, "normative_documents", _pick(L.ROW_NORMATIVE_2021[1], style), items,
                  normative)
    decisions_header = _pick(L.COLUMN_2021_DECISIONS[1], style)
    b.add_caption("五")
    b.add_header([decisions_header])
    for prefix, variants, scale in (("licensing", L.ROW_LICENSING[1], 600),):
        value = _draw_decisions(rng, ctx, scale)
        b.add_data_row(_pick(variants, style), [(f"{prefix}.decisions", str(value), value)])
    b.add_caption("六")
    b.add_header([decisions_header])
    for prefix, variants, scale in (("penalties", L.ROW_PENALTIES[1], 200),
                                    ("coercion", L.ROW_COERCION[1], 15)):
        value = _draw_decisions(rng, ctx, scale)
        b.add_data_row(_pick(variants, style), [(f"{prefix}.decisions", str(value), value)])
    b.add_caption("八")
    b.add_header([_pick(L.COLUMN_2021_FEES[1], style)])
    units, decimals = draw_fee_wan(rng)
    b.add_data_row(_pick(L.ROW_FEES[1], style), [
        ("admin_fees.amount_wan_yuan", format_fixed(units, decimals), units / 10 ** decimals)])
    return Grid("table2", tuple(b.rows), 4, "table2/2021"), b.gold


def _draw_decisions(rng: random.Random, ctx: Table2Context, scale: int) -> int:
    if ctx.is_town and rng.random() < 0.6:
        return 0
    return 0 if rng.random() < 0.3 else rng.randint(0, int(scale * ctx.activity) + 1)
