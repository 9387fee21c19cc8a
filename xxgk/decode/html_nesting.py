"""What an HTML page will cost lexbor's tree builder, estimated from its tags before any tree
is built: how deep its elements nest and how many it re-creates.

lexbor walks its stack of open elements on most start tags, so its time grows with the
square of the nesting depth (≈20 s at 100,000 levels); and it re-creates formatting
elements (``<b>``, ``<font>``…) that a block closed before them: ``<p><b a=1></p>`` repeated
with a new attribute each time makes it clone every earlier ``<b>`` at each repeat (5,000
repeats, 85 KB: ≈13 s). Counting ``<div>`` against ``</div>`` sees neither: ``<div/>`` opens a
div (the slash means nothing on a non-void HTML element), ``</x>`` with no open ``x`` closes
nothing, ``</span>`` does not close through a ``<div>`` opened inside the span, and text in
comments, quoted attributes and scripts is not markup.

So this module replays the tree-construction rules that decide what stays open
(``html_tag_rules``) on the tokens of ``html_tokens``, keeping only tag names in a stack of
open elements and a list of active formatting elements (``html_open_elements``). It is an
estimate, not a parser: where the rules are too intricate to replay (the adoption
agency for a ``</b>`` with a block inside the ``<b>``, template and select insertion modes)
it keeps open what a parser might close. Counting too deep costs a page its tables (it is
then read without a tree); counting too shallow is the failure that matters.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from xxgk.decode import limits
from xxgk.decode.html_open_elements import OpenElements
from xxgk.decode.html_tag_rules import (
    BREAKS_OUT_OF_FOREIGN,
    CLOSE_ACTIVE_NAMESAKE,
    CLOSE_SELECT,
    CLOSES_ONLY_WHEN_CURRENT,
    CLOSES_P,
    CLOSES_WITH_CARE,
    DOCUMENT,
    END_TAG_BARRIERS,
    FONT_BREAKOUT_ATTRIBUTES,
    FOREIGN_ROOTS,
    FORMATTING,
    GENERIC_END,
    HEADINGS,
    HOLD_NESTED_TABLES,
    IN_PLACE,
    INTEGRATION_POINTS,
    ITEM_GROUPS,
    NO_RECONSTRUCTION,
    OBJECT_MARKERS,
    PLAIN_BLOCKS,
    RUBY_PARTS,
    RULED_START_TAGS,
    TABLE_PARTS,
    VOID,
)
from xxgk.decode.html_tokens import (
    RAW_TEXT_ELEMENTS,
    TOKEN,
    find_cdata_end,
    read_attribute_names,
    skip_raw_text,
)


@dataclass(frozen=True, slots=True)
class NestingEstimate:
    depth: int  # deepest stack of open elements (html and body not counted)
    reconstructed: int  # formatting elements re-created after a block closed them


def _is_foreign_content(key: str) -> bool:
    """True for an SVG/MathML element whose children are parsed by the foreign rules."""
    return " " in key and key not in INTEGRATION_POINTS


class _TreeBuilderReplay(OpenElements):
    """The open elements, with the tree-construction rules that open and close them."""

    __slots__ = ()

    def close_paragraph(self) -> None:
        paragraph = self.topmost("p")
        if self.is_reachable(paragraph, ("scope", "button")):
            self.pop_to(paragraph)


    def close_open_select(self) -> bool:
        """Close an open <select> (for <input> or <select>); True when there was one."""
        select = self.topmost("select")
        if self.is_reachable(select, ("scope",)):
            self.pop_to(select)
            return True
        return False


    def close_table_in_table_mode(self) -> None:
        """<table> directly in a table (not inside one of its cells or its caption) closes that
        table first: <table><table> are siblings."""
        table = self.topmost("table")
        if table < 0 or max(self.topmost(name) for name in HOLD_NESTED_TABLES) > table:
            return
        self.pop_to(table)


    def nearest_part_holder(self, name: str, table: int) -> tuple[int, tuple[str, ...]]:
        """Where a table part ``name`` goes (an open element nearer than ``table`` that may
        hold it, else ``table``) and the wrappers it opens there (see TABLE_PARTS)."""
        *nearer, (_, in_table) = TABLE_PARTS[name]
        for holders, wrappers in nearer:
            holder = max(self.topmost(candidate) for candidate in holders)
            if holder > table:
                return holder, wrappers
        return table, in_table

    def open_table_part(self, name: str) -> int:
        """Apply a table part's start tag (see TABLE_PARTS); return the new depth."""
        # A template holds table parts as a table does (without the wrappers: counting them
        # errs deep by two).
        table = max(self.topmost("table"), self.topmost("template"))
        if table < 0:
            return len(self.keys)  # <td> outside any table: ignored
        if not self.is_reachable(table, ("table_scope",)):
            return self.push(name)  # in a template inside the table
        holder, wrappers = self.nearest_part_holder(name, table)
        self.pop_to(holder + 1)
        for wrapper in wrappers:
            self.push(wrapper)
        return len(self.keys)


    def close_implied_by(self, name: str) -> None:
        """Close what a start tag ``name`` implies the end of: an open item of its list
        (<li><li>), a button, an option, ruby parts, a table it may not nest in, or an
        active formatting element of its name (<a><a>)."""
        if name in ITEM_GROUPS:
            item = max(self.topmost(group) for group in ITEM_GROUPS[name])
            if self.is_reachable(item, ("item_stop",)):
                self.pop_to(item)
        elif name == "button":
            button = self.topmost("button")
            if self.is_reachable(button, ("scope",)):
                self.pop_to(button)
        elif name in ("option", "optgroup"):
            if self.top() == "option":
                self.pop_current()
        elif name in RUBY_PARTS:
            self.close_ruby_parts(name)
        elif name == "table":
            self.close_table_in_table_mode()
        elif name in CLOSE_ACTIVE_NAMESAKE:
            self.close_active_namesake(name)

    def close_ruby_parts(self, name: str) -> None:
        """<rt>, <rp>, <rb>, <rtc> inside a <ruby> close the parts they end."""
        if self.is_reachable(self.topmost("ruby"), ("scope",)):
            implied = RUBY_PARTS[name]
            while self.top() in implied:
                self.pop_current()

    def close_active_namesake(self, name: str) -> None:
        """A start tag whose namesake is still an active formatting element ends it first."""
        active = self.segments[-1].last_named(name)
        if active is not None:
            if self.is_reachable(active.index, ("special",)):
                self.pop_to(active.index)
            self.deactivate(active)

    def open_html_element(self, name: str, attributes: str) -> int:
        """Apply an HTML start tag that opens an element; return the new depth."""
        if name in TABLE_PARTS:
            return self.open_table_part(name)
        self.close_implied_by(name)
        if name in CLOSES_P:
            self.close_paragraph()
            if name in HEADINGS and self.top() in HEADINGS:
                self.pop_current()  # <h1><h2>: the h2 is not inside the h1
        if name not in NO_RECONSTRUCTION:
            self.reconstruct()
        depth = self.push(name)
        if name in FORMATTING:
            self.activate(name, name + " " + attributes.strip(), depth - 1)
        return depth


    def leave_foreign_content(self) -> None:
        while _is_foreign_content(self.top()):
            self.pop_current()

    def close_in_foreign_content(self, name: str) -> bool:
        """An end tag in SVG or MathML closes the nearest foreign namesake (True when it
        did); </p> leaves the foreign content first."""
        if name == "p":
            self.leave_foreign_content()
            return False
        namesake = max(self.topmost("svg " + name), self.topmost("math " + name))
        html = self.kind_positions["html"]
        if namesake >= 0 and namesake > (html[-1] if html else -1):
            self.pop_to(namesake)
            return True
        return False

    def close_formatting(self, name: str) -> bool:
        """The end tag of a formatting element; True when it was one of the active list (it
        is then dealt with)."""
        active = self.segments[-1].last_named(name)
        if active is None:
            return False
        if active.index < 0:  # closed by a block already: only leaves the list
            self.deactivate(active)
        elif self.is_reachable(active.index, ("special",)):
            self.pop_to(active.index)
            self.deactivate(active)
        # else a block was opened inside it: the parser reparents (the adoption agency);
        # keeping everything open counts at least as deep.
        return True

    def close_element(self, name: str) -> None:
        """Apply an end tag: close its element if one is open and nothing stops the end tag."""
        if name == "br":  # </br> is read as <br>, which re-opens formatting elements
            self.leave_foreign_content()
            self.reconstruct()
            return
        if " " in self.top() and self.close_in_foreign_content(name):
            return
        if name in FORMATTING and self.close_formatting(name):
            return
        if name in HEADINGS:  # </h2> closes an open <h1> as well
            index = max(self.topmost(heading) for heading in HEADINGS)
        else:
            index = self.topmost(name)
        if index < 0:
            return  # </x> with no open x is ignored
        if name in CLOSES_ONLY_WHEN_CURRENT:
            if index == len(self.keys) - 1:
                self.pop_to(index)
            return
        if self.is_reachable(index, END_TAG_BARRIERS.get(name, GENERIC_END)):
            self.pop_to(index)
            if name in OBJECT_MARKERS:
                self.clear_to_last_marker()


    def open_element(self, name: str, attributes: str, self_closing: bool) -> int:
        """Apply a start tag that is not raw text; return the new depth."""
        top = self.top()
        if _is_foreign_content(top):
            breaks_out = name in BREAKS_OUT_OF_FOREIGN or (
                name == "font" and not FONT_BREAKOUT_ATTRIBUTES.isdisjoint(
                    read_attribute_names(attributes))
            )
            if not breaks_out:
                if self_closing:  # "/>" closes an element only in foreign content
                    return len(self.keys)
                return self.push(top[: top.index(" ") + 1] + name)
            while _is_foreign_content(self.top()):
                self.pop_current()
        if name in CLOSE_SELECT and self.close_open_select() and name == "select":
            return len(self.keys)
        if name in VOID or name in DOCUMENT:
            if name in CLOSES_P:
                self.close_paragraph()
            if name not in NO_RECONSTRUCTION:
                return self.reconstruct()
            return len(self.keys)
        if name in FOREIGN_ROOTS:
            depth = self.reconstruct()
            return depth if self_closing else self.push(FOREIGN_ROOTS[name] + name)
        return self.open_html_element(name, attributes)


# C901: one loop over every tag of a page, its fast paths (the common tags) written inline
# so that they cost no call per tag; the rare tags go to the _TreeBuilderReplay methods.
def estimate_nesting(  # noqa: C901
    markup: str,
    depth_limit: int | None = None,
    reconstruction_limit: int | None = None,
) -> NestingEstimate:
    """Estimate how deep lexbor's tree for ``markup`` nests and how many formatting elements
    it re-creates (see the module docstring); stop as soon as either passes its limit."""
    elements = _TreeBuilderReplay()
    keys = elements.keys
    deepest = 0
    position = 0
    depth_limit = sys.maxsize if depth_limit is None else depth_limit
    reconstruction_limit = sys.maxsize if reconstruction_limit is None else reconstruction_limit
    search = TOKEN.search
    while (token := search(markup, position)) is not None:
        if deepest > depth_limit or elements.reconstructed > reconstruction_limit:
            break
        start, end = token.span()
        if start > position and elements.segments[-1].entries:
            deepest = max(deepest, elements.reconstruct())  # text re-opens formatting
        position = end
        name, closing = token.group("name", "end")
        if name is not None:
            # The common cases first: an end tag closing the current element, a start tag
            # with no rule of its own outside SVG/MathML and templates.
            name = name.lower()
            top = keys[-1] if keys else ""
            if closing:
                if name == top and name not in CLOSES_WITH_CARE:
                    elements.pop_current()
                    continue
            elif name not in RULED_START_TAGS and " " not in top and top != "template":
                if elements.segments[-1].entries:
                    elements.reconstruct()
                deepest = max(deepest, elements.push(name))
                continue
            elif name in PLAIN_BLOCKS and " " not in top and top != "template":
                if "p" in elements.positions:
                    elements.close_paragraph()
                deepest = max(deepest, elements.push(name))
                continue
            elif (top, name) in IN_PLACE:
                deepest = max(deepest, elements.push(name))
                continue
        if name is None:
            if token.group("unfinished"):
                break  # the input ends inside a tag: nothing after it is markup
            if token.group("cdata"):
                position = find_cdata_end(
                    markup, position, in_foreign_content=" " in elements.top())
                if position < 0:
                    break
            continue
        if elements.holds_columns() and name != "template":
            continue  # tags in a template of columns are ignored: none opens, none is text
        if closing:
            elements.close_element(name)
            deepest = max(deepest, len(elements.keys))  # </br> re-opens formatting
            continue
        if elements.top() == "template":
            elements.start_template_content(name)
            if elements.holds_columns():
                continue  # <col> itself opens nothing
        if name in RAW_TEXT_ELEMENTS and not _is_foreign_content(elements.top()):
            if name == "xmp":
                elements.close_paragraph()
                deepest = max(deepest, elements.reconstruct())
            resumed = skip_raw_text(markup, name, position)
            # With no end tag the text runs to the end of the input and nothing after it
            # nests; reading on as markup then can only add depth, never hide any, which is
            # what counts where a parser has ignored the start tag.
            if resumed >= 0:
                position = resumed
            continue
        if name == "plaintext" and not _is_foreign_content(elements.top()):
            break  # everything after <plaintext> is text
        depth = elements.open_element(name, token.group("attributes"),
                              bool(token.group("slash")))
        deepest = max(deepest, depth)
    return NestingEstimate(deepest, elements.reconstructed)


def is_nested_too_deep(markup: str, limit: int = limits.MAX_HTML_NESTING) -> bool:
    """True when lexbor would nest ``markup`` deeper than ``limit`` elements or re-create
    more than ``limits.MAX_HTML_RECONSTRUCTED_ELEMENTS`` formatting elements: either makes
    its tree builder slow."""
    # Every open element costs a "<" (wrappers like <tbody> at most double that), and
    # below the limit the re-creations stay under ~1 M (0.2 s): small pages skip the scan.
    if markup.count("<") < limit:
        return False
    estimate = estimate_nesting(markup, limit, limits.MAX_HTML_RECONSTRUCTED_ELEMENTS)
    return (estimate.depth > limit
            or estimate.reconstructed > limits.MAX_HTML_RECONSTRUCTED_ELEMENTS)
