"""The words and shapes the cleaning rules look for, as data: one entry per variant, each with
an example line of our own making that it must match (tests check every example).

Adding a variant seen in the wild is one line here, not a new branch in a rule.
Patterns are matched against a whole line after width and whitespace normalisation, so ":"
stands for both ":" and "：", and runs of spaces are single spaces. Patterns write " *", never
a whitespace class: the boilerplate rule matches line by line inside the whole text, and a
whitespace class would run across a newline into the next line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    pattern: str  # a regular expression; matched as described by the table it sits in
    example: str  # an example it must match (our own words)


# --- Site chrome that arrives as whole lines: navigation, sharing widgets, footers ----------
# Matched with fullmatch against one stripped line. Lines are dropped (with one blank line
# after them, so that a flattened table below keeps its one-blank-line rhythm).
BOILERPLATE_LINES: tuple[Entry, ...] = (
    Entry(
        "breadcrumb_position",
        r"(?:当前位置|当前的位置|您的位置|你的位置|您现在的位置|你现在的位置|您所在的位置"
        r"|你所在的位置|您当前的位置|所在位置|当前栏目) *[:>»]?.{0,120}",
        "当前位置:首页 > 信息公开 > 年度报告",
    ),
    Entry("breadcrumb_home", r"(?:网站)?首页 *(?:>|»|›|→|/|>>).{0,120}", "首页 > 政务公开 > 年报"),
    Entry("scan_qr_code", r".{0,6}扫一扫.{0,40}", "扫一扫在手机上浏览本页"),
    Entry("scan_qr_code_phone", r"(?:用)?手机扫描(?:二维码|此码).{0,30}", "手机扫描二维码打开本页"),
    Entry("share_widget", r"分享(?:到|至)? *(?::.{0,40})?", "分享到:微信 微博 QQ空间"),
    # Page widgets, alone or several on one line: "【打印本页】【关闭窗口】", "相关解读 【打印】",
    # optionally ending with the QR-code prompt. Written without nested ambiguity (each
    # repetition is bracket, word, bracket, separators) so that long lines fail fast.
    Entry(
        "widget_buttons",
        r"(?:[\[【(]?(?:打印(?:本页|此页|文章|页面)?|关闭(?:窗口|本页|页面)?|返回(?:顶部|列表|首页)?"
        r"|回到顶部|(?:加入)?收藏|保存|(?:我要)?纠错|推荐|分享"
        r"|(?:相关|文字|图片|图文|视频|音频|访谈|动漫|媒体|专家)解读|媒体报道"
        r"|相关(?:文章|新闻|信息|阅读|链接)|附件下载)[\]】)]?[ |/]*){1,10}(?:扫一扫.{0,20})?",
        "相关解读【打印本页】【关闭窗口】【我要纠错】",
    ),
    Entry(
        "font_size_switch",
        r".{0,20}(?:字号|字体|文字) *:? *[\[【(]? *大 *[\]】)]? *[\[【(]? *中 *[\]】)]?"
        r" *[\[【(]? *小.{0,40}",
        "【字号: 大 中 小】",
    ),
    Entry("site_identifier", r".{0,80}网站标识码.{0,80}", "网站标识码:1234000001"),
    Entry("icp_licence", r".{0,80}ICP *[备证].{0,80}", "某ICP备00000000号-1"),
    Entry("public_security_filing", r".{0,80}公网安备.{0,80}", "某公网安备 00000000000001号"),
    Entry(
        "site_owner",
        r"(?:主办单位|承办单位|协办单位|主办|承办|技术支持|维护单位|运行维护|网站维护|建设单位) *:.{0,100}",
        "主办单位:某某市人民政府办公室 承办单位:某某市大数据中心",
    ),
    Entry("copyright", r"(?:版权所有|copyright|Copyright|COPYRIGHT|©).{0,120}", "版权所有 © 某某市人民政府"),
    Entry("friendly_links", r"(?:友情链接|相关链接|网站链接) *:?", "友情链接"),
    Entry("attachment_download_heading", r"附件下载 *:?", "附件下载"),
    Entry(
        "interpretation_tabs",
        r"(?:相关解读|文字解读|图片解读|图文解读|视频解读|音频解读|访谈解读|动漫解读|媒体解读|专家解读"
        r"|媒体报道|相关文章|相关新闻|相关信息|相关阅读) *:?",
        "图片解读",
    ),
    Entry("previous_next_article", r"(?:上一篇|下一篇|上一条|下一条) *:.{0,120}", "上一篇:某某局召开工作会议"),
    Entry("visit_counter", r"(?:浏览次数|访问次数|点击数|阅读次数|浏览量) *: *\d*", "浏览次数:1234"),
)


# --- Page-break rules and page numbers from PDF and PDF->markdown conversion ----------------
# Matched with fullmatch against one stripped line; a removed one marks a page break.
PAGE_BREAK_RULES: tuple[Entry, ...] = (
    Entry("markdown_rule", r"(?:- *){3,}|(?:_ *){3,}|(?:\* *){3,}|(?:= *){3,}", "---"),
    Entry("form_feed", r"\f+", "\f"),
    Entry("long_dash_rule", r"[—―─━]{3,}", "——————"),
)

PAGE_NUMBERS: tuple[Entry, ...] = (
    Entry("dashed", r"[-—–―~]{1,2} *\d{1,4} *[-—–―~]{1,2}", "- 4 -"),
    Entry("chinese_page", r"第 *\d{1,4} *页(?: *[,/]? *共 *\d{1,4} *页)?", "第 4 页 共 12 页"),
    Entry("chinese_total_first", r"共 *\d{1,4} *页 *[,/]? *第 *\d{1,4} *页", "共12页 第4页"),
    Entry("slashed", r"\d{1,4} */ *\d{1,4}", "4/12"),  # only when the first is <= the second
    Entry("english", r"(?:[Pp]age|P\.) *\d{1,4}(?: *(?:of|/) *\d{1,4})?", "Page 4 of 12"),
)


# --- Casino / SEO spam glued onto page titles -----------------------------------------------
# Hijacked government pages get titles like "某某市某某局-<brand>客户端". The part after the
# last separator is dropped when it contains one of these cue words and none of the
# GOVERNMENT_WORDS below (which mark a genuine site-name suffix such as "-某某市人民政府").
TITLE_SEPARATORS = r" *(?:——|--|-|_|\||–|—|~) *"
TITLE_SPAM_CUES: tuple[Entry, ...] = (
    Entry("entertainment", "娱乐", "某某市科技局-某某娱乐"),
    Entry("card_games", "棋牌", "某某市科技局_某某棋牌"),
    Entry("lottery", "彩票", "某某局|某某彩票"),
    Entry("gambling", "博彩", "某某局-某某博彩"),
    Entry("live_dealer", "真人", "某某局-某某真人"),
    Entry("betting", "投注", "某某局-投注网"),
    Entry("app_client", "客户端", "某某市某某局-某某客户端"),
    Entry("official_site", "官网", "某某局_某某官网"),
    Entry("official_website", "官方网站", "某某局_某某官方网站"),
    Entry("app_download", r"(?i:app) *下载", "某某局-某某app下载"),
    Entry("download", "下载", "某某局-某某下载"),
    Entry("platform", "平台", "某某局-某某平台"),
    Entry("login", "登录|登陆", "某某局-某某登录"),
    Entry("sign_up", "注册|开户", "某某局-某某注册"),
    Entry("web_version", "网页版|手机版", "某某局-某某网页版"),
    Entry("sports_betting", "体育|电竞", "某某局-某某体育"),
    Entry("casino", "赌场|百家乐|老虎机|捕鱼|彩金", "某某局-某某百家乐"),
    Entry("entry_link", "入口|网址", "某某局-某某入口"),
    Entry("brand_app", r"(?i:app)$", "某某局-某某APP"),
)
GOVERNMENT_WORDS = ("政府", "人民", "政务", "公开", "局", "委员会", "委", "办公室", "厅", "部", "中心", "机关")
TITLE_SPAM_MAX_SUFFIX_CHARS = 30  # a glued brand is short; a long tail is part of the title


# --- Headings and list items: lines that never get glued to their neighbours ---------------
# Matched at the start of a line (``match``).
ENUMERATED_LINE_STARTS: tuple[Entry, ...] = (
    Entry("chinese_numeral_comma", r"[一二三四五六七八九十百]+ *[、.．]", "三、存在的问题"),
    Entry("bracketed_chinese_numeral", r"[(（] *[一二三四五六七八九十百]+ *[)）]", "（二）依申请公开情况"),
    Entry("bracketed_digit", r"[(（] *\d{1,3} *[)）]", "(3)公开建议提案办理结果"),
    Entry("digit_comma", r"\d{1,3} *[、.．](?!\d)", "2.完善工作机制"),
    Entry("ordinal_point", r"[一二三四五六七八九十]是", "一是加强学习培训"),
    Entry("chapter_article", r"第[一二三四五六七八九十百\d]+[章节条部分项]", "第二十条第(一)项"),
    Entry("attachment", r"附件 *\d* *[:：]?", "附件:统计表"),
    Entry("circled_digit", r"[①②③④⑤⑥⑦⑧⑨⑩]", "①主动公开情况"),
)


# --- Bullets left over from list markup at the start of a line ------------------------------
LINE_BULLETS = "•●◆◇■▪►▶·※"
