"""Organs of real divisions, and the forms of their names a report may print in one year.

An organ is a department of a province, a prefecture-level city or a county (科学技术局,
卫生健康委员会…), a county's government or its office, or a town's government. Its kinds are
those of the invented corpus (``names.ORGAN_KINDS``), so its reports are composed alike; its
places are real (``gov_sites``), and towns, which the division list does not hold, get
invented names that start with no listed place.

Name forms, as real reports vary them from year to year (淄川区科学技术局 of 淄博市):

- ``full``: every place above it written too — 淄博市淄川区科学技术局, 山东省淄博市科学技术局;
- ``own_place``: its own place only — 淄川区科学技术局, 淄川区昆仑镇人民政府;
- ``abbreviated``: its own place and the short organ word — 淄川区科技局;
- ``relative``: no place, only the level word — 区科技局, 市科学技术局, 省科学技术厅, and
  for a town its own name alone (昆仑镇人民政府); its region is the host's it is published on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from xxgk.extract.places import get_place_names
from xxgk.generate.gov_sites import Division, list_clear_divisions, list_hosts, list_provinces
from xxgk.generate.names import (
    ORGAN_KINDS,
    ORGAN_WEIGHTS,
    PLACE_FIRST,
    PLACE_SECOND,
    Agency,
    OrganKind,
)

NAME_FORMS = ("full", "own_place", "abbreviated", "relative")

# The short organ word drawn for the abbreviated form, by official suffix (the resolver reads
# each as the same organ as its full form). A government's 县政府 is left out: "县政府政府信息
# 公开…" is no title (names.py).
ABBREVIATIONS: dict[str, str] = {
    "科学技术局": "科技局", "科学技术厅": "科技厅", "人力资源和社会保障局": "人社局",
    "卫生健康委员会": "卫健委", "发展和改革委员会": "发改委", "市场监督管理局": "市场监管局",
    "人民政府办公室": "政府办",
}

# What kind of organ to draw, and how often (departments dominate, as in reality).
ORGAN_GROUPS: tuple[tuple[str, int], ...] = (
    ("county_department", 40), ("prefecture_department", 20), ("county_government", 12),
    ("town_government", 15), ("county_office", 5), ("province_department", 8),
)
TOWN_WORDS = ("镇", "镇", "镇", "乡")


@dataclass(frozen=True, slots=True)
class RealOrgan:
    """One reporting organ of a real division, with the names it may print."""

    kind: OrganKind  # level: province | city | county | district | town | township
    division: Division  # its own division; a town's county
    town: str | None  # 昆仑镇, for a town's government
    hosts: tuple[str, ...]  # its own site first, then its government's portal

    @property
    def key(self) -> str:
        """The organ's true identity: division code and organ word, e.g. 370302/科学技术局."""
        return f"{self.division.code}/{self.town or ''}{self.kind.suffix}"

    @property
    def admin_level(self) -> str:
        return "township" if self.town else self.division.level

    def name_forms(self) -> tuple[str, ...]:
        """The forms this organ can print: no abbreviation without a short word, no separate
        own-place form for a province."""
        forms = ["full"]
        if self.division.level != "province":
            forms.append("own_place")
        if self.town is None and self.kind.suffix in ABBREVIATIONS:
            forms.append("abbreviated")
        forms.append("relative")
        return tuple(forms)

    def name(self, form: str, relative_short: bool = False) -> str:
        """The organ's name in ``form``; ``relative_short``: 区科技局 rather than 区科学技术局."""
        return self._place(form) + self._organ_word(form, relative_short)

    def _place(self, form: str) -> str:
        division = self.division
        town = self.town or ""
        if form == "relative":
            return town or division.level_word
        if form == "full" and division.parent_name and division.parent_name != division.name:
            return division.parent_name + division.name + town
        return division.name + town

    def _organ_word(self, form: str, relative_short: bool) -> str:
        suffix = self.kind.suffix
        if form == "abbreviated" or (form == "relative" and relative_short and not self.town):
            return ABBREVIATIONS.get(suffix, suffix)
        return suffix

    def agency_for(self, form: str, rng: random.Random, relative_short: bool = False) -> Agency:
        """The ``Agency`` the composer writes a report of, all of whose names are in ``form``:
        a report that prints its organ one way prints no other name of it."""
        place = self._place(form)
        word = self.town[-1] if self.town else self.division.level_word
        organ_word = self._organ_word(form, relative_short)
        short = ABBREVIATIONS.get(self.kind.suffix)
        generic = word + (short if short and not self.town else self.kind.suffix)
        self_refs = self.kind.self_refs
        if self.kind.is_government and not self.town:
            self_refs = (f"我{word}", f"{word}政府")
        compiler = place + "人民政府办公室" if self.kind.has_office_compiler else None
        return Agency(kind=self.kind, full_name=place + organ_word, place=place, short_names=(),
                      generic_name=generic, self_ref=rng.choice(self_refs),
                      parent_place=self.division.parent_name or place,
                      province=self.division.province_name, compiler=compiler,
                      alt_full_names=())


def _kinds_at(levels: tuple[str, ...], topics: tuple[str, ...] | None = None,
              departments_only: bool = False) -> tuple[tuple[OrganKind, int], ...]:
    """Organ kinds of the invented corpus at ``levels``, with their weights; departments are
    the kinds that are neither a government nor its office."""
    return tuple((k, w) for k, w in zip(ORGAN_KINDS, ORGAN_WEIGHTS, strict=True)
                 if k.level in levels and (topics is None or k.topic in topics)
                 and not (departments_only and (k.is_government or k.topic == "office")))


def _county_kind_level(division: Division) -> str:
    return "district" if division.name.endswith("区") else "county"


def _draw_kind(rng: random.Random, options: tuple[tuple[OrganKind, int], ...], level: str
               ) -> OrganKind:
    kind = rng.choices([k for k, _ in options], weights=[w for _, w in options])[0]
    return kind if kind.level == level else replace(kind, level=level)


def draw_town_name(rng: random.Random, county: str, word: str) -> str:
    """An invented town name (昆仑镇) in which no listed place starts, nor one that starts in
    the county's name before it: 常熟市 + 北田镇 reads 常熟 + 市北 (市北区) + 田镇 to the
    resolver today, which then leaves the region null."""
    places = get_place_names()
    while True:
        stem = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
        written = county + stem
        if not any(written[start:end] in places for start in range(len(written))
                   for end in range(max(start + 2, len(county) + 1), len(written) + 1)):
            return stem + word


def draw_organ(rng: random.Random) -> RealOrgan:
    """One organ of a real division (drawn until distinct by the caller)."""
    group = rng.choices([g for g, _ in ORGAN_GROUPS], weights=[w for _, w in ORGAN_GROUPS])[0]
    if group == "province_department":
        division = rng.choice(list_provinces())
        kind = _draw_kind(rng, _kinds_at(("province",)), "province")
        return RealOrgan(kind, division, None, list_hosts(division, kind.topic))
    divisions = list_clear_divisions()
    if group == "prefecture_department":
        division = rng.choice([d for d in divisions if d.level == "prefecture"])
        kind = _draw_kind(rng, _kinds_at(("city",), departments_only=True), "city")
        return RealOrgan(kind, division, None, list_hosts(division, kind.topic))
    division = rng.choice([d for d in divisions if d.level == "county"])
    level = _county_kind_level(division)
    if group == "county_department":
        kind = _draw_kind(rng, _kinds_at(("county", "district"), departments_only=True), level)
        return RealOrgan(kind, division, None, list_hosts(division, kind.topic))
    if group in ("county_office", "county_government"):
        topic = "office" if group == "county_office" else "government"
        kind = _draw_kind(rng, _kinds_at((level,), topics=(topic,)), level)
        return RealOrgan(kind, division, None, list_hosts(division, None))
    word = rng.choice(TOWN_WORDS)
    level = "town" if word == "镇" else "township"
    kind = _draw_kind(rng, _kinds_at((level,)), level)
    return RealOrgan(kind, division, draw_town_name(rng, division.name, word),
                     list_hosts(division, None))


def draw_region_organs(rng: random.Random) -> list[RealOrgan]:
    """A region whose government states a region-wide total: 2–4 of its own organs (a
    county's departments and towns, a city's departments), then its people's government."""
    divisions = list_clear_divisions()
    level = rng.choices(("county", "prefecture"), weights=(3, 1))[0]
    division = rng.choice([d for d in divisions if d.level == level])
    kind_level = "city" if level == "prefecture" else _county_kind_level(division)
    departments = _kinds_at((kind_level,), departments_only=True)
    members: list[RealOrgan] = []
    keys: set[str] = set()
    size = rng.randint(2, 4)
    while len(members) < size:
        if level == "county" and rng.random() < 0.3:
            word = rng.choice(TOWN_WORDS)
            town_level = "town" if word == "镇" else "township"
            kind = _draw_kind(rng, _kinds_at((town_level,)), town_level)
            organ = RealOrgan(kind, division, draw_town_name(rng, division.name, word),
                              list_hosts(division, None))
        else:
            kind = _draw_kind(rng, departments, kind_level)
            organ = RealOrgan(kind, division, None, list_hosts(division, kind.topic))
        if organ.key not in keys:
            keys.add(organ.key)
            members.append(organ)
    government = _draw_kind(rng, _kinds_at((kind_level,), topics=("government",)), kind_level)
    return [*members, RealOrgan(government, division, None, list_hosts(division, None))]


def draw_organs(rng: random.Random, n: int) -> list[RealOrgan]:
    """``n`` distinct organs (no two share a key), each depending only on those before it."""
    organs: list[RealOrgan] = []
    keys: set[str] = set()
    while len(organs) < n:
        organ = draw_organ(rng)
        if organ.key not in keys:
            keys.add(organ.key)
            organs.append(organ)
    return organs
