"""A scripted HTTP server on loopback whose answers can fail on purpose.

Each path has a list of behaviours, one per hit (the last one repeats): a normal answer, an
endless body (the "2 GB response", generated lazily and never held in memory), a connection
reset before or in the middle of the body, a body that stalls, a body shorter than its
Content-Length, or an error status. The server counts, per path, the hits, the faults it
injected and the body bytes the kernel accepted from it, so a test can prove what really went
over the wire.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Behaviour = Callable[["_Handler", str], None]
CHUNK = 64 * 1024


@dataclass
class _Stats:
    hits: dict[str, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    body_bytes_sent: dict[str, int] = field(default_factory=dict)
    finished: dict[str, int] = field(default_factory=dict)  # handlers that returned, per path
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, table: dict[str, int], path: str, amount: int = 1) -> None:
        with self.lock:
            table[path] = table.get(path, 0) + amount


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, list[Behaviour]]
    stats: _Stats

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        path = self.path
        self.stats.add(self.stats.hits, path)
        behaviours = self.routes.get(path)
        try:
            if behaviours is None:
                send_status(404)(self, path)
            else:
                hit = self.stats.hits[path]
                behaviours[min(hit, len(behaviours)) - 1](self, path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client hung up: expected for caps and timeouts
        finally:
            self.stats.add(self.stats.finished, path)

    def write_body(self, path: str, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.stats.add(self.stats.body_bytes_sent, path, len(data))

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), not a polite FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _headers(handler: _Handler, status: int, content_type: str | None,
             length: int | None, extra: tuple[tuple[str, str], ...] = ()) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for key, value in extra:
        handler.send_header(key, value)
    if length is None:
        handler.send_header("Connection", "close")  # the body ends when the connection does
        handler.close_connection = True
    else:
        handler.send_header("Content-Length", str(length))
    handler.end_headers()


def serve(body: bytes, content_type: str | None = "text/html; charset=utf-8",
          headers: tuple[tuple[str, str], ...] = (), delay_seconds: float = 0.0) -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        if delay_seconds:
            time.sleep(delay_seconds)  # a slow site: keeps a crawl going long enough to kill
        _headers(handler, 200, content_type, len(body), headers)
        handler.write_body(path, body)
    return behave


def send_status(status: int) -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        body = f"status {status}".encode()
        _headers(handler, status, "text/plain", len(body))
        handler.write_body(path, body)
    return behave


def endless(total_bytes: int, *, declare_length: bool,
            content_type: str = "application/pdf") -> Behaviour:
    """``total_bytes`` of a PDF-looking body, produced chunk by chunk while the client reads."""
    def behave(handler: _Handler, path: str) -> None:
        _headers(handler, 200, content_type, total_bytes if declare_length else None)
        chunk = b"%PDF-1.4\n" + b"0" * (CHUNK - 9)
        sent = 0
        while sent < total_bytes:
            piece = chunk[: min(CHUNK, total_bytes - sent)]
            handler.write_body(path, piece)
            sent += len(piece)
    return behave


def reset_before_answer() -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        handler.stats.add(handler.stats.faults, path)
        handler.reset()
    return behave


def reset_mid_body(body: bytes, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        handler.stats.add(handler.stats.faults, path)
        _headers(handler, 200, content_type, len(body))
        handler.write_body(path, body[: len(body) // 2])
        time.sleep(0.05)  # let the first half arrive before the reset
        handler.reset()
    return behave


def short_body(body: bytes, content_type: str = "text/html; charset=utf-8") -> Behaviour:
    """Content-Length promises the whole body; half of it comes, then the connection closes."""
    def behave(handler: _Handler, path: str) -> None:
        handler.stats.add(handler.stats.faults, path)
        _headers(handler, 200, content_type, len(body))
        handler.write_body(path, body[: len(body) // 2])
        handler.close_connection = True
    return behave


def stall_mid_body(body: bytes, seconds: float,
                   content_type: str = "text/html; charset=utf-8") -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        handler.stats.add(handler.stats.faults, path)
        _headers(handler, 200, content_type, len(body))
        handler.write_body(path, body[: len(body) // 3])
        time.sleep(seconds)
        handler.close_connection = True
    return behave


def fail_with(status: int) -> Behaviour:
    def behave(handler: _Handler, path: str) -> None:
        handler.stats.add(handler.stats.faults, path)
        send_status(status)(handler, path)
    return behave


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # resets and hang-ups are the point of this server


class ScriptedServer:
    """``routes``: path -> behaviours by hit (hit n uses behaviours[n-1], the last repeats)."""

    def __init__(self, routes: dict[str, list[Behaviour]], host: str = "127.0.0.1"):
        self.stats = _Stats()
        handler = type("Handler", (_Handler,), {"routes": routes, "stats": self.stats})
        self.httpd = _Server((host, 0), handler)
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def wait_finished(self, path: str, hits: int, timeout: float = 10.0) -> None:
        """Wait until ``hits`` handlers of ``path`` returned (their byte counts are final)."""
        deadline = time.monotonic() + timeout
        while self.stats.finished.get(path, 0) < hits:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path}: {self.stats.finished.get(path, 0)} of {hits} "
                                   "handlers finished")
            time.sleep(0.01)

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
