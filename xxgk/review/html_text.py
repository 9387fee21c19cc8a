"""Escaping for the review site: every value that may come from a document goes through
``e``. Pages in the wild carry injected markup and scripts; on the site they are text."""

from __future__ import annotations

import html


def e(value: object) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def page(title: str, body: list[str], assets: str, scripts: tuple[str, ...] = ()) -> str:
    """A whole page; ``assets`` is the relative path to the site's assets folder."""
    tags = "".join(f"<script src='{e(s)}'></script>" for s in scripts)
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{e(title)}</title><link rel='stylesheet' href='{e(assets)}/review.css'>"
            f"</head><body>{''.join(body)}{tags}</body></html>")
