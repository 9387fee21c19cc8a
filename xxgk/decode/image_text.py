"""A report published as a picture (PNG, JPEG, GIF, TIFF: a scanned page, a table saved as an
image) read by OCR as one page, the way ``pdf_text`` reads a scanned PDF page.

Bounds first: an image whose header declares more than ``limits.MAX_OCR_SOURCE_PIXELS`` is
not decoded (a small file can declare a huge picture); a larger one than
``limits.MAX_OCR_PAGE_PIXELS`` is scaled down before reading. Its resolution is the one the
file states, else ``limits.OCR_DPI``: it only turns pixels into the points the line and
table rules are written in. A multi-frame file (an animated GIF, a TIFF of several pages)
is read by its first frame, with a warning.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError

from xxgk.decode import limits
from xxgk.decode.ocr_engine import OcrUnavailable, ensure_engine
from xxgk.decode.ocr_page import read_scanned_page
from xxgk.decode.pdf_text import PdfText, layers_to_text
from xxgk.model import DocumentError


def _resolution(image: Image.Image) -> float:
    stated = image.info.get("dpi")
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else float(limits.OCR_DPI)


def _grey(data: bytes) -> tuple[np.ndarray, float, list[str]]:
    try:
        with warnings.catch_warnings():  # Pillow warns from 89 million pixels; ours is below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:  # Pillow's own cap, far above ours
        raise DocumentError("too_large", f"image: {exc}") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DocumentError("parse_failed", f"unreadable image: {exc}") from None
    width, height = image.size
    if width * height > limits.MAX_OCR_SOURCE_PIXELS:
        raise DocumentError("too_large", f"image of {width:,} × {height:,} = "
                                         f"{width * height:,} pixels (limit "
                                         f"{limits.MAX_OCR_SOURCE_PIXELS:,})")
    notes = []
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        notes.append(f"image of {frames} frames: only the first read")
    dpi = _resolution(image)
    try:
        grey = image.convert("L")
    except (OSError, ValueError) as exc:
        raise DocumentError("parse_failed", f"unreadable image: {exc}") from None
    if width * height > limits.MAX_OCR_PAGE_PIXELS:
        scale = (limits.MAX_OCR_PAGE_PIXELS / (width * height)) ** 0.5 * 0.995
        grey = grey.resize((max(int(width * scale), 1), max(int(height * scale), 1)))
        dpi *= scale
    return np.asarray(grey), dpi, notes


def image_to_text(data: bytes, what: str = "image") -> PdfText:
    """Text (tables as pipe rows) of a picture of a report; DocumentError when OCR is not
    available or finds nothing."""
    try:
        ensure_engine()
    except OcrUnavailable as exc:
        raise DocumentError("needs_ocr", f"{what}: the report is a picture; OCR is not "
                                         f"available: {exc}") from None
    grey, dpi, notes = _grey(data)
    page = read_scanned_page(grey, dpi, 1)
    text = layers_to_text([page.layer])
    if not text.strip():
        raise DocumentError("needs_ocr", f"{what}: OCR read no text in the picture")
    if page.refused:
        notes.append(f"OCR: {len(page.refused)} figures left out (null), read below "
                        f"confidence {limits.OCR_MIN_CONFIDENCE} or not at all: "
                        + "; ".join(page.refused[:10]))
    return PdfText(text, tuple(notes), "ocr", tuple(page.readings))
