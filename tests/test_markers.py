"""Heading-marker recognisers: every variant, and the near-misses they must refuse."""

from __future__ import annotations

import pytest

from worksum.markers import match_marker
from worksum.normalize import normalize_view


def _marker(line: str) -> tuple[str, str, int | None] | None:
    view = normalize_view(line)
    m = match_marker(view, 0, len(view))
    return None if m is None else (m.style, line[m.start:m.end], m.ordinal)


@pytest.mark.parametrize(
    ("line", "style", "marker", "ordinal"),
    [
        ("一、坚持党要管党", "cn_dun", "一、", 1),
        ("十二、加强政府自身建设", "cn_dun", "十二、", 12),
        ("二十一、其他工作", "cn_dun", "二十一、", 21),
        ("（一）认真学习宣传贯彻党的十九大精神。将学习…", "paren_cn", "（一）", 1),
        ("(三)强化干事创业导向", "paren_cn", "(三)", 3),
        ("（十）加大保障和改善民生力度", "paren_cn", "（十）", 10),
        ("（二）、狠抓项目建设", "paren_cn", "（二）、", 2),
        ("1.加快发展现代农业", "arabic_dot", "1.", 1),
        ("1．加快发展现代农业", "arabic_dot", "1．", 1),
        ("１．加快发展现代农业", "arabic_dot", "１．", 1),
        ("12.强化安全生产", "arabic_dot", "12.", 12),
        ("3、“三网”融合：指电信网…", "arabic_dun", "3、", 3),
        ("（1）完善制度", "paren_arabic", "（1）", 1),
        ("(2)加强督查", "paren_arabic", "(2)", 2),
        ("1）健全机制", "arabic_paren", "1）", 1),
        ("①村级组织建设", "circled", "①", 1),
        ("⑫其他", "circled", "⑫", 12),
        ("一.思想政治建设", "cn_dot", "一.", 1),
        ("三．队伍建设", "cn_dot", "三．", 3),
        ("二，关于经济工作", "cn_comma", "二，", 2),
        ("第一，坚持稳中求进。", "di_comma", "第一，", 1),
        ("第三、加强队伍建设", "di_comma", "第三、", 3),
        ("第一部分 2019年工作回顾", "di_part", "第一部分", 1),
        ("第二章 发展目标", "di_part", "第二章", 2),
        ("第十节：社会事业", "di_part", "第十节：", 10),
        ("第3部分 附则", "di_part", "第3部分", 3),
    ],
)
def test_marker_variants(line: str, style: str, marker: str, ordinal: int) -> None:
    assert _marker(line) == (style, marker, ordinal)


@pytest.mark.parametrize(
    "line",
    [
        "一是加强组织领导，二是完善制度。",  # inline enumerator, not a heading
        "一方面要稳增长，另一方面要防风险。",
        "1.2亿元用于基础设施建设。",  # a figure at a line start
        "12.5%的增速居全省前列。",
        "一、二季度经济运行平稳。",  # a list of numerals
        "一、二、三产业协调发展。",
        "1、2月份完成投资3亿元。",
        "2018年全镇实现财政收入XX万元。",
        "十九大以来，全镇上下…",
        "一批重点项目开工建设。",
        "第一书记驻村帮扶。",
        "第一时间响应。",
        "（2018年）全镇实现…",
        "1%的增长",
    ],
)
def test_near_misses_are_not_markers(line: str) -> None:
    assert _marker(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("三、", ("cn_dun", "三、", 3)),  # alone on its line: the title follows on the next line
        ("（二）", ("paren_cn", "（二）", 2)),
        ("1.", None),
        ("①", None),
    ],
)
def test_bare_markers(line: str, expected: tuple[str, str, int] | None) -> None:
    assert _marker(line) == expected


@pytest.mark.parametrize(
    ("text", "view"),
    [
        # A lost indent (full-width spaces turned into question marks) before a marker or a paragraph.
        ("??（一）提升产业创新能力", "  (一)提升产业创新能力"),
        ("上文。\n?？二、加强管理", "上文。\n  二、加强管理"),
        # A question mark anywhere else stays.
        ("为什么?因为", "为什么?因为"),
        ("问题在哪里？\n答：在基层", "问题在哪里?\n答:在基层"),
    ],
)
def test_question_marks_opening_a_line_are_a_lost_indent(text: str, view: str) -> None:
    assert normalize_view(text) == view
    assert len(normalize_view(text)) == len(text)


def test_a_marker_after_a_lost_indent_is_found() -> None:
    view = normalize_view("??（一）提升产业创新能力")
    marker = match_marker(view, 2, len(view))
    assert marker is not None and marker.ordinal == 1
