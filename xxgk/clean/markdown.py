"""Markdown decoration left by PDF->markdown converters.

Converters turn a report's title lines into "# …"/"### …" headings, bold runs into "**…**",
indented blocks into "> " quotes, and images into "![](…)". None of it is content. Pipe table
rows are content and stay as they are; their separator rows ("|---|:---:|") are dropped.
"""

from __future__ import annotations

import re

_HEADING_MARKS = r"(?:#{1,6}(?:[ \t]+|$))+"
_HEADING_MARK_AT_START = re.compile(rf"(?m){_HEADING_MARKS}")
# After a newline, kept in the replacement: found from the newline instead of trying a
# multiline "^" at every position. Heading marks never take a newline in, so every line's
# marks are found either way.
_HEADING_MARK_AFTER_NEWLINE = re.compile(rf"(?m)\n{_HEADING_MARKS}")
_BOLD = re.compile(r"\*\*")
# Quote marks, possibly mixed with heading marks ("> ## 标题"): the quote goes, the heading
# mark stays (it is removed last, see ``strip_markdown_headings``).
_QUOTE_MARK = re.compile(r"(?m)^[ \t]*(?:(?:#{1,6}[ \t]+)*>[ \t]*)+(?:#{1,6}[ \t]+)*")
_SEPARATOR_ROW = re.compile(
    r"(?m)^[ \t]*(?:#{1,6}[ \t]+)*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*(?:\n|$)"
)
# Cheap pre-checks, each a necessary condition for the rule above it, written to start with
# a literal (the rules start with a multiline "^", which is tried at every position): a line
# starting with a quote mark, and a dash run followed by a column bar.
_QUOTE_LINE = re.compile(r"\n[ \t#]*>")
_SEPARATOR_CELL_END = re.compile(r"---:?[ \t]*\|")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|\.)[^)\n]*\)")


def _keep_heading_mark(match: re.Match[str]) -> str:
    return "# " if "#" in match.group(0) else ""


def strip_markdown_emphasis(text: str) -> str:
    """Remove bold marks, quote marks, images and link targets; drop pipe-table separator rows.

    Runs early, so that "> 【打印】" or "**友情链接**" is recognised as boilerplate afterwards.
    """
    if "**" in text:
        text = _BOLD.sub("", text)
    if ">" in text and (
        text.lstrip(" \t#").startswith(">") or _QUOTE_LINE.search(text) is not None
    ):
        text = _QUOTE_MARK.sub(_keep_heading_mark, text)
    if "---" in text and _SEPARATOR_CELL_END.search(text) is not None:
        text = _SEPARATOR_ROW.sub("", text)
    if "](" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    return text


def strip_markdown_headings(text: str) -> str:
    """Remove "#" heading marks. Runs after sentences are rejoined: until then a "#" line is
    known to be a heading, and a heading is never glued to the line after it."""
    if "#" not in text:
        return text
    if (first := _HEADING_MARK_AT_START.match(text)) is not None:
        text = text[first.end() :]
    return _HEADING_MARK_AFTER_NEWLINE.sub("\n", text)


def strip_markdown_decoration(text: str) -> str:
    """Everything above at once: emphasis, quotes, images, links, separator rows, headings.
    Pipe rows themselves are kept."""
    return strip_markdown_headings(strip_markdown_emphasis(text))
