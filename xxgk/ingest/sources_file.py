"""The sources file (YAML): what to crawl or read, validated into ``SourceSpec`` values.

Format (docs/ingest.md has the full reference, examples/sources.yaml a working example)::

    shards: 1                      # Prefect task batches; hosts never straddle two batches
    defaults: {requests_per_second: 1.0}
    sources:
      - name: kjj-ndbg
        organ: 某市科学技术局
        listing: {url: https://www.example.gov.cn/xxgk/ndbg/index.html, max_pages: 5}
      - name: direct
        urls: [https://www.example.gov.cn/xxgk/2023ndbg.html]
      - name: archive
        folder: ./reports           # relative to the sources file
      - name: bucket
        s3: s3://bucket/prefix      # endpoint_url, region: default the lake's (the settings')

Every problem in the file is reported at once, each with where it is ("sources[2].listing.url").
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from xxgk.ingest.address_safety import AddressPolicy
from xxgk.ingest.links import DEFAULT_TITLE_PATTERN, NEXT_PAGE_TEXTS, ListingRules
from xxgk.ingest.politeness import POLITENESS_FIELDS, Politeness

SOURCE_KINDS = ("listing", "urls", "folder", "s3")
_TOP_KEYS = {"version", "shards", "defaults", "sources"}
_SOURCE_KEYS = {"name", "organ", *SOURCE_KINDS, "endpoint_url", "region", "attachments",
                "allowed_hosts", "politeness", "allow_private", "allow_networks"}
_LISTING_KEYS = {"url", "max_pages", "page_template", "next_texts", "title_pattern",
                 "require_year", "url_pattern"}
_HOST = re.compile(r"^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$")


class SourcesFileError(ValueError):
    """A sources file that cannot be used; ``problems`` lists every issue found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"sources file {path} has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class ListingSpec:
    url: str
    max_pages: int = 20
    page_template: str | None = None  # e.g. "index_{n}.html" for script-drawn pagers
    next_texts: tuple[str, ...] = NEXT_PAGE_TEXTS
    title_pattern: str = DEFAULT_TITLE_PATTERN
    require_year: bool = True
    url_pattern: str | None = None

    def rules(self) -> ListingRules:
        return ListingRules(
            title_pattern=re.compile(self.title_pattern),
            require_year=self.require_year,
            url_pattern=re.compile(self.url_pattern) if self.url_pattern else None,
            next_texts=self.next_texts)


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str  # listing | urls | folder | s3
    organ: str | None = None
    listing: ListingSpec | None = None
    urls: tuple[str, ...] = ()
    folder: str | None = None
    s3_uri: str | None = None
    endpoint_url: str | None = None  # of an s3 source; None: the settings' (see with_s3_endpoint)
    region: str | None = None
    attachments: bool = True
    allowed_hosts: tuple[str, ...] = ()  # hosts besides the start URLs' that links may lead to
    politeness: Politeness = field(default_factory=Politeness)
    address_policy: AddressPolicy = field(default_factory=AddressPolicy)

    def start_urls(self) -> tuple[str, ...]:
        return (self.listing.url,) if self.listing else self.urls


@dataclass(frozen=True)
class SourcesFile:
    path: str
    sources: tuple[SourceSpec, ...]
    shards: int = 1

    def named(self, names: list[str] | tuple[str, ...]) -> tuple[SourceSpec, ...]:
        wanted = set(names)
        return tuple(s for s in self.sources if s.name in wanted)


def is_sources_file(source: str) -> bool:
    return source.lower().endswith((".yaml", ".yml")) and Path(source).expanduser().is_file()


def load_sources_file(path: str | Path) -> SourcesFile:
    path = Path(path).expanduser()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourcesFileError(str(path), [f"not valid YAML: {exc}"]) from None
    return parse_sources(raw, base_dir=path.parent, path=str(path))


def parse_sources(raw: object, *, base_dir: Path, path: str = "<sources>") -> SourcesFile:
    """Validate a loaded YAML document; SourcesFileError lists every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise SourcesFileError(path, ["the file must be a mapping with a 'sources' list"])
    problems += _unknown_keys(raw, _TOP_KEYS, "top level")
    shards = raw.get("shards", 1)
    if not isinstance(shards, int) or isinstance(shards, bool) or shards < 1:
        problems.append(f"shards: must be a whole number of at least 1, got {shards!r}")
        shards = 1
    defaults = _politeness(raw.get("defaults") or {}, Politeness(), "defaults", problems)
    items = raw.get("sources")
    if not isinstance(items, list) or not items:
        problems.append("sources: must be a non-empty list")
        items = []
    specs, names = [], set()
    for i, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name.strip():
            if name.strip() in names:
                problems.append(f"sources[{i}] ({name}).name: {name.strip()!r} is used twice")
            names.add(name.strip())
        spec = _source(item, i, defaults, base_dir, problems)
        if spec is not None:
            specs.append(spec)
    if problems:
        raise SourcesFileError(path, problems)
    return SourcesFile(path=path, sources=tuple(specs), shards=shards)


def _unknown_keys(mapping: dict, known: set[str], where: str) -> list[str]:
    return [f"{where}: unknown key {k!r} (known: {', '.join(sorted(known))})"
            for k in mapping if k not in known]


def _politeness(raw: object, base: Politeness, where: str, problems: list[str]) -> Politeness:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping of politeness settings")
        return base
    bad = [k for k in raw if k not in POLITENESS_FIELDS]
    for key in bad:
        problems.append(f"{where}: unknown setting {key!r} (known: "
                        f"{', '.join(sorted(POLITENESS_FIELDS))})")
    try:
        return base.with_overrides({k: v for k, v in raw.items() if k not in bad})
    except (ValueError, TypeError) as exc:
        problems.extend(f"{where}: {p}" for p in str(exc).split("; "))
        return base


def _source(item: object, i: int, defaults: Politeness, base_dir: Path,
            problems: list[str]) -> SourceSpec | None:
    where = f"sources[{i}]"
    if not isinstance(item, dict):
        problems.append(f"{where}: must be a mapping with a name and one of "
                        f"{', '.join(SOURCE_KINDS)}")
        return None
    name = item.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{where} ({name})"
    else:
        problems.append(f"{where}.name: required, a non-empty string")
        name = f"source-{i}"
    before = len(problems)
    problems += _unknown_keys(item, _SOURCE_KEYS, where)
    kinds = [k for k in SOURCE_KINDS if k in item]
    if len(kinds) != 1:
        problems.append(f"{where}: needs exactly one of {', '.join(SOURCE_KINDS)}, "
                        f"found {', '.join(kinds) or 'none'}")
        return None
    kind = kinds[0]
    organ = item.get("organ")
    if organ is not None and not isinstance(organ, str):
        problems.append(f"{where}.organ: must be a string")
    politeness = _politeness(item.get("politeness") or {}, defaults, f"{where}.politeness",
                             problems)
    policy = _address_policy(item, where, problems)
    hosts = _allowed_hosts(item, where, problems)
    attachments = item.get("attachments", True)
    if not isinstance(attachments, bool):
        problems.append(f"{where}.attachments: must be true or false")
    spec = SourceSpec(name=name.strip(), kind=kind, organ=organ if isinstance(organ, str) else None,
                      attachments=attachments is not False,
                      allowed_hosts=tuple(h.lower() for h in hosts),
                      politeness=politeness, address_policy=policy)
    value = item[kind]
    if kind == "listing":
        spec = replace(spec, listing=_listing(value, f"{where}.listing", problems))
    elif kind == "urls":
        spec = replace(spec, urls=_urls(value, where, problems))
    elif kind == "folder":
        spec = replace(spec, **_folder(value, where, base_dir, problems))
    else:
        spec = replace(spec, **_s3_location(value, item, where, problems))
    return spec if len(problems) == before else None


def _allowed_hosts(item: dict, where: str, problems: list[str]) -> list[str]:
    hosts = _string_list(item.get("allowed_hosts", []), f"{where}.allowed_hosts", problems)
    for host in hosts:
        if not _HOST.match(host.lower()):
            problems.append(f"{where}.allowed_hosts: {host!r} is not a host name")
    return hosts


def _urls(value: object, where: str, problems: list[str]) -> tuple[str, ...]:
    urls = _string_list(value, f"{where}.urls", problems)
    if not urls:
        problems.append(f"{where}.urls: must list at least one URL")
    for url in urls:
        _check_http_url(url, f"{where}.urls", problems)
    return tuple(urls)


def _folder(value: object, where: str, base_dir: Path, problems: list[str]) -> dict[str, Any]:
    """The ``folder`` field of a folder source ({} when the value is no path)."""
    if not isinstance(value, str) or not value:
        problems.append(f"{where}.folder: must be a path")
        return {}
    folder = (base_dir / Path(value).expanduser()).resolve()
    if not folder.is_dir():
        problems.append(f"{where}.folder: {str(folder)!r} is not a folder")
    return {"folder": str(folder)}


def _s3_location(value: object, item: dict, where: str, problems: list[str]) -> dict[str, Any]:
    """The ``s3_uri``, ``endpoint_url`` and ``region`` fields of an S3 source."""
    if not isinstance(value, str) or not value.startswith("s3://") or len(value) <= 5:
        problems.append(f"{where}.s3: must be an s3://bucket/prefix URI")
    endpoint = item.get("endpoint_url")
    if endpoint is not None:
        _check_http_url(endpoint, f"{where}.endpoint_url", problems)
    region = item.get("region")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        problems.append(f"{where}.region: must be a region name like cn-north-1")
    return {"s3_uri": value, "endpoint_url": endpoint, "region": region}


def _address_policy(item: dict, where: str, problems: list[str]) -> AddressPolicy:
    allow_private = item.get("allow_private", False)
    if not isinstance(allow_private, bool):
        problems.append(f"{where}.allow_private: must be true or false")
        allow_private = False
    networks = _string_list(item.get("allow_networks", []), f"{where}.allow_networks", problems)
    for net in networks:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError:
            problems.append(f"{where}.allow_networks: {net!r} is not a network like 10.1.0.0/16")
            networks = []
    return AddressPolicy(allow_private=allow_private, allow_networks=tuple(networks))


def _listing(value: object, where: str, problems: list[str]) -> ListingSpec | None:
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict):
        problems.append(f"{where}: must be a URL or a mapping with a url")
        return None
    problems += _unknown_keys(value, _LISTING_KEYS, where)
    url = value.get("url")
    if not isinstance(url, str):
        problems.append(f"{where}.url: required, an http(s) URL")
        return None
    _check_http_url(url, f"{where}.url", problems)
    max_pages = value.get("max_pages", 20)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        problems.append(f"{where}.max_pages: must be a whole number of at least 1")
        max_pages = 1
    template = value.get("page_template")
    if template is not None and (not isinstance(template, str) or "{n}" not in template):
        problems.append(f"{where}.page_template: must be a string containing {{n}}, "
                        f"e.g. index_{{n}}.html")
        template = None
    next_texts = _string_list(value.get("next_texts", list(NEXT_PAGE_TEXTS)),
                              f"{where}.next_texts", problems)
    title_pattern = _pattern(value, "title_pattern", DEFAULT_TITLE_PATTERN, where, problems)
    url_pattern = _pattern(value, "url_pattern", None, where, problems)
    require_year = value.get("require_year", True)
    if not isinstance(require_year, bool):
        problems.append(f"{where}.require_year: must be true or false")
        require_year = True
    if title_pattern is None:  # written empty: a listing needs a pattern for report titles
        problems.append(f"{where}.title_pattern: must be a regular expression")
        title_pattern = DEFAULT_TITLE_PATTERN
    return ListingSpec(url=url, max_pages=max_pages, page_template=template,
                       next_texts=tuple(next_texts), title_pattern=title_pattern,
                       require_year=require_year, url_pattern=url_pattern)


def _pattern(value: dict, key: str, default: str | None, where: str,
             problems: list[str]) -> str | None:
    """The regular expression ``value[key]`` (``default`` when absent or invalid)."""
    pattern = value.get(key, default)
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            problems.append(f"{where}.{key}: not a valid regular expression: {exc}")
            pattern = default
    return pattern


def _string_list(value: object, where: str, problems: list[str]) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    problems.append(f"{where}: must be a list of non-empty strings")
    return []


def _check_http_url(url: object, where: str, problems: list[str]) -> None:
    if not isinstance(url, str):
        problems.append(f"{where}: {url!r} is not a string")
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        problems.append(f"{where}: {url!r} is not a valid URL")
        return
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        problems.append(f"{where}: {url!r} must be an http:// or https:// URL with a host")


def source_for_urls(name: str, urls: list[str], *, attachments: bool = True) -> SourceSpec:
    """A plain URL list or single URL given on the command line, with default politeness."""
    return SourceSpec(name=name, kind="urls", urls=tuple(urls), attachments=attachments)


def source_for_s3(uri: str, endpoint_url: str | None, region: str | None = None) -> SourceSpec:
    """An ``s3://bucket/prefix`` given on the command line: the ``s3`` kind of a sources file."""
    if not uri.startswith("s3://") or not uri.removeprefix("s3://").partition("/")[0]:
        raise ValueError(f"source {uri!r} must be an s3://bucket/prefix URI")
    return SourceSpec(name=uri, kind="s3", s3_uri=uri, endpoint_url=endpoint_url, region=region)


def with_s3_endpoint(spec: SourceSpec, endpoint_url: str | None,
                     region: str | None) -> SourceSpec:
    """An S3 source that names no endpoint reads from ``endpoint_url`` (the settings', which is
    the lake's), in its own region if it names one, else ``region``. One that names its own
    endpoint keeps it and its own region: the settings' region belongs to another service."""
    if spec.kind != "s3" or spec.endpoint_url is not None:
        return spec
    return replace(spec, endpoint_url=endpoint_url, region=spec.region or region)
