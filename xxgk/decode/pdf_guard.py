"""Checks on a PDF's compressed streams before pdfium (or pdfminer) decodes any of them.

The text engine, pdfium, decodes a stream whole, in memory, when a page needs it (its
content, a font, a form), with no cap on Flate or LZW output; pdfminer, which opens the
file for this guard, does the same for object streams. A 200 KB PDF whose content stream
inflates to 200 MiB would cost that much and more. So right after the file is opened every
stream object is decoded here once, with its filter chain applied in bounded steps and the
output counted, not kept; the document is refused (``too_large``) once the total passes
``limits.MAX_PDF_INFLATED_BYTES``.

Filters are counted as the more generous of the two readers would apply them: Flate in
bounded inflate steps; LZW and RunLength by the lengths their codes stand for (pdfminer's
LZW table never stops growing, so its output can grow with the square of the input; LZW
is counted with both code-width rules when the stream asks pdfium for late width changes);
ASCII85 and ASCIIHex by arithmetic (they grow by at most 4:1, ASCII85's "z"); CCITT fax
data by the bitmap its parameters describe. A stage followed by another is decoded for
real, once counting has shown it small; ASCII85 and ASCIIHex as leniently as pdfium reads
them (``pdf_ascii_filters``). /Crypt is skipped, as pdfium skips it. DCT, JPX and JBIG2
data are handed on as they are. Images are counted like any other stream: text
extraction never decodes an image's pixels, but nothing stops a page from using a stream
labelled as an image for its content. Inline images in a decoded stream are counted as
pdfium decodes them, whole, to find their end (``pdf_inline_images``); for that, a stream's
last filter is applied a second time, for real. A raw scan of the bytes for ``stream … endstream``
would not do: reportlab and many producers wrap Flate in ASCII85, and encrypted files must
be deciphered first.

pdfminer decodes some streams while it opens the file: cross-reference streams, and any
object stream holding the catalog (or, against the standard, the encryption dictionary).
Cross-reference streams are found by their /Type in the raw bytes and checked before the
file is opened (``check_structure_streams``; they are never encrypted), object streams of
an unencrypted file too. An object stream of an encrypted file can only be deciphered with
the key pdfminer derives while opening, so pdfminer opens the file as a
``GuardedPDFDocument``, which counts every object stream, deciphered, in bounded steps,
right before pdfminer decodes it (``open_guarded``).
"""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator

from pdfminer.ccitt import ccittfaxdecode
from pdfminer.lzw import lzwdecode
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjectNotFound, PDFStream, int_value
from pdfminer.psparser import literal_name
from pdfminer.runlength import rldecode

from xxgk.decode import limits
from xxgk.decode.pdf_ascii_filters import decode_ascii85, decode_ascii_hex
from xxgk.decode.pdf_inline_images import iter_inline_images, may_hold_inline_images
from xxgk.decode.pdf_plain_objects import is_plainly_not_a_stream
from xxgk.model import DocumentError

_INFLATE_STEP_BYTES = 1024 * 1024  # most inflated bytes held at a time
# Decoded streams up to this size are held whole to look for inline images in them; larger
# Flate streams are looked through in steps, with this much of the last step kept.
_INLINE_SCAN_BYTES = 8 * 1024 * 1024
_INLINE_HEADER_BYTES = 8192
# Full names of the filters and their abbreviations (inline images use the short ones).
_FILTER_NAMES = {
    "FlateDecode": "Flate", "Fl": "Flate", "LZWDecode": "LZW", "LZW": "LZW",
    "ASCII85Decode": "ASCII85", "A85": "ASCII85", "ASCIIHexDecode": "ASCIIHex",
    "AHx": "ASCIIHex", "RunLengthDecode": "RunLength", "RL": "RunLength",
    "CCITTFaxDecode": "CCITT", "CCF": "CCITT", "Crypt": "skipped",
    "DCTDecode": "as is", "DCT": "as is", "JPXDecode": "as is", "JBIG2Decode": "as is",
}
_WHITESPACE = re.compile(rb"\s")
# Streams pdfminer decodes while opening a file, and the object header before one.
_STRUCTURE_STREAM_TYPE = re.compile(rb"/Type\s*/(?:ObjStm|XRef)(?![A-Za-z0-9])")
_OBJECT_HEADER = re.compile(rb"(?<![0-9])[0-9]+\s+[0-9]+\s+obj(?![A-Za-z0-9])")
# Real files have a few dozen such streams; parsing each candidate costs Python time.
_MAX_STRUCTURE_CANDIDATES = 10_000
_ASCII85_FRAME = re.compile(rb"^<?~|~>?$")


class _TooLarge(Exception):
    """Raised by a counter as soon as a stage's output passes its allowance."""


def _count_inflated(data: bytes, allowance: int) -> int:
    return _inflate_counted(data, allowance, keep_up_to=0)[0]


def _inflate_counted(data: bytes, allowance: int, keep_up_to: int) -> tuple[int, bytes | None]:
    """Bytes inflating ``data`` produces (_TooLarge past ``allowance``), and the output
    itself when it is no more than ``keep_up_to`` bytes (else None)."""
    inflater = zlib.decompressobj()
    produced = 0
    kept: list[bytes] | None = [] if keep_up_to else None
    try:
        while data and not inflater.eof:
            chunk = inflater.decompress(data, _INFLATE_STEP_BYTES)
            produced += len(chunk)
            if produced > allowance:
                raise _TooLarge
            if kept is not None:
                kept = kept + [chunk] if produced <= keep_up_to else None
            data = inflater.unconsumed_tail
        tail = inflater.flush()  # at most one back-reference (258 bytes)
        produced += len(tail)
        if kept is not None:
            kept.append(tail)
    except zlib.error:
        pass  # the readers keep what came out before the damage, or nothing
    return produced, (b"".join(kept) if kept is not None else None)


def _make_code_reader(data: bytes) -> Callable[[int], int]:
    """A reader of the next ``bits``-bit code of ``data`` (most significant bit first, as
    LZW packs them); it raises EOFError at the end."""
    total = len(data) * 8
    position = 0

    def read(bits: int) -> int:
        nonlocal position
        end = position + bits
        if end > total:
            raise EOFError
        last_byte = (end + 7) >> 3
        window = int.from_bytes(data[position >> 3 : last_byte], "big")
        position = end
        return (window >> (last_byte * 8 - end)) & ((1 << bits) - 1)

    return read


def _count_lzw(data: bytes, allowance: int, early_change: bool = True) -> int:
    """Output length of pdfminer's LZW decoder on ``data``, from code lengths alone (an upper
    bound of pdfium's, whose table stops growing at 4,096 entries); with ``early_change``
    false, codes widen one entry later, as pdfium reads a stream with /EarlyChange 0."""
    widths = {511: 10, 1023: 11, 2047: 12} if early_change else {512: 10, 1024: 11, 2048: 12}
    read = _make_code_reader(data)
    lengths: list[int] = []  # length of each table entry; 256 and 257 are codes, not entries
    previous = 0  # length of the previous output, 0 right after a clear code
    bits = 9
    produced = 0
    while True:
        try:
            code = read(bits)
        except EOFError:
            return produced
        if code == 256:
            lengths = [1] * 256 + [0, 0]
            previous, bits = 0, 9
            continue
        if code == 257:
            continue
        if code > len(lengths) or (code == len(lengths) and not previous):
            return produced  # corrupt data: pdfminer stops (or fails) here
        if not previous:
            length = lengths[code]
        else:
            length = lengths[code] if code < len(lengths) else previous + 1
            lengths.append(previous + 1)
            bits = widths.get(len(lengths), bits)
        previous = length
        produced += length
        if produced > allowance:
            raise _TooLarge


def _count_run_length(data: bytes, allowance: int) -> int:
    produced = index = 0
    while index < len(data) and data[index] != 128:
        length = data[index]
        if length < 128:
            produced += length + 1
            index += length + 2
        else:
            produced += 257 - length
            index += 2
        if produced > allowance:
            raise _TooLarge
    return produced


def _count_ascii85(data: bytes, allowance: int) -> int:
    digits = _ASCII85_FRAME.sub(b"", _WHITESPACE.sub(b"", data))
    zeros = digits.count(b"z")  # "z" stands for four zero bytes
    groups, rest = divmod(len(digits) - zeros, 5)
    produced = 4 * (groups + zeros) + max(0, rest - 1)
    if produced > allowance:
        raise _TooLarge
    return produced


def _count_ascii_hex(data: bytes, allowance: int) -> int:
    produced = (len(_WHITESPACE.sub(b"", data).split(b">", 1)[0]) + 1) // 2
    if produced > allowance:
        raise _TooLarge
    return produced


def _measure_ccitt(stream: PDFStream, params: dict) -> tuple[Callable[[bytes, int], int],
                                                              Callable[[bytes], bytes]]:
    """Counter and decoder for CCITT fax data: a bitmap of /Columns pixels by /Rows (or the
    image's /Height; failing both, one row per bit of input, the most it can encode)."""
    columns = int_value(params.get("Columns", 1728))
    rows = int_value(params.get("Rows", 0)) or int_value(stream.get("Height", 0))

    def count(data: bytes, allowance: int) -> int:
        produced = (max(columns, 1) + 7) // 8 * (rows or 8 * len(data))
        if produced > allowance:
            raise _TooLarge
        return produced

    return count, lambda data: ccittfaxdecode(data, params)


_COUNTERS: dict[str, Callable[[bytes, int], int]] = {
    "Flate": _count_inflated,
    "LZW": _count_lzw,
    "RunLength": _count_run_length,
    "ASCII85": _count_ascii85,
    "ASCIIHex": _count_ascii_hex,
}
_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "Flate": lambda data: zlib.decompressobj().decompress(data),  # tolerates a cut stream
    "LZW": lzwdecode,
    "RunLength": rldecode,
    "ASCII85": decode_ascii85,
    "ASCIIHex": decode_ascii_hex,
}


def _count_lzw_both_ways(data: bytes, allowance: int) -> int:
    return max(_count_lzw(data, allowance), _count_lzw(data, allowance, early_change=False))


def _read_stages(stream: PDFStream) -> list[tuple[Callable[[bytes, int], int],
                                                  Callable[[bytes], bytes]]]:
    """Counter and decoder of each filter that changes the data, in the order they apply,
    up to the first no reader can apply (after which they decode nothing)."""
    stages = []
    try:
        filters = stream.get_filters()
    except Exception:  # noqa: BLE001 - unreadable filters: no reader can decode it either
        return []
    for filter_, params in filters:
        name = _FILTER_NAMES.get(literal_name(filter_))
        if name is None:
            break  # unknown: both readers refuse the stream
        params = params if isinstance(params, dict) else {}
        if name == "CCITT":
            stages.append(_measure_ccitt(stream, params))
        elif name == "LZW" and params.get("EarlyChange", 1) == 0:
            stages.append((_count_lzw_both_ways, _DECODERS[name]))
        elif name not in ("as is", "skipped"):
            stages.append((_COUNTERS[name], _DECODERS[name]))
    return stages


def _count_stream(stream: PDFStream, allowance: int) -> int:
    """Bytes a reader would produce decoding ``stream``; _TooLarge past ``allowance``."""
    if stream.rawdata is None:  # decoded already, while the file was opened
        produced = len(stream.data or b"")
        if produced > allowance:
            raise _TooLarge
        return produced
    data = stream.rawdata
    # pdfminer sets an object's number and generation together
    if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
        try:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        except Exception:  # noqa: BLE001 - undecipherable: no reader can decode it either
            return 0
    stages = _read_stages(stream)
    produced = 0
    for number, (count, decode) in enumerate(stages, start=1):
        if number == len(stages) and decode is _DECODERS["Flate"]:
            output, inflated = _inflate_counted(data, allowance - produced, _INLINE_SCAN_BYTES)
            produced += output
            if inflated is not None:  # held already: looked through without inflating again
                return produced + _count_inline_images(inflated, None, output,
                                                       allowance - produced)
            return produced + _count_inline_images(data, decode, output, allowance - produced)
        if number == len(stages):
            output = count(data, allowance - produced)
            produced += output
            return produced + _count_inline_images(data, decode, output, allowance - produced)
        # Its output feeds the next stage: decode it for real once it is known small.
        produced += count(data, min(allowance - produced, limits.MAX_INPUT_BYTES))
        try:
            data = decode(data)
        except Exception:  # noqa: BLE001 - damaged data: the readers give up here too
            return produced
    return produced + _count_inline_images(data, None, len(data), allowance - produced)


def _inflated_chunks(data: bytes) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        while data and not inflater.eof:
            yield inflater.decompress(data, _INFLATE_STEP_BYTES)
            data = inflater.unconsumed_tail
    except zlib.error:
        return


def _count_inline_images(data: bytes, decode: Callable[[bytes], bytes] | None, size: int,
                         allowance: int) -> int:
    """What pdfium's decoding of the inline images in a stream (``data`` through its last
    filter ``decode``, ``size`` bytes decoded) produces (``pdf_inline_images``). CCITT
    output is a bitmap: not looked through."""
    if decode is not None and decode not in _DECODERS.values():
        return 0
    if decode is _DECODERS["Flate"] and size > _INLINE_SCAN_BYTES:
        # Too big to hold: looked through in steps; an inline image here is not counted
        # but refused (no report has one in a content stream this size).
        tail = b""
        for chunk in _inflated_chunks(data):
            window, tail = tail + chunk, (tail + chunk)[-_INLINE_HEADER_BYTES:]
            if next(iter_inline_images(window), None) is not None:
                raise _TooLarge
        return 0
    if decode is not None:
        if not data:
            return 0
        try:
            data = decode(data)
        except Exception:  # noqa: BLE001 - damaged data: the readers give up here too
            return 0
    if not may_hold_inline_images(data):
        return 0
    produced = 0
    for name, image_data in iter_inline_images(data):
        produced += _COUNTERS[name](image_data, allowance - produced)
    return produced


def _iter_streams(document: PDFDocument, data: bytes | None) -> Iterator[PDFStream]:
    """Every stream object of a pdfminer document, object streams first (their members
    may be needed to parse the other objects, and reading a member decodes its stream).
    With the file's bytes (``data``), objects they show plainly not to be streams are not
    parsed (``pdf_plain_objects``)."""
    positions: dict[int, tuple[int | None, int, int]] = {}
    listed = 0
    for xref in document.xrefs:
        for objid in xref.get_objids():
            # Each object costs ~30 µs to parse here, and a cross-reference stream can
            # claim any number of them.
            listed += 1
            if listed > limits.MAX_PDF_OBJECTS:
                raise DocumentError(
                    "too_large", f"PDF lists over {limits.MAX_PDF_OBJECTS} objects"
                )
            if objid not in positions:
                try:
                    positions[objid] = xref.get_pos(objid)
                except KeyError:
                    continue
    containers = {container for container, _, _ in positions.values() if container is not None}
    direct = [objid for objid, (container, _, _) in positions.items() if container is None]
    for objid in sorted(direct, key=lambda objid: objid not in containers):
        if data is not None and objid not in containers and is_plainly_not_a_stream(
                data, positions[objid][1]):
            continue
        try:
            obj = document.getobj(objid)
        except Exception:  # noqa: BLE001 - a broken object is pdfminer's to report, later
            continue
        if isinstance(obj, PDFStream):
            yield obj


class _NoDocument:
    """Stands in for a PDFDocument while single objects are parsed from the raw bytes of a
    file not opened yet: no reference resolves, nothing is deciphered."""

    decipher = None

    def getobj(self, objid: int) -> object:
        raise PDFObjectNotFound(objid)


def _iter_structure_streams(data: bytes) -> Iterator[PDFStream]:
    """Stream objects whose dictionary says /Type /ObjStm or /XRef, parsed from raw bytes."""
    types = [found.start() for found in _STRUCTURE_STREAM_TYPE.finditer(data)]
    if not types:
        return
    headers = [found.start() for found in _OBJECT_HEADER.finditer(data)]
    starts = sorted({headers[at - 1] for at in (bisect.bisect(headers, position)
                                                for position in types) if at})
    if len(starts) > _MAX_STRUCTURE_CANDIDATES:
        raise DocumentError(
            "too_large", f"PDF has {len(starts)} cross-reference or object streams (or"
            f" look-alikes; limit {_MAX_STRUCTURE_CANDIDATES})")
    parser = PDFParser(io.BytesIO(data))
    parser.set_document(_NoDocument())  # type: ignore[arg-type]
    parser.fallback = True  # read each stream to its "endstream": /Length may be a reference
    for start in starts:
        try:
            parser.seek(start)
            for _ in range(3):  # number, generation, "obj"
                parser.nexttoken()
            _, obj = parser.nextobject()
        except Exception:  # noqa: BLE001 - not an object after all: pdfminer will say
            continue
        if isinstance(obj, PDFStream):
            yield obj


def check_structure_streams(data: bytes) -> None:
    """Raise DocumentError('too_large') when the cross-reference and object streams of the
    PDF file ``data`` would decode to more than ``limits.MAX_PDF_INFLATED_BYTES``; run it
    before the file is opened (opening decodes them)."""
    _charge_streams(_iter_structure_streams(data),
                    lambda stream: "PDF cross-reference or object stream")


class GuardedPDFDocument(PDFDocument):
    """pdfminer's document, with each object stream counted before pdfminer decodes it whole
    (while opening the file, to find the catalog; later, to read a member). The object
    streams share one allowance of ``limits.MAX_PDF_INFLATED_BYTES``."""

    def __init__(self, parser: PDFParser) -> None:
        self._allowance = limits.MAX_PDF_INFLATED_BYTES  # before opening: opening reads objects
        super().__init__(parser)

    def _get_objects(self, stream: PDFStream) -> tuple[list[object], int]:
        try:
            self._allowance -= _count_stream(stream, self._allowance)
        except _TooLarge:
            raise DocumentError(
                "too_large",
                f"PDF object stream {stream.objid} decodes past what the decompression bomb"
                f" guard allows ({limits.MAX_PDF_INFLATED_BYTES} bytes for all streams)",
            ) from None
        return super()._get_objects(stream)


def open_guarded(data: bytes) -> PDFDocument:
    """pdfminer's reading of the PDF file ``data``: its cross-reference and object streams
    checked before they are decoded (DocumentError 'too_large' past the cap); pdfminer's own
    exceptions for a file it cannot read."""
    check_structure_streams(data)
    return GuardedPDFDocument(PDFParser(io.BytesIO(data)))


def check_inflated_size(document: PDFDocument, data: bytes | None = None) -> None:
    """Raise DocumentError('too_large') when decoding the streams of ``document`` (just
    opened from the bytes ``data``, if given) would produce more than
    ``limits.MAX_PDF_INFLATED_BYTES``."""
    _charge_streams(_iter_streams(document, data),
                    lambda stream: f"PDF stream object {stream.objid}")


def _charge_streams(streams: Iterable[PDFStream], name: Callable[[PDFStream], str]) -> None:
    """Count what ``streams`` decode to against one allowance for all of them."""
    allowance = limits.MAX_PDF_INFLATED_BYTES
    for stream in streams:
        try:
            allowance -= _count_stream(stream, allowance)
        except _TooLarge:
            raise DocumentError(
                "too_large",
                f"{name(stream)} decodes past what the decompression bomb guard allows"
                f" ({limits.MAX_PDF_INFLATED_BYTES} bytes for all streams)",
            ) from None
