"""Bytes to str for text and HTML documents: which encoding, and whether it is text at all.

Order of evidence, strongest first:
  1. a byte-order mark;
  2. strict UTF-8, when the bytes contain multi-byte sequences. Valid UTF-8 almost never
     happens by accident, while HTTP headers and <meta> tags are often stale (a site moved
     to UTF-8 and kept "charset=gb2312" in its templates), so this outranks declarations;
  3. the declared charset (HTTP header), then the HTML <meta charset> / http-equiv or XML
     declaration, each only if the bytes decode strictly with it. Single-byte Western
     charsets (ISO-8859-1, windows-1252, ASCII) are skipped: for Chinese reports they are
     server defaults, and they decode any bytes, right or wrong;
  4. GB18030, when the bytes decode strictly with it and the result reads like Chinese
     (enough of the most frequent hanzi). Most non-UTF-8 reports are GBK, and this check is
     ~100× faster than statistical detection;
  5. a page in two encodings (``mixed_encoding``): UTF-8 or GB18030 for most of it, the
     other for a few words that the first cannot read (a GBK footer on a UTF-8 page), each
     such byte range named in a warning;
  6. charset-normalizer; a Korean, Japanese or UTF-16 verdict on bytes that are valid
     GB18030 is overruled (short GBK texts get scored as EUC-KR or UTF-16);
  7. a lenient decode (UTF-8 or GB18030 with replacement characters) when only a handful of
     bytes are broken, with a warning.
Any GB2312/GBK/GB18030 verdict decodes as GB18030, the superset: GB2312-labelled pages use
GBK-only characters all the time.

Binary junk (NUL bytes, control characters) is rejected as ``undecodable`` whatever decoded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from xxgk.decode import limits
from xxgk.decode.mixed_encoding import decode_mixed
from xxgk.model import DocumentError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {
    "gb2312", "gbk", "gb18030", "cp936", "ms936", "euc-cn", "x-gbk", "hz-gb-2312", "gb_2312-80",
}
# Verdicts that, on bytes which are also valid GB18030, are a misreading of short GBK text.
_OVERRULED_BY_GB18030 = {
    "euc_kr", "cp949", "johab", "iso2022_kr", "shift_jis", "cp932", "euc_jp", "shift_jis_2004",
    "euc_jis_2004", "shift_jisx0213", "euc_jisx0213", "iso2022_jp",
    "utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le",
}
_WEAK_DECLARATIONS = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_META_CHARSET = re.compile(
    rb"""(?i)<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})"""
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
# Encodings in which, once bytes decode strictly, every byte below 0x80 is that ASCII
# character (no multi-byte sequence uses a control byte): their control characters can be
# counted in the bytes, where bytes.translate is many times faster than a regex over str.
_ASCII_PRESERVING = frozenset({"utf-8", "gb18030"})
_HAN = "\u4e00-\u9fff"
# The most frequent hanzi in modern Chinese prose (a fact about the language, not a quotation).
# Correctly decoded Chinese has a large share of them; Big5 or Shift-JIS bytes read as GBK,
# or binary read as GBK, yield rarer characters.
_FREQUENT_HAN_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
    "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布"
    "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值"
)
# Characters are counted by runs ("[…][…]*" so that the engine can scan for the class):
# findall of single characters creates a string per character.
_HAN_RUN = re.compile(f"[{_HAN}][{_HAN}]*")
_FREQUENT_HAN_RUN = re.compile(f"[{_FREQUENT_HAN_CHARS}][{_FREQUENT_HAN_CHARS}]*")
_SAMPLE_CHARS = 2000  # enough prose to judge; keeps the check cheap
_MIN_HAN_FOR_FAST_PATH = 2
_MIN_FREQUENT_HAN_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def normalize_charset_name(name: str | None) -> str | None:
    """A Python codec name for a declared charset, GB family mapped to gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY or label.startswith("gb"):
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY else codec


def _try_strict(data: bytes, encoding: str | None) -> str | None:
    if not encoding or encoding in _WEAK_DECLARATIONS:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _reads_like_chinese(text: str) -> bool:
    # From the middle: the start of an HTML page is <head> markup with little Chinese in it.
    start = max(0, len(text) // 2 - _SAMPLE_CHARS // 2)
    sample = text[start : start + _SAMPLE_CHARS]
    han = sum(map(len, _HAN_RUN.findall(sample)))
    if han < _MIN_HAN_FOR_FAST_PATH:
        return False
    return sum(map(len, _FREQUENT_HAN_RUN.findall(sample))) / han >= _MIN_FREQUENT_HAN_SHARE


def _detect_with_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    encoding = normalize_charset_name(best.encoding) or best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_leniently(data: bytes, candidates: tuple[str, ...]) -> DecodedText | None:
    best: tuple[int, str, str] | None = None
    for encoding in candidates:
        text = data.decode(encoding, errors="replace")
        broken = text.count("\ufffd")
        if best is None or broken < best[0]:
            best = (broken, text, encoding)
    if best is None or not best[1]:
        return None
    broken, text, encoding = best
    if broken / len(text) > limits.MAX_REPLACEMENT_CHAR_SHARE:
        return None
    warning = f"decoded as {encoding} with {broken} undecodable byte sequence(s) replaced"
    return DecodedText(text, encoding, (warning,))


def _check_not_binary(data: bytes) -> None:
    if data.count(0) > max(1, len(data) * limits.MAX_NUL_BYTE_SHARE):
        raise DocumentError("undecodable", "binary data: too many NUL bytes for a text document")


def _check_text_is_text(decoded: DecodedText, strictly_from: bytes | None = None) -> DecodedText:
    """Reject binary junk; ``strictly_from``: the bytes, when ``decoded`` is their strict decoding."""
    if strictly_from is not None and decoded.encoding in _ASCII_PRESERVING:
        controls = len(strictly_from) - len(strictly_from.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL.findall(decoded.text))
    if controls > max(2, len(decoded.text) * limits.MAX_CONTROL_CHAR_SHARE):
        reason = f"binary data: {controls} control characters after decoding as {decoded.encoding}"
        raise DocumentError("undecodable", reason)
    return decoded


def _decode_two_encodings(data: bytes) -> DecodedText | None:
    """A page in UTF-8 or GB18030 with a few words in the other (``mixed_encoding``)."""
    mixed = decode_mixed(data)
    # GB18030 reads most bytes as some character: a GB18030-dominant reading must read as
    # Chinese, as for the whole-page GB18030 verdict.
    if mixed is None or (mixed.dominant == "gb18030" and not _reads_like_chinese(mixed.text)):
        return None
    return DecodedText(mixed.text, mixed.dominant, mixed.warnings())


def find_meta_charset(data: bytes) -> str | None:
    """The charset an HTML <meta> tag or an XML declaration names in the first 8 KB."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _decode_as_utf8_or_declared(data: bytes, declared_charset: str | None) -> DecodedText | None:
    """The bytes decoded strictly as UTF-8, else as the charset the server or the page
    declares (in that order); None when none of them decodes them."""
    text = _try_strict(data, "utf-8")
    if text is not None:
        return DecodedText(text, "utf-8")
    for declared in (declared_charset, find_meta_charset(data)):
        charset = normalize_charset_name(declared)
        text = _try_strict(data, charset)
        if text is not None and charset is not None:  # no text without a charset
            return DecodedText(text, charset)
    return None


def decode_text_bytes(data: bytes, *, declared_charset: str | None = None) -> DecodedText:
    """Decode a text or HTML document; raise DocumentError('undecodable') for binary junk."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            after_bom = data[len(bom) :].decode(encoding, errors="replace")
            return _check_text_is_text(DecodedText(after_bom, encoding))
    _check_not_binary(data)
    if data.isascii():
        return _check_text_is_text(DecodedText(data.decode("ascii"), "utf-8"), data)
    strict = _decode_as_utf8_or_declared(data, declared_charset)
    if strict is not None:
        return _check_text_is_text(strict, data)
    as_gb18030 = _try_strict(data, "gb18030")
    if as_gb18030 is not None and _reads_like_chinese(as_gb18030):
        return _check_text_is_text(DecodedText(as_gb18030, "gb18030"), data)
    return _check_text_is_text(_decode_undeclared(data, as_gb18030))


def _decode_undeclared(data: bytes, as_gb18030: str | None) -> DecodedText:
    """Steps 5 to 7: bytes that are neither valid UTF-8 nor Chinese GB18030 nor in a declared
    charset (``as_gb18030``: their strict GB18030 reading, if any)."""
    mixed = _decode_two_encodings(data)
    if mixed is not None:
        return mixed
    detected = _detect_with_charset_normalizer(data)
    if detected is not None:
        if as_gb18030 is not None and detected[1] in _OVERRULED_BY_GB18030:
            # Short GBK texts are often scored as Korean, Japanese or BOM-less UTF-16; for
            # mainland reports, bytes that are valid GB18030 are GB18030.
            warning = f"charset-normalizer said {detected[1]}; valid GB18030 preferred"
            return DecodedText(as_gb18030, "gb18030", (warning,))
        return DecodedText(*detected)
    lenient = _decode_leniently(data, ("utf-8", "gb18030"))
    if lenient is not None:
        return lenient
    raise DocumentError("undecodable", "no encoding decodes these bytes as text")
