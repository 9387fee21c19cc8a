"""Data Docs made self-contained: which CDN URLs are known, how pages are rewritten, which
files are copied, and what happens when the library packages are not installed."""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from pathlib import Path

from xxgk.quality.data_docs_offline import (
    ASSET_PACKAGES_DIR,
    CDN_FILES,
    GX_IMAGES,
    make_site_offline,
    rewrite_page,
)

# Found without importing GX (seconds of start-up).
GX_VIEW = Path(importlib.util.find_spec("great_expectations").origin).parent / "render" / "view"
PACKAGE_JSON = ASSET_PACKAGES_DIR.parent / "package.json"


def _gx_loads() -> set[str]:
    """Every URL the installed GX's page templates and stylesheet load from the network."""
    urls = set()
    for path in [*(GX_VIEW / "templates").glob("*.j2"), *(GX_VIEW / "static").rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        urls |= set(re.findall(r"""<(?:script|link)\b[^>]*\b(?:src|href)="(https?://[^"]+)""",
                               text))
        urls |= set(re.findall(r"""url\(['"]?(https?://[^'")]+)""", text))
        # The navbar logo: an image folder set to a URL, and file names added to it.
        for base in re.findall(r"""static_images_dir = "(https?://[^"]+)""", text):
            urls |= {base + name for name in re.findall(r"""static_images_dir \+ "([^"]+)""",
                                                        text)}
    return urls


def test_every_url_gx_pages_load_has_a_local_file():
    loads = _gx_loads()
    assert len(loads) >= 15  # the scan found GX's tags (templates moved if this fails)
    unknown = loads - set(CDN_FILES) - set(GX_IMAGES)
    assert not unknown, f"GX loads URLs data_docs_offline does not know: {sorted(unknown)}"


def test_package_json_pins_exactly_the_packages_the_pages_use():
    pins = json.loads(PACKAGE_JSON.read_text())["dependencies"]
    used = {"/".join(f.split("/")[:2]) if f.startswith("@") else f.split("/")[0]
            for f in CDN_FILES.values()}
    assert set(pins) == used
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pins.values()), pins  # exact pins
    lock = json.loads((PACKAGE_JSON.parent / "package-lock.json").read_text())
    for name, version in pins.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert lock["packages"][f"node_modules/{name}"]["integrity"].startswith("sha512-")


# The page's long lines are joined from pieces: each tag must stay on one line.
PAGE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
""" + ('<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js"'
       ' integrity="sha384-x" crossorigin="anonymous"></script>\n') + """\
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://example.org/unknown.js"></script>
<link rel="shortcut icon" href="../static/images/favicon.ico" type="image/x-icon"/>
""" + ("<style>.brand { background: url("
       "'https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png')"
       " }</style>\n") + """\
</head><body>
<img
  class="NO-CACHE"
  src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=20261207T0"
/>
<a href="https://greatexpectations.io">GX</a>
</body></html>"""


def test_rewrite_points_cdn_urls_at_local_files_relative_to_the_page():
    html, external = rewrite_page(PAGE, "../../")
    assert '<link rel="stylesheet" href="../../static/vendor/bootstrap/dist/css/bootstrap.min.css"/>' in html
    # A file page cannot make the CORS request crossorigin asks for: the attributes go.
    assert ('<script src="../../static/vendor/bootstrap/dist/js/bootstrap.min.js"></script>'
            in html)
    assert '<script src="../../static/vendor/vega/build/vega.min.js"></script>' in html
    assert 'src="../../static/images/logo-long.png"\n/>' in html
    assert "url('../../static/images/logo-long.png')" in html
    # GX's own static files are linked from the page's real depth (GX's favicon link is not).
    assert 'href="../../static/images/favicon.ico"' in html
    # Links a person follows stay; a load nobody knows stays too and is reported.
    assert '<a href="https://greatexpectations.io">' in html
    assert '<script src="https://example.org/unknown.js"></script>' in html
    assert external == {"https://example.org/unknown.js"}


def _packages(folder: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text)
    return folder


def _site(folder: Path) -> Path:
    (folder / "validations" / "s" / "run").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/font-awesome/'
        '6.6.0/css/all.min.css"><script src="https://code.jquery.com/jquery-3.7.1.min.js">'
        "</script>")
    (folder / "validations" / "s" / "run" / "page.html").write_text(
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')
    return folder


def test_site_gets_the_libraries_and_the_fonts_their_css_loads(tmp_path):
    fa_css = "@fortawesome/fontawesome-free/css/all.min.css"
    packages = _packages(tmp_path / "node_modules", {
        **{f: f"/* {f} */" for f in CDN_FILES.values()},
        fa_css: "@font-face{src:url(../webfonts/fa-solid-900.woff2) format('woff2'),"
                "url(\"../webfonts/fa-solid-900.ttf?v=6\") format('truetype')}"
                ".x{background:url(data:image/png;base64,AAAA)}",
        "@fortawesome/fontawesome-free/webfonts/fa-solid-900.woff2": "w2",
        "@fortawesome/fontawesome-free/webfonts/fa-solid-900.ttf": "ttf",
        "@fortawesome/fontawesome-free/svgs/unused.svg": "<svg/>",
    })
    site = _site(tmp_path / "site")
    result = make_site_offline(site, packages)
    assert result.pages == 2 and result.missing == () and result.external == ()
    vendor = site / "static" / "vendor"
    copied = {p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()}
    # A scoped package's "@" is dropped (object keys in the lake do not allow it).
    assert copied == {f.removeprefix("@") for f in CDN_FILES.values()} | {
        "fortawesome/fontawesome-free/webfonts/fa-solid-900.ttf",
        "fortawesome/fontawesome-free/webfonts/fa-solid-900.woff2"}
    assert result.files_copied == len(CDN_FILES) + 2
    assert 'href="static/vendor/fortawesome/fontawesome-free/css/all.min.css"' in \
        (site / "index.html").read_text()
    page = (site / "validations" / "s" / "run" / "page.html").read_text()
    assert page == '<script src="../../../static/vendor/jquery/dist/jquery.min.js"></script>'
    assert (site / "validations" / "s" / "run" / "../../../static/vendor/jquery/dist/"
            "jquery.min.js").resolve().read_text() == "/* jquery/dist/jquery.min.js */"


def test_without_the_packages_the_site_keeps_its_cdn_links_and_says_why(tmp_path, caplog):
    site = _site(tmp_path / "site")
    before = (site / "index.html").read_text()
    with caplog.at_level(logging.WARNING, logger="xxgk.quality.data_docs_offline"):
        result = make_site_offline(site, tmp_path / "not_installed")
    assert result.pages == 0 and result.files_copied == 0
    assert "jquery/dist/jquery.min.js" in result.missing
    assert (site / "index.html").read_text() == before
    assert not (site / "static" / "vendor").exists()
    assert "scripts/bootstrap.sh" in caplog.text and "npm" in caplog.text
