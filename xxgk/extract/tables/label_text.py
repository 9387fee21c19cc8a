"""How a table cell's words are reduced to a comparable label.

Reports print the same official label in many ways: with or without numbering ("三、", "(一)",
"1."), with Chinese or ASCII quotes, with an explanatory note in parentheses after it, with
spaces left by a line break inside the cell ("商业 企业"). Everything here turns a cell's text
into the keys the vocabulary is indexed by, and reads units out of header notes.
"""

from __future__ import annotations

import re

from xxgk.extract.textview import fold_text

# Full-width brackets that survive cleaning in some decoders; the vocabulary uses ASCII ones.
_BRACKETS = str.maketrans({"（": "(", "）": ")", "［": "(", "］": ")", "【": "(", "】": ")",
                           "〔": "(", "〕": ")"})
# str.translate walks non-ASCII text one character at a time through Python objects (about
# 60 ns a character, 8 µs for a line of prose); a search finds the rare text that needs it.
_ANY_BRACKET = re.compile("[" + re.escape("".join(map(chr, _BRACKETS))) + "]")
# Numbering in front of a label: "三、", "(一)", "1.", "2、", "(3)", "①", possibly stacked;
# and "(二" or "二)" with one bracket lost, as OCR drops a thin bracket beside a character.
_NUMBERING = re.compile(
    r"^(?:\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\([一二三四五六七八九十]{1,3}(?=[^\d)])|[一二三四五六七八九十]{1,3}\)"
    r"|\(\d{1,2}\)|\d{1,2}[、.．)](?!\d)|[①-⑳])+"
)
# Quotes and punctuation that vary between reports and carry no meaning in a label (OCR
# reads a curly quote as a brace now and then: “三安全一稳定}).
_PUNCTUATION = re.compile(r"[“”\"'‘’「」『』《》〈〉<>{}、，,;；:：。.．!！?？·•…]")


def squeeze(text: str) -> str:
    """Text without whitespace, folded (traditional characters to simplified: 公開 → 公开) and
    with ASCII brackets: the form every comparison starts from."""
    squeezed = fold_text("".join(text.split()))  # str.split() and re's \s agree on whitespace
    return squeezed.translate(_BRACKETS) if _ANY_BRACKET.search(squeezed) else squeezed


def strip_numbering(squeezed: str) -> str:
    return _NUMBERING.sub("", squeezed, count=1)


def cut_note(text: str) -> str:
    """Drop an explanatory "(…)" tail: "规章(设区的市…应提供相关数据)" -> "规章"."""
    cut = text.find("(")
    return text[:cut] if cut > 0 else text


def label_keys(text: str) -> tuple[str, str]:
    """The two lookup keys of a cell: as printed, and without numbering and note.

    The first keeps parentheses, so markers such as "第二十条第(一)项" stay whole; the second is
    what row and column labels are indexed by.
    """
    return squeezed_keys(squeeze(text))


def squeezed_keys(squeezed: str) -> tuple[str, str]:
    """``label_keys`` of text already squeezed."""
    whole = drop_punctuation(squeezed)
    core = label_core(squeezed)
    # Most cell texts (all prose) have neither numbering nor a note: then the keys are equal.
    short = whole if core == squeezed else drop_punctuation(core)
    return whole, short


def drop_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def label_core(squeezed: str) -> str:
    """The label without numbering and note: the short key is this without punctuation."""
    return cut_note(strip_numbering(squeezed))


def key_heads(squeezed: str, scan: int) -> tuple[str, str]:
    """A beginning of each key of ``squeezed`` (``squeezed_keys``), read from its first
    ``scan`` characters only.

    Dropping punctuation from a prefix gives a prefix of the key, so this costs the same for
    a line of prose as for a short cell.
    """
    return drop_punctuation(squeezed[:scan]), drop_punctuation(label_core(squeezed)[:scan])


def display_label(text: str) -> str:
    """A short form of the printed label for evidence: numbering and note removed."""
    return squeezed_display(squeeze(text))


def squeezed_display(squeezed: str) -> str:
    """``display_label`` of text already squeezed."""
    return cut_note(strip_numbering(squeezed)) or squeezed


def is_note(squeezed: str) -> bool:
    """Squeezed cell text that is only an explanation in parentheses, e.g. "(指2019年事项数)"."""
    return strip_numbering(squeezed).startswith("(")
