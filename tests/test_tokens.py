"""worksum's jieba tokenizer: exact offsets, the user dictionary, a private tokenizer, the backend seam."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksum import tokens
from worksum.tokens import align, tokenize, user_dictionary


def words(text: str) -> list[str]:
    return [word for word, _, _ in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the user dictionary keeps set phrases and indicators whole
        ("扎实推进两学一做学习教育", ["扎实", "推进", "两学一做", "学习", "教育"]),
        ("聚焦两不愁三保障", ["聚焦", "两不愁三保障"]),
        ("完成规模以上工业总产值8亿元", ["完成", "规模以上", "工业总产值", "8", "亿元"]),
        ("地方财政收入增长2.5个百分点", ["地方财政收入", "增长", "2.5", "个百分点"]),
        ("县人民政府2022年政府工作报告", ["县", "人民政府", "2022", "年", "政府工作报告"]),
        # segmentation runs on the normalised view: full-width digits are one number
        ("投入１２．５万元", ["投入", "１２．５", "万元"]),
        ("增长６．５％", ["增长", "６．５％"]),
        # white space: a run is one token, written as in the text
        ("一、\u3000\u3000党建", ["一", "、", "\u3000\u3000", "党建"]),
        ("工作\r\n总结", ["工作", "\r\n", "总结"]),
        ("甲  乙", ["甲", "  ", "乙"]),
        ("", []),
    ],
)
def test_examples(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("约谈XX人", ["约谈", "XX", "人"]),  # 约 here is no approximation word
        ("实行五加二、白加黑", ["实行", "五加二", "、", "白加黑"]),
        # local programme labels are in no dictionary (the spaCy export cuts tokens at slogan edges instead)
        pytest.param("落实三引一促", ["落实", "三引一促"],
                     marks=pytest.mark.xfail(strict=True, reason="local programme labels are cut apart")),
    ],
)
def test_genre_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "XX镇2018年度工作总结\r\n一、党的建设\r\n全年发展党员3名。",
        "\ufeff　　各位代表：\n现在，我代表县人民政府向大会报告工作。",
        "控制\x00字符\x0b与\ud800孤立代理",
        "混合 ASCII words, 标点！？and 😀 emoji",
        "\\r\\n字面的换行\\r\\n",
    ],
)
def test_offsets_are_exact(text: str) -> None:
    found = tokenize(text)
    assert "".join(word for word, _, _ in found) == text
    assert all(text[start:end] == word and end > start for word, start, end in found)
    assert all(a[2] == b[1] for a, b in itertools.pairwise(found))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工作总结两学一做万亿元年度１２３4.5%％XX　 \n\r\t“”（）、，。")), max_size=60))
def test_offsets_property(text: str) -> None:
    found = tokenize(text)
    assert "".join(word for word, _, _ in found) == text
    assert all(text[start:end] == word for word, start, end in found)


class _Dropper:
    """A segmenter that loses white space and changes a character, as some do."""

    name = "dropper"

    def cut(self, text: str) -> Iterable[str]:
        return [piece.replace("乙", "丙") for piece in text.split()]


@pytest.mark.parametrize(
    ("view", "pieces", "expected"),
    [
        ("甲 乙丁", ["甲", "乙丁"], [(0, 1), (1, 2), (2, 4)]),
        ("甲乙", ["甲", "丙"], [(0, 1), (1, 2)]),  # a piece found nowhere: its characters stay one each
        ("甲乙", ["", "甲乙"], [(0, 2)]),
        ("甲乙丙", [], [(0, 1), (1, 2), (2, 3)]),
    ],
)
def test_align(view: str, pieces: list[str], expected: list[tuple[int, int]]) -> None:
    assert align(view, pieces) == expected


def test_any_backend_gives_exact_offsets() -> None:
    text = "甲 乙丁\n戊"
    found = tokenize(text, backend=_Dropper())
    assert "".join(word for word, _, _ in found) == text
    assert all(text[s:e] == w for w, s, e in found)


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown tokenizer backend"):
        tokenize("文本", backend="no-such-segmenter")


def test_backend_is_shared() -> None:
    assert tokens.get_backend() is tokens.get_backend("jieba")


def test_user_dictionary_is_data() -> None:
    entries = user_dictionary()
    assert ("两学一做", 3000, "nz") in entries
    assert all(not word.startswith("#") and " " not in word for word, _, _ in entries)


def test_global_jieba_untouched() -> None:
    import jieba

    tokenize("聚焦两不愁三保障")
    assert tokens.get_backend()._tokenizer is not jieba.dt  # type: ignore[attr-defined]
    if jieba.dt.initialized:
        assert "两不愁三保障" not in jieba.dt.FREQ
    assert list(jieba.cut("聚焦两不愁三保障")) != ["聚焦", "两不愁三保障"]


def test_loaded_lazily() -> None:
    code = ("import sys, worksum, worksum.tokens as t\n"
            "assert not t._instances and 'jieba' not in sys.modules, 'loaded too early'\n"
            "t.tokenize('工作总结')\n"
            "assert list(t._instances) == ['jieba']\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
