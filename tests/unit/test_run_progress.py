"""The terminal progress of `xxgk run`: nothing at all when stdout is not a terminal; on a
terminal (a real pseudo-terminal here) one row per stage with its count, and log lines that
reach the terminal meanwhile printed above the rows, their handlers restored afterwards."""

from __future__ import annotations

import io
import logging
import os
import threading

from xxgk import run_progress
from xxgk.run_progress import STAGES, IgnoredProgress, shown_on


def _report_a_run(display) -> None:
    display.start("fetched")
    display.advance("fetched", 5)
    display.finish("fetched", 5)
    display.start("parsed", 5)
    display.advance("parsed", 2)
    display.advance("parsed", 3)
    display.finish("checked", 5)
    display.finish("published", 5)


def test_nothing_is_written_when_stdout_is_a_pipe():
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "w") as stream:
        with shown_on(stream) as display:
            assert isinstance(display, IgnoredProgress)
            assert run_progress.current() is display
            _report_a_run(run_progress.current())
            print("the summary", file=stream)
    with os.fdopen(read_end) as pipe:
        assert pipe.read() == "the summary\n"  # only what the command itself printed


def test_nothing_is_written_to_a_file_like_object():
    stream = io.StringIO()
    with shown_on(stream) as display:
        _report_a_run(display)
    assert stream.getvalue() == ""


class _Terminal:
    """A pseudo-terminal: the stream a program writes to, and everything that reached it."""

    def __init__(self) -> None:
        self._master, slave = os.openpty()
        self.stream = os.fdopen(slave, "w", encoding="utf-8")
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO once the other side is closed
                return
            if not chunk:
                return
            self._chunks.append(chunk)

    def close(self) -> str:
        self.stream.close()
        self._reader.join(timeout=5)
        os.close(self._master)
        return b"".join(self._chunks).decode("utf-8", errors="replace")


def test_a_terminal_shows_every_stage_with_its_count(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")  # not the "dumb" terminal of some CI hosts
    terminal = _Terminal()
    try:
        with shown_on(terminal.stream) as display:
            assert run_progress.current() is display
            _report_a_run(display)
        assert isinstance(run_progress.current(), IgnoredProgress)  # gone with the display
    finally:
        shown = terminal.close()
    final = shown[shown.rfind("fetched"):]  # the last drawing of the rows
    for stage in STAGES:
        assert stage in final
    assert final.count("5/5") == len(STAGES)


def test_log_lines_print_above_the_rows_and_handlers_are_restored(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = _Terminal()
    logger = logging.getLogger("xxgk.test_run_progress")
    on_terminal = logging.StreamHandler(terminal.stream)
    to_file = logging.StreamHandler(io.StringIO())
    for handler in (on_terminal, to_file):
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with shown_on(terminal.stream) as display:
            display.start("parsed", 4)
            logger.info("parse batch 0: 4 reports")
            display.advance("parsed", 4)
        assert on_terminal.stream is terminal.stream
    finally:
        for handler in (on_terminal, to_file):
            logger.removeHandler(handler)
        shown = terminal.close()
    line = shown.index("parse batch 0: 4 reports")
    # The rows were erased before the line and drawn again after it.
    assert shown.rfind("\x1b[2K", 0, line) > shown.rfind("parsed", 0, line)
    assert "4/4" in shown[line:]
    assert to_file.stream.getvalue() == "parse batch 0: 4 reports\n"  # untouched
