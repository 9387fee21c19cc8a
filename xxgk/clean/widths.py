"""Character width and invisible characters.

Chinese documents mix full-width ASCII forms (１２３, （）, ：, ，, ％) with ordinary ASCII,
often within one sentence, and pad with ideographic spaces (U+3000), no-break spaces and em
spaces. Extraction rules want one spelling: ASCII for the FF01–FF5E block, a plain space for
every kind of space. Chinese punctuation outside that block (、。《》“”…—〔〕) stays as it is.
"""

from __future__ import annotations

import re

_FULLWIDTH_TO_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_SPACES_TO_SPACE = {
    cp: 0x20
    for cp in (0x3000, 0x00A0, 0x1680, 0x202F, 0x205F, *range(0x2000, 0x200B))
}
# Zero-width characters and soft hyphens split numbers and words invisibly; they carry nothing.
_INVISIBLE = {cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD)}

_VISIBLE_WIDTHS = {**_FULLWIDTH_TO_ASCII, **_SPACES_TO_SPACE}
_WIDTH_TABLE = {**_VISIBLE_WIDTHS, **_INVISIBLE}
# Translating only the runs that need it is several times faster than translating everything:
# most characters of a Chinese report are ideographs that map to themselves. The runs are
# cut out with re.split (a capturing group keeps them) rather than re.sub with a Python
# callback, which costs a match object and a call per run. Written "[…][…]*", not "[…]+", so
# that the regex engine can scan for the class (it does not look inside a repeat).
_NEEDS_MAPPING = "[" + "".join(re.escape(chr(cp)) for cp in sorted(_WIDTH_TABLE)) + "]"
_RUNS_NEEDING_MAPPING = re.compile(f"({_NEEDS_MAPPING}{_NEEDS_MAPPING}*)")
# The full-width comma is most of what needs mapping in Chinese prose (it separates clauses);
# one str.replace for it leaves far fewer runs to cut out. The next most frequent (brackets,
# colon, semicolon, full stop, ideographic and no-break spaces) are replaced the same way.
_FULLWIDTH_COMMA = "，"
_FREQUENT = tuple((char, chr(_VISIBLE_WIDTHS[ord(char)])) for char in "（）：；．\u3000\u00a0")

# A full-width comma between digits separates list items ("分别为200，300，400条"); written as
# ", " it stays distinguishable from a thousands separator once it is ASCII. The comma comes
# first (the digit before it is a lookbehind) so that the engine can skip to each comma.
_LIST_COMMA_BETWEEN_DIGITS = re.compile("，(?<=[0-9０-９]，)(?=[0-9０-９])")


def normalize_widths(text: str) -> str:
    """Map full-width ASCII (FF01–FF5E) to ASCII, every space variant to " ", drop zero-widths.

    A full-width comma between two digits becomes ", " (see above), not a bare ",".
    """
    if _FULLWIDTH_COMMA in text:
        text = _LIST_COMMA_BETWEEN_DIGITS.sub(", ", text)
        text = text.replace(_FULLWIDTH_COMMA, ",")
    for char, replacement in _FREQUENT:
        if char in text:
            text = text.replace(char, replacement)
    pieces = _RUNS_NEEDING_MAPPING.split(text)  # text, run, text, run, …, text
    if len(pieces) == 1:
        return text
    pieces[1::2] = [run.translate(_WIDTH_TABLE) for run in pieces[1::2]]
    return "".join(pieces)
