"""What one table cell says: a number, a "not a number" mark, a label, a note, or other text.

Cells are classified on their own words only; what a label means in its place is decided by
the reader. Results are cached because the same cell texts ("0", "规章", "自然人") recur in
every report.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xxgk.extract.tables.label_text import cut_note, squeeze, strip_numbering
from xxgk.extract.tables.vocabulary import Entry, Vocabulary, load_vocabulary
from xxgk.extract.textview import fold_text

EMPTY = "empty"
NUMBER = "number"
NOT_A_NUMBER = "not_a_number"
LABEL = "label"
NOTE = "note"
TEXT = "text"

# Full-width digits and signs, for text that did not pass the cleaner.
_WIDE = str.maketrans("０１２３４５６７８９＋－．，", "0123456789+-.,") | {0x2212: "-"}
# str.translate is slow on non-ASCII text (see label_text._ANY_BRACKET): search first.
_ANY_WIDE = re.compile("[" + re.escape("".join(map(chr, _WIDE))) + "]")
# What a number may open with besides a digit: the signs of _number_pattern, in either width.
_SIGNS = frozenset("+-增减") | {c for c in map(chr, _WIDE) if c.translate(_WIDE) in ("+", "-")}
_PROSE_MIN_CHARS = 60
LABEL_MAX_CHARS = 200  # longer cell text is never looked up as a label


# CellValue and CellKind are named tuples: one is built for every new cell text of every
# document (prose lines included), and a named tuple is built in a third of the time.
class CellValue(NamedTuple):
    """The number a value cell holds, with the money unit printed in the cell, if any."""

    value: Decimal | None  # None for "/", "-", "无" …
    unit: str | None = None  # yuan | wan_yuan when the cell says 元 / 万元
    number: float | None = None  # ``value`` as a float, computed once for the cached cell


class CellKind(NamedTuple):
    kind: str  # one of the constants above
    value: CellValue | None = None  # NUMBER and NOT_A_NUMBER
    entries: tuple[Entry, ...] = ()  # LABEL
    display: str = ""  # LABEL, NOTE, TEXT: short printed form for evidence
    unit: str | None = None  # LABEL, NOTE: money unit named in a header ("单位:万元")
    numbered: bool = False  # LABEL: printed with numbering ("(七)总计"), which only rows have
    is_prose: bool = False  # TEXT: a sentence rather than a cell


def _number_pattern(vocab: Vocabulary) -> re.Pattern[str]:
    units = "|".join(re.escape(u.word) for u in vocab.money_units)
    counts = "|".join(re.escape(s) for s in sorted(vocab.count_suffixes, key=len, reverse=True))
    # "1 837" and "1,837" are thousands groups; "增2" / "减3" / "+2" / "-3" are 2019 changes.
    return re.compile(
        r"^(?P<sign>[+-]|增加|减少|增|减)?\s*"
        r"(?P<num>\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
        rf"(?:(?P<money>{units})|{counts})?$"
    )


_VOCAB = load_vocabulary()
_NUMBER = _number_pattern(_VOCAB)
_MONEY = {u.word: u.unit for u in _VOCAB.money_units}
_GROUPING = re.compile(r"[ ,]")


def parse_value(text: str, vocab: Vocabulary = _VOCAB) -> CellValue | None:
    """The value of a cell, or None when the cell is not a value cell at all."""
    stripped = text.strip()
    return _value_of(stripped, squeeze(stripped), vocab)


def _value_of(stripped: str, squeezed: str, vocab: Vocabulary) -> CellValue | None:
    """``parse_value`` of stripped text, given its squeezed form (classify has it already)."""
    if (len(squeezed) > vocab.longest_not_a_number
            and not (stripped[0].isdecimal() or stripped[0] in _SIGNS)):
        # Neither a "not a number" mark nor opening like a number (\d is isdecimal): settled
        # without searching the whole text for wide digits, which costs more on prose.
        return None
    plain = stripped
    if _ANY_WIDE.search(stripped):
        # Squeezing touches no wide character, so translating either order gives the same.
        plain, squeezed = stripped.translate(_WIDE), squeezed.translate(_WIDE)
    if squeezed in vocab.not_a_number:
        return CellValue(None)
    match = _NUMBER.match(plain)
    if match is None and not plain.isascii():
        match = _NUMBER.match(fold_text(plain))  # "12.5萬元" in a traditional-character copy
    if match is None:
        return None
    number = Decimal(_GROUPING.sub("", match["num"]))
    if match["sign"] in ("-", "减", "减少"):
        number = -number
    money = match["money"]
    return CellValue(number, _MONEY[money] if money else None, float(number))


def money_unit_named(text: str, vocab: Vocabulary = _VOCAB) -> str | None:
    """The money unit a header or note names ("(单位:万元)" -> wan_yuan), if any."""
    folded = fold_text(text)  # "(單位:萬元)" in a traditional-character copy
    for unit in vocab.money_units:  # longest word first in the data file
        if unit.word in folded:
            return unit.unit
    return None


def names_label(text: str) -> bool:
    """Whether the text is printed like a label of the vocabulary: cheaper than ``classify``,
    and true whenever ``classify`` returns LABEL."""
    stripped = text.strip()
    return len(stripped) <= LABEL_MAX_CHARS and bool(_VOCAB.lookup(stripped))


@lru_cache(maxsize=65536)
def classify(text: str) -> CellKind:
    stripped = text.strip()
    if not stripped:
        return CellKind(EMPTY)
    squeezed = squeeze(stripped)
    value = _value_of(stripped, squeezed, _VOCAB)
    if value is not None:
        return CellKind(NOT_A_NUMBER if value.value is None else NUMBER, value=value)
    # The text without its numbering, read once for what follows: whether a label is
    # numbered, whether the text is a note (is_note), its display (squeezed_display).
    unnumbered = strip_numbering(squeezed)
    display = cut_note(unnumbered) or squeezed
    if len(stripped) <= LABEL_MAX_CHARS:
        entries = _VOCAB.lookup_squeezed(squeezed)
        if entries:
            return CellKind(LABEL, entries=entries, display=display,
                            unit=money_unit_named(stripped), numbered=unnumbered != squeezed)
    if unnumbered.startswith("("):
        return CellKind(NOTE, display=stripped, unit=money_unit_named(stripped))
    # A sentence of the report's prose rather than a cell: it has a full stop, or is long even
    # without its parenthesised note (labels of local rows can carry long notes).
    prose = "。" in stripped or len(display) >= _PROSE_MIN_CHARS
    return CellKind(TEXT, display=display, is_prose=prose)
