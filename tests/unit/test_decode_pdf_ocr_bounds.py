"""What OCR may cost a document: image and page pixel caps before rendering, the
document's time limit, and a machine without the engine. No page here reaches the engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.unit.test_decode_pdf_text_layer import (
    HELVETICA,
    READABLE,
    content,
    pdf_of_pages,
    stream,
    write_pdf,
)
from xxgk.decode import decode_document, limits
from xxgk.decode.ocr_page import render_page_grey
from xxgk.model import DocumentError

SCANNED = (stream(b"0 0 0 rg 72 72 300 500 re f"), HELVETICA)  # a picture, no characters


def pdf_drawing_an_image(width: int, height: int) -> bytes:
    """One page drawing a JPEG image that declares ``width`` × ``height`` pixels (its data is
    a few junk bytes: what matters is what decoding it would cost)."""
    junk = b"\xff\xd8\xff\xe0" + b"\0" * 60
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
             b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
             % (width, height, len(junk)) + junk + b"\nendstream")
    return write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 540 0 0 720 36 36 cm /Im1 Do Q"),
        image,
    ])


def test_image_that_would_decode_to_a_bomb_is_not_rendered():
    with pytest.raises(DocumentError) as error:
        decode_document(pdf_drawing_an_image(40_000, 40_000))
    assert error.value.kind == "needs_ocr"
    assert ("image page 1 not read by OCR: its images hold 1,600,000,000 pixels (limit "
            "80,000,000)") in str(error.value)


def test_oversized_page_is_rendered_at_a_lower_resolution():
    data = write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R >>",
        stream(b"0 0 0 rg 72 72 300 500 re f"),
    ])
    grey, dpi = render_page_grey(pdfium.PdfDocument(data)[0])
    assert grey.size <= limits.MAX_OCR_PAGE_PIXELS
    assert dpi < limits.OCR_DPI / 2  # 200 inches square: about 17 dpi


def test_pages_not_started_within_the_time_limit_are_left_out(monkeypatch):
    monkeypatch.setattr(limits, "OCR_SECONDS_PER_DOCUMENT", -1.0)
    readable = (content([READABLE.encode()]), HELVETICA)
    document = decode_document(pdf_of_pages([readable, SCANNED]))
    assert document.text == READABLE and document.text_source == "text"
    assert "image pages 2 not read by OCR: the document's -1 s of OCR were spent" in (
        document.warnings)
    with pytest.raises(DocumentError) as error:
        decode_document(pdf_of_pages([SCANNED]))
    assert error.value.kind == "needs_ocr" and "of OCR were spent" in str(error.value)


WITHOUT_ENGINE = """
import json, sys
sys.modules["rapidocr_onnxruntime"] = None  # as on a machine where it is not installed
from xxgk.decode import decode_document
from xxgk.model import DocumentError
scan, mixed = (bytes.fromhex(h) for h in json.load(sys.stdin))
try:
    decode_document(scan)
    print(json.dumps(["decoded"]))
except DocumentError as error:
    print(json.dumps([error.kind, str(error)]))
document = decode_document(mixed)
print(json.dumps([document.text, list(document.warnings)]))
"""


def test_without_the_engine_scans_are_errors_that_say_what_to_install():
    readable = (content([READABLE.encode()]), HELVETICA)
    payload = json.dumps([pdf_of_pages([SCANNED]).hex(), pdf_of_pages([readable, SCANNED]).hex()])
    done = subprocess.run([sys.executable, "-c", WITHOUT_ENGINE], input=payload, text=True,
                          capture_output=True, cwd=Path(__file__).resolve().parents[2],
                          timeout=120, check=True)
    (kind, message), (text, warnings) = (json.loads(line) for line in done.stdout.splitlines())
    assert kind == "needs_ocr"
    assert message.startswith("PDF has no text layer (0 characters on 1 pages); OCR is not "
                              "available: rapidocr-onnxruntime is not installed")
    assert "uv sync" in message
    assert text == READABLE  # the text page is kept, the run goes on
    assert warnings[0] == "pages without a usable text layer (scanned?): 2 (no text)"
    assert warnings[1].startswith("OCR is not available: rapidocr-onnxruntime is not installed")


def test_ocr_turned_off_leaves_scans_as_errors_that_say_how_to_turn_it_on(monkeypatch):
    monkeypatch.setenv("XXGK_OCR", "off")
    with pytest.raises(DocumentError) as error:
        decode_document(pdf_of_pages([SCANNED]))
    assert error.value.kind == "needs_ocr"
    assert "OCR is turned off (XXGK_OCR=off); unset XXGK_OCR" in str(error.value)
