"""Facts read from OCR'd text: marked by their rule and given the engine's confidence.

A fact of a document whose text (or part of it) came from OCR gets ``rule`` = "ocr:" + the
extractor's rule when its span lies in text OCR read, and the confidence of the figure its
span covers (``Document.ocr_spans``); where no located figure covers it, the lowest
confidence of the document's figures, so that a confidence is never overstated. In a PDF
of text and image pages ("mixed"), a fact no located figure covers is taken to be read from
a text page and is left as it is. Figures
below ``limits.OCR_MIN_CONFIDENCE`` never reach the text (``decode.ocr_page``): what is
here was read at or above it.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from xxgk.model import Document, Fact

OCR_RULE_PREFIX = "ocr:"


def mark_ocr_facts(facts: tuple[Fact, ...], doc: Document) -> tuple[Fact, ...]:
    if doc.text_source == "text":
        return facts
    starts = [start for start, _, _ in doc.ocr_spans]
    out = []
    for fact in facts:
        confidence = doc.ocr_confidence
        index = bisect.bisect_right(starts, fact.span_start) - 1
        covered = [c for s, e, c in doc.ocr_spans[max(index, 0):index + 2]
                   if s < max(fact.span_end, fact.span_start + 1) and e > fact.span_start]
        if covered:
            confidence = min(covered)
        elif doc.text_source == "mixed":
            confidence = None  # in a mixed PDF, taken to be a figure of a text page
        if confidence is None:
            out.append(fact)
            continue
        out.append(replace(fact, rule=OCR_RULE_PREFIX + fact.rule, confidence=confidence))
    return tuple(out)
