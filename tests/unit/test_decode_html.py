"""HTML pages: visible text, blocks, tables as full grids, pathological markup."""

from __future__ import annotations

import time

import pytest

from xxgk.decode import decode_document, limits
from xxgk.decode.html_text import html_to_text, is_nested_too_deep
from xxgk.model import DocumentError


def page(body: str, title: str = "某某县科技局2021年政府信息公开工作年度报告") -> bytes:
    head = f"<meta charset='utf-8'><title>{title}</title>"
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_invisible_content_is_dropped_and_title_kept():
    html = page(
        "<script>var s='<p>脚本</p>';</script><style>p{color:red}</style><noscript>请启用脚本</noscript>"
        "<template><p>模板</p></template><iframe>框架</iframe><svg><text>图形</text></svg>"
        "<div style='display:none'><a href='#'>隐藏的娱乐链接</a></div><p hidden>隐藏段落</p>"
        "<p>全年主动公开政府信息752条。</p>",
        title="某某县科技局-某某娱乐客户端",
    )
    document = decode_document(html)
    assert document.text == "全年主动公开政府信息752条。"
    assert document.title == "某某县科技局"
    assert document.format == "html"


def test_blocks_br_and_inline_whitespace():
    markup = "<div>第一行<br>第二行</div><p>一段  文字\n 继续</p><p>另一段</p><ul><li>甲</li><li>乙</li></ul>"
    text = html_to_text(markup).text
    assert text == "第一行\n第二行\n\n一段 文字 继续\n\n另一段\n\n甲\n乙"


def test_nbsp_column_gap_survives_as_one_space():
    document = decode_document(page("<p>来源:某某局&nbsp;&nbsp;&nbsp;&nbsp;时间:2021-01-29</p>"))
    assert "来源:某某局 时间:2021-01-29" in document.text


def test_rowspan_and_colspan_expand_to_a_full_grid():
    table = (
        "<table>"
        "<tr><td rowspan='3'>本年新收政府信息公开申请数量</td><td rowspan='3'>自然人</td>"
        "<td colspan='5'>法人或其他组织</td><td rowspan='3'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td rowspan=2>其他</td></tr>"
        "<tr><td>a</td><td>b</td><td>c</td><td>d</td></tr>"
        "<tr><td>本年新收</td>" + "".join(f"<td>{n}</td>" for n in (3, 1, 0, 0, 0, 0, 4)) + "</tr>"
        "</table>"
    )
    text = decode_document(page("<p>前文</p>" + table + "<p>后文</p>")).text
    assert text.split("\n") == [
        "前文",
        "",
        "| 本年新收政府信息公开申请数量 | 自然人 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 "
        "| 法人或其他组织 | 法人或其他组织 | 总计 |",
        "| 本年新收政府信息公开申请数量 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "| 本年新收政府信息公开申请数量 | 自然人 | a | b | c | d | 其他 | 总计 |",
        "| 本年新收 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
        "",
        "后文",
    ]


def test_cell_whitespace_collapsed_and_pipes_replaced():
    table = (
        "<table><tr><td><p>本年</p><p>新收</p></td><td>a|b</td></tr>"
        "<tr><td>x<br>y</td><td> 5 </td></tr></table>"
    )
    assert html_to_text(table).text == "| 本年 新收 | a¦b |\n| x y | 5 |"


def test_empty_cells_keep_their_position_and_empty_rows_go():
    table = (
        "<table><tr><td>行政许可</td><td></td><td>36</td></tr>"
        "<tr><td></td><td> </td><td></td></tr></table>"
    )
    assert html_to_text(table).text == "| 行政许可 | | 36 |"


def test_nested_data_table_is_flattened_into_its_cell():
    table = (
        "<table><tr><td>项目</td><td>说明</td><td>数量</td></tr>"
        "<tr><td>渠道</td><td><table><tr><td>网站</td><td>615</td></tr>"
        "<tr><td>其他</td><td>125</td></tr></table></td>"
        "<td>740</td></tr></table>"
    )
    assert html_to_text(table).text == "| 项目 | 说明 | 数量 |\n| 渠道 | 网站 615 其他 125 | 740 |"


def test_layout_table_keeps_the_article_as_lines_and_inner_tables_as_pipe_rows():
    inner = (
        "<table><tr><td>规章</td><td>0</td><td>0</td></tr>"
        "<tr><td>规范性文件</td><td>1</td><td>1</td></tr></table>"
    )
    layout = (f"<table><tr><td><p>一、总体情况</p><p>本年度工作正常开展。</p>{inner}"
              "<p>二、其他事项</p></td></tr></table>")
    assert html_to_text(layout).text.split("\n") == [
        "一、总体情况",
        "",
        "本年度工作正常开展。",
        "",
        "| 规章 | 0 | 0 |",
        "| 规范性文件 | 1 | 1 |",
        "",
        "二、其他事项",
    ]


def test_two_column_layout_with_long_article_cell_is_not_a_pipe_table():
    article = "本年度我局认真贯彻落实条例要求。" * 40
    layout = f"<table><tr><td>栏目导航</td><td><p>{article}</p><p>第二段。</p></td></tr></table>"
    text = html_to_text(layout).text
    assert "|" not in text
    assert text.endswith("第二段。")


def test_huge_spans_are_capped():
    table = (
        "<table><tr><td colspan='100000' rowspan='100000'>x</td><td>y</td></tr>"
        "<tr><td>z</td></tr></table>"
    )
    result = html_to_text(table)
    assert result.text.split("\n")[0].count("| x") == limits.MAX_COLSPAN
    assert len(result.text.split("\n")) == 2


def test_deep_nesting_is_detected_and_read_without_a_tree():
    depth = limits.MAX_HTML_NESTING + 10
    deep = "<div>" * depth + "正文内容" + "</div>" * depth
    assert is_nested_too_deep(deep)
    # Unclosed <p> tags close each other: they do not nest.
    assert not is_nested_too_deep("<p>" * 10000 + "<div><div></div></div>")
    started = time.perf_counter()
    document = decode_document(page(deep))
    assert time.perf_counter() - started < 2
    assert document.text == "正文内容"
    assert any("nested deeper" in warning for warning in document.warnings)


def test_huge_single_line_is_fine():
    line = "全年主动公开政府信息752条," * 100_000  # 1.5 million characters, no newline
    started = time.perf_counter()
    document = decode_document(page(f"<p>{line}</p>"))
    assert time.perf_counter() - started < 5
    assert len(document.text) == len(line)


def test_entities_in_text_are_decoded_once():
    assert decode_document(page("<p>A&amp;lt;B &lt;p&gt; 5&gt;3</p>")).text == "A&lt;B 5>3"


@pytest.mark.parametrize(
    "body", ["", "<script>only()</script>", "<p>&nbsp;</p>", "<div>   </div>"]
)
def test_pages_without_visible_text_are_empty(body):
    with pytest.raises(DocumentError) as error:
        decode_document(page(body, title=""))
    assert error.value.kind == "empty"
