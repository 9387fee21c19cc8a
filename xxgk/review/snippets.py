"""A cell's source in context: the cleaned text around the value, the value marked.

Facts carry the offsets of their value in the cleaned text (``span_start``, ``span_end``).
With the text at hand the snippet is a window around them; without it (or when the offsets do
not fall inside it) the fact's own evidence is shown with the number marked where it is found.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Snippet:
    before: str
    marked: str
    after: str
    from_text: bool  # cut from the cleaned text (else the fact's evidence)


def _one_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", " ↵ ")


def _number_forms(value: float | None) -> list[str]:
    if value is None:
        return []
    if float(value).is_integer():
        n = int(value)
        return [f"{n:,}", str(n)]
    return [f"{value:g}", str(value)]


def snippet_for(fact: dict, text: str | None, context: int = CONTEXT_CHARS) -> Snippet:
    start, end = fact.get("span_start"), fact.get("span_end")
    if text is not None and start is not None and end is not None and 0 <= start < end <= len(
            text):
        before = text[max(0, start - context):start]
        after = text[end:end + context]
        return Snippet(("…" if start > context else "") + _one_line(before),
                       _one_line(text[start:end]),
                       _one_line(after) + ("…" if end + context < len(text) else ""), True)
    evidence = fact.get("evidence") or ""
    for form in _number_forms(fact.get("value")):
        at = evidence.rfind(form)  # table evidence ends with the cell: "label | 9"
        if at >= 0:
            return Snippet(_one_line(evidence[:at]), form,
                           _one_line(evidence[at + len(form):]), False)
    return Snippet(_one_line(evidence), "", "", False)
