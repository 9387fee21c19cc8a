"""Labels of the standard tables (国办公开办函〔2019〕60号 and 〔2021〕30号) and their variants.

Pure data. Row and column labels are the official wording (facts, not prose) stored without
their numbering; the numbering style ("一、", "（一）", "(一)", none; "1." / "1、") and the
quote style around 三安全一稳定 are chosen per document, so that one entry covers every
printed variant. Each entry names the vocabulary item it stands for (DESIGN.md).
"""

from __future__ import annotations

# --- 表三: 收到和处理政府信息公开申请情况 -------------------------------------------------

# Applicant columns in print order: (dimension, label variants). Converted PDFs and narrow
# web columns print 商业企业 as "商业 企业" or over two lines.
APPLICANT_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("natural_person", ("自然人",)),
    ("commercial_enterprise", ("商业企业", "商业 企业", "商业\n企业")),
    ("research_institution", ("科研机构", "科研 机构", "科研\n机构")),
    ("social_welfare_org", ("社会公益组织",)),
    ("legal_service_org", ("法律服务机构",)),
    ("other_org", ("其他",)),
    ("total", ("总计",)),
)
APPLICANT_DIMENSIONS = tuple(d for d, _ in APPLICANT_COLUMNS)
ORGANISATION_HEADER = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
# The official top-left cell stating the balance identity.
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Top-level rows: (item, base label, Chinese ordinal used when numbered).
TABLE3_TOP_ROWS: dict[str, tuple[str, str]] = {
    "new_received": ("本年新收政府信息公开申请数量", "一"),
    "carried_over": ("上年结转政府信息公开申请数量", "二"),
    "results": ("本年度办理结果", "三"),
    "carried_forward": ("结转下年度继续办理", "四"),
}

# Result rows under 三、本年度办理结果: (group ordinal, group label, ((item, label), …)).
# A group with a single entry whose label is None is a one-line row (予以公开).
_DENIED = (
    ("denied.state_secret", "属于国家秘密"),
    ("denied.prohibited_by_law", "其他法律行政法规禁止公开"),
    ("denied.three_safeties_one_stability", "危及{q1}三安全一稳定{q2}"),
    ("denied.third_party_rights", "保护第三方合法权益"),
    ("denied.internal_affairs", "属于三类内部事务信息"),
    ("denied.process_information", "属于四类过程性信息"),
    ("denied.enforcement_case_file", "属于行政执法案卷"),
    ("denied.administrative_inquiry", "属于行政查询事项"),
)
_UNABLE = (
    ("unable.not_held", "本机关不掌握相关政府信息"),
    ("unable.needs_creation", "没有现成信息需要另行制作"),
    ("unable.unclear_after_correction", "补正后申请内容仍不明确"),
)
_NOT_PROCESSED = (
    ("not_processed.petition_complaint", "信访举报投诉类申请"),
    ("not_processed.duplicate", "重复申请"),
    ("not_processed.publication", "要求提供公开出版物"),
    ("not_processed.excessive_repeated", "无正当理由大量反复申请"),
    ("not_processed.confirmation_request", "要求行政机关确认或重新出具已获取信息"),
)
_OTHER_2021 = (
    ("other.no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "其他"),
)
PARTIAL_LABELS = ("部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开")

RESULT_GROUPS: dict[str, tuple[tuple[str, str, tuple[tuple[str, str | None], ...]], ...]] = {
    "2019": (
        ("一", "予以公开", (("granted", None),)),
        ("二", "{partial}", (("partially_granted", None),)),
        ("三", "不予公开", _DENIED),
        ("四", "无法提供", _UNABLE),
        ("五", "不予处理", _NOT_PROCESSED),
        ("六", "其他处理", (("other", None),)),
        ("七", "总计", (("results_total", None),)),
    ),
    "2021": (
        ("一", "予以公开", (("granted", None),)),
        ("二", "{partial}", (("partially_granted", None),)),
        ("三", "不予公开", _DENIED),
        ("四", "无法提供", _UNABLE),
        ("五", "不予处理", _NOT_PROCESSED),
        ("六", "其他处理", _OTHER_2021),
        ("七", "总计", (("results_total", None),)),
    ),
}


def list_table3_items(table_format: str) -> tuple[str, ...]:
    """Row items of 表三 in print order, e.g. ('new_received', 'carried_over', 'granted', …)."""
    items = ["new_received", "carried_over"]
    for _, _, entries in RESULT_GROUPS[table_format]:
        items.extend(item for item, _ in entries)
    items.append("carried_forward")
    return tuple(items)


RESULT_ITEMS_2019 = tuple(i for i in list_table3_items("2019")
                          if i not in ("new_received", "carried_over", "results_total",
                                       "carried_forward"))
RESULT_ITEMS_2021 = tuple(i for i in list_table3_items("2021")
                          if i not in ("new_received", "carried_over", "results_total",
                                       "carried_forward"))

# Quote pairs around 三安全一稳定 seen in print: curly, straight, corner brackets, single.
QUOTE_STYLES: tuple[tuple[str, str], ...] = (("“", "”"), ('"', '"'), ("「", "」"), ("‘", "’"))

# Numbering styles: group ordinal wrappers and sub-item number suffixes.
GROUP_NUMBERING = ("（{}）", "({})", "")  # （一）予以公开 / (一)予以公开 / 予以公开
TOP_NUMBERING = ("{}、", "")  # 一、本年新收… / 本年新收…
SUB_NUMBERING = ("{}.", "{}、", "{}．")  # 1.属于国家秘密 / 1、… / 1．…

# --- 表四: 政府信息公开行政复议、行政诉讼情况 ------------------------------------------------

TABLE4_BLOCKS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
)
TABLE4_LITIGATION_HEADER = "行政诉讼"
TABLE4_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
    ("pending", "尚未审结"), ("total", "总计"),
)

# --- 表二: 主动公开政府信息情况 ------------------------------------------------------------

# Section captions; the paren style follows the document's GROUP_NUMBERING choice.
ARTICLE_CAPTION = "第二十条第{open}{num}{close}项"
ITEM_HEADER = "信息内容"

# 2019 format, (一): columns and rows. Column variants include the two-line header cell.
COLUMNS_2019_DOCS = (
    ("new_made", ("本年新制作数量", "本年新\n制作数量")),
    ("new_published", ("本年新公开数量", "本年新\n公开数量")),
    ("total_published", ("对外公开总数量",)),
)
COLUMNS_2019_MATTERS = (
    ("prev_year_items", ("上一年项目数量", "上一年项目数量\n（截至{prev}年底的事项数）")),
    ("change", ("本年增/减", "本年增/减\n（减少的用负数填写）", "本年增减")),
    ("decisions", ("处理决定数量", "处理决定数量\n（{year}年办件量）")),
)
COLUMNS_2019_FEES = COLUMNS_2019_MATTERS[:2]
COLUMNS_2019_PROCUREMENT = (
    ("items", ("采购项目数量",)),
    ("amount_yuan", ("采购总金额",)),
)
COLUMNS_2021_DOCS = (
    ("made", ("本年制发件数",)),
    ("repealed", ("本年废止件数",)),
    ("in_force", ("现行有效件数", "现行有效件数（历史累计）")),
)
COLUMN_2021_DECISIONS = ("decisions", ("本年处理决定数量", "本年处理决定数量（件）"))
COLUMN_2021_FEES = ("amount_wan_yuan", ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"))

# Row labels: (item prefix, label variants). Long explanatory variants are our own wording of
# the kind of note offices add in the first column.
ROW_REGULATIONS = ("regulations", ("规章", "规章（设区的市级以上人民政府填报）"))
ROW_NORMATIVE_2019 = ("normative_documents",
                      ("规范性文件", "行政规范性文件",
                       "规范性文件（以本机关名义印发、对公民法人具有普遍约束力的文件）"))
ROW_NORMATIVE_2021 = ("normative_documents", ("行政规范性文件", "规范性文件"))
ROW_LICENSING = ("licensing", ("行政许可",))
ROW_OTHER_SERVICES = ("other_services",
                      ("其他对外管理服务事项",
                       "其他对外管理服务事项（行政许可以外的确认、给付、奖励等事项及公共服务事项）"))
ROW_PENALTIES = ("penalties", ("行政处罚",))
ROW_COERCION = ("coercion", ("行政强制",))
ROW_FEES = ("admin_fees", ("行政事业性收费",))
ROW_PROCUREMENT = ("procurement", ("政府集中采购",))
# Local additions some provinces require; they are NOT in the item vocabulary (no gold cell).
LOCAL_EXTRA_ROWS = ("其他主动公开文件",
                    "其他主动公开文件（以本机关或本机关办公室名义签发的其他公开文件）")

# Cells printed instead of a number; none of them is a number (no gold cell, never 0).
NOT_A_NUMBER_MARKS = ("/", "", "—", "-", "无")
