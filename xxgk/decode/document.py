"""``decode_document``: raw bytes of any supported format to one cleaned ``Document``.

Sniff the format, decode it with the format's reader, clean the text, pick the title. Every
way a document can be unusable ends as ``DocumentError(kind, reason)``; a library raising
something unexpected on hostile input is converted too, so that a batch never stops on one
bad document.
"""

from __future__ import annotations

from xxgk.clean import clean_text, clean_title, pick_title_from_text
from xxgk.decode import limits
from xxgk.decode.doc_text import doc_to_text
from xxgk.decode.docx_text import docx_to_text
from xxgk.decode.encoding import decode_text_bytes
from xxgk.decode.html_text import html_to_text
from xxgk.decode.image_text import image_to_text
from xxgk.decode.ocr_spans import locate_readings
from xxgk.decode.pdf_text import PdfText, pdf_to_text
from xxgk.decode.sniff import DOC, DOCX, HTML, IMAGE, PDF, sniff_binary_format, sniff_text_format
from xxgk.model import Document, DocumentError


def _check_text_size(text: str) -> None:
    if len(text) > limits.MAX_TEXT_CHARS:
        reason = f"{len(text)} characters of text (limit {limits.MAX_TEXT_CHARS})"
        raise DocumentError("too_large", reason)


def _decode(
    data: bytes, *, filename: str | None, content_type: str | None, declared_charset: str | None
) -> Document:
    if not data or not data.strip():
        raise DocumentError("empty", "no bytes" if not data else "only whitespace")
    if len(data) > limits.MAX_INPUT_BYTES:
        raise DocumentError("too_large", f"{len(data)} bytes (limit {limits.MAX_INPUT_BYTES})")
    warnings: list[str] = []
    title: str | None = None
    encoding: str | None = None
    pdf: PdfText | None = None
    source_format = sniff_binary_format(data)
    if source_format == PDF:
        pdf = pdf_to_text(data)
        text, warnings = pdf.text, list(pdf.warnings)
    elif source_format == IMAGE:
        pdf = image_to_text(data)
        text, warnings = pdf.text, list(pdf.warnings)
    elif source_format == DOCX:
        word = docx_to_text(data)
        text, warnings = word.text, list(word.warnings)
    elif source_format == DOC:
        converted = doc_to_text(data)
        text = converted.text
        warnings.append(f"converted with {converted.converter}")
    else:
        decoded = decode_text_bytes(data, declared_charset=declared_charset)
        text, encoding, warnings = decoded.text, decoded.encoding, list(decoded.warnings)
        source_format = sniff_text_format(text, filename=filename, content_type=content_type)
        if source_format == HTML:
            _check_text_size(text)
            page = html_to_text(text)
            text, title = page.text, clean_title(page.title)
            warnings += page.warnings
    _check_text_size(text)
    # a picture's text has the shape of a PDF page's (lines, pipe rows), and is cleaned so
    cleaned = clean_text(text, source_format=PDF if source_format == IMAGE else source_format)
    if not cleaned.strip():
        raise DocumentError("empty", f"no text left after decoding and cleaning ({source_format})")
    readings = pdf.ocr_readings if pdf is not None else ()
    return Document(
        text=cleaned,
        format=source_format,
        title=title or pick_title_from_text(cleaned),
        encoding=encoding,
        warnings=tuple(warnings),
        text_source=pdf.text_source if pdf is not None else "text",
        ocr_spans=locate_readings(cleaned, readings),
        ocr_confidence=min((confidence for _, confidence in readings), default=None),
    )


def decode_document(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    declared_charset: str | None = None,
) -> Document:
    """Decode and clean one raw document.

    ``filename`` and ``content_type`` are hints (the bytes decide the format);
    ``declared_charset`` is the charset from the HTTP Content-Type header, if any.
    Raises ``DocumentError`` with kind undecodable | empty | needs_ocr | unsupported_format |
    too_large | parse_failed, and nothing else, for documents that cannot be used.
    """
    try:
        return _decode(
            data, filename=filename, content_type=content_type, declared_charset=declared_charset
        )
    except DocumentError:
        raise
    except RecursionError:
        reason = "document structure nested too deeply to read"
        raise DocumentError("parse_failed", reason) from None
    except MemoryError:
        raise DocumentError("too_large", "ran out of memory reading the document") from None
    except Exception as exc:  # a reader library failing on hostile input must not stop the batch
        reason = f"unexpected {type(exc).__name__} while decoding: {exc}"
        raise DocumentError("parse_failed", reason) from None
