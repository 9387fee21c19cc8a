"""The zip guard reads what a member really inflates to, not what the zip directory says."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest

from xxgk.decode import decode_document
from xxgk.decode.zip_guard import check_zip_members
from xxgk.model import DocumentError

MIB = 1024 * 1024
DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>text</w:t></w:r></w:p></w:body>'
    b"</w:document>"
)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def declare_size(archive: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s uncompressed size set to ``size`` in both its central
    directory entry and its local header: the directory now lies."""
    data = bytearray(archive)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == name.encode():
            data[at + 24 : at + 28] = struct.pack("<I", size)
            local = struct.unpack("<I", data[at + 42 : at + 46])[0]
            data[local + 22 : local + 26] = struct.pack("<I", size)
        at = data.find(b"PK\x01\x02", at + 1)
    return bytes(data)


def check(archive: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        check_zip_members(opened)


def test_honest_archives_pass():
    check(zip_bytes({"word/document.xml": DOCUMENT_XML, "word/media/a.bin": bytes(range(256))}))
    check(zip_bytes({"word/document.xml": DOCUMENT_XML}, zipfile.ZIP_STORED))
    check(zip_bytes({"word/empty.xml": b""}))


def test_member_inflating_past_its_declared_size_is_refused_cheaply():
    # 32 MiB of whitespace deflates to ~32 KB; the directory says 5,000 bytes.
    bomb = declare_size(zip_bytes({"word/document.xml": b" " * (32 * MIB)}),
                        "word/document.xml", 5000)
    with zipfile.ZipFile(io.BytesIO(bomb)) as opened:
        assert opened.getinfo("word/document.xml").file_size == 5000  # what zipfile trusts
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError) as error:
            check(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.kind == "too_large"
    assert "inflates past its declared 5000 bytes" in str(error.value)
    assert peak < 4 * MIB


def test_a_lying_docx_is_an_error_row_not_a_parse():
    bomb = declare_size(zip_bytes({"word/document.xml": DOCUMENT_XML + b" " * MIB}),
                        "word/document.xml", len(DOCUMENT_XML))
    with pytest.raises(DocumentError) as error:
        decode_document(bomb, filename="report.docx")
    assert error.value.kind == "too_large"


def test_stored_member_larger_than_declared_is_refused():
    lying = declare_size(zip_bytes({"word/document.xml": DOCUMENT_XML}, zipfile.ZIP_STORED),
                         "word/document.xml", 10)
    with pytest.raises(DocumentError) as error:
        check(lying)
    assert error.value.kind == "too_large"


def test_compression_methods_word_never_writes_are_refused():
    with pytest.raises(DocumentError) as error:
        check(zip_bytes({"word/document.xml": DOCUMENT_XML}, zipfile.ZIP_BZIP2))
    assert error.value.kind == "parse_failed"
    assert "compression method 12" in str(error.value)


def test_garbage_where_deflate_data_should_be_fails_to_parse():
    archive = bytearray(zip_bytes({"word/document.xml": DOCUMENT_XML * 20}))
    start = archive.find(b"word/document.xml") + len("word/document.xml")
    archive[start : start + 8] = b"\xff" * 8  # the first bytes of the deflate stream
    with pytest.raises(DocumentError) as error:
        check(bytes(archive))
    assert error.value.kind == "parse_failed"


def test_doctype_in_a_part_is_still_refused_after_inflating():
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(DocumentError) as error:
        check(zip_bytes({"word/document.xml": DOCUMENT_XML, "word/styles.xml": laughs}))
    assert error.value.kind == "parse_failed"
    assert "word/styles.xml" in str(error.value)
