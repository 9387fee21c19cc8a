"""A small simulated government website on loopback, for the crawler's tests and benchmark.

``SimServer`` is a threaded stdlib HTTP server that answers from a route table, honours
conditional requests (ETag / Last-Modified -> 304), and records every request (path, the
conditional headers it carried, status) and the most requests it ever had in flight at once.
``build_gov_site`` fills a route table that plays a 政府信息公开年报 column with the awkward cases a
real crawl meets: pagination, GBK pages with and without a charset header, attachments, a
redirect chain, a flaky 500, a slow page, a robots.txt rule, an oversized file and redirects to
private addresses. The page texts are our own, written for these tests.
"""

from __future__ import annotations

import hashlib
import io
import json
import socket
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

LAST_MODIFIED = "Mon, 05 Feb 2024 08:00:00 GMT"
STATS_PATH = "/__sim/stats"  # GET: the request log; GET .../reset: the log, then cleared


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None
    fail_first: int = 0  # answer 500 to the first n requests
    delay_seconds: float = 0.0  # wait this long before answering
    no_length: bool = False  # send the body without Content-Length, then close
    etag: bool = True
    last_modified: bool = True
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class RequestRecord:
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None
    status: int = 0
    started_at: float = 0.0  # time.monotonic() when the request arrived


@dataclass
class _ServerState:
    routes: dict[str, Route]
    latency_seconds: float = 0.0
    requests: list[RequestRecord] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _ServerState  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        state = self.state
        if self.path.startswith(STATS_PATH):
            self._send_stats(state)
            return
        record = RequestRecord(self.path, self.headers.get("If-None-Match"),
                               self.headers.get("If-Modified-Since"),
                               self.headers.get("User-Agent"), started_at=time.monotonic())
        with state.lock:
            state.requests.append(record)
            hit = state.hits.get(self.path, 0) + 1
            state.hits[self.path] = hit
            state.active += 1
            state.max_active = max(state.max_active, state.active)
        try:
            if state.latency_seconds:
                time.sleep(state.latency_seconds)
            record.status = self._answer(state.routes.get(self.path), hit, record)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up (timeout, size cap): nothing more to say
        finally:
            with state.lock:
                state.active -= 1

    def _send_stats(self, state: _ServerState) -> None:
        """The request log as JSON, for a benchmark whose server runs in another process."""
        with state.lock:
            body = json.dumps({"max_active": state.max_active,
                               "requests": [asdict(r) for r in state.requests]}).encode()
            if self.path.endswith("/reset"):
                state.requests.clear()
                state.max_active = 0
        self._send(200, body, "application/json", ())

    def _answer(self, route: Route | None, hit: int, record: RequestRecord) -> int:
        if route is None:
            return self._send(404, b"not found", "text/plain", ())
        if route.delay_seconds:
            time.sleep(route.delay_seconds)
        if hit <= route.fail_first:
            return self._send(500, b"temporarily broken", "text/plain", ())
        if route.location is not None:
            return self._send(route.status, b"", None, (("Location", route.location),))
        validators = []
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"' if route.etag else None
        if etag:
            validators.append(("ETag", etag))
        if route.last_modified:
            validators.append(("Last-Modified", LAST_MODIFIED))
        if (etag and record.if_none_match == etag) or (
                route.last_modified and not etag
                and record.if_modified_since == LAST_MODIFIED):
            return self._send(304, b"", None, tuple(validators))
        headers = tuple(validators) + route.headers
        if route.no_length:
            return self._send_until_close(route, headers)
        return self._send(route.status, route.body, route.content_type, headers)

    def _send_until_close(self, route: Route, headers: tuple[tuple[str, str], ...]) -> int:
        """The route's body without a Content-Length: it ends where the connection closes."""
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for i in range(0, len(route.body), 65536):
            self.wfile.write(route.body[i:i + 65536])
        return route.status

    def _send(self, status: int, body: bytes, content_type: str | None,
              headers: tuple[tuple[str, str], ...]) -> int:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        return status


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a crawler hanging up mid-answer (timeouts, size caps) is expected here


class SimServer:
    """A threaded HTTP server on ``host`` (any 127.x.y.z) serving a route table."""

    def __init__(self, routes: dict[str, Route] | None = None, *, host: str = "127.0.0.1",
                 latency_seconds: float = 0.0):
        self.state = _ServerState(routes=dict(routes or {}), latency_seconds=latency_seconds)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = _QuietServer((host, 0), handler)
        self.host = host
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_routes(self, routes: dict[str, Route]) -> None:
        self.state.routes.clear()
        self.state.routes.update(routes)

    def reset_log(self) -> None:
        with self.state.lock:
            self.state.requests.clear()
            self.state.max_active = 0

    @property
    def requests(self) -> list[RequestRecord]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def max_active(self) -> int:
        return self.state.max_active

    def __enter__(self) -> "SimServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ConnectionCounter:
    """A bare TCP listener that only counts connections: proof that nobody dialled it."""

    def __init__(self, host: str):
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.host, self.port = self.sock.getsockname()
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def __enter__(self) -> "ConnectionCounter":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


# documents ------------------------------------------------------------------------------------
def make_pdf(text_lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)  # invariant: same bytes every time
    y = 800
    for line in text_lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.save()
    return buf.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    # python-docx stamps the current time into core properties; fix it for stable bytes.
    import datetime as dt

    fixed = dt.datetime(2024, 1, 1)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def report_page(year: int, organ: str, links: list[tuple[str, str]], *, charset_meta: str | None
                ) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">' \
        if charset_meta else ""
    anchors = "".join(f'<p><a href="{href}">{text}</a></p>' for href, text in links)
    return (f"<html><head>{meta}<title>{organ}{year}年政府信息公开工作年度报告</title></head>"
            f"<body><h1>{organ}{year}年政府信息公开工作年度报告</h1>"
            f"<p>本年度{organ}通过门户网站主动公开政府信息{100 + year % 100}条，"
            f"收到政府信息公开申请{year % 50}件。</p>{anchors}</body></html>")


def listing_page(links: list[tuple[str, str, str | None]], next_href: str | None) -> str:
    items = "".join(
        f'<li><a href="{href}"{f" title={chr(34)}{title}{chr(34)}" if title else ""}>{text}</a>'
        f"<span>2024-01-15</span></li>" for href, text, title in links)
    pager = f'<div class="page"><a href="{next_href}">下一页</a></div>' if next_href else ""
    return (f"<html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title></head>"
            f"<body><ul>{items}</ul>{pager}</body></html>")


@dataclass(frozen=True)
class GovSite:
    """The route table and what a crawl of it must produce."""

    routes: dict[str, Route]
    listing_path: str
    pdf: bytes
    docx: bytes
    gbk_text: str  # a phrase that appears in the GBK pages


def build_gov_site(*, sentinel_url: str, oversize_bytes: int) -> GovSite:
    """The simulated 年报 column; ``oversize_bytes`` is the size of the oversized files."""
    organ = "示例市科学技术局"
    pdf = make_pdf(["Annual report 2023 attachment", "proactive 123"])
    docx_bytes = make_docx([f"{organ}2023年政府信息公开工作年度报告（附件）", "主动公开123条。"])
    docx_path = "/files/" + quote("2023年报附件.docx")
    p2023 = report_page(2023, organ, [("/files/2023.pdf", "附件1：年度报告.pdf"),
                                      (docx_path, "附件2：年度报告.docx"),
                                      ("/xxgk/ndbg/2022.html", "上一篇")], charset_meta="utf-8")
    p2022 = report_page(2022, organ, [("/download.jsp?id=7", "附件：2022年报.docx")],
                        charset_meta=None)
    p2021 = report_page(2021, organ, [("/files/copy/2023.pdf", "附件：汇总.pdf")],
                        charset_meta="gb2312")
    gbk_text = f"{organ}2022年政府信息公开工作年度报告"
    routes = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain",
                             etag=False, last_modified=False),
        "/xxgk/ndbg/index.html": Route(listing_page([
            ("2023.html", f"{organ}2023年政府信息公开工作年度报告", None),
            ("/xxgk/ndbg/2022.html", "2022年政府信息公开工作年度报告", None),
            ("2021.html", "2021年政府信息公开工作年...", f"{organ}2021年政府信息公开工作年度报告"),
            ("/xxgk/tzgg/notice.html", "关于开展政务公开检查的通知", None),
            ("/xxgk/ndbg/guide.html", "政府信息公开指南", None),
        ], next_href="index_1.html").encode()),
        "/xxgk/ndbg/index_1.html": Route(listing_page([
            ("/old/2020.html", "2020年政府信息公开年报", None),
            ("2019.html", "2019年政府信息公开工作年度报告", None),
            ("2018.html", "2018年政府信息公开工作年度报告", None),
            ("/private/2017.html", "2017年政府信息公开工作年度报告", None),
            ("/files/2016-big.pdf", "2016年政府信息公开工作年度报告（扫描件）", None),
            ("/files/2016-big-stream.doc", "2016年政府信息公开年报（Word）", None),
            ("/go/2015", "2015年政府信息公开工作年度报告", None),
            ("/go/2014", "2014年政府信息公开工作年度报告", None),
            ("/go/2013", "2013年政府信息公开工作年度报告", None),
        ], next_href=None).encode(), last_modified=False),
        # utf-8 with the charset in the header, linking a PDF and a DOCX.
        "/xxgk/ndbg/2023.html": Route(p2023.encode()),
        # GBK with the charset in the header; its attachment is a download.jsp link.
        "/xxgk/ndbg/2022.html": Route(p2022.encode("gbk"), "text/html; charset=GBK"),
        "/download.jsp?id=7": Route(docx_bytes, "application/octet-stream", headers=(
            ("Content-Disposition", "attachment; filename*=UTF-8''" + quote("2022年报.docx")),)),
        # GBK without a charset in the header: only <meta charset=gb2312> says so.
        "/xxgk/ndbg/2021.html": Route(p2021.encode("gbk"), "text/html", etag=False),
        "/files/2023.pdf": Route(pdf, "application/pdf"),
        docx_path: Route(docx_bytes, "application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.document"),
        "/files/copy/2023.pdf": Route(pdf, "application/pdf"),  # same bytes, second URL
        # a redirect chain: 301 then 302, ending at the report page.
        "/old/2020.html": Route(status=301, location="/mid/2020.html"),
        "/mid/2020.html": Route(status=302, location="/xxgk/ndbg/2020.html"),
        "/xxgk/ndbg/2020.html": Route(report_page(2020, organ, [], charset_meta="utf-8").encode()),
        "/xxgk/ndbg/2019.html": Route(report_page(2019, organ, [], charset_meta="utf-8").encode(),
                                      fail_first=1),
        "/xxgk/ndbg/2018.html": Route(b"<html>too late</html>", delay_seconds=1.5),
        "/private/2017.html": Route(b"<html>should never be fetched</html>"),
        "/files/2016-big.pdf": Route(b"%PDF-1.4\n" + b"0" * oversize_bytes, "application/pdf"),
        "/files/2016-big-stream.doc": Route(b"\xd0\xcf\x11\xe0" + b"1" * oversize_bytes,
                                            "application/msword", no_length=True),
        "/go/2015": Route(status=302, location="http://10.0.0.1/xxgk/2015.html"),
        "/go/2014": Route(status=302, location="http://169.254.169.254/latest/meta-data/"),
        "/go/2013": Route(status=302, location=sentinel_url),
        "/xxgk/tzgg/notice.html": Route(b"<html>notice</html>"),
        "/xxgk/ndbg/guide.html": Route(b"<html>guide</html>"),
    }
    return GovSite(routes=routes, listing_path="/xxgk/ndbg/index.html", pdf=pdf,
                   docx=docx_bytes, gbk_text=gbk_text)


def build_bench_site(*, reports: int, per_page: int = 20) -> dict[str, Route]:
    """A listing of ``reports`` report pages (``per_page`` a page), each with one PDF."""
    routes: dict[str, Route] = {"/robots.txt": Route(b"User-agent: *\nAllow: /\n", "text/plain")}
    pdf = make_pdf(["bench attachment"])
    pages = max(1, -(-reports // per_page))
    for page in range(pages):
        links: list[tuple[str, str, str | None]] = []
        for i in range(page * per_page, min(reports, (page + 1) * per_page)):
            year = 2008 + i % 16
            routes[f"/r/{i}.html"] = Route(report_page(year, f"单位{i}", [
                (f"/f/{i}.pdf", "附件.pdf")], charset_meta="utf-8").encode())
            routes[f"/f/{i}.pdf"] = Route(pdf + str(i).encode(), "application/pdf")
            links.append((f"/r/{i}.html", f"单位{i}{year}年政府信息公开工作年度报告", None))
        name = "index.html" if page == 0 else f"index_{page}.html"
        nxt = f"index_{page + 1}.html" if page + 1 < pages else None
        routes[f"/list/{name}"] = Route(listing_page(links, nxt).encode())
    return routes
