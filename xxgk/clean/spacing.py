"""Stray spaces inside Chinese words and between numbers and their units.

PDF and Word conversions put spaces around every Latin run and between justified characters:
"全年发布信息 400 余条", "2018 年", "2 月 22 日", "商业 企业", "索 引 号". Chinese does not use
spaces between words, so a space between two CJK characters, or between a digit and a CJK
character, is an artefact; removing it lets "400余条" and "2018年" match as one token.
Spaces between Latin words, and between two digits ("2014 124"), are left alone: they may
separate two numbers.

A wider gap is a field separator typed on purpose, not an artefact: three or more ASCII
spaces ("来源:某局    时间:2015-03-30" in copied pages), or two or more no-break or ideographic
spaces ("来源:某局&nbsp;&nbsp;发布日期:…" in HTML). It is kept, and later collapsed to one
space. A single no-break or ideographic space counts as an artefact, like an ASCII one; this
rule therefore runs before width normalisation turns those spaces into ASCII spaces.
"""

from __future__ import annotations

import re

from xxgk.clean.chars import CJK

# One pattern per kind of space, each starting with that literal character (the lookbehinds
# check "X " after it) so that the regex engine can skip ahead to the next such character
# instead of trying every position; even a branch of three literals scans twice as slowly.
# The kinds are independent: a removed space has CJK or digits (or a second ASCII space) on
# both sides, never a space of another kind, so removing one kind changes nothing the
# others look at. An ASCII space is only ever removed before a space, a CJK character or a
# digit; checking that first makes most other spaces fail fast.
_DIGIT = "0-9０-９"  # full-width digits are still full-width at this point
_ARTEFACT_SPACES = (
    (
        " ",
        re.compile(
            rf" (?=[{CJK}{_DIGIT} ])"
            rf"(?:(?<=[{CJK}] ) ?(?=[{CJK}{_DIGIT}])|(?<=[{_DIGIT}] ) ?(?=[{CJK}]))"
        ),
    ),
    *(
        (
            wide,
            re.compile(
                rf"{wide}(?:(?<=[{CJK}]{wide})(?=[{CJK}{_DIGIT}])|(?<=[{_DIGIT}]{wide})(?=[{CJK}]))"
            ),
        )
        for wide in ("\xa0", "\u3000")
    ),
)


def remove_spaces_around_cjk(text: str) -> str:
    """Remove 1–2 spaces between CJK–CJK, CJK–digit and digit–CJK: "400 余条" -> "400余条"."""
    for space, artefact in _ARTEFACT_SPACES:
        if space in text:
            text = artefact.sub("", text)
    return text
