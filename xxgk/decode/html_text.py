"""HTML to text with selectolax (lexbor): blocks become lines, tables become pipe rows.

What a reader sees is what we keep: script, style, templates, frames, SVG, forms' widgets and
hidden elements (a favourite hiding place for injected casino links) are dropped; <title> is
read before <head> goes. Block elements start new lines, <p> and headings are separated by a
blank line, <br> is a line break; inline whitespace collapses as a browser would collapse it.

Block boundaries are marked with private-use characters inserted into the markup before
parsing (one regex pass in C instead of a Python call per element); table parts get no marks
there, because text between table tags is moved out of the table by the HTML parser.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from xxgk.decode import limits
from xxgk.decode.html_nesting import is_nested_too_deep
from xxgk.decode.html_tables import (
    LINE_MARK,
    PARAGRAPH_MARK,
    describe_table,
    mark_layout_cells,
    render_table_block,
    render_table_flat,
)

_DROPPED_TAGS = [
    "script", "style", "noscript", "template", "iframe", "frame", "svg", "math", "object", "embed",
    "canvas", "select", "button", "textarea", "nav", "map", "audio", "video", "head",
]
_HIDDEN = (
    '[hidden], [style*="display:none"], [style*="display: none"], [style*="DISPLAY:none"], '
    '[style*="DISPLAY: none"], [style*="visibility:hidden"], [style*="visibility: hidden"]'
)
# Both found by one selector query (one walk of the tree instead of one per tag name).
_NOT_SEEN = ", ".join([*_DROPPED_TAGS, _HIDDEN])
_PARAGRAPH_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6")
_LINE_TAGS = (
    "div", "section", "article", "header", "footer", "main", "aside", "address", "li", "ul",
    "ol", "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset", "legend", "hr", "caption",
    "center", "details", "summary", "blockquote", "pre", "option", "menu", "dir", "table",
)


def _tag_name_pattern(names: tuple[str, ...]) -> str:
    """A regex matching any of ``names`` in lower, upper or title case, as a trie of alternatives.

    Python's regex engine tries alternatives one by one and slows down a lot with IGNORECASE;
    a trie of case-sensitive branches is several times faster on tag-heavy pages.
    """
    trie: dict = {}
    for name in {*names, *(name.upper() for name in names), *(name.capitalize() for name in names)}:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


# The "<" of a block tag, matched alone so that the mark is a literal replacement: re.sub
# expands a template such as "\1" in Python, once per match.
_PARAGRAPH_TAG = re.compile(rf"<(?=/?(?:{_tag_name_pattern(_PARAGRAPH_TAGS)})[\s/>])")
_LINE_TAG = re.compile(rf"<(?=/?(?:{_tag_name_pattern(_LINE_TAGS)})[\s/>])")
_BR = re.compile(r"(?i)<br\s*/?>|</br\s*>")
# ASCII whitespace other than the space, which str.replace turns into spaces (much faster
# than a character-class regex over mostly CJK text).
_OTHER_ASCII_WHITESPACE = ("\t", "\n", "\r", "\f", "\v")
# A space before another space or before a mark: deleting these collapses space runs and
# drops the spaces in front of block boundaries in one pass.
_REDUNDANT_SPACE = re.compile(f" (?=[ {LINE_MARK}{PARAGRAPH_MARK}])")
# Mark runs once no space precedes a mark (the space after a run is taken along).
_LINE_MARK_RUN = re.compile(f"{LINE_MARK}[{LINE_MARK} ]+")
_RUN_WITH_PARAGRAPH_MARK = re.compile(f"{PARAGRAPH_MARK}[{LINE_MARK}{PARAGRAPH_MARK} ]*")
_PRIVATE_MARKS = re.compile(f"[{LINE_MARK}{PARAGRAPH_MARK}]")

# The tree-less fallback for pathological markup.
_DROPPED_BLOCKS = re.compile(r"(?is)<(script|style|noscript|template|head|svg)\b.*?</\1\s*>")
_ANY_TAG = re.compile(r"(?s)<!--.*?-->|<[A-Za-z/!?][^<>]*>")


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    title: str | None
    warnings: tuple[str, ...] = ()


def _mark_blocks(markup: str) -> str:
    markup = _BR.sub(LINE_MARK, markup)
    markup = _PARAGRAPH_TAG.sub(PARAGRAPH_MARK + "<", markup)
    return _LINE_TAG.sub(LINE_MARK + "<", markup)


def _finish(text: str) -> str:
    """Collapse whitespace as a browser does; a run of marks becomes a blank line when it
    holds a paragraph mark, else a line break.

    Every step is a str method or a regex with a literal first character and a literal
    replacement, so that the C code does all the work.
    """
    for whitespace in _OTHER_ASCII_WHITESPACE:
        if whitespace in text:
            text = text.replace(whitespace, " ")
    # Spaces next to a block boundary are not content. Once space runs are collapsed and
    # the spaces before marks are gone, a run of marks is contiguous and only the one space
    # after it is left.
    text = _REDUNDANT_SPACE.sub("", text)
    # Collapsing line-mark runs first leaves at most one line mark before the first
    # paragraph mark of a run, so the paragraph pattern can start at a literal.
    text = _LINE_MARK_RUN.sub(LINE_MARK, text)
    text = _RUN_WITH_PARAGRAPH_MARK.sub("\n\n", text)
    text = text.replace(LINE_MARK + "\n\n", "\n\n").replace(LINE_MARK, "\n")
    return text.strip(" \n")


@dataclass(slots=True)
class _TablePlaces:
    """Where each table of a page sits."""

    enclosing: list[int | None]  # index of the nearest table holding it
    # It or a table inside it sits in a cell: what the selector "td table, th table" finds
    # when run from the table (a selector query also matches the node it starts from).
    has_nested: list[bool]


def _place_tables(tables: list[LexborNode]) -> _TablePlaces:
    """Walk up from each table (in document order) to the nearest table holding it; a cell
    above that one is known from the holder's own walk, so no walk goes further."""
    index_of = {table.mem_id: index for index, table in enumerate(tables)}
    enclosing: list[int | None] = [None] * len(tables)
    in_cell = [False] * len(tables)
    for index, table in enumerate(tables):
        parent = table.parent
        while parent is not None:
            tag = parent.tag
            if tag == "td" or tag == "th":
                in_cell[index] = True
            elif tag == "table":
                holder = enclosing[index] = index_of.get(parent.mem_id)
                if holder is not None:
                    in_cell[index] = in_cell[index] or in_cell[holder]
                    break
            parent = parent.parent
    has_nested = in_cell.copy()
    for index in reversed(range(len(tables))):  # inner tables before the tables holding them
        holder = enclosing[index]
        if holder is not None and has_nested[index]:
            has_nested[holder] = True
    return _TablePlaces(enclosing, has_nested)


def _replace_tables(tree: LexborHTMLParser) -> list[str]:
    warnings: list[str] = []
    tables = tree.tags("table")
    if not tables:
        return warnings
    places = _place_tables(tables)
    infos = [describe_table(table, places.has_nested[i]) for i, table in enumerate(tables)]
    # Process inner tables before the tables holding them: their text then lands in the
    # outer cell already flattened.
    for info, holder in zip(reversed(infos), reversed(places.enclosing), strict=True):
        enclosing = None if holder is None else infos[holder]
        if info.is_layout:
            mark_layout_cells(info)
        elif enclosing is not None and not enclosing.is_layout:
            info.node.replace_with(render_table_flat(info))
        else:
            block, capped = render_table_block(info)
            if capped:
                warnings.append("table spans exceed the grid cap; spans ignored")
            info.node.replace_with(block)
    return warnings


def html_to_text(markup: str) -> HtmlText:
    """Visible text of an HTML page with tables as pipe rows, and its <title>."""
    if is_nested_too_deep(markup):
        return HtmlText(*_html_to_text_without_tree(markup))
    tree = LexborHTMLParser(_mark_blocks(markup))
    title_node = tree.css_first("title")
    title = _PRIVATE_MARKS.sub(" ", title_node.text()) if title_node is not None else None
    if not title:
        heading = tree.css_first("h1")
        title = _finish(heading.text()).replace("\n", " ") if heading is not None else None
    for unseen in tree.css(_NOT_SEEN):
        unseen.decompose()
    warnings = _replace_tables(tree)
    root = tree.body or tree.root
    text = root.text(deep=True, separator="", strip=False) if root is not None else ""
    return HtmlText(_finish(text), title, tuple(warnings))


def _html_to_text_without_tree(markup: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Tags stripped by regex: for markup too deeply nested to build a tree from."""
    title_match = re.search(r"(?is)<title[^>]*>(.*?)</title>", markup[:65536])
    title = html_lib.unescape(title_match.group(1)) if title_match else None
    markup = _DROPPED_BLOCKS.sub(" ", markup)
    markup = _mark_blocks(markup)
    text = html_lib.unescape(_ANY_TAG.sub("", markup))
    warning = (
        f"markup nested deeper than {limits.MAX_HTML_NESTING} elements, or misnested past "
        "repair; read without a tree (no tables)"
    )
    return _finish(text), title, (warning,)
