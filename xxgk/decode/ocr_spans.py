"""Where the figures OCR read ended up in the cleaned text, with the engine's confidence.

OCR hands over its figures' boxes ((text, confidence), page by page, top to bottom, left
to right: the order in which ``pdf_text`` writes lines and table rows), and cleaning may
move text about a little (page numbers removed, lines rejoined). Each box is looked for in
the cleaned text from where the one before was found, no further than ``_WINDOW``
characters on: found, it gives its span; not found (cleaning removed it, or the order
differs), it is skipped and the search goes on from the same place. A fact whose span no
box covers takes the lowest confidence of the document's figures instead
(``xxgk.extract.ocr_facts``), never a higher one.
"""

from __future__ import annotations

_WINDOW = 4000


def locate_readings(text: str, readings: tuple[tuple[str, float], ...]
                    ) -> tuple[tuple[int, int, float], ...]:
    """(start, end, confidence) of each reading found in ``text``, in order."""
    spans: list[tuple[int, int, float]] = []
    cursor = 0
    for reading, confidence in readings:
        found = text.find(reading, cursor, cursor + _WINDOW + len(reading))
        if found < 0:
            continue
        spans.append((found, found + len(reading), confidence))
        cursor = found + len(reading)
    return tuple(spans)
