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
