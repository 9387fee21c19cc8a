"""Objects the bomb guard may skip unparsed: plainly not streams from their raw bytes, and
never a stream hidden behind a string, a comment or a name."""

from __future__ import annotations

import pytest

from xxgk.decode.pdf_plain_objects import is_plainly_not_a_stream

NOT_STREAMS = [
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    b"3 0 obj\n<< /BaseFont /STSong-Light /CIDSystemInfo << /Ordering (GB1) /Registry (Adobe)"
    b" >> /W [ 1 [ 207 270 ] 10 20 462 ] >>\nendobj\n",
    b"5 0 obj\n<< /X <656e646f626a> >>\nendobj",  # a hex string spelling "endobj"
    b"5 0 obj [1 2 3] endobj",
]
MAY_BE_STREAMS = [
    b"4 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\nendobj\n",
    b"5 0 obj\n<< /X (endobj) /Length 3 >>\nstream\nabc\nendstream\nendobj",
    b"5 0 obj\n<< /X (\\) endobj) /Length 3 >>\nstream\nabc\nendstream\nendobj",
    b"5 0 obj\n<< /X (a(b)c) >>\nendobj",  # nested parentheses: not read here
    b"5 0 obj\n<< %endobj\n /Length 3 >>\nstream\nabc\nendstream\nendobj",
    b"5 0 obj\n<< % endobj\n /Length 3 >>\nstream\nabc\nendstream\nendobj",
    b"5 0 obj\n<< /Xendobj 1 /Length 3 >>\nstream\nabc\nendstream\nendobj",
    b"5 0 obj\n<< /X <656e646f626a> /L 3 >> stream\nabc\nendstream endobj",
    b"5 0 obj\n<< /X (a endobj",
    b"not an object at all",
]


@pytest.mark.parametrize("body", NOT_STREAMS)
def test_plain_objects_are_seen_not_to_be_streams(body):
    assert is_plainly_not_a_stream(b"%PDF-1.4\n" + body, 9)


@pytest.mark.parametrize("body", MAY_BE_STREAMS)
def test_anything_that_may_hide_a_stream_is_left_to_the_parser(body):
    assert not is_plainly_not_a_stream(b"%PDF-1.4\n" + body, 9)
