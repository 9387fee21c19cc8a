"""The evaluation report as console text and as Markdown."""

from __future__ import annotations

from xxgk.evaluation.predict import FIELDS, IDENTITY_FIELDS
from xxgk.evaluation.score import CELLS, EvalReport
from xxgk.evaluation.score import describe_value as _short
from xxgk.evaluation.tally import Tally

ROWS = (*FIELDS, CELLS)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _scored(t: Tally) -> bool:
    return bool(t.gold or t.invented)


def _cells(t: Tally) -> list[str]:
    return [str(t.gold), str(t.correct), str(t.wrong), str(t.invented), str(t.missed),
            _pct(t.precision), _pct(t.recall)]


HEAD = ["gold", "correct", "wrong", "invented", "missed", "precision", "recall"]


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return out + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return [fmt.format(*header)] + [fmt.format(*r) for r in rows]


def _group_rows(report: EvalReport, group: str) -> list[list[str]]:
    rows = []
    for value, tallies in sorted(report.by_group.get(group, {}).items()):
        docs = max((t.gold + t.invented for n, t in tallies.items() if n == "report_year"),
                   default=0)
        rows.append([value, str(docs), *(
            f"{_pct(tallies[n].precision)}/{_pct(tallies[n].recall)}" if n in tallies else "-"
            for n in ROWS)])
    return rows


def render(report: EvalReport, max_differences: int = 40, markdown: bool = False) -> str:
    h = "## " if markdown else ""
    scored = report.documents - len(report.text_problems)
    lines = [f"documents: {report.documents}, scored: {scored}, "
             f"parse errors: {len(report.errors)}, texts missing or changed: "
             f"{len(report.text_problems)}", ""]
    shown = [n for n in ROWS if n not in IDENTITY_FIELDS or _scored(report.fields[n])]
    lines += _table(["field", *HEAD], [[n, *_cells(report.fields[n])] for n in shown], markdown)
    for group in report.by_group:
        rows = _group_rows(report, group)
        if len(rows) < 2 and not markdown:
            continue
        lines += ["", f"{h}precision/recall by {group}", ""]
        lines += _table([group, "docs", *ROWS], rows, markdown)
    wrong_rules = [(f, r, t) for f, rules in report.by_rule.items() for r, t in rules.items()
                   if t.wrong or t.invented]
    if wrong_rules:
        lines += ["", f"{h}rules that produced wrong or invented values", ""]
        lines += _table(["field", "rule", "correct", "wrong", "invented"],
                        [[f, r, str(t.correct), str(t.wrong), str(t.invented)]
                         for f, r, t in sorted(wrong_rules, key=lambda x: -(x[2].wrong
                                                                         + x[2].invented))],
                        markdown)
    if report.confusion:
        lines += ["", f"{h}wrong values (gold -> predicted)", ""]
        for name, counter in report.confusion.items():
            pairs = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in counter.most_common(12))
            lines.append(f"{'- ' if markdown else '  '}{name}: {pairs}")
    if report.text_problems or report.errors:
        lines += ["", f"{h}not scored or not parsed", ""]
        lines += [f"{'- ' if markdown else '  '}{k}: {v}" for k, v in
                  sorted({**report.errors, **report.text_problems}.items())]
    if report.differences:
        lines += ["", f"{h}differences ({len(report.differences)})", ""]
        diff_rows = [[d["id"], d["field"], d["outcome"], _short(d["gold"]), _short(
            d["predicted"]), d["rule"] or "", _clip(d["evidence"])]
            for d in report.differences[:max_differences]]
        lines += _table(["id", "field", "outcome", "gold", "predicted", "rule", "evidence"],
                        diff_rows, markdown)
        if len(report.differences) > max_differences:
            lines.append(f"… {len(report.differences) - max_differences} more (see the JSON)")
    return "\n".join(lines)


def _clip(text: str, width: int = 60) -> str:
    text = " ".join((text or "").split()).replace("|", "¦")
    return text if len(text) <= width else text[:width - 1] + "…"
