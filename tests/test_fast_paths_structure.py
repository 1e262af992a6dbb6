"""The fast paths of the structure stages and the slogan reader give exactly what the code they
replaced gave.

Each test keeps the replaced implementation as its oracle and compares on examples and on random
text made of the characters that matter. The byte-for-byte check over whole documents is
``benchmarks/check_identical.py`` (docs/performance.md).
"""

from __future__ import annotations

import gc
import re
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import worksum
from worksum.sentences import split_sentences

_STRUCTURE_PIECES = [*"。!?！？”’」』)）》\"' \t\n\u3000—…，,、：:", *"第一二三四五六七八九十百零〇两①②⑳0123456789",
                     "各位代表：", "同志们：", "工作总结", "政府工作报告", "取得新成效。", "稳步推进。", "——", "（一）",
                     "(二)", "一、", "1.", "2、", "3)", "第一部分", "第二，", "打印本页", "【关闭】", "2023年5月",
                     "人民政府", "相关链接", "来源：", "版权所有", "我们", "一年来，", "加快发展现代农业。"]
structure_text = st.lists(st.sampled_from(_STRUCTURE_PIECES), max_size=50).map("".join)


# --------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"[。!?！？]+[”’」』)）》\"']*")


def _sentences_by_ends(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The replaced splitter: cut after every sentence end, then trim each piece."""
    spans: list[tuple[int, int]] = []
    pos = start
    for cut in [m.end() for m in _SENTENCE_END.finditer(view, start, end)] + [end]:
        a, b = pos, cut
        while a < b and view[a] in " \t\n":
            a += 1
        while b > a and view[b - 1] in " \t\n":
            b -= 1
        if b > a:
            spans.append((a, b))
        pos = cut
    return spans


@pytest.mark.parametrize("text", ["", " ", "。", "。。”", "甲。乙！", "甲。” 乙", " 甲 \n乙 ", "！”!!a。’中!\t文\na ",
                                  "甲……", "“甲。”“乙？”丙", "甲。\n\n乙"])
def test_sentences_examples(text: str) -> None:
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert split_sentences(text, start, end) == _sentences_by_ends(text, start, end)


@settings(max_examples=400, deadline=None)
@given(structure_text, st.data())
def test_sentences_equal_the_cut_and_trim_splitter(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert split_sentences(text, start, end) == _sentences_by_ends(text, start, end)


# --------------------------------------------------------------------------- the collector around parse

_DOCUMENT = ("石门镇2023年工作总结\n\n一、主要成效\n道路建设多点开花。新修道路“四好农村路”12公里，同比增长5%。\n"
             "二、存在的问题\n一是资金不足。二是人才短缺。\n三、下一步打算\n力争2024年完成“三大攻坚战”任务。\n")


def _cycle_alive() -> weakref.ref[object]:
    """A reference cycle nobody holds: only the collector can free it."""

    class Knot:
        pass

    knot = Knot()
    knot.self = knot  # type: ignore[attr-defined]
    return weakref.ref(knot)


def test_parse_leaves_no_cyclic_garbage() -> None:
    # What parse builds is moved past the young collections unexamined: none of it may be garbage.
    worksum.parse(_DOCUMENT)  # lexicons loaded
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for text in (_DOCUMENT, _DOCUMENT.replace("\n", ""), _DOCUMENT * 3, "", "“未闭合", "abc"):
            report = worksum.parse(text)
            del report
            assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def test_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    worksum.parse(_DOCUMENT)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        worksum.parse(_DOCUMENT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_the_caller_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        worksum.parse(_DOCUMENT)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_garbage_of_the_caller_is_still_collected() -> None:
    alive = _cycle_alive()
    worksum.parse(_DOCUMENT)
    gc.collect()
    assert alive() is None


def test_many_parses_keep_no_objects() -> None:
    for _ in range(3):
        worksum.parse(_DOCUMENT)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(40):
        worksum.parse(_DOCUMENT)
    gc.collect()
    assert len(gc.get_objects()) - before < 50
