"""Links on listing and report pages: which are reports, next pages and attachments."""

import re

from xxgk.ingest.links import (
    Link,
    ListingRules,
    expand_page_template,
    extract_links,
    is_attachment,
    select_attachments,
    select_next_pages,
    select_report_links,
)

PAGE = "http://www.example.gov.cn/xxgk/ndbg/index.html"
LISTING = """<html><body><ul>
<li><a href="./2023/t20240120_1.html">某局2023年政府信息公开工作年度报告</a></li>
<li><a href="../ndbg/2022.html" title="某局2022年政府信息公开工作年度报告">某局2022年政府信息...</a></li>
<li><a href="/tzgg/1.html">关于征求意见的通知</a></li>
<li><a href="/ndbg/guide.html">政府信息公开年报说明</a></li>
<li><a href="javascript:void(0)">2021年年报</a></li>
<li><a href="mailto:a@b.cn">2021年年报</a></li>
<li><a href="#top">2020年年报</a></li>
<li><a href="2019.html#part2">2019年年报</a></li>
</ul><div><a href="index_1.html">下一页</a> <a href="index_9.html">尾页</a></div></body></html>"""


def test_links_are_absolute_unique_and_without_fragments():
    links = extract_links(LISTING, PAGE)
    urls = [link.url for link in links]
    assert "http://www.example.gov.cn/xxgk/ndbg/2023/t20240120_1.html" in urls
    assert "http://www.example.gov.cn/xxgk/ndbg/2019.html" in urls
    assert not any(u.startswith(("javascript", "mailto")) or "#" in u for u in urls)
    assert len(urls) == len(set(urls))


def test_report_links_need_the_title_words_and_a_year():
    chosen = select_report_links(extract_links(LISTING, PAGE), ListingRules())
    assert [link.url.rsplit("/", 1)[-1] for link in chosen] == \
        ["t20240120_1.html", "2022.html", "2019.html"]
    # the cut title is matched through its title attribute
    assert chosen[1].text == "某局2022年政府信息公开工作年度报告"


def test_rules_can_drop_the_year_and_require_a_url_pattern():
    links = extract_links(LISTING, PAGE)
    no_year = select_report_links(links, ListingRules(require_year=False))
    assert any(link.url.endswith("guide.html") for link in no_year)
    only_dated = select_report_links(links, ListingRules(url_pattern=re.compile(r"/t\d{8}_")))
    assert [link.url.rsplit("/", 1)[-1] for link in only_dated] == ["t20240120_1.html"]


def test_next_page_is_found_by_its_text():
    nxt = select_next_pages(extract_links(LISTING, PAGE), ListingRules())
    assert [link.url for link in nxt] == ["http://www.example.gov.cn/xxgk/ndbg/index_1.html"]


def test_base_href_is_honoured():
    html = '<base href="http://files.example.gov.cn/up/"><a href="a.pdf">附件</a>'
    assert extract_links(html, PAGE)[0].url == "http://files.example.gov.cn/up/a.pdf"


def test_attachments_by_suffix_or_by_link_text():
    html = """<a href="/up/P0201.PDF">全文</a><a href="/up/t.docx">附件</a>
    <a href="/download.jsp?id=9">附件：年报.doc</a><a href="/up/table.xlsx">附表</a>
    <a href="/up/photo.jpg">图片</a><a href="/other.html">上一篇</a>
    <iframe src="/viewer/web/x.pdf"></iframe>"""
    names = [link.url.rsplit("/", 1)[-1] for link in select_attachments(extract_links(html, PAGE))]
    assert names == ["P0201.PDF", "t.docx", "download.jsp?id=9", "table.xlsx", "x.pdf"]
    assert not is_attachment(Link("http://x.gov.cn/a.pdf.html", "报告"))


def test_page_template_expands_to_the_following_pages():
    assert expand_page_template("index_{n}.html", PAGE, 3) == [
        "http://www.example.gov.cn/xxgk/ndbg/index_1.html",
        "http://www.example.gov.cn/xxgk/ndbg/index_2.html"]
    assert expand_page_template("index_{n}.html", PAGE, 1) == []
