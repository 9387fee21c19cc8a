"""Numbers written with thousands separators.

Tables and some prose write "12,345条" or "1,234,567.8元"; extractors want "12345". Only ASCII
commas count as thousands separators: in Chinese typography the full-width "，" separates
clauses and lists ("分别为200，300，400条"), so this rule runs before width normalisation turns
"，" into ",". Groups must be exactly three digits after a first group of one to three, so
lists like "1,2,3" and "2018,2019" are left alone.

Known ambiguity: an ASCII-comma list of three-digit numbers ("100,200,300") reads as one number.
"""

from __future__ import annotations

import re

_DIGIT = "0-9０-９"
_HAS_GROUP = re.compile(rf",[{_DIGIT}]{{3}}")  # starts with a literal: a fast pre-check
# Starts with a digit class rather than a lookbehind (much faster to scan for); what may not
# precede the number is checked in ``_join_groups``.
_GROUPED_NUMBER = re.compile(
    rf"[1-9１-９][{_DIGIT}]{{0,2}}(?:,[{_DIGIT}]{{3}})+(?![{_DIGIT}]|,[{_DIGIT}])"
)
_NOT_BEFORE = set("0123456789０１２３４５６７８９.,")


def _join_groups(match: re.Match[str]) -> str:
    start = match.start()
    if start and match.string[start - 1] in _NOT_BEFORE:
        return match.group(0)  # the tail of a longer number or of a list: leave it
    return match.group(0).replace(",", "")


def join_thousands_separators(text: str) -> str:
    """Remove thousands separators inside numbers: "12,345" -> "12345" (not "1,2,3")."""
    if "," not in text or not _HAS_GROUP.search(text):
        return text
    return _GROUPED_NUMBER.sub(_join_groups, text)
