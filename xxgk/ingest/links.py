"""Links worth following on a fetched page: reports on a listing, next pages, attachments.

Listing pages of 政府信息公开年报 columns are long lists of ``<a>`` titles; the ones we want name
a year and 年度报告/年报. CMS templates cut long titles with "…" and keep the full title in the
``title`` attribute, so both the link text and ``title`` are matched. Report pages often carry
the real report as an attachment (PDF, Word, Excel), linked by file suffix, sometimes only by
the link text ("附件：2022年年报.pdf") when the URL is a ``download.jsp?id=…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

# File suffixes of attachments we fetch, with the kind of file each names.
ATTACHMENT_SUFFIXES = {
    ".pdf": "PDF, e.g. /xxgk/ndbg/P020230131.pdf",
    ".doc": "Word 97-2003, e.g. /uploadfiles/2021年报.doc",
    ".docx": "Word, e.g. /files/年度报告.docx",
    ".xls": "Excel 97-2003 (tables published alone), e.g. /files/附表.xls",
    ".xlsx": "Excel, e.g. /files/附表.xlsx",
}
# Link texts of "next page" links on CMS listing pages, e.g. "下一页", "下页 >", "Next".
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页", "next", ">")
DEFAULT_TITLE_PATTERN = r"年度报告|年报"
YEAR_PATTERN = re.compile(r"(?:19|20)\d{2}")
_ATTACHMENT_END = re.compile(
    r"(" + "|".join(re.escape(s) for s in ATTACHMENT_SUFFIXES) + r")\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str
    text: str  # link text, or its title attribute when that is longer


@dataclass(frozen=True)
class ListingRules:
    """How to pick report links on a listing page (one per listing source)."""

    title_pattern: re.Pattern[str] = re.compile(DEFAULT_TITLE_PATTERN)
    require_year: bool = True
    url_pattern: re.Pattern[str] | None = None
    next_texts: tuple[str, ...] = NEXT_PAGE_TEXTS


def extract_links(html: str, page_url: str) -> list[Link]:
    """Every http(s) link on the page, absolute, without fragments, in page order, once."""
    tree = LexborHTMLParser(html)
    base = page_url
    base_node = tree.css_first("base[href]")
    base_href = base_node.attributes.get("href") if base_node is not None else None
    if base_href:
        base = urljoin(page_url, base_href.strip())
    seen: dict[str, Link] = {}
    for node in tree.css("a[href], iframe[src], embed[src], object[data]"):
        attrs = node.attributes
        target = attrs.get("href") or attrs.get("src") or attrs.get("data") or ""
        target = target.strip()
        if not target or target.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urldefrag(urljoin(base, target)).url
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            continue
        text = " ".join((node.text(strip=True) or "").split())
        title = " ".join((attrs.get("title") or "").split())
        link = Link(url, title if len(title) > len(text) else text)
        if url not in seen or len(link.text) > len(seen[url].text):
            seen[url] = link
    return list(seen.values())


def select_report_links(links: list[Link], rules: ListingRules) -> list[Link]:
    """Links whose title looks like an annual report (and names a year, unless told not to)."""
    chosen = []
    for link in links:
        if rules.url_pattern is not None and not rules.url_pattern.search(link.url):
            continue
        if not rules.title_pattern.search(link.text):
            continue
        if rules.require_year and not YEAR_PATTERN.search(link.text):
            continue
        chosen.append(link)
    return chosen


def select_next_pages(links: list[Link], rules: ListingRules) -> list[Link]:
    """Links whose whole text is a "next page" label."""
    wanted = {t.lower() for t in rules.next_texts}
    return [link for link in links
            if link.text.strip(" >»›").lower() in wanted or link.text.strip().lower() in wanted]


def is_attachment(link: Link) -> bool:
    path = urlsplit(link.url).path
    return bool(_ATTACHMENT_END.search(path) or _ATTACHMENT_END.search(link.text))


def select_attachments(links: list[Link]) -> list[Link]:
    return [link for link in links if is_attachment(link)]


def expand_page_template(template: str, listing_url: str, max_pages: int) -> list[str]:
    """Pages 2..max_pages of a listing whose pages follow a pattern such as index_{n}.html.

    TRS-style CMS listings name page k ``index_{k-1}.html`` and draw the pager with script, so
    there is no next link to follow; ``{n}`` counts from 1 for the second page.
    """
    return [urljoin(listing_url, template.format(n=n)) for n in range(1, max_pages)]
