"""Make a built Great Expectations Data Docs site render with no network.

GX 1.x writes every page with ``<script>`` and ``<link>`` tags that load jQuery, Bootstrap 4,
bootstrap-table, Font Awesome and Vega from five CDNs, and its navbar logo from GX's own
bucket. Offline, the index's list of validation results stays empty: bootstrap-table draws
those rows from JSON inside the page. GX has no setting for this. Its Jinja templates are
package data, and a site's custom views folder is searched after them, so it can add a
template but never replace one. The site is therefore built as GX builds it and then made
self-contained:

* the files the CDN URLs stand for are copied into ``static/vendor/<npm package>/...``
  beside index.html (a scoped package's "@" dropped), with the fonts their stylesheets refer to. They come from the npm
  packages in ``data_docs_assets/`` (package.json, pinned with integrity hashes by its
  package-lock.json), which scripts/bootstrap.sh installs. PyPI has no package for
  bootstrap-table or Vega;
* every page's reference to a CDN URL becomes a path relative to that page, so the site
  works from a folder, a file share, an S3 static website or a laptop. The tags lose their
  ``integrity`` and ``crossorigin`` attributes: a page opened from a file cannot make the
  CORS request ``crossorigin`` asks for, and the Popper file is not the one GX hashed.

Versions are the ones GX 1.24's pages name, except for two. Popper is 1.16.1 rather than
1.12.9, because Bootstrap 4.3.1 itself asks for popper.js ^1.14.7. The filter-control
stylesheet, which GX links from bootstrap-table 1.19.0, is taken from 1.19.1, the version of
the script it styles. Vega, Vega-Lite and Vega-Embed are linked by major version only
(@5, @5, @6), and the newest release of each major version is pinned.

Without the packages (npm was not available when the project was installed), the site is
left as GX built it and a warning names the fix. The run goes on, and the pages still work
wherever the CDNs can be reached.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

log = logging.getLogger(__name__)

ASSET_PACKAGES_DIR = Path(__file__).with_name("data_docs_assets") / "node_modules"
VENDOR_DIR = "static/vendor"

# Each CDN URL in GX's pages -> the file of an npm package (under node_modules) that serves
# as it. tests/unit/test_data_docs_offline.py fails when GX's templates name a URL that is
# not here (a GX upgrade that moves a library).
CDN_FILES = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper.js/dist/umd/popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap/dist/js/bootstrap.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "@fortawesome/fontawesome-free/css/all.min.css",
    # A bare major version on this CDN serves the package's minified browser build.
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}

# GX's logos, loaded from its bucket -> the images GX itself copies into every site.
GX_IMAGES_URL = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
GX_IMAGES = {
    GX_IMAGES_URL + "logo-long.png": "static/images/logo-long.png",
    # The dark-mode logo is not in GX's package: dark mode shows the light one.
    GX_IMAGES_URL + "full_logo_dark.png": "static/images/logo-long.png",
}

_TAG = re.compile(r"<(?:script|link|img)\b[^>]*>", re.IGNORECASE)
_TAG_URL = re.compile(r"""\b(src|href)=(["'])(https?://[^"']+)\2""", re.IGNORECASE)
# GX's own files, which it copies into the site's static/ folder. GX 1.24's validation pages
# link the favicon one folder too high; every such link is re-pointed from the page's depth.
_STATIC_URL = re.compile(r"""\b(?:src|href)=(["'])((?:\./|(?:\.\./)*)(static/[^"']+))\1""",
                         re.IGNORECASE)
_CSS_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")
_CROSS_ORIGIN_ATTRS = re.compile(r"""\s+(?:integrity|crossorigin)=(["'])[^"']*\1""",
                                 re.IGNORECASE)


@dataclass(frozen=True)
class OfflineSite:
    """What ``make_site_offline`` did to a site."""

    pages: int                   # HTML pages rewritten
    files_copied: int            # library files, fonts included, copied into the site
    missing: tuple[str, ...]     # package files that were not installed (site left unchanged)
    external: tuple[str, ...]    # loads still pointing off the site (unknown URLs)


def vendored_path(package_file: str) -> str:
    """Where a package file goes in the site. A scoped package's "@" is dropped: object keys
    in the lake allow only letters, digits and ``._=+-`` (xxgk.storage.keys)."""
    return f"{VENDOR_DIR}/{package_file.removeprefix('@')}"



def _local_file(url: str) -> str | None:
    """The file (relative to the site root) that stands for ``url``, if known."""
    base = url.split("?", 1)[0].split("#", 1)[0]
    if base in CDN_FILES:
        return vendored_path(CDN_FILES[base])
    return GX_IMAGES.get(base)


def _is_load(tag: str, attribute: str) -> bool:
    """Whether the browser fetches this tag's URL (a stylesheet, script or image), as opposed
    to an ``<a>``-like link it only shows."""
    if attribute.lower() == "src":
        return True
    rel = re.search(r"""\brel=(["'])([^"']*)\1""", tag, re.IGNORECASE)
    return rel is not None and any(word in rel.group(2).lower().split()
                             for word in ("stylesheet", "icon", "preload", "modulepreload"))


def rewrite_page(html: str, to_root: str) -> tuple[str, set[str]]:
    """``html`` with every known CDN URL replaced by ``to_root`` + its local file, and the
    loads it still makes off the site. ``to_root`` is the page's way back to the site root
    ("", "../", "../../"...).
    """
    external: set[str] = set()

    def tag(match: re.Match) -> str:
        text = match.group(0)
        found = _TAG_URL.search(text)
        if not found:
            static = _STATIC_URL.search(text)
            if static:
                text = text[:static.start(2)] + to_root + static.group(3) + text[static.end(2):]
            return text
        attribute, url = found.group(1), found.group(3)
        local = _local_file(url)
        if local is None:
            if _is_load(text, attribute):
                external.add(url)
            return text
        text = text[:found.start(3)] + to_root + local + text[found.end(3):]
        return _CROSS_ORIGIN_ATTRS.sub("", text)

    def css_url(match: re.Match) -> str:
        url = match.group(2)
        if not url.startswith(("http://", "https://")):
            return match.group(0)
        local = _local_file(url)
        if local is None:
            external.add(url)
            return match.group(0)
        quote = match.group(1)
        return f"url({quote}{to_root}{local}{quote})"

    html = _TAG.sub(tag, html)
    html = _CSS_URL.sub(css_url, html)
    return html, external


def _stylesheet_refs(relative: str, css: str) -> set[str]:
    """The files (fonts, images) a stylesheet at ``relative`` loads, as paths relative to
    the same folder (node_modules)."""
    refs = set()
    folder = PurePosixPath(relative).parent
    for _, url in _CSS_URL.findall(css):
        url = url.strip()
        if url.startswith(("data:", "http://", "https://", "//", "#", "/")):
            continue
        parts: list[str] = []
        for part in (folder / url.split("?", 1)[0].split("#", 1)[0]).parts:
            if part == "..":
                if not parts:
                    break  # outside node_modules: not ours to copy
                parts.pop()
            elif part != ".":
                parts.append(part)
        else:
            refs.add("/".join(parts))
    return refs


def _package_files(package_files: set[str],
                   packages_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """Site path -> installed file for the given package files and the files their
    stylesheets load; and the package files that are not installed."""
    wanted: dict[str, Path] = {}
    missing: list[str] = []
    pending = list(package_files)
    while pending:
        relative = pending.pop()
        if vendored_path(relative) in wanted or relative in missing:
            continue
        source = packages_dir / relative
        if not source.is_file():
            missing.append(relative)
            continue
        wanted[vendored_path(relative)] = source
        if source.suffix == ".css":
            pending.extend(_stylesheet_refs(
                relative, source.read_text(encoding="utf-8", errors="replace")))
    return wanted, sorted(missing)


def make_site_offline(site_dir: Path, packages_dir: Path = ASSET_PACKAGES_DIR) -> OfflineSite:
    """Copy the pages' libraries into a built Data Docs site and link every page to them.

    Leaves the site unchanged (and warns) when the npm packages are not installed. Every
    page loads the same libraries, so all of them are copied; pages are rewritten one at a
    time (a long run's site has a page per validated chunk).
    """
    files, missing = _package_files(set(CDN_FILES.values()), packages_dir)
    if missing:
        log.warning("Data Docs keep their CDN links (they need a network to render): %d "
                    "library files are not installed under %s, e.g. %s. Run "
                    "scripts/bootstrap.sh on a machine with npm.",
                    len(missing), packages_dir, missing[0])
        return OfflineSite(0, 0, tuple(missing), ())
    for site_path, source in files.items():
        target = site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    pages = 0
    external: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        to_root = "../" * (len(page.relative_to(site_dir).parts) - 1)
        text, page_external = rewrite_page(page.read_text(encoding="utf-8"), to_root)
        page.write_text(text, encoding="utf-8")
        pages += 1
        external |= page_external
    if external:
        log.warning("Data Docs still load %d URLs from the network (not known to %s): %s",
                    len(external), __name__, ", ".join(sorted(external)))
    return OfflineSite(pages, len(files), (), tuple(sorted(external)))
