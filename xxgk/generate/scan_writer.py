"""Scans: the generator's PDFs printed and scanned, as image-only PDFs with the same answers.

A report is written as a text PDF (``binary_writers.render_pdf``) in a CJK TrueType font
embedded in it — so that pdfium draws the same glyphs on every machine and in every process
(the decoder gives pdfium a font of squares for fonts a PDF does not embed) — and each page
is rasterised with pdfium at ``SCAN_DPI``, then made to look scanned: turned by up to
``_MAX_ROTATION_DEGREES`` either way, grey noise and a few specks of dust added, and stored
as JPEG at ``_JPEG_QUALITY`` in a PDF with no text layer (Pillow's PDF writer). Everything
is drawn from the report's own seed: the same report gives the same bytes.

The font is a system font (WenQuanYi Zen Hei, from Debian's ``fonts-wqy-zenhei``, which
``scripts/test.sh`` installs, or Noto CJK); without one, scans cannot be drawn and
``ScanFontMissing`` says what to install.
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

import numpy as np

SCAN_DPI = 150
SCAN_FONT = "XxgkScanCJK"
_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
_MAX_ROTATION_DEGREES = 1.0
_NOISE_SIGMA = 6.0  # grey levels
_SPECKS_PER_MILLION = 60
_JPEG_QUALITY = 70
_FIXED_TIME = time.gmtime(946_684_800)  # the PDF's dates: 2000-01-01, so bytes do not vary

_registered = False


class ScanFontMissing(RuntimeError):
    """No CJK TrueType font to draw scans with."""


def register_scan_font() -> str:
    """Register the embedded CJK font with reportlab once; its name."""
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        path = next((p for p in _FONT_FILES if Path(p).is_file()), None)
        if path is None:
            raise ScanFontMissing("generating scans needs a CJK TrueType font: "
                                  "apt-get install fonts-wqy-zenhei (or fonts-noto-cjk)")
        pdfmetrics.registerFont(TTFont(SCAN_FONT, path, subfontIndex=0))
        _registered = True
    return SCAN_FONT


def _scanned(page_image, rng: random.Random):
    from PIL import Image

    grey = page_image.convert("L").rotate(rng.uniform(-_MAX_ROTATION_DEGREES,
                                                     _MAX_ROTATION_DEGREES),
                                          resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = np.random.default_rng(rng.getrandbits(32))
    # (float64, as the sum with the float64 noise always was: grey levels are exact in both)
    pixels = np.asarray(grey, dtype=np.float64)
    pixels = pixels + noise.normal(0.0, _NOISE_SIGMA, pixels.shape)
    specks = noise.random(pixels.shape) < _SPECKS_PER_MILLION / 1_000_000
    pixels[specks] = noise.uniform(0, 120, int(specks.sum()))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def rasterise_to_scan(pdf: bytes, seed: int, dpi: int = SCAN_DPI) -> bytes:
    """An image-only PDF of ``pdf``'s pages, rendered at ``dpi`` and made to look scanned."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_scanned(page.render(scale=dpi / 72, grayscale=True).to_pil(),
                                      rng))
            finally:
                page.close()
    finally:
        document.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  quality=_JPEG_QUALITY, creationDate=_FIXED_TIME, modDate=_FIXED_TIME)
    return out.getvalue()
