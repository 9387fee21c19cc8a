"""The true numbers of a generated report, drawn before any text is written.

Tables are drawn consistent with the identities the quality checks test (DESIGN.md):
表三 per column 本年新收 + 上年结转 = 办理结果总计 + 结转下年度, 办理结果总计 = sum of result
rows, 总计 column = sum of the six applicant columns; 表四 维持 + 纠正 + 其他 + 尚未审结 = 总计.
``plant_violation`` breaks exactly one of them (and compensates so that no other check fails).
Money is kept in integer fen so printed text and gold value agree exactly.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from xxgk.generate.labels import RESULT_ITEMS_2019, RESULT_ITEMS_2021
from xxgk.generate.names import Agency, OrganKind

# Applicant columns (without 总计) and how requests spread over them in practice.
APPLICANT_WEIGHTS = (80, 9, 1, 1, 4, 5)

# Result rows' relative frequency, per table format, in the order of RESULT_ITEMS_*.
RESULT_WEIGHTS = {
    "2019": (30, 8, 1, 1, 0.3, 2, 1, 2, 0.5, 0.5, 22, 3, 3, 3, 3, 1, 1, 1, 7),
    "2021": (30, 8, 1, 1, 0.3, 2, 1, 2, 0.5, 0.5, 22, 3, 3, 3, 3, 1, 1, 1, 3, 0.5, 4),
}
REVIEW_WEIGHTS = (55, 10, 20, 15)  # 维持, 纠正, 其他, 尚未审结

CHECK_IDS = ("table3.balance_identity", "table3.results_total_identity",
             "table3.total_column_identity", "table4.block_total_identity")

# Money print modes: name -> (unit word, decimals, fen per printed unit step). Example:
# "wan_2dp" prints 17.34 (万元), so amounts are whole multiples of 100 yuan.
MONEY_MODES: dict[str, tuple[str, int, int]] = {
    "yuan_2dp": ("元", 2, 1),
    "yuan_1dp": ("元", 1, 10),
    "yuan_0dp": ("元", 0, 100),
    "wan_2dp": ("万元", 2, 10_000),
    "wan_4dp": ("万元", 4, 100),
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount kept in fen with the way it will be printed."""

    fen: int
    mode: str  # key of MONEY_MODES

    @property
    def printed_units(self) -> int:
        return self.fen // MONEY_MODES[self.mode][2]

    @property
    def yuan(self) -> float:
        return self.fen / 100


@dataclass(frozen=True, slots=True)
class Table3:
    """表三 values: item -> seven numbers (six applicant columns, then 总计)."""

    table_format: str  # "2019" | "2021"
    rows: dict[str, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Table4:
    """表四 values: block -> (维持, 纠正, 其他, 尚未审结, 总计)."""

    blocks: dict[str, tuple[int, int, int, int, int]]

    @property
    def reconsideration_total(self) -> int:
        return self.blocks["reconsideration"][4]

    @property
    def litigation_total(self) -> int:
        return (self.blocks["litigation_direct"][4]
                + self.blocks["litigation_after_reconsideration"][4])


def estimate_activity(agency: Agency) -> float:
    """How busy an organ is, relative to a city bureau (1.0)."""
    return estimate_kind_activity(agency.kind)


def estimate_kind_activity(kind: OrganKind) -> float:
    """How busy an organ of this kind is, relative to a city bureau (1.0)."""
    level, is_gov = kind.level, kind.is_government
    if level in ("town", "township", "street") or kind.topic == "office":
        return 0.3
    if is_gov:
        return 4.0 if level == "city" else 2.0
    return {"province": 2.5, "city": 1.0}.get(level, 0.6)


def draw_log_uniform(rng: random.Random, low: float, high: float) -> int:
    """An integer spread evenly in log scale between low and high (counts in reports are)."""
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def draw_proactive_total(rng: random.Random, activity: float) -> int:
    return max(3, draw_log_uniform(rng, 15 * activity, 1500 * activity))


def draw_applications(rng: random.Random, activity: float) -> int:
    zero_chance = 0.75 if activity < 0.5 else 0.5 if activity < 1.5 else 0.15
    if rng.random() < zero_chance:
        return 0
    return max(1, draw_log_uniform(rng, 1, 1 + 12 * activity * activity))


def draw_reviews(rng: random.Random, applications: int) -> tuple[int, int, int]:
    """(reconsiderations, direct lawsuits, lawsuits after reconsideration)."""
    if applications == 0 or rng.random() < 0.6:
        return 0, 0, 0
    top = max(1, applications // 6)
    rec = rng.randint(0, top)
    direct = rng.randint(0, max(0, top // 2)) if rng.random() < 0.5 else 0
    after = rng.randint(0, rec) if rec and rng.random() < 0.3 else 0
    return rec, direct, after


def split_count(rng: random.Random, n: int, weights: tuple[float, ...]) -> list[int]:
    """Spread n over len(weights) parts at random, in proportion to the weights."""
    parts = [0] * len(weights)
    if n <= 0:
        return parts
    if n <= 40:
        for index in rng.choices(range(len(weights)), weights=weights, k=n):
            parts[index] += 1
        return parts
    noisy = [w * rng.uniform(0.6, 1.4) for w in weights]
    scale = n / sum(noisy)
    parts = [int(w * scale) for w in noisy]
    parts[noisy.index(max(noisy))] += n - sum(parts)
    return parts


def draw_table3(rng: random.Random, table_format: str, new_total: int,
                carried_over: tuple[int, ...] | None = None) -> Table3:
    """A consistent 表三 for ``new_total`` new requests.

    ``carried_over``: the six applicant columns of 上年结转 when they are known (an organ's
    结转下年度 of the year before); drawn here otherwise.
    """
    carried_total = 0
    if carried_over is None and new_total and rng.random() >= 0.7:
        carried_total = rng.randint(1, max(1, new_total // 8))
    new = split_count(rng, new_total, APPLICANT_WEIGHTS)
    carried = (list(carried_over) if carried_over is not None
               else split_count(rng, carried_total, APPLICANT_WEIGHTS))
    available = [a + b for a, b in zip(new, carried, strict=True)]
    forward = [0] * 6
    if sum(available) and rng.random() < 0.3:
        for _ in range(rng.randint(1, max(1, sum(available) // 6))):
            open_columns = [c for c in range(6) if available[c] - forward[c] > 0]
            if not open_columns:
                break
            forward[rng.choice(open_columns)] += 1
    decided = [a - f for a, f in zip(available, forward, strict=True)]
    result_items = RESULT_ITEMS_2019 if table_format == "2019" else RESULT_ITEMS_2021
    weights = RESULT_WEIGHTS[table_format]
    by_column = [split_count(rng, decided[c], weights) for c in range(6)]
    rows: dict[str, tuple[int, ...]] = {
        "new_received": _append_total(new),
        "carried_over": _append_total(carried),
    }
    for i, item in enumerate(result_items):
        rows[item] = _append_total([by_column[c][i] for c in range(6)])
    rows["results_total"] = _append_total(decided)
    rows["carried_forward"] = _append_total(forward)
    return Table3(table_format, rows)


@dataclass(frozen=True, slots=True)
class FixedNumbers:
    """Numbers decided outside a single report, for an organ followed over years: its
    proactive total and its 表三 (上年结转 = last year's 结转下年度, counts that drift)."""

    proactive_total: int
    table3: Table3


def _append_total(values: list[int]) -> tuple[int, ...]:
    return (*values, sum(values))


def draw_table4(rng: random.Random, reviews: tuple[int, int, int]) -> Table4:
    blocks = {}
    for name, count in zip(("reconsideration", "litigation_direct",
                            "litigation_after_reconsideration"), reviews, strict=True):
        a, b, c, d = split_count(rng, count, REVIEW_WEIGHTS)
        blocks[name] = (a, b, c, d, a + b + c + d)
    return Table4(blocks)


def plant_violation(rng: random.Random, check_id: str, table3: Table3,
                    table4: Table4) -> tuple[Table3, Table4, str]:
    """Break exactly the identity ``check_id``; returns new tables and a note for reviewers.

    Each edit is compensated elsewhere so that the other identities still hold: the checks
    must find this one error and no other.
    """
    delta = rng.randint(1, 9)
    rows = dict(table3.rows)
    if check_id == "table3.balance_identity":
        # 结转下年度 too large in one column (and in 总计, which stays the column sum).
        column = rng.randrange(6)
        rows["carried_forward"] = _bump(rows["carried_forward"], column, delta)
        note = f"carried_forward of column {column} raised by {delta}"
        return Table3(table3.table_format, rows), table4, note
    if check_id == "table3.results_total_identity":
        # One result row too large: 总计 of results no longer equals its parts.
        item = rng.choice(("granted", "unable.not_held", "partially_granted"))
        column = rng.randrange(6)
        rows[item] = _bump(rows[item], column, delta)
        note = f"{item} of column {column} raised by {delta}"
        return Table3(table3.table_format, rows), table4, note
    if check_id == "table3.total_column_identity":
        # 总计 column too large in three rows that keep balance and results identities true.
        for item in ("new_received", "granted", "results_total"):
            rows[item] = (*rows[item][:6], rows[item][6] + delta)
        note = f"总计 column of new_received, granted and results_total raised by {delta}"
        return Table3(table3.table_format, rows), table4, note
    if check_id == "table4.block_total_identity":
        block = rng.choice(("reconsideration", "litigation_direct",
                            "litigation_after_reconsideration"))
        blocks = dict(table4.blocks)
        values = blocks[block]
        blocks[block] = (*values[:4], values[4] + delta)
        return table3, Table4(blocks), f"{block} total raised by {delta}"
    raise ValueError(f"unknown check id {check_id!r}")


def _bump(values: tuple[int, ...], column: int, delta: int) -> tuple[int, ...]:
    bumped = list(values)
    bumped[column] += delta
    bumped[6] += delta
    return tuple(bumped)


def draw_money(rng: random.Random, low_wan: float, high_wan: float, mode: str) -> Money:
    """An amount between low and high 万元 that prints exactly in ``mode``."""
    step = MONEY_MODES[mode][2]
    fen = int(rng.uniform(low_wan, high_wan) * 1_000_000)
    fen -= fen % step
    return Money(fen=fen, mode=mode)


def draw_fee_wan(rng: random.Random) -> tuple[int, int]:
    """行政事业性收费 in 万元 for the 2021 table: (value in 1/10**decimals 万元, decimals)."""
    if rng.random() < 0.7:
        return 0, 0
    decimals = rng.choice((0, 1, 2, 2, 4))
    value = draw_log_uniform(rng, 1, 5000 * 10 ** decimals)
    return value, decimals
