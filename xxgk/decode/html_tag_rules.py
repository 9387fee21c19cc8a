"""Which HTML tags open, close or bound which elements: the vocabulary of the HTML
standard's tree construction (and of lexbor's departures from it) that ``html_nesting``
replays. Data only, each set with an example; the rules using them live in ``html_nesting``
and ``html_open_elements``.
"""

from __future__ import annotations

from xxgk.decode.html_tokens import RAW_TEXT_ELEMENTS

# Never open: <br>, <img src=x>, <meta charset=utf-8>; also the legacy voids lexbor treats
# the same way (<keygen>, <image> read as <img>, <basefont>, <bgsound>, <frame>).
VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
# Created once by the parser; repeated in the body they are ignored: <body><body>.
DOCUMENT = frozenset(("html", "head", "body"))
# Table parts open only when a table is open (elsewhere they are ignored), inside the
# nearest open part that can hold them, with the wrappers a parser supplies: <table><td>
# is table > tbody > tr > td, <table><thead><td> is table > thead > tr > td. For each part:
# (names of a holder, wrappers to add inside it), nearest holder first; the table itself
# is the last holder.
SECTIONS = ("tbody", "thead", "tfoot")
TABLE_PARTS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "td": ((("tr",), ("td",)), (SECTIONS, ("tr", "td")), (("table",), ("tbody", "tr", "td"))),
    "th": ((("tr",), ("th",)), (SECTIONS, ("tr", "th")), (("table",), ("tbody", "tr", "th"))),
    "tr": ((SECTIONS, ("tr",)), (("table",), ("tbody", "tr"))),
    **{name: ((("table",), (name,)),) for name in (*SECTIONS, "caption", "colgroup")},
    "col": ((("table",), ("colgroup",)),),
}
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Inside these a <table> nests; anywhere else inside a table it closes that table.
HOLD_NESTED_TABLES = ("td", "th", "caption", "template", "frameset")
# Start tags that first close an open <p>: <p>a<div>b puts the div beside the p. (<table>
# keeps the p open in quirks mode; closing it here errs by one level, never by more.)
CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul pre listing "
    "form li dd dt h1 h2 h3 h4 h5 h6 hr xmp plaintext table".split()
)
# A new item closes the open item of its group unless a block other than address/div/p
# lies between: <li>a<li>b are siblings, <li><section><li> nests.
ITEM_GROUPS = {"li": ("li",), "dd": ("dd", "dt"), "dt": ("dd", "dt")}
# Ruby parts close the open parts (and <p>, <li>… on top) only inside a <ruby>.
RUBY_IMPLIED_END = frozenset("dd dt li optgroup option p rb rp rt rtc".split())
RUBY_PARTS = {
    "rb": RUBY_IMPLIED_END, "rtc": RUBY_IMPLIED_END,
    "rp": RUBY_IMPLIED_END - {"rtc"}, "rt": RUBY_IMPLIED_END - {"rtc"},
}
# Formatting elements: closed by a block, they are re-created at the next text or inline
# start tag (<p><b>a</p>b: the second "b" is bold too, in a new <b>).
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# A new <a> or <nobr> first closes the one still active: <a>x<a>y are siblings.
CLOSE_ACTIVE_NAMESAKE = frozenset(("a", "nobr"))
# Start tags that do not re-create formatting elements (blocks, lists, tables, head parts).
NO_RECONSTRUCTION = CLOSES_P | DOCUMENT | TABLE_PARTS.keys() | RUBY_PARTS.keys() | {
    "table", "hr", "plaintext", "template", "frameset", "base", "basefont", "bgsound", "link",
    "meta", *RAW_TEXT_ELEMENTS - {"xmp"},
}
# Cells, captions and embedded objects start a new list of formatting elements (a marker).
# Closing a cell or caption drops what was active inside; an embedded object does that only
# at its own end tag: an <applet> closed by </table> leaves its marker (and what follows it)
# in the list. (The standard makes <template> a marker too; lexbor does not, and re-opens
# after </template> the formatting elements left open inside.)
MARKERS = frozenset("applet caption marquee object td th".split())
OBJECT_MARKERS = frozenset(("applet", "marquee", "object"))
# An open <select> is closed by these: <select><div><input> puts the input after the select
# (and a second <select> only closes the first).
CLOSE_SELECT = frozenset(("input", "select"))
# Inside <svg>/<math> these start tags end the foreign content: <svg><div/> opens a div
# beside the svg (and its "/" means nothing there). <font> only with color, face or size.
BREAKS_OUT_OF_FOREIGN = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt "
    "u ul var".split()
)
FONT_BREAKOUT_ATTRIBUTES = frozenset(("color", "face", "size"))

# Foreign elements are keyed by namespace, a space (no tag name holds one) and name:
# "svg g". <foreignObject>, <desc>, <title> in SVG and the MathML text elements hold HTML.
# annotation-xml holds HTML only with an HTML encoding; treating it as HTML always keeps
# more open, never less.
FOREIGN_ROOTS = {"svg": "svg ", "math": "math "}
INTEGRATION_POINTS = frozenset(
    "svg foreignobject|svg desc|svg title|math mi|math mo|math mn|math ms|math mtext|"
    "math annotation-xml".split("|")
)

# Kinds of open element, by what they stop. "special" stops a generic end tag (</span>
# does not close through an open <div>); "scope" bounds </div>, </p>, </li> and the like
# (</div> does not close through a <table>); "table_scope" bounds table parts. lexbor
# treats an open <select> as a boundary for all of them (<p><select><div> keeps the p). So
# is a <frameset> taken here: a parser either ignores it (a page has begun already) or
# ignores all but frames after it (cheap to nest, whatever this estimate says); as a
# boundary it keeps the first case counted.
SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption "
    "center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form "
    "frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li "
    "link listing main marquee menu meta nav noembed noframes noscript object ol p param "
    "plaintext pre script search section select source style summary table tbody td template "
    "textarea tfoot th thead title tr track ul wbr xmp".split()
) | INTEGRATION_POINTS
SCOPE = frozenset(
    "applet caption html table td th marquee object template select frameset".split()
) | (
    INTEGRATION_POINTS
)
KIND_MEMBERS = {
    "special": SPECIAL,
    "scope": SCOPE,
    "button": frozenset(("button",)),
    "list": frozenset(("ol", "ul")),
    "table_scope": frozenset(("html", "table", "template", "frameset")),
    "item_stop": SPECIAL - {"address", "div", "p"},
}
KINDS = ("html", *KIND_MEMBERS)
HTML_KINDS = {
    name: ("html", *(kind for kind, members in KIND_MEMBERS.items() if name in members))
    for name in set().union(*KIND_MEMBERS.values()) if " " not in name
}
FOREIGN_KINDS = {
    key: tuple(kind for kind, members in KIND_MEMBERS.items() if key in members)
    for key in INTEGRATION_POINTS
}

# What may not lie between an end tag and the element it closes; with one of these kinds
# opened after the element, the end tag is ignored. Names not listed close through
# non-special elements only (the generic rule).
END_TAG_BARRIERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        "address article aside blockquote button center details dialog dir div dl fieldset "
        "figcaption figure footer header hgroup listing main menu nav ol pre search section "
        "summary ul applet marquee object select dd dt h1 h2 h3 h4 h5 h6".split(),
        ("scope",),
    ),
    "p": ("scope", "button"),
    "li": ("scope", "list"),
    **dict.fromkeys(
        "table caption colgroup tbody thead tfoot tr td th".split(), ("table_scope",)
    ),
    "template": (),  # </template> closes everything opened inside it
}
GENERIC_END = ("special",)
# </form> takes the form out of the stack but leaves what was opened inside it open; only
# when the form is the current element does that lower the depth.
CLOSES_ONLY_WHEN_CURRENT = frozenset(("form",))
# A <template>'s first element sets how its content is parsed; these do not count as first.
# After a first <col> the template holds columns only: every other tag in it is ignored,
# even <textarea> (so what follows is markup, not text): <template><col><div></template>.
TEMPLATE_HEAD_TAGS = frozenset(
    "base basefont bgsound link meta noframes script style template title".split()
)
# No identical formatting element is active more than three times (the "Noah's Ark" rule).
MAX_IDENTICAL_ACTIVE = 3

# Shortcuts for the common cases. Start tags with a rule of their own; any other (<span>,
# <o:p>, <custom-tag>) re-opens the active formatting elements and opens.
RULED_START_TAGS = (
    VOID | DOCUMENT | RAW_TEXT_ELEMENTS | FOREIGN_ROOTS.keys() | TABLE_PARTS.keys()
    | ITEM_GROUPS.keys() | RUBY_PARTS.keys() | CLOSE_ACTIVE_NAMESAKE | CLOSES_P
    | FORMATTING | CLOSE_SELECT | NO_RECONSTRUCTION
    | {"plaintext", "button", "option", "optgroup", "table", "template"}
)
# End tags that need more than closing the current element when they match it.
CLOSES_WITH_CARE = FORMATTING | OBJECT_MARKERS
# Elements whose opening and closing the stack notes beyond their position.
PUSH_HOOKS = MARKERS | {"template"}
# Blocks whose only rule is to close an open <p> (<div>, <section>, <ul>…).
PLAIN_BLOCKS = CLOSES_P - ITEM_GROUPS.keys() - HEADINGS - {"hr", "xmp", "plaintext", "table"}
# A row or cell opened where it belongs: <tr> in a table section, <td> in a row.
IN_PLACE = {("tbody", "tr"), ("thead", "tr"), ("tfoot", "tr"), ("tr", "td"), ("tr", "th")}
