"""Format writers: a composed report and its page dressing to HTML, plain text or markdown.

- HTML as portals serve it: a declared charset (or none), <title> with any spam suffix, a
  breadcrumb, page fields (inline, one per line, or a small meta table), the body, share
  widgets, footer, injected spam tags.
- Plain text as a saved page: the same pieces as lines, spam tags left literal, page-field
  tables flattened with labels glued to values (发布机构青川市科技局).
- Markdown as a PDF converter emits it: '#' headings, '---' page breaks with page numbers
  (- 3 -), paragraphs broken across the break mid-word, spaces around numbers (2018 年).
Writers return ``str``; encoding happens in ``corpus``.
"""

from __future__ import annotations

import hashlib
import random
import re

from xxgk.generate.blocks import Block, ComposedReport
from xxgk.generate.layouts import LayoutStyle, render_html_table, render_lines
from xxgk.generate.noise import Dressing
from xxgk.generate.tables import Grid

# PDF converters put spaces between CJK text and digits ("2018 年", "400 余条").
CJK_DIGIT_BOUNDARY = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")
HTML_PARAGRAPH_FORMS = ('<p style="text-indent:2em;">{}</p>', "<p>　　{}</p>",
                        "<p>&nbsp;&nbsp;&nbsp;&nbsp;{}</p>", '<p class="MsoNormal">{}</p>',
                        "<div>{}</div>")
HTML_HEADING_FORMS = ("<p><strong>{}</strong></p>", "<h3>{}</h3>",
                      '<p style="text-indent:2em;"><b>{}</b></p>', "<p>{}</p>")
HTML_CHARSET_DECLARATIONS = {
    "utf-8": ('<meta charset="utf-8">',
              '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'),
    "gbk": ('<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
            '<meta charset="GBK">',
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
}
TEXT_INDENTS = ("", "  ", "　　", "    ")
PAGE_NUMBER_FORMS = ("- {} -", "{}", "— {} —", "第{}页")


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _insert_spam(rng: random.Random, text: str, spam: str) -> str:
    comma = text.find("，", len(text) // 3)
    position = comma + 1 if comma > 0 else len(text) // 2
    return text[:position] + spam + "，" + text[position:]


def _iter_body(rng: random.Random, blocks: tuple[Block, ...], spam: str | None):
    """Yield (kind, payload) with filler expanded to paragraphs and spam glued in once."""
    spam_pending = spam
    for block in blocks:
        if block.kind == "filler":
            for text in block.paragraphs:
                if spam_pending and len(text) > 60:
                    text, spam_pending = _insert_spam(rng, text, spam_pending), None
                yield "filler", text
        elif block.kind == "heading":
            yield "heading", block
        elif block.kind == "table":
            yield "table", block
        else:
            yield "para", block.text


def _get_table_lines(block: Block, layout: str, style: LayoutStyle) -> tuple[str, ...]:
    if isinstance(block.rendered, tuple):  # printed already as lines
        return block.rendered
    return tuple(render_lines(block.table, layout, style))


# --- HTML -----------------------------------------------------------------------------------


def prerender_html_table(grid: Grid, layout: str, style: LayoutStyle) -> str | tuple[str, ...]:
    """A table for an HTML page: real markup, or the flattened lines (wrapped when written)."""
    if layout == "html_table":
        return render_html_table(grid, style)
    if layout == "html_table_misspan":
        return render_html_table(grid, style, misspan=_misspan_of(grid))
    return tuple(render_lines(grid, layout, style))


def _misspan_of(grid: Grid) -> int:
    """How many rows a hand-made table's group label is off by: -3…+3 but never 0, drawn from
    the table's own texts so that a report always renders the same."""
    digest = hashlib.blake2b("".join(c.text for row in grid.rows for c in row).encode(),
                             digest_size=2).digest()
    return (-3, -2, -1, 1, 2, 3)[digest[0] % 6]


def _render_html_table_block(block: Block, layout: str, style: LayoutStyle) -> str:
    rendered = block.rendered
    if rendered is None:
        rendered = prerender_html_table(block.table, layout, style)
    if isinstance(rendered, str):
        return rendered
    tag = style.html_flat_tag
    return "\n".join(f"<{tag}>{_escape(line)}</{tag}>" for line in rendered)


def render_html(rng: random.Random, report: ComposedReport, dressing: Dressing, layout: str,
                layout_style: LayoutStyle, charset: str | None) -> str:
    """A portal page; ``charset`` is the declared one ('utf-8', 'gbk') or None for none."""
    out = ["<!DOCTYPE html>", "<html>", "<head>"]
    if charset:
        out.append(rng.choice(HTML_CHARSET_DECLARATIONS[charset]))
    out.append(f"<title>{_escape(report.title + dressing.title_suffix)}</title>")
    out.append("</head>")
    out.append("<body>")
    out.extend(dressing.spam_head)
    out.extend(_render_html_menu(dressing.menu))
    if dressing.nav:
        out.append(f'<div class="position">{_escape(dressing.nav)}</div>')
    out.append('<div class="article">')
    if report.letter_heading:
        out.append(f"<p>{_escape(report.letter_heading)}</p>")
    title_tag = rng.choice(("h1", "h2", 'div class="title"'))
    out.append(f"<{title_tag}>{_escape(report.title)}</{title_tag.split()[0]}>")
    out.extend(_render_html_page_fields(rng, report))
    out.append('<div class="content" id="zoom">')
    paragraph_form = rng.choice(HTML_PARAGRAPH_FORMS)
    heading_form = rng.choice(HTML_HEADING_FORMS)
    for kind, payload in _iter_body(rng, report.blocks, dressing.filler_spam):
        if kind == "heading":
            out.append(heading_form.format(_escape(payload.text)))
        elif kind == "table":
            out.append(_render_html_table_block(payload, layout, layout_style))
        else:
            out.append(paragraph_form.format(_escape(payload)))
    for line in report.signature:
        out.append(f'<p style="text-align:right;">{_escape(line)}</p>')
    out.append("</div>")
    if dressing.share:
        out.append('<div class="share">' + " ".join(dressing.share) + "</div>")
    out.append("</div>")
    if dressing.footer:
        out.append('<div class="footer">' + "<br/>".join(dressing.footer) + "</div>")
    out.extend(dressing.spam_tail)
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out)


def _render_html_menu(menu: tuple[str, ...]) -> list[str]:
    if not menu:
        return []
    return ['<ul class="menu">', *(f"<li><a>{_escape(item)}</a></li>" for item in menu),
            "</ul>"]


def _render_html_page_fields(rng: random.Random, report: ComposedReport) -> list[str]:
    fields = report.page_fields
    if not fields:
        return []
    sep = report.field_separator
    style = rng.choice(("inline", "lines", "table"))
    if style == "inline":
        spans = "&nbsp;&nbsp;".join(f"<span>{label}{sep}{_escape(value)}</span>"
                                    for label, value in fields)
        return [f'<div class="info">{spans}</div>']
    if style == "lines":
        return [f"<p>{label}{sep}{_escape(value)}</p>" for label, value in fields]
    cells = []
    for i in range(0, len(fields), 2):
        pair = fields[i:i + 2]
        cells.append("<tr>" + "".join(f"<td>{label}</td><td>{_escape(value)}</td>"
                                      for label, value in pair) + "</tr>")
    return ['<table class="meta">' + "".join(cells) + "</table>"]


# --- plain text -----------------------------------------------------------------------------


def render_text(rng: random.Random, report: ComposedReport, dressing: Dressing, layout: str,
                layout_style: LayoutStyle) -> str:
    """A page saved as text (the shape of the sample corpus' .txt files)."""
    indent = rng.choice(TEXT_INDENTS)
    gap = "\n" if rng.random() < 0.75 else ""  # blank line between paragraphs or not
    out: list[str] = list(dressing.spam_head)
    out.extend(dressing.menu)
    if dressing.nav:
        out.append(dressing.nav)
    if dressing.title_suffix or rng.random() < 0.5:
        out.append(report.title + dressing.title_suffix)
        out.append("")
    out.extend(indent + line for line in _render_text_page_fields(rng, report))
    out.append("")
    if report.letter_heading:
        out.append(report.letter_heading)
    out.append(indent + report.title)
    out.append("")
    for kind, payload in _iter_body(rng, report.blocks, dressing.filler_spam):
        if kind == "table":
            lines = _get_table_lines(payload, layout, layout_style)
            if layout == "flat_lines":
                for line in lines:
                    out.append(indent + line)
                    out.append("")
            else:
                out.extend(lines)
                out.append("")
            continue
        text = payload.text if kind == "heading" else payload
        out.append(indent + text + gap)
    out.extend(indent + line for line in report.signature)
    out.append("")
    out.extend(dressing.share)
    out.extend(dressing.footer)
    out.extend(dressing.spam_tail)
    return "\n".join(out) + "\n"


def _render_text_page_fields(rng: random.Random, report: ComposedReport) -> list[str]:
    fields = report.page_fields
    if not fields:
        return []
    sep = report.field_separator
    style = rng.choice(("inline", "lines", "glued"))
    if style == "inline":
        return ["  ".join(f"{label}{sep}{value}" for label, value in fields)]
    if style == "lines":
        return [f"{label}{sep}{value}" for label, value in fields]
    # A page-field table copied as text: labels glued to their values, two per line.
    return [" ".join(f"{label}{value}" for label, value in fields[i:i + 2])
            for i in range(0, len(fields), 2)]


# --- markdown (converted PDF) ---------------------------------------------------------------


def render_markdown(rng: random.Random, report: ComposedReport, layout: str,
                    layout_style: LayoutStyle) -> str:
    """A PDF converted to markdown: headings, page breaks, split words, spaced digits."""
    spaced = rng.random() < 0.4
    page_length = rng.randint(1100, 1900)
    page_number_form = rng.choice(PAGE_NUMBER_FORMS + ("",))
    heading_marks = rng.choice((("## ", "### "), ("#### ", "##### "), ("**", "**")))
    chunks: list[tuple[str, bool]] = []  # (text, may be split by a page break)
    if report.doc_number:
        chunks.append((report.doc_number, False))
    if rng.random() < 0.5:
        chunks.append(("# " + report.signature[0] if report.signature else "# " + report.title,
                       False))
        chunks.append(("## " + report.title, False))
    else:
        chunks.append(("# " + report.title, False))
    for kind, payload in _iter_body(rng, report.blocks, None):
        if kind == "table":
            lines = _get_table_lines(payload, layout, layout_style)
            joiner = "\n\n" if layout == "flat_lines" else "\n"
            chunks.append((joiner.join(lines), False))
        elif kind == "heading":
            mark = heading_marks[0] if payload.level == 1 else heading_marks[1]
            text = payload.text
            chunks.append((f"**{text}**" if mark == "**" else mark + text, False))
        else:
            text = CJK_DIGIT_BOUNDARY.sub(" ", payload) if spaced else payload
            chunks.append((text, kind == "filler"))
    chunks.extend((line, False) for line in report.signature)
    return _paginate(rng, chunks, page_length, page_number_form)


def _paginate(rng: random.Random, chunks: list[tuple[str, bool]], page_length: int,
              page_number_form: str) -> str:
    out: list[str] = []
    running, page = 0, 1

    def page_break() -> str:
        nonlocal page
        page += 1
        number = page_number_form.format(page) if page_number_form else ""
        return "\n\n---\n\n" + (number + "\n\n" if number else "")

    for text, splittable in chunks:
        if running + len(text) > page_length and splittable and len(text) > 80:
            # The page ends inside this paragraph: the converter breaks it mid-sentence.
            cut = page_length - running
            cut = min(max(cut, 20), len(text) - 20)
            while cut < len(text) - 1 and (text[cut - 1].isdigit() or text[cut].isdigit()):
                cut += 1
            out.append(text[:cut] + page_break() + text[cut:])
            running = len(text) - cut
        elif running + len(text) > page_length and running > 0:
            out.append(page_break().lstrip("\n") + text)
            running = len(text)
        else:
            out.append(text)
            running += len(text)
    return "\n\n".join(out) + "\n"
