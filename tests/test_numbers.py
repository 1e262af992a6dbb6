"""Reading numerals: an example table and round trips (digits, full-width digits, Chinese numerals)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksum.extract.figures import parse_number as reexported
from worksum.extract.numbers import parse_chinese, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        # Chinese numerals
        ("三", "3"),
        ("十", "10"),
        ("十九", "19"),
        ("二十", "20"),
        ("一百二十", "120"),
        ("一百零五", "105"),
        ("一千零五十", "1050"),
        ("一千零十", "1010"),
        ("三百五", "350"),
        ("两千五", "2500"),
        ("两", "2"),
        ("两万", "20000"),
        ("〇", "0"),
        ("零", "0"),
        ("一万五", "15000"),
        ("一万五千", "15000"),
        ("十万零一十", "100010"),
        ("三亿五千万", "350000000"),
        ("一亿零五百万", "105000000"),
        ("一万亿", "1000000000000"),
        ("一万三千亿", "1300000000000"),
        ("五萬萬", "500000000"),
        ("十二点五", "12.5"),
        ("零点零五", "0.05"),
        ("二點六", "2.6"),
        ("百", "100"),
        ("千", "1000"),
        # positional digits (years, codes)
        ("二〇一八", "2018"),
        ("二○二五", "2025"),
        ("一二三", "123"),
        # uppercase (大写) numerals
        ("壹贰叁", "123"),
        ("壹万贰仟", "12000"),
        ("叁佰伍拾", "350"),
        ("玖拾玖", "99"),
        # Arabic and mixed
        ("3", "3"),
        ("3.5", "3.5"),
        ("1,100", "1100"),
        ("3.5万", "35000"),
        ("1.2万亿", "1200000000000"),
        ("1,100万", "11000000"),
        ("5千万", "50000000"),
        ("1亿2000万", "120000000"),
        ("１２．８", "12.8"),
        ("１，１００万", "11000000"),
        ("６．５亿", "650000000"),
        # signs
        ("负三", "-3"),
        ("-3.5", "-3.5"),
        ("+7", "7"),
        ("  12  ", "12"),
    ],
)
def test_parse_number_table(written: str, value: str) -> None:
    assert parse_number(written) == Decimal(value)


@pytest.mark.parametrize(
    "written",
    ["", " ", "abc", "十十", "百百", "三三百", "一二十", "万", "亿万", "3..5", "1,10", "12,34", "-", "负", "点五", "五点",
     "1" * 50, "十九大", "X", "XX万", "三个"],
)  # fmt: skip
def test_parse_number_refuses_what_is_no_number(written: str) -> None:
    assert parse_number(written) is None


def test_parse_number_is_reexported_by_the_figures_module() -> None:
    assert reexported is parse_number
    assert parse_number(None) is None  # type: ignore[arg-type]


def test_parse_chinese_refuses_arabic_decimals() -> None:
    assert parse_chinese("3.5") is None


# ---------------------------------------------------------------------- writers for the round trips

_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def _small(n: int) -> str:
    """1 ≤ n < 10000 in Chinese numerals, with 零 for inner zeros (一千零五, 一百一十)."""
    out = ""
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if digit:
            if pending_zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            pending_zero = False
        else:
            pending_zero = True
    return out


def _chinese_int(n: int) -> str:
    if n == 0:
        return "零"
    if n < 10**4:
        return _small(n)
    if n < 10**8:
        high, low = divmod(n, 10**4)
        rest = ("零" if low < 1000 else "") + _small(low) if low else ""
        return _small(high) + "万" + rest
    high, low = divmod(n, 10**8)
    rest = ("零" if low < 10**7 else "") + _chinese_int(low) if low else ""
    return _chinese_int(high) + "亿" + rest


def to_chinese(value: Decimal, short_ten: bool = False) -> str:
    sign = "负" if value < 0 else ""
    written = format(abs(value), "f")
    whole, _, fraction = written.partition(".")
    out = _chinese_int(int(whole))
    if short_ten and out.startswith("一十"):
        out = out[1:]  # 十五 rather than 一十五
    if fraction:
        out += "点" + "".join(_DIGITS[int(d)] for d in fraction)
    return sign + out


decimals = st.integers(min_value=0, max_value=4).flatmap(
    lambda places: st.decimals(
        min_value=-(10**15), max_value=10**15, places=places, allow_nan=False, allow_infinity=False
    )
)


@given(decimals)
def test_digits_read_back(value: Decimal) -> None:
    assert parse_number(format(value, "f")) == value


@given(decimals)
def test_grouped_digits_read_back(value: Decimal) -> None:
    assert parse_number(format(value, ",f")) == value


@given(decimals)
def test_fullwidth_digits_read_back(value: Decimal) -> None:
    assert parse_number(format(value, ",f").translate(_FULLWIDTH)) == value


@given(decimals, st.booleans())
def test_chinese_numerals_read_back(value: Decimal, short_ten: bool) -> None:
    assert parse_number(to_chinese(value, short_ten)) == value


@given(decimals, st.sampled_from([("万", 4), ("亿", 8), ("万亿", 12)]))
def test_digits_with_multiplier_read_back(value: Decimal, multiplier: tuple[str, int]) -> None:
    word, power = multiplier
    written = format(value.scaleb(-power), "f") + word
    assert parse_number(written) == value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("1050", "一千零五十"),
        ("100010", "十万零一十"),
        ("1000000000005", "一万亿零五"),
        ("12.05", "十二点零五"),
        ("-0.5", "负零点五"),
    ],
)
def test_the_writer_of_the_round_trips(value: str, written: str) -> None:
    assert to_chinese(Decimal(value), short_ten=True) == written
