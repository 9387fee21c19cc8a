"""The five real seed reports, decoded and cleaned (read from ../shared/corpus at run time)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xxgk.decode import decode_document

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
TAG = re.compile(r"<[A-Za-z/!]")


@pytest.fixture(scope="module")
def seeds() -> dict[str, object]:
    if not SEEDS.is_dir():
        pytest.skip("seed corpus not present")
    paths = sorted(SEEDS.glob("*.txt"))
    return {path.name[:3]: decode_document(path.read_bytes(), filename=path.name) for path in paths}


def test_all_five_seeds_decode_without_tags(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for document in seeds.values():
        assert document.encoding == "utf-8"
        assert not TAG.search(document.text)
        assert "\xa0" not in document.text and "\u3000" not in document.text


def test_seed_000_title_spam_is_gone(seeds):
    document = seeds["000"]
    assert document.title == "六盘水市科学技术局"
    assert document.text.startswith("六盘水市科学技术局\n")
    assert "客户端\n" not in document.text.split("\n\n", 1)[0]
    assert "2018年局累计发布信息752条" in document.text


def test_seed_001_word_broken_over_the_page_break_is_rejoined(seeds):
    document = seeds["001"]
    assert document.format == "markdown"
    assert "---" not in document.text
    assert "(攀办发〔2018〕94号)要求" in document.text
    assert "加强社会公众关注" in document.text  # cut at an ordinary break inside a long line
    assert "全年发布政府信息400余条" in document.text
    assert "#" not in document.text and "**" not in document.text
    # The heading before the first rule is not glued to the document number after it.
    assert "攀枝花市科学技术局\n\n〔2019〕—38" in document.text


def test_seed_002_navigation_is_dropped(seeds):
    document = seeds["002"]
    assert document.title == "2014年度长春市科技局政务信息公开报告"
    assert "你所在的位置" not in document.text and "友情链接" not in document.text
    assert "主动公开信息205条" in document.text


def test_seed_003_keeps_its_one_cell_per_line_table(seeds):
    document = seeds["003"]
    assert document.format == "text"
    assert "当前栏目" not in document.text and "分享:" not in document.text
    expected_block = "规章(设区的市、自治州人民政府应提供相关数据)\n\n0\n\n0\n\n0\n\n规范性文件("
    assert expected_block in document.text
    assert "\n\n本年新\n\n制作数量\n\n" in document.text  # a header cell broken in two stays two lines
    assert "\n\n13\n\n13\n\n13\n\n" in document.text
    assert "政府集中采购\n\n25\n\n173365.3元" in document.text


def test_seed_004_bullets_and_footer_widgets_are_dropped(seeds):
    document = seeds["004"]
    assert document.text.startswith("索引号:qz11402-1000-2014-00002\n发布机构:德化县科学技术局")
    assert "•" not in document.text
    for widget in ("附件下载", "扫一扫", "相关解读", "图片解读", "媒体报道"):
        assert widget not in document.text
    assert "截至11月,累计公开政府信息30条" in document.text
