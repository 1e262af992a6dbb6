"""Invariants that hold for any input: never raises, spans exact, lossless, JSON round trip."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import worksum
from worksum.models import Report
from worksum.normalize import normalize_view

MARKERS = ["一、", "二、", "十、", "（一）", "（二）", "(三)", "1.", "2．", "１．", "3、", "（1）", "(2)", "①", "第一，",
           "第二部分", "一是", "一.", "——"]
PIECES = ["党的建设进一步加强", "全年完成投资XX亿元", "增长8.5%", "“四个意识”", "两不愁三保障", "。", "，", "；", "：",
          "\n", "\r\n", "\r", "\\r\\n", "\u3000\u3000", " ", "各位代表：", "来源：新华网", "— 3 —",
          "一年来的工作取得了一定成绩，但", "今后，我们将", "教育事业快速发展。", "XX镇2018年度工作总结", "“", "”", "《", "》",
          "??", "？", "2023年工作回顾", "抓好重点项目。", "，居全省第一", "有望"]

documents = st.lists(st.one_of(st.sampled_from(MARKERS), st.sampled_from(PIECES), st.text(max_size=12)),
                     max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), documents)


def check_report(text: str, report: Report) -> None:
    assert report.text == text
    view = normalize_view(text)
    previous = 0
    for block in report.blocks:
        assert text[block.span.start:block.span.end] == block.text
        assert block.span.start >= previous, "blocks overlap or are out of order"
        assert not view[previous:block.span.start].strip(), "a gap between blocks holds text"
        previous = block.span.end
    assert not view[previous:].strip(), "text after the last block was dropped"
    pieces, cursor = [], 0
    for block in report.blocks:
        pieces += [text[cursor:block.span.start], block.text]  # gap, then block
        cursor = block.span.end
    assert "".join([*pieces, text[cursor:]]) == text
    for section in report.iter_sections():
        if section.title_span is not None:
            assert text[section.title_span.start:section.title_span.end] == section.title
        for child in section.children:
            assert section.span.contains(child.span)
            assert child.level == section.level + 1
        for paragraph in section.paragraphs:
            assert text[paragraph.span.start:paragraph.span.end] == paragraph.text
            for sentence in paragraph.sentences:
                assert text[sentence.span.start:sentence.span.end] == sentence.text
    tops = report.sections
    for a, b in itertools.pairwise(tops):
        assert a.span.end <= b.span.start, "top-level sections overlap"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_parse_never_raises_and_is_lossless(text: str) -> None:
    check_report(text, worksum.parse(text))


@settings(max_examples=100, deadline=None)
@given(documents)
def test_json_round_trip(text: str) -> None:
    report = worksum.parse(text)
    assert Report.model_validate_json(report.model_dump_json()) == report


@settings(max_examples=50, deadline=None)
@given(documents)
def test_deterministic(text: str) -> None:
    assert worksum.parse(text) == worksum.parse(text)
