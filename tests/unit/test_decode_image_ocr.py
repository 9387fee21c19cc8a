"""A report published as a picture (a table saved as PNG) read by the real OCR engine, and
pictures too large to decode refused from their header alone."""

from __future__ import annotations

import io
import struct
import zlib

import pypdfium2 as pdfium
import pytest

from xxgk.decode import decode_document
from xxgk.extract.report import extract_report
from xxgk.generate.answers import Table4
from xxgk.generate.binary_writers import render_pdf
from xxgk.generate.blocks import Block, ComposedReport
from xxgk.generate.scan_writer import register_scan_font
from xxgk.generate.tables import build_table4
from xxgk.model import DocumentError

TABLE4 = Table4(blocks={"reconsideration": (2, 1, 0, 0, 3),
                        "litigation_direct": (0, 0, 1, 0, 1),
                        "litigation_after_reconsideration": (0, 0, 0, 0, 0)})


def png_of_table4() -> bytes:
    """表四 as a picture: the heading and the table, cut from a rendered page, 150 dpi."""
    grid, _ = build_table4(TABLE4)
    report = ComposedReport(title="", page_fields=(), field_separator="",
                            blocks=(Block("heading", text="四、政府信息公开行政复议、行政诉讼情况"),
                                    Block("table", grid=grid)), signature=())
    page = pdfium.PdfDocument(render_pdf(report, font=register_scan_font()))[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.crop((0, 0, image.width, 420)).save(out, "PNG", dpi=(150, 150))
    return out.getvalue()


def test_table_picture_is_read_by_ocr_into_the_tables_facts():
    document = decode_document(png_of_table4(), filename="table4.png")
    assert document.format == "image" and document.text_source == "ocr"
    facts = extract_report(document).facts
    cells = {(f.item, f.dimension): f.value for f in facts if f.section == "table4"}
    parts = ("upheld", "corrected", "other", "pending", "total")
    assert cells == {(block, part): value for block, values in TABLE4.blocks.items()
                     for part, value in zip(parts, values, strict=True)}
    assert all(f.rule.startswith("ocr:") and f.confidence >= 0.8 for f in facts)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header(width: int, height: int) -> bytes:
    """A PNG declaring ``width`` × ``height`` grey pixels, with a few bytes of them."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


@pytest.mark.parametrize("side", [10_000, 50_000])  # under and over Pillow's own cap
def test_picture_declaring_a_bomb_is_refused_before_decoding(side):
    with pytest.raises(DocumentError) as error:
        decode_document(png_header(side, side))
    assert error.value.kind == "too_large"
    assert f"{side * side:,}" in str(error.value) or f"{side * side}" in str(error.value)
