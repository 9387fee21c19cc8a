"""An HTTP proxy in front of the S3 server (moto) that fails chosen requests on purpose.

boto3 talks to the proxy as if it were the S3 endpoint; every request is forwarded unchanged
except those matching a ``FaultRule``, which get:

- ``503`` (SlowDown) or ``500`` (InternalError): S3's retryable answers;
- ``403`` (AccessDenied): a permanent refusal, never retried;
- ``reset_before``: the connection is reset before S3 sees the request;
- ``reset_after``: the request is forwarded and carried out by S3, then the connection is
  reset instead of answering: the write happened, the client cannot know it did.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te",
               "trailer", "upgrade"}
_ERRORS = {
    "503": (503, "SlowDown", "Please reduce your request rate."),
    "500": (500, "InternalError", "We encountered an internal error. Please try again."),
    "403": (403, "AccessDenied", "Access Denied"),
}
ACTIONS = (*_ERRORS, "reset_before", "reset_after")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")


@dataclass
class FaultRule:
    method: str  # PUT, GET, …
    key_suffix: str  # matched against the end of the object key
    action: str  # one of ACTIONS
    times: int | None = 1  # how many matching requests get the fault (None: all)
    injected: int = 0

    def matches(self, method: str, key: str) -> bool:
        return (method == self.method and key.endswith(self.key_suffix)
                and (self.times is None or self.injected < self.times))


@dataclass
class _State:
    upstream: tuple[str, int]
    rules: list[FaultRule] = field(default_factory=list)
    log: list[tuple[str, str, str]] = field(default_factory=list)  # (method, key, action)
    access_key_ids: set[str] = field(default_factory=set)  # from the SigV4 Authorization header
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _State

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        self._proxy()

    do_PUT = do_POST = do_DELETE = do_HEAD = do_GET  # noqa: N815

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _proxy(self) -> None:
        body = self._read_body()
        key = unquote(urlsplit(self.path).path)
        action = "forward"
        credential = _CREDENTIAL.search(self.headers.get("Authorization", ""))
        with self.state.lock:
            if credential:
                self.state.access_key_ids.add(credential.group(1))
            for rule in self.state.rules:
                if rule.matches(self.command, key):
                    rule.injected += 1
                    action = rule.action
                    break
            self.state.log.append((self.command, key, action))
        if action in _ERRORS:
            self._send_error(*_ERRORS[action])
            return
        if action == "reset_before":
            self._reset()
            return
        status, reason, headers, answer = self._forward(body)
        if action == "reset_after":
            self._reset()
            return
        self.send_response(status, reason)
        for name, value in headers:
            if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        if self.command == "HEAD":
            length = dict((k.lower(), v) for k, v in headers).get("content-length", "0")
            self.send_header("Content-Length", length)
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def _forward(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.state.upstream, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            if body or self.command in ("PUT", "POST"):
                headers["Content-Length"] = str(len(body))
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            return response.status, response.reason, response.getheaders(), answer
        finally:
            connection.close()

    def _send_error(self, status: int, code: str, message: str) -> None:
        body = (f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
                f"<Message>{message}</Message></Error>").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # resets are deliberate


class S3FaultProxy:
    def __init__(self, upstream_url: str):
        parts = urlsplit(upstream_url)
        self.state = _State(upstream=(parts.hostname or "127.0.0.1", parts.port or 80))
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def fail(self, *rules: FaultRule) -> list[FaultRule]:
        with self.state.lock:
            self.state.rules = list(rules)
        return list(rules)

    def heal(self) -> None:
        with self.state.lock:
            self.state.rules = []

    def requests(self, method: str | None = None) -> list[tuple[str, str, str]]:
        with self.state.lock:
            return [r for r in self.state.log if method is None or r[0] == method]

    def __enter__(self) -> "S3FaultProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
