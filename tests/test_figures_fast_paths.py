"""The figures reader's fast paths change nothing: examples pinned from the reader before them.

The reader skips work where a neighbouring character rules it out (a lone Chinese numeral with
nothing after it that could make it a figure, qualifier and change words looked up only after
one of their last characters, a target cue's sentence end found once ...). Each example below
takes one of those paths, or the general path right next to it; the expected figures are what
the reader gave before the fast paths, compared as JSON byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksum.extract import figures
from worksum.extract.figures import extract_figures
from worksum.normalize import normalize_view

CASES = json.loads((Path(__file__).resolve().parent / "data" / "figure_fast_paths.json").read_text("utf-8"))


def _dump(figure: dict[str, Any]) -> str:
    return json.dumps(figure, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["text"][:12])
def test_same_figures_as_before_the_fast_paths(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [f.model_dump_json() for f in extract_figures(text, normalize_view(text))]
    assert got == [_dump(f) for f in case["figures"]]


def test_the_examples_hold_figures() -> None:
    assert sum(len(case["figures"]) for case in CASES["cases"]) >= 60


# The candidate scan leaves out lone Chinese numerals by their neighbours: what it finds must be what
# _CORE.search finds, less exactly those numerals _bare_cn rejects (one character, nothing around).
_PIECES = [
    *"一二两三四五六七八九十百千万亿零〇壹伍陆第前之分番几是个大元年%.,-，、；。“”（）X×0123456789 \n",
    "百分之",
    "分之",
    "翻",
    "万元",
    "亿元",
    "公里",
    "以上",
    "左右",
    "余",
    "多",
    "至",
    "—",
    "kW",
    "届",
]


def _search_less_bare(view: str) -> list[tuple[int, int]]:
    reader = figures._Reader(view, view, [])
    found, pos = [], 0
    while (m := figures._CORE.search(view, pos)) is not None:
        lone = m.lastgroup == "cn" and m.end() - m.start() == 1 and reader._bare_cn(m.start(), m.end())
        if not lone:
            found.append(m.span())
        pos = m.end()
    return found


def _scan(view: str) -> list[tuple[int, int]]:
    first = figures._lexicon().core_first
    found, pos = [], 0
    while (m := figures._next_core(view, pos, first)) is not None:
        found.append(m.span())
        pos = m.end()
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_candidate_scan_leaves_out_only_bare_numerals(view: str) -> None:
    assert _scan(view) == _search_less_bare(view)


@pytest.mark.parametrize(
    "view", ["统一", "一是", "三大", "第一", "前三", "百分之五", "十五", "一万", "三分之一", "翻一番", "一几"]
)
def test_candidate_scan_examples(view: str) -> None:
    assert _scan(view) == _search_less_bare(view)
