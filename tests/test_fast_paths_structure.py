"""The fast paths of the structure stages and the slogan reader give exactly what the code they
replaced gave.

Each test keeps the replaced implementation as its oracle and compares on examples and on random
text made of the characters that matter. The byte-for-byte check over whole documents is
``benchmarks/check_identical.py`` (docs/performance.md). The collector tests check what the
hand-over of a new report to the oldest generation relies on (pipeline._collector_paused).
"""

from __future__ import annotations

import gc
import re
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import worksum
from worksum import blocks, markers, tree
from worksum.extract import slogans
from worksum.extract.lexicon import Affixes, CueList, load_quoted_cues
from worksum.io import read_text
from worksum.lexicons import compile_any, structure
from worksum.sentences import split_sentences

try:  # the regex parser, to check which patterns are anchored
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants
    import sre_parse

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

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


# --------------------------------------------------------------------------- quoted-string cues

_CUES = load_quoted_cues()
_CUE_WORDS = sorted({w for cue_list in (_CUES.honour, _CUES.event, _CUES.brand, _CUES.name)
                     for w in (*cue_list.suffixes, *cue_list.not_suffixes, *cue_list.prefixes,
                               *cue_list.short_prefixes, *cue_list.context, *cue_list.context_start)}
                    | {*_CUES.slogan.programme_suffixes, *_CUES.slogan.programme_prefixes, *_CUES.slogan.strip_suffixes,
                       *_CUES.slogan.context, *_CUES.slogan.context_links, *_CUES.numeral_places})
cue_text = st.lists(st.sampled_from([*_CUE_WORDS, *"一二三四五六七八九十两百千万XX×某0123456789+月日、，;的力者 "]),
                    max_size=6).map("".join)


def _starts_by_loop(cue_list: CueList, text: str) -> str | None:
    for cue in cue_list.short_prefixes:
        if text.startswith(cue) and len(text) > len(cue):
            return cue
    if len(text) < cue_list.prefix_min_length:
        return None
    for cue in cue_list.prefixes:
        if text.startswith(cue) and len(text) > len(cue):
            return cue
    return None


def _in_context_by_loop(cue_list: CueList, phrase: str) -> str | None:
    for cue in (*cue_list.context, *cue_list.context_start):
        if cue in phrase if cue in cue_list.context else phrase.startswith(cue):
            return cue
    return None


def _ends_by_loop(cue_list: CueList, text: str) -> str | None:
    for word in cue_list.not_suffixes:
        if text[-len(word):] == word:
            return None
    for cue in cue_list.suffixes:
        if text.endswith(cue) and len(text) >= cue_list.suffix_min_length.get(cue, 0):
            return cue
    return None


def _fixed_form_by_rules(c: str) -> str | None:
    rules = [
        ("masked", [slogans._ONLY_PLACEHOLDERS]),
        ("name", [slogans._PLAN_PERIOD, slogans._CONGRESS]),
        ("event", [slogans._DIGIT_DATE, slogans._NAMED_DAY, slogans._MONTH_DAY, slogans._CJK_DATE]),
        ("other", [slogans._DOC_NICKNAME]),
    ]
    for kind, patterns in rules:
        if any(p.fullmatch(c) for p in patterns):
            return kind
    if c in _CUES.slogan.not_slogans:
        return "other"
    if slogans._QUANTITY.fullmatch(c) or slogans._PERCENT.fullmatch(c):
        return "other"
    return "name" if c in _CUES.name.exact else None


def _slogan_context_by_loop(phrase: str) -> str | None:
    cues = _CUES.slogan
    for cue in cues.context:
        if phrase.startswith(cue) and phrase[len(cue):len(cue) + 1] not in slogans._CUE_CONTINUES:
            return "programme" if cue in cues.programme_context else "phrase"
    for link in cues.context_links:
        if phrase.startswith(link) and phrase[len(link):] in cues.context:
            return "programme" if phrase[len(link):] in cues.programme_context else "phrase"
    return None


def _shape_tail_by_loop(c: str) -> str | None:
    for suffix in _CUES.slogan.programme_suffixes:
        if c.endswith(suffix) and len(c) > len(suffix) and len(c) <= 16:
            return "programme"
    for prefix in _CUES.slogan.programme_prefixes:
        if c.startswith(prefix) and len(prefix) < len(c) <= 8:
            return "programme"
    return None


def _stripped_entries_by_loop(c: str) -> list[str]:
    return [suffix for suffix in _CUES.slogan.strip_suffixes if c.endswith(suffix) and len(c) > len(suffix)]


def _check_cues(text: str) -> None:
    for cue_list in (_CUES.honour, _CUES.event, _CUES.brand, _CUES.name):
        assert cue_list.starts(text) == _starts_by_loop(cue_list, text)
        assert cue_list.in_context(text) == _in_context_by_loop(cue_list, text)
        assert cue_list.ends(text) == _ends_by_loop(cue_list, text)
    assert slogans._fixed_form(text, _CUES) == _fixed_form_by_rules(text)
    assert slogans._slogan_context(text, _CUES) == _slogan_context_by_loop(text)
    shape_tail = (len(text) <= 16 and _CUES.slogan.programme_suffix_affixes.ending(text, shorter=True)) or (
        len(text) <= 8 and _CUES.slogan.programme_prefix_affixes.starting(text, shorter=True))
    assert ("programme" if shape_tail else None) == _shape_tail_by_loop(text)
    assert list(_CUES.slogan.strip_suffix_affixes.endings(text, shorter=True)) == _stripped_entries_by_loop(text)
    places = _CUES.numeral_place_pattern
    assert (places is not None and places.search(text) is not None) == any(p in text for p in _CUES.numeral_places)


@pytest.mark.parametrize("text", ["", "全国文明村", "第三届桃花节", "两个环节", "茶坡芹菜", "十四五", "双十一", "8·15", "三月三日",
                                  "五百亿", "百分之百", "XX", "1+5", "五个一工程奖", "八项规定精神", "工程", "行动", "的原则",
                                  "力量", "三亚", "学在三亚", *_CUE_WORDS])
def test_cue_look_ups_examples(text: str) -> None:
    _check_cues(text)


@settings(max_examples=500, deadline=None)
@given(cue_text)
def test_cue_look_ups_equal_the_loops_over_the_lists(text: str) -> None:
    _check_cues(text)


def test_affixes_with_an_empty_word() -> None:
    affixes = Affixes.of(["", "ab", "b"])
    assert affixes.ending("ab") == "ab"
    assert affixes.ending("ab", shorter=True) == "b"
    assert list(affixes.endings("xab")) == ["ab", "b", ""]
    assert affixes.starting("") == ""
    assert affixes.starting("", shorter=True) is None


# --------------------------------------------------------------------------- blocks and markers

_MARKER_PIECES = [*_STRUCTURE_PIECES, "（三）", "(4)", "4)", "5.", "6、", "⑦", "一，", "十二、", "第三章", "第十，", "1.2亿元",
                  "一、二季度", "一是", " ", "  ", "\t", "— 12 —", "-3-", "。  ", "：（一）"]
marker_text = st.lists(st.sampled_from(_MARKER_PIECES), max_size=40).map("".join)


def _marker_by_table(view: str, pos: int, end: int, strong_only: bool) -> markers.MarkerMatch | None:
    saved = markers._ANY_STYLE
    markers._ANY_STYLE = re.compile("")  # the gate lets every position through: the plain table walk
    try:
        return markers.match_marker(view, pos, end, strong_only=strong_only)
    finally:
        markers._ANY_STYLE = saved


_OLD_BOUNDARY = re.compile(r"(?<=[。!?！？”])[ \t]*(?=[第(①-⑳\d一二三四五六七八九十])")
_OLD_BOUNDARY_COLON = re.compile(r"(?<=[。!?！？”:：])[ \t]*(?=[第(①-⑳\d一二三四五六七八九十])")
_OLD_PARAGRAPH_BREAK = re.compile(r"(?<=[。!?！？”])[ \t]{2,}(?=\S)")
_OLD_PAGE_MARKER = re.compile(r"(?<=\s)[—\-－–]{1,2}[ ]?\d{1,4}[ ]?[—\-－–]{1,2}(?=\s)")


def _inline_by_look_behind(view: str, start: int, end: int, strong_only: bool, after_colon: bool) -> list[int]:
    found = []
    for boundary in (_OLD_BOUNDARY_COLON if after_colon else _OLD_BOUNDARY).finditer(view, start, end):
        pos = boundary.end()
        if pos > start and markers.match_marker(view, pos, end, strong_only=strong_only) is not None:
            found.append(pos)
    return found


def _check_markers(text: str, start: int, end: int) -> None:
    for pos in range(start, end + 1):
        for strong_only in (False, True):
            assert markers.match_marker(text, pos, end, strong_only=strong_only) == _marker_by_table(
                text, pos, end, strong_only)
    for strong_only, after_colon in ((False, False), (True, False), (False, True)):
        found = markers.inline_marker_positions(text, start, end, strong_only=strong_only, after_colon=after_colon)
        assert [m.start for m in found] == _inline_by_look_behind(text, start, end, strong_only, after_colon)
    for old, new in ((_OLD_PARAGRAPH_BREAK, blocks._PARAGRAPH_BREAK), (_OLD_PAGE_MARKER, blocks._INLINE_PAGE_MARKER)):
        assert [m.span() for m in new.finditer(text, start, end)] == [m.span() for m in old.finditer(text, start, end)]


@pytest.mark.parametrize("text", ["一、总体要求", "（一）加强领导。", "工作。（二）落实。二、目标", "1.2亿元", "一、二季度",
                                  "。 一、甲", "甲。  乙", "甲 — 12 — 乙", "— 3 —\n", "：（一）甲", "第一部分 总结"])
def test_markers_examples(text: str) -> None:
    for start in range(len(text) + 1):
        _check_markers(text, start, len(text))


@settings(max_examples=300, deadline=None)
@given(marker_text, st.data())
def test_markers_and_boundaries_equal_the_plain_searches(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _check_markers(text, start, end)


def _first_op_is_line_start(pattern: str) -> bool:
    parsed = sre_parse.parse(pattern)
    return bool(parsed.data) and parsed.data[0][0] == sre_constants.AT and parsed.data[0][1] == sre_constants.AT_BEGINNING


@pytest.mark.parametrize("pattern", [*structure()["noise_patterns"], *structure()["footer_patterns"], "^a|b", "^(a|b)c",
                                     "^[|]a", "^[]|]a", "^[^]|]", "^\\|a", "^a\\\\|b", "a|^b", "^(?:a)|b", "^"])
def test_anchored_patterns_are_told_apart(pattern: str) -> None:
    assert blocks._anchored_at_start(pattern) == _first_op_is_line_start(pattern)


@settings(max_examples=300, deadline=None)
@given(structure_text)
def test_noise_lines_as_by_one_alternation(text: str) -> None:
    alternation = compile_any(structure()["noise_patterns"])
    for line in (text, text.strip(), text[:20], text.strip()[:12]):
        assert blocks._noise().search(line) == (alternation.search(line) is not None)


def test_noise_lines_of_the_corpus_as_by_one_alternation() -> None:
    alternation = compile_any(structure()["noise_patterns"])
    lines = [line.strip() for path in CORPORA.glob("*.txt") for line in read_text(path)[0].splitlines()]
    extra = ["来源：新华网", "【打印本页】", "第 3 页 共 5 页", "- 4 -", "首页 > 政务公开 > 工作动态", "true",
             "本作品是中华人民共和国的", "http://example.org", "仅供参考"]
    assert sum(1 for line in lines + extra if blocks._noise().search(line)) > len(extra) - 1
    for line in lines + extra:
        assert blocks._noise().search(line) == (alternation.search(line) is not None)


@settings(max_examples=300, deadline=None)
@given(structure_text)
def test_unnumbered_heading_shortcut(text: str) -> None:
    saved = blocks._OVER_25_CHARACTERS
    try:
        fast = blocks._looks_like_unnumbered_heading(text, 0, len(text)) if text else None
        blocks._OVER_25_CHARACTERS = re.compile("(?!)")  # never fires: always compact the line
        slow = blocks._looks_like_unnumbered_heading(text, 0, len(text)) if text else None
    finally:
        blocks._OVER_25_CHARACTERS = saved
    assert fast == slow


def test_compact_removes_what_the_regex_did() -> None:
    spaces = "".join(chr(cp) for cp in range(0x110000) if re.fullmatch(r"\s", chr(cp)))
    assert all(ch.isspace() for ch in spaces)
    assert not any(chr(cp).isspace() for cp in range(0x110000) if chr(cp) not in spaces)
    text = "政" + "府".join(spaces) + " 工 作\u3000报告 "
    assert blocks.compact(text) == re.sub(r"\s+", "", text)


def _lines_by_loop(view: str) -> list[tuple[int, int]]:
    lines, pos = [], 0
    for line in view.split("\n"):
        start, stop = pos, pos + len(line)
        while start < stop and view[start] in " \t":
            start += 1
        while stop > start and view[stop - 1] in " \t":
            stop -= 1
        if stop > start:
            lines.append((start, stop))
        pos += len(line) + 1
    return lines


@pytest.mark.parametrize("view", ["", "\n", " \t \n", "甲", " 甲 ", "甲\n\n 乙 \t\n\t丙", "\t \u3000甲\u3000 \n", "a\r\nb"])
def test_content_lines_examples(view: str) -> None:
    assert blocks.content_lines(view) == _lines_by_loop(view)


@settings(max_examples=300, deadline=None)
@given(structure_text)
def test_content_lines_equal_the_loop(view: str) -> None:
    assert blocks.content_lines(view) == _lines_by_loop(view)


# --------------------------------------------------------------------------- tree: implicit headings

_IMPLICIT = structure()["implicit_heading"]
_OLD_STRONG = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(_IMPLICIT["predicates"], key=len, reverse=True))) + "|(?:"
    + "|".join(map(re.escape, sorted(_IMPLICIT["predicate_adverbs"], key=len, reverse=True)))
    + r")[\u4e00-\u9fff]{2})$")
clause_text = st.lists(st.sampled_from([*_IMPLICIT["predicates"][:40], *_IMPLICIT["predicate_adverbs"],
                                        *"道路建设多点开花稳步提升不断完善a1\n，。"]), max_size=6).map("".join)


@settings(max_examples=500, deadline=None)
@given(clause_text)
def test_strong_leads_as_with_a_group_of_adverbs(clause: str) -> None:
    strong = tree._implicit_rules().strong
    assert (strong.search(clause) is None) == (_OLD_STRONG.search(clause) is None)
