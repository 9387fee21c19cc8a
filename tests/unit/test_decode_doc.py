"""Legacy .doc through antiword/catdoc: the missing-tool branch, the subprocess plumbing with a
stand-in converter, and whatever converter this machine really has."""

from __future__ import annotations

import os
import stat

import pytest

from xxgk.decode import decode_document, doc_text
from xxgk.decode.doc_text import MISSING_TOOL_MESSAGE, find_converter
from xxgk.model import DocumentError

# OLE2 magic, some padding, and the UTF-16 stream name every Word file's directory holds.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FAKE_DOC = OLE2_MAGIC + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 512


def install_fake_converter(folder, name: str, script_body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script_body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_missing_converter_is_unsupported_format(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no antiword, no catdoc
    with pytest.raises(DocumentError) as error:
        decode_document(FAKE_DOC, filename="report.doc")
    assert error.value.kind == "unsupported_format"
    assert str(error.value) == MISSING_TOOL_MESSAGE


def test_converter_output_is_cleaned_into_a_document(monkeypatch, tmp_path):
    # Prints text only if it was handed an existing file as its last argument.
    script = 'for last; do :; done\ntest -f "$last" && printf "某某县科技局年度报告\\n\\n全年主动公开信息 12 条。\\n"'
    install_fake_converter(tmp_path, "antiword", script)
    monkeypatch.setenv("PATH", str(tmp_path))
    document = decode_document(FAKE_DOC)
    assert document.format == "doc"
    assert document.text == "某某县科技局年度报告\n\n全年主动公开信息12条。"
    assert document.warnings == ("converted with antiword",)


def test_catdoc_is_used_when_antiword_is_absent(monkeypatch, tmp_path):
    install_fake_converter(tmp_path, "catdoc", 'printf "由catdoc转换的正文。\\n"')
    monkeypatch.setenv("PATH", str(tmp_path))
    assert decode_document(FAKE_DOC).text == "由catdoc转换的正文。"


def test_converter_failure_is_parse_failed(monkeypatch, tmp_path):
    install_fake_converter(tmp_path, "antiword", 'echo "not a Word document" >&2\nexit 1')
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as error:
        decode_document(FAKE_DOC)
    assert error.value.kind == "parse_failed"
    assert "not a Word document" in str(error.value)


def test_converter_timeout_is_parse_failed(monkeypatch, tmp_path):
    install_fake_converter(tmp_path, "antiword", "while :; do :; done")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as error:
        doc_text.doc_to_text(FAKE_DOC, timeout_seconds=0.3)
    assert error.value.kind == "parse_failed"
    assert "longer than" in str(error.value)


def test_this_machines_converter_or_its_absence():
    # Runs the real antiword/catdoc when installed (our fake file is not a real Word file, so
    # the tool must reject it or return nothing usable); otherwise the missing-tool branch.
    converter = find_converter()
    with pytest.raises(DocumentError) as error:
        decode_document(FAKE_DOC)
    if converter is None:
        assert error.value.kind == "unsupported_format"
    else:
        assert os.path.basename(converter[0]) in ("antiword", "catdoc")
        assert error.value.kind in ("parse_failed", "empty")


def test_ole2_container_that_is_not_word_is_unsupported():
    excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")
    with pytest.raises(DocumentError) as error:
        decode_document(excel, filename="report.doc")
    assert error.value.kind == "unsupported_format"
