"""Data Docs rendered by headless Chromium with no network: the index lists the validation
results and a validation page shows its expectation rows, all drawn by the libraries the site
carries (bootstrap-table, jQuery, Bootstrap's CSS and Font Awesome's font)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.request

import polars as pl
import pytest
from PIL import Image

from tests.browser import OFFLINE_FLAGS, chromium
from xxgk.quality.gx_run import GxValidator
from xxgk.quality.prepare import prepare_facts
from xxgk.schema import FACTS
from xxgk.storage.keys import check_key, join

pytestmark = pytest.mark.integration

ROW = re.compile(r"<tr\b[^>]*\bdata-index=[^>]*>(.*?)</tr>", re.DOTALL)  # rows bootstrap-table drew


def _fact(report_id: str, item: str, value: float) -> dict:
    return {"report_id": report_id, "section": "table3", "item": item,
            "dimension": "natural_person", "value": value, "unit": "case",
            "qualifier": "exact", "evidence": f"{item} | 自然人 | {value}",
            "span_start": 0, "span_end": 1, "rule": "test"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Data Docs of two real validations of the facts suite, the second with a negative and
    a fractional count (two failing expectations)."""
    folder = tmp_path_factory.mktemp("data_docs_offline")
    gx = GxValidator(folder / "data_docs")
    clean = FACTS.conform(pl.DataFrame([_fact("r1", "new_received", 4.0),
                                        _fact("r1", "granted", 3.0)]))
    broken = FACTS.conform(pl.DataFrame([_fact("r2", "new_received", -2.0),
                                         _fact("r2", "granted", 1.5)]))
    assert gx.validate("facts", prepare_facts(clean), "offline-clean").success
    assert not gx.validate("facts", prepare_facts(broken), "offline-broken").success
    offline = gx.build_data_docs()
    assert offline.missing == () and offline.external == ()
    return folder, gx.docs_dir


def _rows(dom: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
            for body in ROW.findall(dom)]


def test_no_page_loads_anything_from_the_network(site):
    _, docs = site
    for path in docs.rglob("*"):  # every file can be uploaded to the lake as it is named
        check_key(join("quality/run/data_docs", path.relative_to(docs).as_posix()))
    for page in docs.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = re.findall(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["']([^"']+)""", html)
        loads += re.findall(r"""url\(["']?([^"')]+)""", html)
        assert loads, page
        for url in loads:
            if url.startswith(("#", "data:")):
                continue
            assert not re.match(r"(https?:)?//", url), (page, url)
            assert (page.parent / url.split("?")[0]).resolve().is_file(), (page, url)


def test_offline_flags_really_cut_the_network(tmp_path):
    """The flags the pages are opened with keep even a live server on 127.0.0.1 out of reach,
    so what the next tests see is what a machine with no network sees."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "mark.js").write_text("document.title = 'reached the network';")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/mark.js"
        assert b"reached the network" in urllib.request.urlopen(url, timeout=10).read()
        page = tmp_path / "probe.html"
        page.write_text(f"<html><head><title>offline</title><script src='{url}'></script>"
                        "</head><body></body></html>")
        dom = chromium([*OFFLINE_FLAGS, "--dump-dom", page.as_uri()], tmp_path / "p").stdout
        assert "<title>offline</title>" in dom
    finally:
        server.shutdown()
        server.server_close()


def test_index_lists_the_validation_results_offline(site):
    """The index's rows are drawn by bootstrap-table from JSON in the page; the screenshot
    (kept beside the site) shows the status icons Font Awesome draws and Bootstrap colours."""
    folder, docs = site
    shot = folder / "data_docs_index.png"
    dom = chromium([*OFFLINE_FLAGS, f"--screenshot={shot}", "--window-size=1280,800",
                    "--dump-dom", (docs / "index.html").as_uri()], folder / "profile-index").stdout
    rows = _rows(dom)
    runs = [r for r in rows if "xxgk-facts" in r]
    assert len(runs) == 2, rows
    assert any("offline-clean" in r for r in runs) and any("offline-broken" in r for r in runs)
    assert "facts" in rows  # the expectation suites tab lists the suite

    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 800)
    colours = image.getcolors(maxcolors=1 << 20)

    def pixels_near(target: tuple[int, int, int]) -> int:
        return sum(count for count, colour in colours
                   if all(abs(c - t) <= 30 for c, t in zip(colour, target, strict=True)))

    # The CDN-linked page offline has neither colour (no CSS, no icon font).
    assert pixels_near((40, 167, 69)) > 60, "no success green: Bootstrap CSS or icon font missing"
    assert pixels_near((220, 53, 69)) > 20, "no danger red: Bootstrap CSS or icon font missing"


def test_validation_page_shows_its_expectation_rows_offline(site):
    folder, docs = site
    (page,) = (docs / "validations" / "facts" / "offline-broken").rglob("*.html")
    dom = chromium([*OFFLINE_FLAGS, "--dump-dom", page.as_uri()],
                   folder / "profile-page").stdout
    rows = _rows(dom)
    assert any(r.startswith("Unsuccessful Expectations 2") for r in rows), rows
    assert any("values must be greater than or equal to 0.0" in r and "unexpected" in r
               for r in rows), rows
    assert sum("values must never be null" in r for r in rows) >= 5
