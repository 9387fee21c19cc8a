"""Sentence templates that carry the numbers a report is graded on, and their traps.

Pure data, written for this project (modelled on how reports phrase things, never copied).
Each family is a tuple of ``str.format`` templates with an example of a rendered sentence.
Slots: {year} report year, {self} how the organ names itself (我局), {org} generic name
(市科技局), {agency} full name, {qty} a quantity phrase that already carries its qualifier and
unit ("752条", "400余条", "约1200条"), {n}/{a}/{b}/… bare numbers, {site} the main website,
{month}/{day} for progress reports, {big} an all-time count, {region} a government's whole
region (全县, 全区, 全市).
"""

from __future__ import annotations

# --- quantity phrases: qualifier words (DESIGN.md vocabulary) -----------------------------

# qualifier -> templates for the quantity; {n} is the number as printed, {u} the unit.
# Example: at_least "{n}余{u}" -> "400余条".
QUANTITY_FORMS: dict[str, tuple[str, ...]] = {
    "exact": ("{n}{u}",),
    "at_least": ("{n}余{u}", "{n}多{u}", "{n}{u}以上", "逾{n}{u}"),
    "approx": ("约{n}{u}", "近{n}{u}", "{n}{u}左右"),
    "partial_year": ("{n}{u}",),
}
PROACTIVE_UNITS = ("条", "条", "条", "条", "件", "篇")

# --- proactive total for the year (gold proactive_total) -----------------------------------

# Example: "2018年，我局共主动公开政府信息752条。"
PROACTIVE_TOTAL: tuple[str, ...] = (
    "{year}年，{self}共主动公开政府信息{qty}。",
    "全年主动公开各类政府信息{qty}。",
    "本年度{self}通过各类渠道主动公开信息{qty}。",
    "{year}年度{org}主动公开的政府信息共计{qty}。",
    "一年来，{self}围绕中心工作主动发布政府信息{qty}，内容涉及机构职能、政策文件、业务动态等方面。",
    "据统计，{year}年{self}主动公开政府信息{qty}。",
    "本年度主动公开政府信息数量为{qty}。",
    "全年{self}主动向社会公开政府信息{qty}，较上年有所增加。",
    "{year}年，{org}坚持以公开为常态、不公开为例外，全年主动公开政府信息{qty}。",
    "{self}本年度主动公开的政府信息合计{qty}。",
    "从数量上看，{year}年{self}主动公开政府信息{qty}。",
    "全年共发布主动公开类政府信息{qty}，均按规定完成保密审查。",
)

# The year's total stated with 累计 (still the year's own total).
# Example: "2018年我局累计发布信息752条（不同渠道公开的相同信息只计一次）。"
PROACTIVE_TOTAL_CUMULATIVE_IN_YEAR: tuple[str, ...] = (
    "{year}年{self}累计发布信息{qty}（不同渠道和方式公开的相同信息只计一次）。",
    "{year}年{self}累计发布信息{qty}（不同渠道和方式公开相同信息计1条）。",
    "全年{self}累计主动公开政府信息{qty}。",
    "{year}年全年累计公开政府信息{qty}。",
)

# 截至年底 still means the whole year.
# Example: "截至2023年12月31日，我委全年主动公开政府信息465条。"
PROACTIVE_TOTAL_YEAR_END: tuple[str, ...] = (
    "截至{year}年12月31日，{self}全年主动公开政府信息{qty}。",
    "截至{year}年底，{self}本年度共主动公开政府信息{qty}。",
)

# Progress reports written before the year ends (qualifier partial_year).
# Example: "截至11月，我局累计公开政府信息30条。"
PROACTIVE_PARTIAL_YEAR: tuple[str, ...] = (
    "截至{month}月，{self}累计公开政府信息{qty}。",
    "今年1至{month}月，{self}共主动公开信息{qty}。",
    "截至{year}年{month}月{day}日，本年度已主动公开政府信息{qty}。",
    "{year}年以来（截至{month}月底），{self}主动发布各类政府信息{qty}。",
    "截至{month}月底，今年共发布政务信息{qty}。",
    "今年1—{month}月，{self}通过门户网站等渠道公开信息{qty}。",
)

# Trap: an all-time count that is not the year's. Example: "历年累计发布163条".
ALL_TIME_CUMULATIVE: tuple[str, ...] = (
    "自《条例》施行以来，{self}累计主动公开政府信息{big}条。",
    "历年累计发布政府信息{big}条。",
    "截至目前，{site}累计发布各类信息{big}条。",
    "{site}自开通以来已累计公开信息{big}条。",
    "截至{year}年底，{self}政府信息公开目录中的信息累计达到{big}条。",
    "目录系统中历年累计公开的信息已有{big}条。",
)

# A people's government's figure for its whole region ({region}: 全县, 全区, 全市), the
# report's total all the same. Example: "2022年，全县各级行政机关共主动公开政府信息18460条。"
PROACTIVE_REGION_WIDE: tuple[str, ...] = (
    "{year}年，{region}各级行政机关共主动公开政府信息{qty}。",
    "据统计，{region}各级行政机关本年度共主动公开政府信息{qty}。",
    "{region}各级行政机关和乡镇共主动公开政府信息{qty}，公开数量稳中有升。",
    "本年度{region}各级行政机关累计主动公开政府信息{qty}，均经保密审查后发布。",
)

# Channel figures side by side and no total (gold null: never added up).
# Example: "全年通过网站等渠道主动公开信息310条，通过公开栏公开信息42条。"
CHANNEL_FIGURES_WITHOUT_TOTAL: tuple[str, ...] = (
    "全年通过网站等渠道主动公开信息{a}条，通过公开栏公开信息{b}条。",
    "{year}年，{self}通过门户网站等渠道主动公开信息{a}条，通过政务公开栏公开信息{b}条。",
    "本年度通过政府网站等线上渠道主动公开各类信息{a}条，通过公示栏、电子屏等线下渠道公开信息{b}条。",
)
# A total through channels, then each channel; the parts add up to it (gold: the total).
# Example: "全年通过官方渠道共主动公开520条，门户网站470条，公众号50条。"
CHANNEL_FIGURES_WITH_TOTAL: tuple[str, ...] = (
    "全年通过官方渠道共主动公开{n}条，门户网站{a}条，公众号{b}条。",
    "{year}年，{self}通过官方渠道共主动公开政府信息{n}条，其中门户网站发布{a}条，政务公众号推送{b}条。",
    "本年度{self}通过各类官方渠道共主动公开信息{n}条，门户网站{a}条、微信公众号{b}条。",
)

# Parts by channel (they may not add up to the total; a quality warning, not an error).
# Example: "其中，通过门户网站公开615条，其他方式公开125条。"
CHANNEL_PARTS: tuple[str, ...] = (
    "其中，通过{site}公开{a}条，通过{channels}公开{b}条。",
    "通过{site}发布{a}条，其他方式（{channels}）公开{b}条。",
    "其中在{site}公开{a}条，在{channel}发布{b}条。",
    "从公开渠道看，{site}发布{a}条，{channel}推送{b}条。",
)
OTHER_CHANNELS = ("政务微博、微信公众号", "政务公开栏、电子显示屏", "微博、微信、单位公示栏等",
                  "新闻媒体和政务新媒体", "报刊、广播电视")
SINGLE_CHANNELS = ("政务微信公众号", "政务微博", "政务公开栏", "今日头条政务号", "单位公示栏")

# Parts by category following a total. Example: "其中，工作动态类80条，通知公告类12条。"
CATEGORY_PARTS_AFTER_TOTAL: tuple[str, ...] = (
    "其中，{parts}。",
    "按类别分：{parts}。",
    "在主动公开的信息中，{parts}。",
)
# Parts by category with NO total anywhere (gold proactive_total null).
# Example: "全年在门户网站发布工作动态80条、通知公告12条、政策文件6条。"
CATEGORY_PARTS_WITHOUT_TOTAL: tuple[str, ...] = (
    "全年在{site}发布{parts}。",
    "本年度主要公开了以下信息：{parts}。",
    "{year}年，{self}通过{site}公开{parts}。",
    "按信息类别统计，{parts}。",
)
CATEGORIES = ("工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "财政预决算", "规划计划",
              "机构职能", "行政执法", "建议提案办理", "重点领域信息", "办事指南", "其他信息")
CATEGORY_SEPARATORS = ("，", "、", "；")

# Other counts that sit next to the totals and must not be taken for them.
# Example: "全年发布政策解读4篇。"
OTHER_COUNTS: tuple[str, ...] = (
    "全年发布政策解读{k}篇。",
    "转载或原创政策解读材料{k}条，便于公众理解政策内容。",
    "办理人大代表建议{k}件、政协委员提案{m}件，答复全文已按要求公开。",
    "{site}全年访问量达{k}万人次。",
    "网站访问量突破{k}万次。",
    "回应公众关注热点{k}次。",
    "全年接受群众来电来访咨询{k}人次。",
    "召开新闻发布会{k}场。",
    "更新完善办事指南{k}项。",
    "在政务公开栏张贴公示材料{k}期。",
    "开展政务公开业务培训{k}次，参训人员{m}人次。",
    "承办建议提案共{k}件，其中主办{m}件。",
)

# --- applications (gold applications_received) ----------------------------------------------

# Example: "2016年，我局共收到政府信息公开申请3件，均在规定时限内予以答复。"
APPLICATIONS_RECEIVED: tuple[str, ...] = (
    "{year}年，{self}共收到政府信息公开申请{n}件，均在规定时限内予以答复。",
    "全年受理依申请公开{n}件，已全部办结。",
    "本年度{self}收到依申请公开申请{n}件。",
    "{self}全年共受理公民、法人和其他组织提出的政府信息公开申请{n}件。",
    "依申请公开方面，全年共收到申请{n}件，办结率100%。",
    "{year}年{self}共受理依申请公开{n}件，均在法定期限内办结。",
    "本年度共接收政府信息公开申请{n}件，未出现逾期答复情况。",
)
# Parts of the applications by channel: they add up to the total.
# Example: "其中，网上申请2件，当面申请1件。"
APPLICATION_CHANNEL_PARTS: tuple[str, ...] = ("其中，{parts}。", "从申请方式看，{parts}。")
APPLICATION_CHANNELS = ("网上申请", "当面申请", "信函申请", "电子邮件申请", "传真申请")
# Results of the applications: they add up to the total.
APPLICATION_RESULT_PARTS: tuple[str, ...] = ("从答复情况看，{parts}。", "办理结果为：{parts}。")
APPLICATION_RESULTS = ("同意公开", "部分公开", "告知信息不存在", "告知非本机关信息", "不予公开")
# Zero, in the words offices use. Example: "2018年度无依申请公开信件。"
APPLICATIONS_ZERO: tuple[str, ...] = (
    "{year}年度{self}未收到政府信息公开申请。",
    "本年度没有依申请公开政府信息的情况。",
    "全年无依申请公开事项。",
    "{self}全年未收到公民、法人或其他组织提出的政府信息公开申请。",
    "本年度依申请公开政府信息数量为0。",
    "{year}年，{self}受理依申请公开0件。",
    "没有收到要求公开政府信息的申请。",
    "{year}年度无依申请公开信件。",
    "本年度未发生依申请公开政府信息的情况，也未产生相关费用。",
)
# Nearby counts that are not applications.
# Example: "全年接受政府信息公开方面的咨询26人次。"
APPLICATION_DECOYS: tuple[str, ...] = (
    "全年接受政府信息公开方面的咨询{k}人次。",
    "通过电话、网站留言解答群众咨询{k}次。",
    "受理领导信箱来信{k}件，均已回复。",
)

# --- reconsideration and litigation ---------------------------------------------------------

# Both zero in one sentence (gold 0 and 0). Example: "…行政复议、行政诉讼的数量均为0。"
REVIEW_BOTH_ZERO: tuple[str, ...] = (
    "{year}年，{self}未发生因政府信息公开申请提起行政复议、行政诉讼的情况。",
    "本年度没有因政府信息公开引发的行政复议和行政诉讼。",
    "因政府信息公开申请行政复议、提起行政诉讼的数量均为0。",
    "全年行政复议、行政诉讼和举报投诉数量均为零。",
    "未收到针对{self}政府信息公开工作的行政复议申请，也没有被提起行政诉讼。",
    "{year}年度未发生涉及政府信息公开的行政复议案件和行政诉讼案件。",
    "没有因政府信息公开申请提起行政复议、行政诉讼的情况发生。",
)
# Clauses joined as "{rec}，{lit}。". Example: "因政府信息公开被申请行政复议2件，未被提起行政诉讼。"
RECONSIDERATION_SOME: tuple[str, ...] = (
    "因政府信息公开被申请行政复议{r}件",
    "收到涉及政府信息公开的行政复议申请{r}件",
    "{year}年{self}在政府信息公开方面被申请行政复议{r}件",
)
RECONSIDERATION_NONE: tuple[str, ...] = (
    "未发生因政府信息公开申请行政复议的情况",
    "本年度未被申请行政复议",
    "没有发生政府信息公开行政复议案件",
)
LITIGATION_SOME: tuple[str, ...] = (
    "被提起行政诉讼{l}件",
    "涉及政府信息公开的行政诉讼{l}件",
    "因政府信息公开被起诉{l}件",
)
LITIGATION_NONE: tuple[str, ...] = (
    "未被提起行政诉讼",
    "没有发生行政诉讼",
    "行政诉讼案件为零",
)
# Only reconsideration is mentioned (litigation stays null). Example: "本年度未被申请行政复议。"
RECONSIDERATION_ALONE_ZERO: tuple[str, ...] = (
    "本年度{self}未被申请行政复议。",
    "全年没有发生政府信息公开行政复议案件。",
)
# Nearby counts that are not reviews.
REVIEW_DECOYS: tuple[str, ...] = (
    "全年收到涉及政府信息公开的举报投诉{k}件，均已核实处理。",
    "办理信访事项{k}件，与政府信息公开无关。",
)

# --- table-era narrative (consistent with the printed tables) ------------------------------

# Example: "全年新收政府信息公开申请6件，上年结转1件；办结7件，结转下年度继续办理0件。"
TABLE_ERA_APPLICATIONS: tuple[str, ...] = (
    "全年新收政府信息公开申请{n}件，上年结转{c}件；办结{r}件，结转下年度继续办理{f}件。",
    "{year}年，{self}共收到政府信息公开申请{n}件，上年度结转{c}件，本年度办结{r}件。",
    "本年度新收政府信息公开申请{n}件，具体办理情况见下表。",
    "{year}年{self}受理政府信息公开申请{n}件，均依法依规作出答复，详见下表。",
)
TABLE_ERA_REVIEWS_ZERO: tuple[str, ...] = (
    "本年度{self}未发生政府信息公开行政复议、行政诉讼案件。",
    "{year}年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
    "全年政府信息公开行政复议和行政诉讼均为0件。",
)
TABLE_ERA_REVIEWS_SOME: tuple[str, ...] = (
    "全年因政府信息公开工作被申请行政复议{r}件，被提起行政诉讼{l}件。",
    "本年度涉及政府信息公开的行政复议{r}件、行政诉讼{l}件，具体情况见下表。",
)
# 2021 format asks offices to state processing fees (信息处理费) in section six.
PROCESSING_FEE_STATEMENTS: tuple[str, ...] = (
    "本年度{self}未收取信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，本年度未向申请人收取信息处理费。",
    "{year}年度未发生收取信息处理费的情况。",
)

# --- report frame ----------------------------------------------------------------------------

# Titles with the year. {agency} may be the full name or a short form.
# Example: "青川市科学技术局2018年政府信息公开工作年度报告".
TITLES: tuple[str, ...] = (
    "{agency}{year}年政府信息公开工作年度报告",
    "{agency}{year}年度政府信息公开工作年度报告",
    "{year}年度{agency}政府信息公开工作年度报告",
    "{year}年{agency}政府信息公开年报",
    "{agency}{year}年政务信息公开报告",
    "{agency}关于{year}年政府信息公开工作情况的报告",
    "{year}年{agency}政府信息公开工作年度报告",
)
PROGRESS_TITLES: tuple[str, ...] = (
    "{agency}{year}年政府信息公开工作进展情况",
    "{year}年{agency}政府信息公开工作开展情况",
    "{agency}{year}年政府信息公开工作阶段性总结",
)

# Opening paragraph pieces. Example: "本报告依据《中华人民共和国政府信息公开条例》要求编制。"
BASIS_SENTENCES: tuple[str, ...] = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。",
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，特向社会公布{year}年度政府信息公开工作年度报告。",
    "依据《中华人民共和国政府信息公开条例》和上级关于做好年度报告编制工作的通知要求，编制本报告。",
    "按照《中华人民共和国政府信息公开条例》第五十条的规定，现将{year}年度政府信息公开工作情况报告如下。",
    "为全面反映本年度政府信息公开工作情况，根据《中华人民共和国政府信息公开条例》要求，形成本报告。",
)
COMPILER_SENTENCES: tuple[str, ...] = (
    "本报告由{compiler}编制。",
    "报告由{compiler}汇总各部门情况后编写。",
)
CONTENTS_SENTENCES_FREE: tuple[str, ...] = (
    "全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、因政府信息公开申请行政复议和提起行政诉讼的情况、存在的主要问题及改进措施等内容。",
    "报告由概述，主动公开政府信息情况，依申请公开和不予公开政府信息情况，复议、诉讼情况，存在问题及改进措施等部分组成。",
)
CONTENTS_SENTENCES_TABLE: tuple[str, ...] = (
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。",
    "报告内容包括总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，行政复议、行政诉讼情况，存在问题及改进情况和其他需要报告的事项。",
)
# The statistics period sentence. Example: "本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。"
PERIOD_SENTENCES: tuple[str, ...] = (
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "报告所列数据统计时限为{year}年1月1日至{year}年12月31日。",
    "除特别说明外，本报告数据统计期为{year}年1月1日至12月31日。",
    "本年度报告中所列数据统计期限为{year}年1月1日至{year}年12月31日。",
)
CONTACT_SENTENCES: tuple[str, ...] = (
    "如对本报告有任何疑问，请与{contact}联系（地址：{address}，邮编：{postcode}，电话：{phone}）。",
    "本报告电子版可在{site}下载，如有疑问请致电{phone}。",
    "公众如需进一步了解相关信息，可与{contact}联系，联系电话：{phone}。",
)
ADDRESS_STREETS = ("人民路", "解放路", "建设大道", "府前街", "政通路", "文化路", "新华街", "中山路")

# Section headings per era. Example: "二、主动公开政府信息情况".
FREE_TEXT_HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("概述", "总体情况", "基本情况", "政府信息公开工作总体情况"),
    "proactive": ("主动公开政府信息情况", "主动公开政府信息的情况", "政府信息主动公开情况"),
    "applications": ("依申请公开政府信息情况", "依申请公开政府信息和不予公开政府信息情况",
                     "政府信息依申请公开办理情况"),
    "fees": ("政府信息公开的收费及减免情况", "收费及减免情况"),
    "reviews": ("因政府信息公开申请提起行政复议、行政诉讼的情况", "行政复议、诉讼情况",
                "政府信息公开复议、诉讼和申诉情况"),
    "problems": ("存在的主要问题及改进措施", "政府信息公开工作存在的主要问题及改进情况",
                 "存在问题及下一步工作打算"),
    "other": ("其他需要报告的事项", "需要说明的事项"),
}
TABLE_ERA_HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况",),
    "proactive": ("主动公开政府信息情况",),
    "applications": ("收到和处理政府信息公开申请情况",),
    "reviews": ("政府信息公开行政复议、行政诉讼情况",
                "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    "other": ("其他需要报告的事项",),
}
OVERVIEW_SUBHEADINGS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
NO_OTHER_MATTERS = ("无其他需要报告的事项。", "本年度无需要说明的事项。", "无。")
SEE_TABLE_BELOW = ("具体情况见下表：", "详见下表。", "")
