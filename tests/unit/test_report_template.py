"""The report's template: table columns first, then a cited format notice, then the year."""

from xxgk.extract.report import extract_report
from xxgk.model import Document


def _template(text: str) -> tuple[str | None, str | None]:
    field = extract_report(Document(text=text, format="text")).fields.get("template")
    return (field.value, field.rule) if field else (None, None)


def test_a_2022_report_citing_the_2019_notice_is_table_2019():
    text = ("青河县水务局2022年政府信息公开工作年度报告\n"
            "依据国办公开办函〔2019〕60号编制。\n一、总体情况\n2022年,我局认真落实《条例》。\n")
    assert _template(text) == ("table_2019", "template.from_format_notice")


def test_without_columns_or_notice_the_year_decides():
    text = "青河县水务局2022年政府信息公开工作年度报告\n一、总体情况\n2022年,我局认真落实《条例》。\n"
    assert _template(text) == ("table_2021", "template.from_year")


def test_columns_beat_the_notice():
    text = ("青河县水务局2022年政府信息公开工作年度报告\n依据国办公开办函〔2019〕60号编制。\n"
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 3 | 1 | 12 |\n")
    assert _template(text) == ("table_2021", "template.from_table_columns")


def test_a_null_total_says_why():
    text = ("青河县水务局2021年政府信息公开工作年度报告\n(一)主动公开情况\n"
            "2021年,局门户网站公开信息240条,微信公众号推送信息118条。\n"
            "截至2021年底,累计主动公开政府信息5600条。\n")
    extraction = extract_report(Document(text=text, format="text"))
    assert not any(f.item == "proactive_total" for f in extraction.facts)
    assert any("figures per channel" in w and "240" in w for w in extraction.warnings)
    assert any("running total" in w for w in extraction.warnings)
