"""The image pages of a PDF read by OCR, within the document's bounds.

``pdf_text`` finds the image pages (``pdf_text_layer``) and hands their numbers here. Each
page is rendered under pdfium's lock (one page's pixels at a time in memory), then read by
the engine outside it (``ocr_page``), so that other threads of a worker can use pdfium while
a page is read. Bounds (``limits``): at most ``MAX_OCR_PAGES`` pages, none started after
``OCR_SECONDS_PER_DOCUMENT``, none whose images or size would make a decompression bomb of
the render. A page left out for any of these is named in a warning; a page that could not
be read is never a page read as empty.

Without the engine (``ocr_engine.OcrUnavailable``) nothing is read and ``engine_missing``
says why and what to install: ``pdf_text`` turns that into the document's error when no
text page is left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from xxgk.decode import limits
from xxgk.decode.ocr_engine import OcrUnavailable, ensure_engine
from xxgk.decode.ocr_page import OcrPage, PageTooLarge, read_scanned_page, render_page_grey
from xxgk.decode.pdfium_page import PDFIUM_LOCK, open_pdf


@dataclass(slots=True)
class OcrPages:
    pages: dict[int, OcrPage] = field(default_factory=dict)  # page number (1-based) -> read
    warnings: list[str] = field(default_factory=list)
    engine_missing: str | None = None  # why nothing was read: the engine is not installed


def _render(data: bytes, number: int):
    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            page = pdf[number - 1]
            try:
                return render_page_grey(page)
            finally:
                page.close()
        finally:
            pdf.close()


def _describe(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def read_image_pages(data: bytes, numbers: list[int]) -> OcrPages:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data``."""
    out = OcrPages()
    to_read, over_cap = numbers[:limits.MAX_OCR_PAGES], numbers[limits.MAX_OCR_PAGES:]
    if to_read:
        try:
            ensure_engine()
        except OcrUnavailable as exc:
            out.engine_missing = str(exc)
            return out
    started = time.monotonic()
    late: list[int] = []
    refused: list[str] = []
    for number in to_read:
        if time.monotonic() - started > limits.OCR_SECONDS_PER_DOCUMENT:
            late.append(number)
            continue
        try:
            grey, dpi = _render(data, number)
        except PageTooLarge as exc:
            out.warnings.append(f"image page {number} not read by OCR: {exc}")
            continue
        except pdfium.PdfiumError as exc:
            out.warnings.append(f"image page {number} could not be rendered: {exc}")
            continue
        page = read_scanned_page(grey, dpi, number)
        out.pages[number] = page
        refused += page.refused
    if over_cap:
        out.warnings.append(f"image pages {_describe(over_cap)} not read by OCR: more than "
                            f"{limits.MAX_OCR_PAGES} image pages")
    if late:
        out.warnings.append(f"image pages {_describe(late)} not read by OCR: the document's "
                            f"{limits.OCR_SECONDS_PER_DOCUMENT:g} s of OCR were spent")
    if refused:
        shown = "; ".join(refused[:10]) + (f" and {len(refused) - 10} more"
                                           if len(refused) > 10 else "")
        out.warnings.append(f"OCR: {len(refused)} figures left out (null), read below "
                            f"confidence {limits.OCR_MIN_CONFIDENCE} or not at all: {shown}")
    return out
