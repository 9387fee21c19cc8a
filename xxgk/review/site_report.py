"""One page per flagged report: its failing checks, each with the compact grid of the cells
it involves (the wrong ones highlighted) and every cell's source in context, and links to the
raw document and the cleaned text.

Pages live in ``reports/``, two levels below the run's quality folder; the raw document is
reached by a relative link into the lake's raw zone, so the page works from a folder, a file
share or an S3 static website alike.
"""

from __future__ import annotations

from xxgk.review.cells import VALUE_COLUMN, Grid, check_grid
from xxgk.review.html_text import e, number, page
from xxgk.review.snippets import snippet_for

RAW_FROM_REPORT_PAGE = "../../../../raw/objects"  # reports/ -> review/ -> run/ -> quality/ -> lake


def raw_link(raw_sha256: str) -> str:
    return f"{RAW_FROM_REPORT_PAGE}/{raw_sha256[:2]}/{raw_sha256}"


def _meta(report: dict) -> str:
    pairs = (("status", report["quality_status"]), ("year", report["report_year"]),
             ("era", report["template"]), ("level", report["admin_level"]),
             ("sector", report["sector"]), ("region", report["region_name"]),
             ("agency_id", report["agency_id"]), ("published", report["publish_date"]),
             ("source", report["source_url"]), ("report_id", report["report_id"]),
             ("raw sha256", report["raw_sha256"]))
    return "<table class='meta'>" + "".join(
        f"<tr><th>{k}</th><td>{e(v) if v is not None else '—'}</td></tr>"
        for k, v in pairs) + "</table>"


def _grid_html(grid: Grid, n: int, text: str | None) -> tuple[str, list[str]]:
    """The grid's table and the snippet list items of its cells (anchors c<n>-<i>)."""
    head = "".join(f"<th>{e(c) if c != VALUE_COLUMN else ''}</th>" for c in grid.columns)
    out = [f"<table class='grid'><tr><th></th>{head}</tr>"]
    snippets: list[str] = []
    for r in grid.rows:
        tds = []
        for c in grid.columns:
            cell = grid.cells[(r, c)]
            classes = ["offending"] if cell.offending else []
            if cell.fact is None:
                tds.append(f"<td class='{' '.join(classes + ['absent'])}' "
                           "title='not in the report'></td>")
                continue
            anchor = f"c{n}-{len(snippets)}"
            shown = number(cell.fact["value"])
            if cell.fact["value"] is None:
                classes.append("not-a-number")
            tds.append(f"<td class='{' '.join(classes)}'><a href='#{anchor}'>{e(shown)}</a></td>")
            snippets.append(_snippet_item(anchor, r, c, cell.fact, cell.offending, text))
        out.append(f"<tr><th>{e(r)}</th>{''.join(tds)}</tr>")
    if grid.gap_axis == "column" and grid.gaps:
        out.append("<tr class='gap'><th>gap (lhs − rhs)</th>" + "".join(
            f"<td>{e(grid.gaps.get(c, ''))}</td>" for c in grid.columns) + "</tr>")
    out.append("</table>")
    if grid.gap_axis == "row" and grid.gaps:
        out.append("<p class='gaps'>gap (lhs − rhs): " + "; ".join(
            f"{e(k)} {e(v)}" for k, v in grid.gaps.items()) + "</p>")
    return "".join(out), snippets


def _snippet_item(anchor: str, row: str, column: str, fact: dict, offending: bool,
                  text: str | None) -> str:
    s = snippet_for(fact, text)
    where = (f"offsets {fact['span_start']}–{fact['span_end']} of the cleaned text"
             if s.from_text else "from the fact's evidence")
    label = row if column == VALUE_COLUMN else f"{row} × {column}"
    return (f"<li id='{anchor}' class='{'offending' if offending else ''}'>"
            f"<span class='cell'>{e(label)} = {e(number(fact['value']))}</span> "
            f"<span class='snippet'>{e(s.before)}<mark>{e(s.marked)}</mark>{e(s.after)}</span>"
            f" <span class='where'>{e(where)}; rule {e(fact['rule'])}</span></li>")


def render_report_page(report: dict, checks: list[dict], notes: list[dict], facts: list[dict],
                       text: str | None, verdicts: dict[str, dict], has_text_file: bool) -> str:
    """``checks``: the report's failed errors and warnings; ``notes``: the parser's (info);
    ``verdicts``: check_id -> the current verdict on it."""
    rid = report["report_id"]
    title = f"{report['agency'] or '(agency unknown)'} {report['report_year'] or ''}"
    body = ["<nav><a href='../index.html'>review index</a> · "
            "<a href='../search.html'>search</a></nav>",
            f"<h1><span class='status {e(report['quality_status'])}'>"
            f"{e(report['quality_status'])}</span> {e(title)}</h1>",
            "<p class='links'>"
            f"<a class='raw' href='{e(raw_link(report['raw_sha256']))}'>raw document</a>"
            + (f" · <a class='text' href='../texts/{e(rid)}.txt'>cleaned text</a>"
               if has_text_file else " · cleaned text not available") + "</p>",
            _meta(report)]
    for n, check in enumerate(checks):
        body.append(_check_section(n, check, facts, text, verdicts.get(check["check_id"]), rid))
    if notes:
        body.append("<h2>What the parser noted</h2><ul class='notes'>" + "".join(
            f"<li>{e(n['observed'])}</li>" for n in notes) + "</ul>")
    return page(f"Review {rid}", body, "../assets")


def _check_section(n: int, check: dict, facts: list[dict], text: str | None,
                   verdict: dict | None, rid: str) -> str:
    cid = check["check_id"]
    out = [f"<section class='check' id='check-{n}'>",
           f"<h2><span class='severity {e(check['severity'])}'>{e(check['severity'])}</span> "
           f"{e(cid)}</h2>",
           f"<p class='message'>{e(check['message'])}</p>",
           f"<p class='observed'>observed <b>{e(check['observed'])}</b>; "
           f"expected {e(check['expected'])}</p>"]
    if verdict is not None:
        out.append(f"<p class='verdict {e(verdict['verdict'])}'>decided: "
                   f"<b>{e(verdict['verdict'])}</b> by {e(verdict['reviewer'])} on "
                   f"{e(str(verdict['decided_at'])[:19])}: {e(verdict['note'])}</p>")
    grid = check_grid(cid, check["observed"], facts)
    if grid is not None and grid.rows:
        table, snippets = _grid_html(grid, n, text)
        out.append(table)
        out.append("<ol class='snippets'>" + "".join(snippets) + "</ol>")
    elif grid is not None:
        out.append("<p class='none'>The report has none of the cells this check reads.</p>")
    out.append("<p class='decide'>Record a verdict: <code>xxgk review decide "
               f"{e(rid)} {e(cid)} --verdict source_error|parser_error|accepted "
               "--note '…' --reviewer NAME</code></p></section>")
    return "".join(out)
