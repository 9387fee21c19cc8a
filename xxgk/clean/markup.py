"""Leftover HTML inside text: entities, tags, bullets and the list numbers of spam elements.

Pages saved or copied as text still carry markup: hijacked sites inject rows of empty SEO
elements (``<legend id="x1"></legend><samp id="x1"></samp>``) above the report, list items of
those elements leave a bare "1." or "•" behind, and entities such as ``&nbsp;`` survive.
"""

from __future__ import annotations

import html
import re

from xxgk.clean.vocabulary import LINE_BULLETS

# A numeric or named entity with its semicolon. Bare "&amp" without ";" is left alone: URLs in
# the text ("a=1&lt=2") would otherwise be mangled.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# A tag needs an ASCII tag name right after "<" (or "</"): Chinese pseudo-title marks such as
# "<市科技局考核办法>" are text, not markup. Attributes may hold quoted ">" characters.
_TAG = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<![A-Za-z][^<>]*>"
    r"|<\?[^<>]*\?>"
    r"|</?[A-Za-z][A-Za-z0-9:_-]*(?:\s+(?:[^<>\"']|\"[^\"\n]*\"|'[^'\n]*')*)?/?>",
    re.DOTALL,
)
# Where a match of _TAG can start (the alternatives above differ in their first characters).
_TAG_START = re.compile(r"<(?=!--|!\[CDATA\[|![A-Za-z]|\?|/?[A-Za-z])")
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"
_CDATA_OPEN, _CDATA_CLOSE = "<![CDATA[", "]]>"
_LINE_WITH_TAG = re.compile(r"(?m)^[^\n]*<[^\n]*$")
# What a spam list item leaves once its tags are gone: a bullet, a list number, nothing else.
_SPAM_RESIDUE = re.compile(
    r"[\s" + LINE_BULLETS + r"]*(?:\d{1,3}\s*[.、])?[\s" + LINE_BULLETS + r"]*"
)
_LEADING_BULLET = re.compile(r"(?m)^([ \t\u3000\xa0]*)[" + LINE_BULLETS + r"][ \t\u3000\xa0]*")


def unescape_entities(text: str) -> str:
    """Turn ``&nbsp;``, ``&#8226;``, ``&lt;`` … into characters (pages saved as text keep them)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _remove_tags(text: str) -> str:
    """``_TAG.sub("", text)``, in linear time.

    A comment or CDATA opener with no closer after it matches nothing, but the regex scans to
    the end of the text from each such opener before giving up: a text with thousands of them
    takes quadratic time. Such texts are rare (hostile), so they alone take the slower path.
    """
    comments_from = max(text.rfind(_COMMENT_CLOSE) - len(_COMMENT_OPEN) + 1, 0)
    cdata_from = max(text.rfind(_CDATA_CLOSE) - len(_CDATA_OPEN) + 1, 0)
    if text.count(_COMMENT_OPEN, comments_from) <= 1 and text.count(_CDATA_OPEN, cdata_from) <= 1:
        return _TAG.sub("", text)
    return _remove_tags_skipping_unclosed(text, comments_from, cdata_from)


def _remove_tags_skipping_unclosed(text: str, comments_from: int, cdata_from: int) -> str:
    """What ``_TAG.sub("", text)`` returns, found tag by tag: an opener at or after
    ``comments_from`` (``cdata_from``) has no closer after it, so it is skipped untried."""
    kept: list[str] = []
    kept_from = position = 0
    while (start := _TAG_START.search(text, position)) is not None:
        at = start.start()
        unclosed = (at >= comments_from and text.startswith(_COMMENT_OPEN, at)) or (
            at >= cdata_from and text.startswith(_CDATA_OPEN, at)
        )
        tag = None if unclosed else _TAG.match(text, at)
        if tag is None:
            position = at + 1
            continue
        kept.append(text[kept_from:at])
        kept_from = position = tag.end()
    kept.append(text[kept_from:])
    return "".join(kept)


def _strip_tags_from_line(match: re.Match[str]) -> str:
    line = match.group(0)
    stripped = _remove_tags(line)
    if stripped == line:
        return line
    # A line that held only spam elements inside a list leaves "1." or "•": drop that too.
    if _SPAM_RESIDUE.fullmatch(stripped):
        return ""
    return stripped


def strip_leftover_tags(text: str) -> str:
    """Remove HTML tags injected into text documents (SEO spam rows, saved-page residue).

    Works line by line so that a line made only of spam elements becomes an empty line rather
    than gluing its neighbours together. Tags spanning lines (rare) are removed as a whole.
    """
    if "<" not in text:
        return text
    text = _LINE_WITH_TAG.sub(_strip_tags_from_line, text)
    if "<" in text:  # comments and tags that span several lines
        text = _remove_tags(text)
    return text


def strip_leading_bullets(text: str) -> str:
    """Drop list bullets ("•", "●", …) at the start of lines: list markup flattened to text."""
    if not any(bullet in text for bullet in LINE_BULLETS):
        return text
    return _LEADING_BULLET.sub(r"\1", text)
