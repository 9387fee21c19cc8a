"""parse_number: the number forms reports are written in."""

import pytest

from xxgk.extract.numbers import parse_number


@pytest.mark.parametrize(("token", "value"), [
    ("752", 752), ("0", 0), ("1,234", 1234), ("12,345,678", 12345678), ("3.5", 3.5),
    ("1.5万", 15000), ("2万", 20000), ("1.2亿", 120_000_000), ("3千", 3000),
    ("７５２", 752), ("-8", -8), ("1 046", 1046),
    ("〇", 0), ("零", 0), ("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23),
    ("一百", 100), ("一百零五", 105), ("一百二十", 120), ("两千", 2000), ("一千二", 1200),
    ("三万五千", 35000), ("三万五", 35000), ("十万", 100000), ("一千零五十", 1050),
    ("二〇一八", 2018), ("二0一七", 2017), ("一亿二千万", 120_000_000),
    ("一百余", 100), ("400余", 400), ("40多", 40), ("约300", 300), ("近3000", 3000),
    ("200左右", 200), ("5件", 5), ("三十条", 30),
])
def test_reads_number_forms(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("token", [
    "", " ", "万", "数百", "几十", "百分之五", "5%", "1-2", "三五", "abc", "2014年12", "一是",
    "12:30", "1.2.3",
])
def test_rejects_what_is_not_one_exact_number(token):
    assert parse_number(token) is None


def test_returns_float():
    assert isinstance(parse_number("7"), float)
    assert isinstance(parse_number("七"), float)
