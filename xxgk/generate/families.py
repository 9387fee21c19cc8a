"""Families of real reports a generated document may carry, each drawn on its own at a few %.

Each family was met in real reports (issue #14); the sentences that carry it are our own. A
document's families are drawn from a random stream of their own (``draw_families``), so a
document that carries none is byte for byte what it was before families existed. Gold follows
``LABELLING.md``:

- ``portal_menu``: 10–30 lines of a portal's menu above the title (the site's name, sections,
  other organs of the place): the agency is still the report's organ.
- ``inline_spam``: a gambling phrase glued into the title after the organ's name, or onto the
  organ in a page field (青川市科技局-某某娱乐官网): the agency is the organ without it.
- ``traditional``: the whole page in traditional characters, half of them with pinyin glosses
  after some characters (報(bào)): the same answers; the agency lists the converted names first.
- ``letter_heading``: a first line addressing the superior office ("县政府办："): the agency
  is the report's organ, not the addressee.
- ``township_contact``: a town's or street's report whose contact sentence names its
  党政办 and whose only other mention of the organ is the title: the agency is the government.
- ``region_wide``: a county's, district's or city's government states the year's figure for
  its whole region ("全县各级行政机关共主动公开政府信息N条"): that figure is the total.
- ``channel_figures``: channels side by side with no total (null), or a total through
  official channels followed by two channels that add up to it (the total).
- ``tax_branch``: the organ is a central organ's local branch, 国家税务总局某市某区税务局
  (sector taxation, county level).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

from xxgk.generate.answers import draw_log_uniform
from xxgk.generate.metadata import Frame
from xxgk.generate.names import Agency, draw_tax_branch
from xxgk.generate.noise import TITLE_SEPARATORS, Dressing, draw_spam_phrase
from xxgk.generate.sections import BodyFamily

# Chance per document (of those a family can apply to: see ``draw_families``).
RATES = {"portal_menu": 0.04, "inline_spam": 0.04, "traditional": 0.03, "pinyin": 0.5,
         "letter_heading": 0.03, "township_contact": 0.3, "region_wide": 0.25,
         "channel_figures": 0.04, "tax_branch": 0.02}
WEB_FORMATS = ("html", "text")
MIRROR_FORMATS = ("html", "text", "markdown")
BELOW_COUNTY = ("town", "township", "street")
REGION_GOVERNMENT_LEVELS = ("city", "county", "district")
# How a report addresses the office above it in a letter heading ({gov}: 县政府, 市政府…).
ADDRESSEES = ("{gov}办：", "{gov}办公室：", "{gov}办公室：", "{gov}政务公开办：")
PROVINCE_ADDRESSEES = ("省政府办公厅：", "省人民政府办公厅：")
# A town's or street's party-and-government office, as its contact sentence names it.
TOWNSHIP_OFFICES = ("{name}党政办", "{name}党政办公室", "{name}党政综合办公室")
ORGAN_FIELDS = ("来源", "发布机构", "信息来源")
NEUTRAL_SOURCES = ("本站", "本网", "")
NEUTRAL_SITES = ("政府信息公开平台", "政府门户网站信息公开专栏")


@dataclass(frozen=True, slots=True)
class Families:
    """The families one document carries (all off: a document as it always was)."""

    portal_menu: bool = False
    inline_spam: str | None = None  # "title" | "field"
    traditional: bool = False
    pinyin: bool = False
    letter_heading: bool = False
    township_contact: bool = False
    region_wide: bool = False
    channel_figures: str | None = None  # "channels_no_total" | "channels_with_total"
    tax_branch: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


NO_FAMILIES = Families()


def draw_families(rng: random.Random, agency: Agency, file_format: str
                  ) -> tuple[Families, Agency]:
    """The families of one document and its agency (a tax branch replaces the drawn one).

    Every chance is drawn whatever applies, so each family's draw is independent of the
    others'. Page families need a web page (menu, spam) or a text format (the mirror).
    """
    roll = {name: rng.random() for name in RATES}
    variant = rng.random()
    if roll["tax_branch"] < RATES["tax_branch"]:
        agency = draw_tax_branch(rng, agency)
    level, is_government = agency.kind.level, agency.kind.is_government
    families = Families(
        portal_menu=file_format in WEB_FORMATS and roll["portal_menu"] < RATES["portal_menu"],
        inline_spam=(("title", "field")[variant < 0.5] if file_format in WEB_FORMATS
                     and roll["inline_spam"] < RATES["inline_spam"] else None),
        traditional=(file_format in MIRROR_FORMATS
                     and roll["traditional"] < RATES["traditional"]),
        pinyin=roll["pinyin"] < RATES["pinyin"],
        # (not markdown: a converted PDF opens with its heading marks)
        letter_heading=(file_format != "markdown"
                        and roll["letter_heading"] < RATES["letter_heading"]),
        # (nor here: its first heading may be the signature's organ line)
        township_contact=(level in BELOW_COUNTY and file_format != "markdown"
                          and roll["township_contact"] < RATES["township_contact"]),
        region_wide=(is_government and level in REGION_GOVERNMENT_LEVELS
                     and roll["region_wide"] < RATES["region_wide"]),
        channel_figures=(("channels_no_total", "channels_with_total")[variant < 0.5]
                         if roll["channel_figures"] < RATES["channel_figures"] else None),
        tax_branch=roll["tax_branch"] < RATES["tax_branch"],
    )
    if not families.traditional:
        families = replace(families, pinyin=False)
    if families.region_wide:  # one figure states the year: the region's
        families = replace(families, channel_figures=None)
    return families, agency


def region_word(agency: Agency) -> str:
    """全县, 全区, 全市: the region a government's figure covers (its generic name's level)."""
    return "全" + agency.generic_name[0]


def draw_region_total(rng: random.Random, agency: Agency) -> int:
    """A whole region's yearly figure: thousands for a county, more for a city."""
    scale = 3 if agency.kind.level == "city" else 1
    return draw_log_uniform(rng, 1500 * scale, 30000 * scale)


def build_body_family(rng: random.Random, families: Families, agency: Agency, *,
                      draw_count: bool = True) -> BodyFamily | None:
    """What the families change in the report's body (None: nothing). Without
    ``draw_count`` a region-wide figure is the report's own (an organ followed over years)."""
    proactive = "region_wide" if families.region_wide else families.channel_figures
    contact = None
    if families.township_contact:
        contact = rng.choice(TOWNSHIP_OFFICES).format(name=agency.full_name)
    if proactive is None and contact is None:
        return None
    count = draw_region_total(rng, agency) if families.region_wide and draw_count else None
    return BodyFamily(proactive=proactive, proactive_count=count, contact=contact)


def adjust_slots(slots: dict[str, str], families: Families, agency: Agency
                 ) -> dict[str, str]:
    """Template slots as the families need them: the region word, a tax bureau's superior, a
    site that does not name a town whose only other mention is its title."""
    slots = {**slots, "region": region_word(agency)}
    if families.tax_branch:
        slots["parent_gov"] = "上级税务机关"
    if families.township_contact and agency.place in slots["site"]:
        slots["site"] = NEUTRAL_SITES[len(agency.place) % len(NEUTRAL_SITES)]
    return slots


def draw_letter_heading(rng: random.Random, agency: Agency) -> str:
    """"县政府办：": the office above the organ, which a report sent as a letter addresses."""
    level = agency.kind.level
    governs = agency.kind.is_government or agency.kind.topic == "office"  # 政府办 writes up
    if level == "province" or (level == "city" and governs):
        return rng.choice(PROVINCE_ADDRESSEES)
    if level in BELOW_COUNTY:
        gov = "区政府" if agency.parent_place.endswith("区") else "县政府"
    elif governs:
        gov = "市政府"
    else:
        gov = {"city": "市政府", "county": "县政府", "district": "区政府"}[level]
    return rng.choice(ADDRESSEES).format(gov=gov)


def glue_spam(rng: random.Random, frame: Frame, where: str) -> tuple[Frame, str]:
    """The frame with a gambling phrase glued after the organ's name in the title, or onto
    the organ named by a page field (the title when no field names it); and a note."""
    spam = rng.choice(("", *TITLE_SEPARATORS)) + draw_spam_phrase(rng)
    fields_ = list(frame.page_fields)
    organ_fields = [i for i, (label, value) in enumerate(fields_) if label in ORGAN_FIELDS
                    and any(name in value for name in frame.agency_names)]
    if where == "field" and organ_fields:
        i = organ_fields[0]
        fields_[i] = (fields_[i][0], fields_[i][1] + spam)
        return (replace(frame, page_fields=tuple(fields_)),
                f"Spam '{spam}' glued onto the organ in the {fields_[i][0]} field.")
    name = max((n for n in frame.agency_names if n in frame.title), key=len)
    at = frame.title.index(name) + len(name)
    return (replace(frame, title=frame.title[:at] + spam + frame.title[at:]),
            f"Spam '{spam}' glued into the title after the organ's name.")


def keep_organ_in_title_only(rng: random.Random, frame: Frame, agency: Agency) -> Frame:
    """The frame of a town's report that names its organ only in the title: page fields
    name the site, the signature is a date alone; gold keeps the names the title writes."""
    fields_ = tuple((label, rng.choice(NEUTRAL_SOURCES) if label in ORGAN_FIELDS else value)
                    for label, value in frame.page_fields)
    signature = tuple(line for line in frame.signature
                      if line not in frame.agency_names and line != agency.compiler)
    names = tuple(n for n in frame.agency_names
                  if n in frame.title or n == agency.full_name)
    return replace(frame, page_fields=fields_, signature=signature, agency_names=names)


def strip_place_from_footer(dressing: Dressing, agency: Agency) -> Dressing:
    """The dressing without footer lines naming the organ's own place (主办单位：某镇…)."""
    return replace(dressing, footer=tuple(line for line in dressing.footer
                                          if agency.place not in line))
