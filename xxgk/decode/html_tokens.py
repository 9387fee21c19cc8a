"""HTML tags as the HTML tokenizer sees them, by regex: for estimating a page's nesting
(``html_nesting``) without building a tree.

What matters is to see the same tags a parser sees. A ``</div>`` inside a comment, inside a
quoted attribute value (``<div title="</div>">``) or inside a raw-text element such as
``<script>`` or ``<title>`` is text; ``<div/>`` is a start tag whose slash HTML ignores, but
``<g x=a/>`` is not even self-closing (the slash belongs to the unquoted value); a tag the
input ends inside of is dropped together with everything after it.
"""

from __future__ import annotations

import re

_WS = r"[\t\n\f\r ]"
# Attributes as the tokenizer reads them. Possessive quantifiers keep matching linear on
# hostile input (no backtracking into a long attribute run).
_ATTRIBUTES = (
    rf"(?:{_WS}++|/(?!>)|[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    rf"(?:{_WS}*+={_WS}*+(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >\"'][^\t\n\f\r >]*+|(?=>)))?)*+"
)
TOKEN = re.compile(
    r"<(?:"
    r"(?P<comment>!--(?:-?>|.*?(?:--!?>|\Z)))"  # <!-->, <!-- … --> and <!-- … --!>
    r"|(?P<cdata>!\[CDATA\[)"  # a CDATA section in SVG/MathML, a bogus comment elsewhere
    r"|[!?][^>]*+>?"  # <!DOCTYPE …>, <?xml …?>: up to the next ">"
    rf"|(?P<end>/)?(?P<name>[A-Za-z][^\t\n\f\r />]*+)(?P<attributes>{_ATTRIBUTES})(?P<slash>/?)>"
    r"|/(?:>|[^A-Za-z>][^>]*+>?)"  # "</>" is dropped, "</ x>" is a bogus comment
    r"|(?P<unfinished>[A-Za-z/])"  # a tag the input ends inside of
    r")",
    re.DOTALL,
)
"""One token from a "<": a tag (groups end, name, attributes, slash), a comment, a
declaration, the start of a CDATA section (group cdata), or a tag left unfinished at the end
of the input (group unfinished). Text between tokens is not matched."""

RAW_TEXT_ELEMENTS = frozenset("style xmp iframe noembed noframes textarea title script".split())
# lexbor parses with scripting off, so <noscript> holds markup, not text.

_RAW_TEXT_END = {
    name: re.compile(rf"(?i)</{name}(?={_WS}|/|>)") for name in RAW_TEXT_ELEMENTS
}
# Script text has escape states: "<!--" starts one in which "<script>" opens a second level
# whose "</script>" does not end the element: "<!--<script></script>--></script>".
_SCRIPT_EVENT = re.compile(rf"(?i)<!--|-->|<(/?)script(?={_WS}|/|>)")
_CDATA_END = re.compile(r"\]\]>")
_BOGUS_COMMENT_END = re.compile(">")
_ATTRIBUTE_VALUE = re.compile(r"""=[\t\n\f\r ]*(?:"[^"]*"?|'[^']*'?|[^\t\n\f\r >]*)""")
_ATTRIBUTE_NAME = re.compile(r"(?:^|[\t\n\f\r /=])([^\t\n\f\r /=>]+)")


def skip_raw_text(markup: str, name: str, position: int) -> int:
    """Where markup resumes after raw-text element ``name`` whose text starts at
    ``position`` (just after its end tag), or -1 when its text runs to the end of the input."""
    end = _find_raw_text_end(markup, name, position)
    if end < 0:
        return -1
    closing = TOKEN.match(markup, end)
    return closing.end() if closing is not None and closing.group("name") else -1


def _find_raw_text_end(markup: str, name: str, position: int) -> int:
    if name != "script":
        found = _RAW_TEXT_END[name].search(markup, position)
        return found.start() if found is not None else -1
    escaped = double_escaped = False
    while (event := _SCRIPT_EVENT.search(markup, position)) is not None:
        position = event.end()
        text = event.group()
        if text == "<!--":
            escaped = True
            position = event.start() + 2  # "<!-->" ends the escape it starts
        elif text == "-->":
            escaped = double_escaped = False
        elif event.group(1):  # </script
            if not double_escaped:
                return event.start()
            double_escaped = False
        elif escaped:  # <script inside "<!--"
            double_escaped = True
    return -1


def find_cdata_end(markup: str, position: int, *, in_foreign_content: bool) -> int:
    """Where the text after "<![CDATA[" at ``position`` resumes as markup, or -1: a real
    CDATA section inside SVG/MathML ends at "]]>", elsewhere the bogus comment at ">"."""
    end = _CDATA_END if in_foreign_content else _BOGUS_COMMENT_END
    found = end.search(markup, position)
    return found.end() if found is not None else -1


def read_attribute_names(attributes: str) -> set[str]:
    """Lower-cased attribute names in a tag's attribute text (values left out)."""
    return {name.lower() for name in _ATTRIBUTE_NAME.findall(_ATTRIBUTE_VALUE.sub("=", attributes))}
