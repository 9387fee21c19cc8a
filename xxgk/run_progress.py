"""Progress of a pipeline run on the terminal: documents fetched, parsed, checked, published.

The stages report through ``current()``, which is a display only while ``shown_on`` holds one
(``xxgk run`` with stdout on a terminal) and otherwise ignores everything: Prefect workers, tests,
pipes and log files get no progress output at all. The display is rich's live progress (rich
comes with Prefect), one row per stage with count, rate, elapsed time and time left where the
total is known (parse knows it from its plan; a crawl discovers its documents as it goes).

The display is process-wide because the terminal is: tasks run in threads of the flow's
process, and Prefect records task parameters, so the display cannot travel as one. While it is
shown, log handlers writing to the same terminal (Prefect's console handler among them) write
through it, so that their lines scroll above the rows instead of tearing them.
"""

from __future__ import annotations

import io
import logging
import threading
from contextlib import contextmanager
from typing import Iterator, Protocol, TextIO, cast

from rich.console import Console
from rich.file_proxy import FileProxy
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

STAGES = ("fetched", "parsed", "checked", "published")


class StageProgress(Protocol):
    def start(self, stage: str, total: int | None = None) -> None: ...
    def advance(self, stage: str, count: int) -> None: ...
    def finish(self, stage: str, completed: int) -> None: ...


class IgnoredProgress:
    """What stages report to when nothing is shown."""

    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def advance(self, stage: str, count: int) -> None:
        pass

    def finish(self, stage: str, completed: int) -> None:
        pass


class _RateColumn(ProgressColumn):
    """Documents per second (rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        # A stage that ended in one step (a single parse batch) has no sampled speed: its
        # rate is then its count over its time.
        speed = task.speed
        if task.finished and task.finished_time:
            speed = task.completed / task.finished_time
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


class TerminalProgress:
    """One rich progress row per stage."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._lock = threading.Lock()
        self._started: set[str] = set()
        self._rows: dict[str, TaskID] = {
            stage: progress.add_task(stage, total=None, start=False) for stage in STAGES}

    def start(self, stage: str, total: int | None = None) -> None:
        with self._lock:
            if stage not in self._started:
                self._started.add(stage)
                self._progress.start_task(self._rows[stage])
            if total is not None:
                self._progress.update(self._rows[stage], total=total)

    def advance(self, stage: str, count: int) -> None:
        self.start(stage)
        self._progress.advance(self._rows[stage], count)

    def finish(self, stage: str, completed: int) -> None:
        self.start(stage)
        self._progress.update(self._rows[stage], completed=completed, total=completed)
        self._progress.stop_task(self._rows[stage])


_IGNORED = IgnoredProgress()
_current: StageProgress = _IGNORED


def current() -> StageProgress:
    """The display stages report to (one that ignores everything unless ``shown_on`` holds)."""
    return _current


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def new_progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<9}"), BarColumn(bar_width=30), MofNCompleteColumn(),
        _RateColumn(), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
        console=console, redirect_stdout=True, redirect_stderr=True)


class _ThroughDisplay(io.TextIOBase):
    """A terminal stream whose lines are printed through the live display's console (above
    its rows). Not a rich ``FileProxy`` itself: a rich Console given one writes around it."""

    def __init__(self, console: Console, stream: TextIO) -> None:
        self._proxy = FileProxy(console, stream)
        self._stream = stream

    def write(self, text: str) -> int:
        self._proxy.write(text)
        return len(text)

    def flush(self) -> None:
        self._proxy.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")


def _handlers_on_terminal() -> list[logging.Handler]:
    loggers = [logging.getLogger(), *(logger for logger in
                                      logging.Logger.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger))]
    found: list[logging.Handler] = []
    for logger in loggers:
        for handler in logger.handlers:
            stream = getattr(handler, "stream", None)
            if handler not in found and stream is not None and _is_terminal(stream):
                found.append(handler)
    return found


@contextmanager
def _logs_through(console: Console) -> Iterator[None]:
    """Point the log handlers that write to a terminal at ``console`` for the duration.

    A handler writing to a file or a pipe is left alone: it does not touch the display.
    Prefect's console handler prints through a rich Console of its own, bound to the stream it
    was given at setup, so that Console's file is pointed there too."""
    swapped: list[tuple[logging.Handler, TextIO, Console | None, _ThroughDisplay]] = []
    for handler in _handlers_on_terminal():
        stream = handler.stream  # type: ignore[attr-defined]
        own_console = getattr(handler, "console", None)
        own_console = own_console if isinstance(own_console, Console) else None
        through = _ThroughDisplay(console, stream)
        with _held(handler):
            handler.stream = through  # type: ignore[attr-defined]
            if own_console is not None:
                # rich writes to any stream with write() and flush(), as ours is
                own_console.file = cast(TextIO, through)
        swapped.append((handler, stream, own_console, through))
    try:
        yield
    finally:
        for handler, stream, own_console, through in swapped:
            with _held(handler):
                through.flush()
                handler.stream = stream  # type: ignore[attr-defined]
                if own_console is not None:
                    own_console.file = stream


@contextmanager
def _held(handler: logging.Handler) -> Iterator[None]:
    handler.acquire()
    try:
        yield
    finally:
        handler.release()


@contextmanager
def shown_on(stream: TextIO) -> Iterator[StageProgress]:
    """Show the stages' progress on ``stream`` for the duration, if it is a terminal; on
    anything else show nothing at all."""
    global _current
    if not _is_terminal(stream):
        yield _IGNORED
        return
    console = Console(file=stream)
    with new_progress(console) as progress, _logs_through(console):
        display = TerminalProgress(progress)
        _current = display
        try:
            yield display
        finally:
            _current = _IGNORED
