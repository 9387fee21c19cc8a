"""Pages in two encodings: read by the dominant one, the odd words by the other, or refused."""

from __future__ import annotations

import time

import pytest

from xxgk.decode.encoding import decode_text_bytes
from xxgk.decode.mixed_encoding import MAX_ODD_WORDS, decode_mixed, read_mixed
from xxgk.model import DocumentError

BODY = "本机关全年主动公开政府信息一千二百条，受理依申请公开四件，均在法定期限内作出答复。"
FOOTER = "主办单位：某县人民政府办公室　联系电话与通讯地址"


def _utf8_page_with_gbk_footer(paragraphs: int = 8) -> tuple[bytes, int, int]:
    """The page and the byte range of its GBK footer text."""
    head = ("<html><head><title>年度报告</title></head><body>"
            + f"<p>{BODY}</p>" * paragraphs + "<div class='footer'>").encode("utf-8")
    footer = FOOTER.encode("gbk")
    return head + footer + b"</div></body></html>", len(head), len(head) + len(footer)


def test_a_utf8_page_with_a_gbk_footer_keeps_both_and_names_the_footer_bytes():
    page, start, end = _utf8_page_with_gbk_footer()
    decoded = decode_text_bytes(page)
    assert decoded.encoding == "utf-8"
    assert BODY in decoded.text and FOOTER in decoded.text
    assert "\ufffd" not in decoded.text
    assert decoded.warnings == (
        f"decoded as utf-8 with {end - start} byte(s) read as gb18030: bytes {start}-{end}",)


def test_gbk_characters_whose_second_byte_is_ascii_stay_whole():
    # 丂 is 81 40 in GBK ("@" as its second byte); 「€」 is a two-byte GBK code too, and
    # GB18030's four-byte forms carry digits as their second and fourth bytes.
    odd = "丂乗€〾"
    page = (f"<p>{BODY}</p>" * 8).encode("utf-8") + b"<p>" + odd.encode("gb18030") + b"</p>"
    decoded = decode_text_bytes(page)
    assert decoded.text.endswith(f"<p>{odd}</p>")
    assert decoded.encoding == "utf-8"


def test_a_gbk_page_with_a_utf8_box_reads_the_box_as_utf8():
    box = "<p>扫一扫在手机打开当前页</p>".encode("utf-8")  # valid GBK as well, wrongly
    page = (f"<p>{BODY}</p>" * 8).encode("gbk") + box + f"<p>{FOOTER}</p>".encode("gbk")
    decoded = decode_text_bytes(page + b"\x80")  # and one stray byte: not valid GB18030
    assert decoded.encoding == "gb18030"
    assert "扫一扫在手机打开当前页" in decoded.text and FOOTER in decoded.text
    assert "read as utf-8" in decoded.warnings[0]
    assert decoded.warnings[1] == "1 undecodable byte sequence(s) replaced"


def test_the_other_encoding_must_not_dominate():
    # Mostly GBK with one UTF-8 word: a UTF-8-dominant reading would be odd nearly everywhere.
    page = (f"<p>{BODY}</p>" * 8).encode("gbk") + "<p>附件下载</p>".encode("utf-8") + b"\x80"
    assert read_mixed(page, "utf-8", "gb18030") is None
    reading = decode_mixed(page)
    assert reading is not None and reading.dominant == "gb18030"
    assert reading.text.endswith("<p>附件下载</p>\ufffd")


def test_words_no_encoding_reads_are_refused_past_the_lenient_share():
    # Latin-1 bytes (é, ï) are neither UTF-8 nor GB18030 words: broken in both readings.
    page = (f"<p>{BODY}</p>".encode("utf-8") + FOOTER.encode("gbk")
            + ("<p>café naïve</p>" * 20).encode("latin-1"))
    assert decode_mixed(page) is None
    with pytest.raises(DocumentError) as error:
        decode_text_bytes(page)
    assert error.value.kind == "undecodable"


def test_a_utf8_page_with_one_broken_byte_is_not_read_as_gbk():
    # A few broken bytes inside a UTF-8 word are broken bytes, not a GBK word: the lenient
    # decode replaces them and the rest of the word stays as it was.
    text = (f"<p>{BODY}</p>" * 40).encode("utf-8")
    broken = text.replace(b"</p>", b"\xff</p>", 1)
    decoded = decode_text_bytes(broken)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 1
    assert "read as gb18030" not in " ".join(decoded.warnings)


def test_too_many_odd_words_are_not_a_mixed_page():
    page = (f"<p>{BODY}</p>" * (MAX_ODD_WORDS + 1)).encode("utf-8") + b"".join(
        b"<i>" + "附".encode("gbk") + b"</i>" for _ in range(MAX_ODD_WORDS + 1))
    assert decode_mixed(page) is None


def test_a_gbk_footer_right_after_a_long_utf8_word_is_found_in_it():
    # No ASCII between the article and the footer: one word of a million characters.
    head = (BODY * 25_000).encode("utf-8")
    decoded = decode_text_bytes(head + FOOTER.encode("gbk"))
    assert decoded.text == BODY * 25_000 + FOOTER
    end = len(head) + len(FOOTER.encode("gbk"))
    assert decoded.warnings == (f"decoded as utf-8 with {end - len(head)} byte(s) read as "
                                f"gb18030: bytes {len(head)}-{end}",)


def test_a_short_utf8_sentence_running_into_a_gbk_footer_keeps_both():
    # "答复。" in UTF-8 and the footer in GBK form one word of 17 bytes.
    page = (f"<p>{BODY}</p>" * 8).encode("utf-8") + b"<p>" + "答复。".encode("utf-8") \
        + "联系电话".encode("gbk") + b"</p>"
    assert decode_text_bytes(page).text.endswith("<p>答复。联系电话</p>")


def test_reading_stays_linear_on_large_mixed_input():
    # Long words without any odd byte (no quadratic rescan inside a word), long GBK words,
    # and many short words: time grows with the size, not its square.
    def page(scale: int) -> bytes:
        return (BODY * 50 * scale).encode("utf-8") + (FOOTER * scale).encode("gbk") \
            + (b"<b>x</b>" + BODY.encode("utf-8")) * 100 * scale + b"<p>" \
            + FOOTER.encode("gbk") + b"</p>"

    def seconds(data: bytes) -> float:
        started = time.perf_counter()
        decode_text_bytes(data)
        return time.perf_counter() - started

    small, large = seconds(page(20)), seconds(page(200))
    assert large < max(small, 0.002) * 40  # 10x the bytes; quadratic would be ~100x
