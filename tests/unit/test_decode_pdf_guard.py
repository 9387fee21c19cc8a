"""The PDF decompression bomb guard: streams are counted through their filters, in bounded
steps, before pdfminer decodes any of them. PDFs are written byte by byte in the test."""

from __future__ import annotations

import base64
import hashlib
import struct
import time
import tracemalloc
import zlib

import pytest

from xxgk.decode import decode_document, limits
from xxgk.decode.pdf_guard import open_guarded
from xxgk.generate import generate_reports
from xxgk.model import DocumentError

MIB = 1024 * 1024
TEXT = b"BT /F1 12 Tf 72 700 Td (proactive disclosures 123) Tj ET\n"


def deflate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def write_pdf(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF with ``objects`` numbered from 1 (object 1 the catalog) and a classic xref."""
    out = bytearray(b"%PDF-" + version + b"\n")
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


def stream(data: bytes, filters: bytes = b"") -> bytes:
    extra = b" /Filter " + filters if filters else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page_pdf(content: bytes) -> bytes:
    return write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def lzw_codes(codes: list[int]) -> bytes:
    """Pack LZW codes with the code width growing as the decoder's table does."""
    value = width_total = 0
    table, width = 258, 9
    for code in codes:
        value = (value << width) | code
        width_total += width
        if code == 256:
            table, width = 258, 9
            continue
        if code != 257 and code != 32:  # (32 right after a clear adds no table entry)
            table += 1
            width = {511: 10, 1023: 11, 2047: 12}.get(table, width)
    padding = -width_total % 8
    return (value << padding).to_bytes((width_total + padding) // 8, "big")


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_INFLATED_BYTES", MIB)


def assert_too_large(data: bytes) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError) as error:
            decode_document(data, filename="bomb.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.kind == "too_large"
    assert "decompression bomb guard" in str(error.value)
    assert peak < 4 * MIB  # never more than a few inflate steps in memory


def test_small_streams_decode(small_cap):
    pdf = one_page_pdf(stream(deflate(TEXT), b"/FlateDecode"))
    document = decode_document(pdf, filename="a.pdf")
    assert "proactive disclosures 123" in document.text


@pytest.mark.parametrize(
    ("content", "filters"),
    [
        (deflate(TEXT + b" " * 8 * MIB), b"/FlateDecode"),
        # reportlab's way: Flate wrapped in ASCII85
        (base64.a85encode(deflate(TEXT + b" " * 8 * MIB)) + b"~>",
         b"[/ASCII85Decode /FlateDecode]"),
        (bytes([129, 32]) * 20_000, b"/RunLengthDecode"),  # 128 spaces per two bytes
        (b"z" * 300_000 + b"~>", b"/ASCII85Decode"),  # "z" is four zero bytes
        # each code one byte longer than the last: pdfminer's output grows quadratically
        (lzw_codes([256, 32, *range(258, 2300)]), b"/LZWDecode"),
        (b"\x00" * 1000, b"/CCITTFaxDecode /DecodeParms << /Columns 100000 >>"),
    ],
    ids=["flate", "ascii85-flate", "runlength", "ascii85-z", "lzw", "ccitt"],
)
def test_content_stream_decoding_past_the_cap_is_too_large(small_cap, content, filters):
    assert len(content) < MIB
    assert_too_large(one_page_pdf(stream(content, filters)))


BOMB = deflate(TEXT + b" " * 8 * MIB)


@pytest.mark.parametrize(
    ("content", "filters"),
    [
        # pdfminer refuses ASCII85 with a character outside the alphabet; pdfium keeps the
        # groups before it and inflates them
        (base64.a85encode(BOMB) + b"v~>", b"[/ASCII85Decode /FlateDecode]"),
        # ... and skips what is not a hex digit in ASCIIHex
        (BOMB.hex().encode()[:64] + b"x" + BOMB.hex().encode()[64:] + b">",
         b"[/ASCIIHexDecode /FlateDecode]"),
        # ... and skips /Crypt, where pdfminer stops
        (BOMB, b"[/Crypt /FlateDecode]"),
    ],
    ids=["ascii85-bad-char", "asciihex-junk", "crypt-then-flate"],
)
def test_filters_pdfium_reads_more_leniently_than_pdfminer_are_counted(small_cap, content,
                                                                         filters):
    assert len(content) < MIB
    assert_too_large(one_page_pdf(stream(content, filters)))


def test_streams_add_up_to_the_cap(small_cap):
    half = deflate(b" " * (MIB * 2 // 3))
    pdf = write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] >>",
        stream(half, b"/FlateDecode"),
        stream(half, b"/FlateDecode"),
    ])
    assert_too_large(pdf)


def test_object_stream_holding_the_catalog_is_checked_before_opening(small_cap):
    # pdfminer decodes this object stream while opening the file, to find the catalog.
    members = [b"<< /Type /Catalog /Pages 3 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    header = b"2 0 3 %d " % (len(members[0]) + 1)
    packed = deflate(header + b" ".join(members) + b" " * 4 * MIB)
    out = bytearray(b"%PDF-1.5\n")
    objstm_at = len(out)
    out += (b"1 0 obj\n<< /Type /ObjStm /N 2 /First %d /Length %d /Filter /FlateDecode >>\n"
            b"stream\n" % (len(header), len(packed)) + packed + b"\nendstream\nendobj\n")
    xref_at = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff", b"\x01" + struct.pack(">I", objstm_at) + b"\x00\x00",
            b"\x02\x00\x00\x00\x01\x00\x00", b"\x02\x00\x00\x00\x01\x00\x01",
            b"\x01" + struct.pack(">I", xref_at) + b"\x00\x00"]
    table = b"".join(rows)
    out += (b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n"
            % len(table) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    assert_too_large(bytes(out))


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, the cipher of the PDF standard security handler's revision 2."""
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


# The 32 bytes the standard security handler pads every password with (PDF 1.7, 7.6.3.3).
PASSWORD_PAD = bytes.fromhex(
    "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def encrypted_pdf_with_catalog_in_object_stream(padding: int) -> bytes:
    """A PDF 1.5 encrypted with RC4 40-bit and an empty user password (anyone can open it),
    whose catalog sits in an object stream inflating ``padding`` bytes past its members."""
    owner_entry, file_id, permissions = b"\x07" * 32, b"\x42" * 16, -4
    file_key = hashlib.md5(PASSWORD_PAD + owner_entry + struct.pack("<i", permissions)
                           + file_id).digest()[:5]
    user_entry = rc4(file_key, PASSWORD_PAD)
    members = [b"<< /Type /Catalog /Pages 3 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    header = b"2 0 3 %d " % (len(members[0]) + 1)
    packed = deflate(header + b" ".join(members) + b" " * padding)
    object_key = hashlib.md5(file_key + struct.pack("<I", 1)[:3] + b"\x00\x00").digest()[:10]
    packed = rc4(object_key, packed)  # object 1, generation 0
    out = bytearray(b"%PDF-1.5\n")
    objstm_at = len(out)
    out += (b"1 0 obj\n<< /Type /ObjStm /N 2 /First %d /Length %d /Filter /FlateDecode >>\n"
            b"stream\n" % (len(header), len(packed)) + packed + b"\nendstream\nendobj\n")
    xref_at = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff", b"\x01" + struct.pack(">I", objstm_at) + b"\x00\x00",
            b"\x02\x00\x00\x00\x01\x00\x00", b"\x02\x00\x00\x00\x01\x00\x01",
            b"\x01" + struct.pack(">I", xref_at) + b"\x00\x00"]
    table = b"".join(rows)
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
               % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions))
    out += (b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 2 0 R /Encrypt %s"
            b" /ID [<%s> <%s>] /Length %d >>\nstream\n"
            % (encrypt, file_id.hex().encode(), file_id.hex().encode(), len(table))
            + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def test_encrypted_object_stream_holding_the_catalog_is_checked_before_decoding(small_cap):
    # Its bytes are ciphered: no look at the raw file can count it; pdfminer deciphers and
    # decodes it while opening the file, to find the catalog.
    assert_too_large(encrypted_pdf_with_catalog_in_object_stream(8 * MIB))


def test_small_encrypted_object_stream_is_read():
    # The same file without the bomb opens: the guard deciphers with the file's own key.
    with pytest.raises(DocumentError) as error:
        decode_document(encrypted_pdf_with_catalog_in_object_stream(100), filename="a.pdf")
    assert error.value.kind != "too_large"
    document = open_guarded(encrypted_pdf_with_catalog_in_object_stream(100))
    assert document.catalog["Pages"].objid == 3


def test_cross_reference_stream_is_checked_before_opening(small_cap):
    out = bytearray(b"%PDF-1.5\n")
    catalog_at = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    pages_at = len(out)
    out += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref_at = len(out)
    rows = b"".join(b"\x01" + struct.pack(">I", at) + b"\x00\x00"
                    for at in (catalog_at, pages_at, xref_at))
    table = deflate(b"\x00\x00\x00\x00\x00\xff\xff" + rows + b"\x00" * 4 * MIB)
    out += (b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
            b"/Length %d >>\nstream\n" % len(table) + table
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    assert_too_large(bytes(out))


def test_cross_reference_stream_claiming_endless_objects_is_refused_quickly():
    # With an empty page tree pdfminer would try every object the stream claims: 2**30.
    out = bytearray(b"%PDF-1.5\n")
    catalog_at = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    pages_at = len(out)
    out += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref_at = len(out)
    table = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        b"\x01" + struct.pack(">I", at) + b"\x00\x00" for at in (catalog_at, pages_at, xref_at))
    out += (b"3 0 obj\n<< /Type /XRef /Size 1073741824 /W [1 4 2] /Root 1 0 R /Length %d >>\n"
            b"stream\n" % len(table) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % xref_at)
    started = time.perf_counter()
    with pytest.raises(DocumentError) as error:
        decode_document(bytes(out), filename="endless.pdf")
    assert error.value.kind == "too_large"
    assert "objects" in str(error.value)
    assert time.perf_counter() - started < 2


def test_generated_reports_pass_the_guard_and_decode():
    for report in generate_reports(3, seed=3, formats=("pdf",)):
        document = decode_document(report.data, filename=report.filename)
        assert document.format == "pdf"
        assert str(report.gold["report_year"]) in document.text


def test_inline_image_pdfium_would_inflate_is_counted(small_cap):
    # pdfium decodes an inline image whole while parsing the page, to find its end.
    image = deflate(b"\0" * 8 * MIB)
    page = b"q 100 0 0 100 72 600 cm BI /W 10 /H 10 /CS /G /BPC 8 /F /Fl ID " + image + b" EI Q"
    assert_too_large(one_page_pdf(stream(deflate(page), b"/FlateDecode")))
    assert_too_large(one_page_pdf(stream(page)))  # in a stream without filters too


def test_small_inline_image_decodes():
    image = deflate(b"\x80" * 100)
    page = (b"q 10 0 0 10 72 600 cm BI /W 10 /H 10 /CS /G /BPC 8 /F [/Fl] ID " + image
            + b" EI Q\n" + TEXT)
    document = decode_document(one_page_pdf(stream(deflate(page), b"/FlateDecode")))
    assert "proactive disclosures 123" in document.text


def test_inline_image_in_a_stream_too_big_to_hold_is_refused(monkeypatch):
    from xxgk.decode import pdf_guard

    monkeypatch.setattr(pdf_guard, "_INLINE_SCAN_BYTES", 64 * 1024)
    image = deflate(b"\0" * 1000)
    page = TEXT * 4000 + b" BI /W 10 /H 10 /CS /G /BPC 8 /Filter /FlateDecode ID " + image
    with pytest.raises(DocumentError) as error:
        decode_document(one_page_pdf(stream(deflate(page + b" EI"), b"/FlateDecode")))
    assert error.value.kind == "too_large"
    # The same stream without the inline image is looked through and read.
    document = decode_document(one_page_pdf(stream(deflate(TEXT * 4000), b"/FlateDecode")))
    assert "proactive disclosures 123" in document.text
