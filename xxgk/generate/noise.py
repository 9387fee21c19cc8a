"""Page pollution around a report: injected SEO spam, navigation, share widgets, footers.

Modelled on what portals and hijacked mirrors serve: empty spam tags with one random id
wrapping the page (visible as literal tags when the page was saved as text), a spam phrase
glued onto the title ("…年度报告-某某娱乐客户端"), breadcrumb lines (当前位置：首页 > …),
share and print widgets, and footers full of numbers that are not answers (网站标识码, ICP备).
Cue words are invented and brand-free.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from xxgk.generate.names import Agency

SPAM_TAGS = ("legend", "samp", "sup", "mark", "del", "track", "input", "address", "menuitem",
             "blockquote", "rt", "wbr", "meter", "th", "center", "dl", "rp", "option",
             "noframes", "form", "listing", "strike", "kbd", "dfn", "tt", "ruby")
SPAM_CUE_FIRST = ("某某", "乐享", "畅玩", "星河", "云端", "极速", "掌上", "全民")
SPAM_CUE_KIND = ("娱乐", "体育", "棋牌", "电竞", "彩票")
SPAM_CUE_TAIL = ("客户端", "官网", "app下载", "平台", "入口", "官方网站")
TITLE_SEPARATORS = ("-", "_", "|", "—")

NAV_PREFIXES = ("当前位置：", "您当前所在位置：", "当前栏目：", "您的位置：")
NAV_SEPARATORS = (" > ", " >> ", " / ", ">")
NAV_SECTIONS = ("政务公开", "信息公开", "政府信息公开", "部门信息公开", "信息公开目录")
NAV_LEAVES = ("政府信息公开年报", "年度报告", "政府信息公开工作年度报告", "信息公开年报")
# A portal's site menu: the site's name, its top sections, then a column's sub-items and
# links to other organs' sites (other organs of the place: never the report's own).
MENU_SITE_NAMES = ("{parent}人民政府门户网站", "{parent}人民政府", "中国·{parent_short}")
MENU_TOP = ("首页", "走进{place_short}", "新闻中心", "政务公开", "政务服务", "互动交流",
            "专题专栏", "数据发布", "办事大厅", "投资{place_short}", "文化旅游")
MENU_COLUMN = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报",
               "机构职能", "领导信息", "政策文件", "政策解读", "规划计划", "财政资金",
               "人事信息", "建议提案", "重点领域", "通知公告", "依申请公开", "公开目录")
MENU_TOOLS = ("无障碍浏览", "长者模式", "繁體版", "English", "网站地图", "登录", "注册",
              "智能问答", "搜索")
MENU_OTHER_ORGANS = ("发展和改革局", "财政局", "公安局", "民政局", "住房和城乡建设局", "交通运输局",
                     "农业农村局", "水利局", "审计局", "统计局", "应急管理局", "医疗保障局")
SHARE_WIDGETS = ("分享到：", "扫一扫在手机上查看当前页面", "【打印本页】 【关闭窗口】",
                 "字号：大 中 小", "【我要纠错】", "相关解读", "附件下载")


@dataclass(frozen=True, slots=True)
class Dressing:
    """Everything around the report body on the page."""

    title_suffix: str  # spam glued onto the page title, or ""
    spam_head: tuple[str, ...]  # injected tag lines before the content
    spam_tail: tuple[str, ...]
    nav: str | None
    share: tuple[str, ...]
    footer: tuple[str, ...]
    filler_spam: str | None  # a spam phrase glued inside one boilerplate paragraph
    notes: tuple[str, ...]
    menu: tuple[str, ...] = ()  # a portal's site menu, one short item a line, above the title


def draw_spam_phrase(rng: random.Random) -> str:
    return rng.choice(SPAM_CUE_FIRST) + rng.choice(SPAM_CUE_KIND) + rng.choice(SPAM_CUE_TAIL)


def _draw_spam_lines(rng: random.Random, spam_id: str, count: int) -> tuple[str, ...]:
    lines = []
    for _ in range(count):
        tags = rng.sample(SPAM_TAGS, rng.randint(1, 3))
        if rng.random() < 0.4 and len(tags) > 1:
            inner = f'<{tags[1]} id="{spam_id}"></{tags[1]}>'
            line = f'<{tags[0]} id="{spam_id}">{inner}</{tags[0]}>'
        else:
            line = "".join(f'<{t} id="{spam_id}"></{t}>' for t in tags)
        lines.append(line)
    return tuple(lines)


def draw_dressing(rng: random.Random, agency: Agency, file_format: str) -> Dressing:
    """Page noise for one document; markdown (converted PDF) gets none of the web noise."""
    if file_format not in ("html", "text"):
        return Dressing("", (), (), None, (), (), None, ())
    notes = []
    suffix = ""
    if rng.random() < 0.15:
        suffix = rng.choice(TITLE_SEPARATORS) + draw_spam_phrase(rng)
        notes.append(f"Spam suffix glued onto the title ('{suffix}').")
    spam_head: tuple[str, ...] = ()
    spam_tail: tuple[str, ...] = ()
    if rng.random() < 0.12:
        spam_id = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(5))
        spam_head = _draw_spam_lines(rng, spam_id, rng.randint(4, 12))
        spam_tail = _draw_spam_lines(rng, spam_id, rng.randint(0, 4))
        notes.append("Page wrapped in injected spam tags.")
    nav = None
    if rng.random() < 0.6:
        separator = rng.choice(NAV_SEPARATORS)
        path = ["首页", rng.choice(NAV_SECTIONS), agency.generic_name, rng.choice(NAV_LEAVES)]
        if rng.random() < 0.5:
            del path[2]
        nav = rng.choice(NAV_PREFIXES) + separator.join(path)
    share = tuple(rng.sample(SHARE_WIDGETS, rng.randint(0, 3)))
    footer: list[str] = []
    if rng.random() < 0.7:
        abbreviation = agency.province[0]
        footer.append(f"主办单位：{agency.place}人民政府办公室")
        footer.append(f"网站标识码：{rng.randint(10**9, 10**10 - 1)}")
        footer.append(f"{abbreviation}ICP备{rng.randint(10**7, 10**8 - 1)}号-{rng.randint(1, 9)}")
        if rng.random() < 0.5:
            footer.append(f"{abbreviation}公网安备 {rng.randint(10**13, 10**14 - 1)}号")
        if rng.random() < 0.4:
            footer.append(f"联系电话：0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}")
    filler_spam = draw_spam_phrase(rng) if rng.random() < 0.05 else None
    if filler_spam:
        notes.append("A spam phrase is glued inside a boilerplate paragraph.")
    return Dressing(suffix, spam_head, spam_tail, nav, share, tuple(footer), filler_spam,
                    tuple(notes))


def draw_portal_menu(rng: random.Random, agency: Agency) -> tuple[str, ...]:
    """10–30 short lines of a portal's furniture above the report: the site's name, top
    sections, tools, a column's sub-items and links to other organs of the place (never the
    report's own organ, whose name must still come from the title)."""
    below_county = agency.kind.level in ("town", "township", "street")
    parent = agency.parent_place if below_county else agency.place  # the portal's government
    words = {"parent": parent, "parent_short": parent[:-1] or parent,
             "place_short": agency.place[:-1] or agency.place}
    lines = [rng.choice(MENU_SITE_NAMES).format(**words)]
    lines += [w.format(**words) for w in rng.sample(MENU_TOP, rng.randint(5, 9))]
    lines += rng.sample(MENU_TOOLS, rng.randint(1, 4))
    lines += rng.sample(MENU_COLUMN, rng.randint(3, 10))
    if agency.kind.level != "province":  # a province's departments are 厅, not 局
        others = [o for o in MENU_OTHER_ORGANS if not agency.full_name.endswith(o)]
        lines += [parent + o for o in rng.sample(others, rng.randint(0, 6))]
    return tuple(lines[:30])
