"""Image pages: a PDF page with no text layer, or one whose text is garbage (private-use code
points, glyphs without a Unicode map, "(cid:NN)" runs, replacement characters). PDFs are
written byte by byte here, with the fonts and ToUnicode maps each case needs.

These tests are about telling image pages apart, so OCR is given no page to read
(``MAX_OCR_PAGES`` = 0): an image page is then left out, as on a machine that cannot read
it. Reading them is ``test_decode_pdf_ocr.py``."""

from __future__ import annotations

import pytest

from xxgk.decode import decode_document, limits
from xxgk.model import DocumentError


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch):
    monkeypatch.setattr(limits, "MAX_OCR_PAGES", 0)

READABLE = "Annual report of the statistics bureau: 752 items disclosed, 3 requests received."
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF with ``objects`` numbered from 1 (object 1 the catalog) and a classic xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def to_unicode_map(first: int, last: int, target: int, *, all_to_one: bool = False) -> bytes:
    """A ToUnicode CMap sending one-byte codes first..last to target, target + 1, ... (or
    every one of them to target)."""
    if all_to_one:
        destination = b"[" + b" ".join([b"<%04X>" % target] * (last - first + 1)) + b"]"
    else:
        destination = b"<%04X>" % target
    return stream(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Test def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <%02X> <%02X> %s endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
        % (first, last, destination)
    )


def content(lines: list[bytes], font: bytes = b"/F1") -> bytes:
    """Text lines drawn top-down, 14 points apart."""
    drawn = b"".join(b"1 0 0 1 72 %d Tm (%s) Tj\n" % (720 - 14 * index, line)
                     for index, line in enumerate(lines))
    return stream(b"BT " + font + b" 11 Tf\n" + drawn + b"ET")


def pdf_of_pages(pages: list[tuple[bytes, bytes]], extra: tuple[bytes, ...] = ()) -> bytes:
    """One page per (content stream, font object), the fonts all named /F1, then ``extra``
    objects, numbered from 3 + 3 * len(pages)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 3 * index) for index in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for index, (page_content, font) in enumerate(pages):
        stream_number, font_number = 4 + 3 * index, 5 + 3 * index
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (stream_number, font_number),
            page_content,
            font,
        ]
        assert len(objects) == font_number
    return write_pdf(objects + list(extra))


def font_with_map(map_number: int) -> bytes:
    return (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>"
            % map_number)


def pdf_with_mapped_font(lines: list[bytes], first: int, last: int, target: int,
                         *, all_to_one: bool = False) -> bytes:
    """One page in Helvetica whose ToUnicode map sends its codes to ``target`` onwards."""
    return write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        content(lines),
        font_with_map(6),
        to_unicode_map(first, last, target, all_to_one=all_to_one),
    ])


def needs_ocr(data: bytes) -> DocumentError:
    with pytest.raises(DocumentError) as error:
        decode_document(data, filename="scan.pdf")
    assert error.value.kind == "needs_ocr"
    return error.value


def test_readable_helvetica_page_is_text():
    document = decode_document(pdf_of_pages([(content([READABLE.encode()]), HELVETICA)]))
    assert document.text == READABLE
    assert document.warnings == ()


def test_private_use_text_layer_is_garbage():
    # Every code maps into the private-use area: it looks right on screen, reads as nonsense.
    error = needs_ocr(pdf_with_mapped_font([READABLE.encode()], 0x20, 0x7E, 0xE020))
    assert "garbage" in str(error)
    assert "unreadable" in str(error)


def test_replacement_characters_are_garbage():
    data = pdf_with_mapped_font([READABLE.encode()], 0x20, 0x7E, 0xFFFD, all_to_one=True)
    error = needs_ocr(data)
    assert "garbage" in str(error)


def test_a_few_private_use_glyphs_do_not_make_a_page_garbage():
    # Only "~" (one glyph in 83) maps to the private-use area: a bullet font, not garbage.
    data = pdf_with_mapped_font([READABLE.encode() + b" ~"], 0x7E, 0x7E, 0xE000)
    document = decode_document(data)
    assert document.text.startswith(READABLE)
    assert document.warnings == ()


def test_cid_runs_written_out_are_garbage():
    # A converter that met unmapped glyphs wrote "(cid:NN)" into the text layer itself.
    line = b"".join(b"\\(cid:%d\\)" % (20 + n) for n in range(40))
    error = needs_ocr(pdf_of_pages([(content([line, b"page 1"]), HELVETICA)]))
    assert "garbage" in str(error)


def test_glyphs_without_unicode_map_are_garbage():
    # A CID font with Identity encoding, neither embedded nor mapped: codes are glyph ids.
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMapSong /Encoding /Identity-H"
            b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMapSong"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /DW 1000 >>] >>")
    glyph_ids = b"".join(b"%04X" % (0x0E30 + n) for n in range(30))
    page = stream(b"BT /F1 11 Tf 1 0 0 1 72 720 Tm <" + glyph_ids + b"> Tj ET")
    error = needs_ocr(pdf_of_pages([(page, font)]))
    assert "garbage" in str(error)


def test_page_without_text_and_garbage_page_give_one_clear_reason():
    blank = stream(b"0 0 0 rg 72 72 300 500 re f")  # a scan: a picture, no characters
    assert needs_ocr(pdf_of_pages([(blank, HELVETICA)])).args[0] == (
        "PDF has no text layer (0 characters on 1 pages); image pages 1 not read by OCR: "
        "more than 0 image pages")
    garbage = (content([READABLE.encode()]), font_with_map(9))
    both = pdf_of_pages([(blank, HELVETICA), garbage],
                        extra=(to_unicode_map(0x20, 0x7E, 0xE020),))
    reason = str(needs_ocr(both))
    assert reason.startswith("PDF text layer is garbage on pages 2 of 2 (")
    assert reason.endswith("and empty on the others; image pages 1, 2 not read by OCR: more "
                           "than 0 image pages")


def test_mixed_pdf_keeps_its_text_pages_and_warns_about_the_others():
    readable = (content([READABLE.encode()]), HELVETICA)
    blank = (stream(b"0 0 0 rg 72 72 300 500 re f"), HELVETICA)
    garbage = (content([READABLE.encode()]), font_with_map(12))
    data = pdf_of_pages([readable, blank, garbage], extra=(to_unicode_map(0x20, 0x7E, 0xE020),))
    document = decode_document(data)
    assert document.text == READABLE
    assert document.warnings == (
        "pages without a usable text layer (scanned?): 2 (no text), 3 (garbage text)",
        "image pages 2, 3 not read by OCR: more than 0 image pages",
    )
