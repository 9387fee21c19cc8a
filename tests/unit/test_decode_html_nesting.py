"""The nesting estimate that keeps pathological markup away from lexbor's tree builder:
nesting hidden from a tag counter, formatting elements re-created without end, and no
false alarm on ordinary pages. Depths are checked against what lexbor itself builds."""

from __future__ import annotations

import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from xxgk.decode import decode_document, limits
from xxgk.decode.html_nesting import estimate_nesting, is_nested_too_deep
from xxgk.generate import generate_reports

LIMIT = 50  # a small limit keeps the fixtures small; the rules do not depend on it
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen"}


def lexbor_depth(markup: str) -> int:
    """Depth of lexbor's deepest non-void element below <body> (or <head>)."""
    tree = LexborHTMLParser(markup)
    deepest = 0
    stack = [(tree.root, -1)]  # html at depth -1: head and body at 0, their children at 1
    while stack:
        node, depth = stack.pop()
        if node.tag and not node.tag.startswith("-") and node.tag not in VOID:
            deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next
    return deepest


@pytest.mark.parametrize(
    "unit",
    [
        "<div/>",  # the slash means nothing on a non-void HTML element
        "<div></x>",  # an end tag with nothing of its name open is ignored
        "<div></DIV x>",  # ...but this one closes: the control case below
        "<span><div></span>",  # </span> does not close through a block opened inside it
        "<div><!--</div>-->",  # end tags in comments,
        '<div title="</div>">',  # in quoted attribute values,
        "<div><script></div></script>",  # and in raw text are text
        "<div><title></div></title>",
        "<div><script><!--<script></script></div>--></script>",  # script's escape states
        "<svg><div/>",  # a <div> ends the SVG: its "/" is ignored again
        "<p><hr><span>",  # <hr> closes the <p>: a later block does not close the spans
        "<form><div></form>",  # </form> leaves what is open inside the form open
        "<table><caption><table>",  # a table in a caption nests
        "<ruby><object><rt>",  # ruby parts outside a ruby in scope nest
    ],
)
def test_nesting_a_tag_counter_misses_is_estimated_at_least_as_deep_as_lexbor(unit):
    markup = "<body>" + unit * 40
    estimate = estimate_nesting(markup)
    assert estimate.depth >= lexbor_depth(markup) - 1
    if unit == "<div></DIV x>":
        assert estimate.depth <= 2
    else:
        assert lexbor_depth(markup) >= 40  # the markup really nests
        assert is_nested_too_deep(unit * (LIMIT + 5), limit=LIMIT)


def test_the_two_hidden_patterns_of_the_reliability_suite_are_caught_fast():
    markup = "<html><body>" + "<div/>" * 50_000 + "<div></x>" * 50_000 + "<p>正文</p>"
    started = time.perf_counter()
    assert is_nested_too_deep(markup)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "markup",
    [
        "<p>段落" * 200,  # unclosed paragraphs close each other
        "<ul>" + "<li>条目" * 200 + "</ul>",
        "<dl>" + "<dt>词<dd>释义" * 100 + "</dl>",
        "<table>" + "<tr><td>1<td>2" * 100 + "</table>",
        "<select>" + "<option>一" * 200 + "</select>",
        "<br><img src=x><input><meta charset=utf-8><hr>" * 100,  # voids never open
        "<svg>" + '<path d="M0 0"/>' * 200 + "</svg>",  # "/>" closes inside SVG
        "<a href=#1>一<a href=#2>二" * 100,  # a new <a> closes the open one
        "<h1>标题<h2>小标题" * 100,
        "<p>一<b>粗</p><p>二</b>三</p>" * 100,  # misnested bold re-created once each time
    ],
)
def test_implicitly_closed_elements_do_not_add_depth(markup):
    estimate = estimate_nesting("<body>" + markup)
    assert estimate.depth <= 4
    assert estimate.depth >= lexbor_depth("<body>" + markup) - 1
    assert not is_nested_too_deep(markup, limit=LIMIT)


def test_formatting_elements_recreated_without_end_are_counted(monkeypatch):
    # Each <p> closes the <b> before it, which stays active (each has its own attribute,
    # so none replaces another): every new <b> re-creates all earlier ones first.
    markup = "".join(f"<p><b class=c{number}>字</p>" for number in range(40))
    assert estimate_nesting(markup).reconstructed >= 39 * 40 // 2
    monkeypatch.setattr(limits, "MAX_HTML_RECONSTRUCTED_ELEMENTS", 500)
    assert is_nested_too_deep(markup, limit=LIMIT)
    # The same with one attribute: at most three identical ones stay active.
    same = "<p><b class=c>字</p>" * 40
    assert estimate_nesting(same).reconstructed <= 3 * 40
    assert not is_nested_too_deep(same, limit=LIMIT)


def test_a_template_of_columns_ignores_the_tags_inside_it():
    # After <col>, a template ignores every other tag, even <textarea>: what follows is
    # markup, not textarea text, and the divs after </template> nest.
    markup = "<body><template><col><textarea></template>" + "<div>" * 60 + "</textarea>"
    assert estimate_nesting(markup).depth >= lexbor_depth(markup) - 1 >= 59


def test_ordinary_pages_are_estimated_as_lexbor_builds_them():
    for report in generate_reports(25, seed=1, formats=("html",)):
        markup = report.data.decode("utf-8", errors="replace")
        depth = estimate_nesting(markup).depth
        assert abs(depth - lexbor_depth(markup)) <= 1, report.filename
        assert not is_nested_too_deep(markup)
        assert not is_nested_too_deep(markup * 12)  # a long page: thousands of tags


def test_a_page_read_without_a_tree_keeps_its_text_and_says_why():
    body = "<div/>" * (limits.MAX_HTML_NESTING + 10) + "<p>全年主动公开政府信息752条。</p>"
    document = decode_document(f"<html><body>{body}</body></html>".encode(), filename="a.html")
    assert "全年主动公开政府信息752条。" in document.text
    assert any("nested deeper" in warning for warning in document.warnings)
