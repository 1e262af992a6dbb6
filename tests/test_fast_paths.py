"""The fast paths of issue 9 give exactly what the code they replaced gave.

Each test keeps the replaced implementation as its oracle and compares on example tables and on
random text made of the characters that matter (numerals, quote marks, separators, units). The
byte-for-byte check over whole documents is ``benchmarks/check_identical.py`` (docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksum import normalize as norm
from worksum.extract import enumerations, figures, roles, scan, slogans
from worksum.extract.enumerations import trim_item
from worksum.extract.lexicon import _CJK_NUMERALS, load_lexicon
from worksum.lexicons import compile_any, load_json, with_fragments

_PIECES = [*"一二两三四五六七八九十百千万亿零〇第是个大万元年%.,-，、；;。！？!?“”‘’《》「」『』()（）XxX×",
           *"0123456789 \n\t\u3000", "分之", "百分之", "首先，", "其次，", "一方面", "另一方面", "①", "②", "(1)",
           "(2)", "三大攻坚战", "两学一做", "四个意识", "十四个意识", "1+5", "1+5+N", "万元", "亿元", "公里", "以上"]
random_text = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize("text", ["", "ＡＢＣ１２３", "工作\u3000总结，增长５％。", "\x00\x0b\ufeff\u200b", "\r\n\u2028"])
def test_translate_examples(text: str) -> None:
    assert norm._translate(text) == text.translate(norm._TABLE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(cp) for cp in norm._TABLE] + list("工作总结 ,.\n")), max_size=60))
def test_translate_equals_str_translate(text: str) -> None:
    assert norm._translate(text) == text.translate(norm._TABLE)


# --------------------------------------------------------------------------- figures: number cores


def _cores_by_search(view: str) -> list[tuple[tuple[int, int], str | None]]:
    found, pos = [], 0
    while (m := figures._CORE.search(view, pos)) is not None:
        found.append((m.span(), m.lastgroup))
        pos = m.end()
    return found


def _cores_by_next_core(view: str) -> list[tuple[tuple[int, int], str | None]]:
    found, pos = [], 0
    while (m := figures._next_core(view, pos)) is not None:
        found.append((m.span(), m.lastgroup))
        pos = m.end()
    return found


@pytest.mark.parametrize("view", ["百分之五", "超百亿元", "三百万元", "走过百年", "千亿元级", "近万人", "2019年增长5.5%"])
def test_next_core_examples(view: str) -> None:
    assert _cores_by_next_core(view) == _cores_by_search(view)


@settings(max_examples=300, deadline=None)
@given(random_text)
def test_next_core_equals_search(view: str) -> None:
    assert _cores_by_next_core(view) == _cores_by_search(view)


# --------------------------------------------------------------------------- figures: word look-ups


def _naive_suffix(words: figures._Words, view: str, a: int, e: int) -> int:
    return next((n for n in words.lengths if e - n >= a and view[e - n:e] in words.words), 0)


def _naive_prefix(words: figures._Words, view: str, a: int, e: int) -> int:
    return next((n for n in words.lengths if a + n <= e and view[a:a + n] in words.words), 0)


@settings(max_examples=300, deadline=None)
@given(random_text, st.integers(0, 60), st.integers(0, 60))
def test_words_lookups_equal_naive(view: str, a: int, e: int) -> None:
    a, e = min(a, len(view)), min(e, len(view))  # callers pass offsets inside the view
    words = figures._Words(["增长", "同比增长", "以上", "万", "第", "个百分点", "亿元"])
    assert words.suffix(view, a, e) == _naive_suffix(words, view, a, e)
    assert words.prefix(view, a, e) == _naive_prefix(words, view, a, e)


# --------------------------------------------------------------------------- roles: clauses


def _clauses_by_step(view: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int]]:
    """The character-by-character loop that clauses_by replaced."""
    depth = 0
    piece = start
    for i in range(start, end):
        ch = view[i]
        if ch in "“《「『‘":
            depth += 1
        elif ch in "”》」』’" and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            a, b = trim_item(view, piece, i)
            if b > a:
                yield a, b
            piece = i + 1
    a, b = trim_item(view, piece, end)
    if b > a:
        yield a, b


@pytest.mark.parametrize(("view", "separators"), [
    ("一是抓党建，二是促发展；三是“稳就业，保民生”。", ",，;；"),
    ("”，前”后“，", ",，"),
    ("《关于，的通知》，等等", ",，"),
    ("完成。下一步？继续！", "。!?！？;；"),
])
def test_clauses_examples(view: str, separators: str) -> None:
    assert list(roles.clauses_by(view, 0, len(view), separators)) == list(
        _clauses_by_step(view, 0, len(view), separators))


@settings(max_examples=300, deadline=None)
@given(random_text, st.sampled_from([",，;；", ";；", "。!?！？;；"]))
def test_clauses_equal_stepwise(view: str, separators: str) -> None:
    assert list(roles.clauses_by(view, 0, len(view), separators)) == list(
        _clauses_by_step(view, 0, len(view), separators))


# --------------------------------------------------------------------------- enumerations


def _enumerations_without_prefilter(view: str) -> list[enumerations.Enumeration]:
    saved = enumerations._ANY_ENUMERATOR
    enumerations._ANY_ENUMERATOR = re.compile("")  # always found: the six style patterns always run
    try:
        return enumerations.find_enumerations(view, 0, len(view))
    finally:
        enumerations._ANY_ENUMERATOR = saved


@pytest.mark.parametrize("view", ["一是抓党建；二是促发展。", "首先，学习；其次，落实；最后，总结。", "①甲②乙", "(1)甲；(2)乙",
                                  "一方面加强，另一方面完善。", "第一，甲；第二，乙。", "无列举的句子。"])
def test_enumeration_examples(view: str) -> None:
    assert enumerations.find_enumerations(view, 0, len(view)) == _enumerations_without_prefilter(view)


@settings(max_examples=300, deadline=None)
@given(random_text)
def test_enumeration_prefilter_changes_nothing(view: str) -> None:
    assert enumerations.find_enumerations(view, 0, len(view)) == _enumerations_without_prefilter(view)


# --------------------------------------------------------------------------- slogans


_OLD_UNQUOTED_SET = re.compile(
    f"(?<![{slogans._CJK_NUM}第0-9])[一二两三四五六七八九十]{{1,2}}大(?:专项行动|攻坚行动|工程|行动|战略|攻坚战|保卫战)"
)


@settings(max_examples=300, deadline=None)
@given(random_text)
def test_unquoted_sets_as_before(view: str) -> None:
    assert [m.span() for m in slogans._UNQUOTED_SET.finditer(view)] == [
        m.span() for m in _OLD_UNQUOTED_SET.finditer(view)]


def _old_style_trie(pattern: str) -> re.Pattern[str]:
    """The lexicon regex with each first-character guard back in front of its character."""
    moved = re.sub(r"(\\?.)\(\?<!\[([^\]]*)\]\1\)", lambda m: f"(?<![{m.group(2)}]){m.group(1)}", pattern)
    return re.compile(moved)


def test_old_style_trie_is_rebuilt() -> None:
    pattern = load_lexicon().pattern
    assert pattern is not None
    old = _old_style_trie(pattern.pattern).pattern
    assert old != pattern.pattern and f"(?<![0-9A-Za-z+.{_CJK_NUMERALS}第])一" in old


@pytest.mark.parametrize("view", ["十四个意识", "增强四个意识", "1+5+N", "落实1+5", "第四个意识", "两学一做学习教育"])
def test_lexicon_examples(view: str) -> None:
    pattern = load_lexicon().pattern
    assert pattern is not None
    assert [m.span() for m in pattern.finditer(view)] == [
        m.span() for m in _old_style_trie(pattern.pattern).finditer(view)]


@settings(max_examples=300, deadline=None)
@given(random_text)
def test_lexicon_matches_as_before(view: str) -> None:
    pattern = load_lexicon().pattern
    assert pattern is not None
    assert [m.span() for m in pattern.finditer(view)] == [
        m.span() for m in _old_style_trie(pattern.pattern).finditer(view)]


# --------------------------------------------------------------------------- cue scanner


@pytest.mark.parametrize(("pattern", "expected"), [
    ("获评", "获"),
    ("达(?=[\\d一二])", "达"),
    ("(居|位居|位列)[^，]{0,8}第", "居位"),
    ("(我们|同时|但)(也|还)?看到", "我同但"),
    # shapes the scanner does not read: the shortcut is off
    ("获?评", None),
    ("(居|位居)?第", None),
    ("(居|位居){0,1}第", None),
    ("获评|(?:x)", None),
    ("[获荣]评", None),
    ("\\d+名", None),
    ("(?:居|位居)第", None),
    ("(居|位\\w)第", None),
])
def test_first_characters(pattern: str, expected: str | None) -> None:
    found = scan.first_characters(pattern)
    assert (None if found is None else "".join(sorted(found))) == (None if expected is None else "".join(sorted(expected)))


def test_roles_cues_use_the_shortcut() -> None:
    c = roles.cues()
    assert c.problem_turn.first is not None
    # Every achievement cue opens with a literal (literal_led raises otherwise).
    assert c.achievement.pattern == scan.literal_led(with_fragments(load_json("roles.json"))["achievement_cues"]).pattern


@pytest.mark.parametrize("pattern", ["获?评", "[获荣]评", "\\d+名", "获评|(?:x)", "(居|位居)?第"])
def test_literal_led_refuses_other_shapes(pattern: str) -> None:
    with pytest.raises(ValueError):
        scan.literal_led([pattern])


_MADE_UP = ["获评", "(居|位居)[^，,]{0,4}第[一二三]", "达(?=[0-9一二三])", "增长(了)?[0-9]"]


def _scanners() -> list[scan.CueScanner]:
    c = roles.cues()
    return [c.problem_turn, scan.CueScanner(re.compile("|".join(f"(?:{p})" for p in _MADE_UP)), _MADE_UP)]


def _literal_led_pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    achievement_cues = with_fragments(load_json("roles.json"))["achievement_cues"]
    return [(scan.literal_led(cues), compile_any(cues)) for cues in (achievement_cues, _MADE_UP)]


_CUE_PIECES = [*_PIECES, "获评", "居全县", "位居", "达", "增长了", "我们也清醒地看到", "还存在一些问题", "取得了显著成绩，但"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=30).map("".join), st.integers(0, 8), st.integers(0, 8))
def test_scanner_equals_the_pattern(view: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(view)), max(0, len(view) - cut_end)
    for scanner in _scanners():
        expected = scanner.pattern.search(view, start, end)
        found = scanner.search(view, start, end)
        assert (found and found.span()) == (expected and expected.span())
        assert [m.span() for m in scanner.finditer(view, start, end)] == [
            m.span() for m in scanner.pattern.finditer(view, start, end)]
    for fast, plain in _literal_led_pairs():
        assert [m.span() for m in fast.finditer(view, start, end)] == [
            m.span() for m in plain.finditer(view, start, end)]
