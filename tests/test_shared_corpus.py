"""The real documents of ../shared/corpus (skipped where it is absent): the seed's tree in detail,
and every document parses with exact spans and a lossless block cover."""

from __future__ import annotations

from pathlib import Path

import pytest

import worksum
from worksum.normalize import normalize_view

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# MANIFEST.tsv: the 1954 report has no headings at all.
NO_HEADINGS = {"001.txt"}
DOCS = sorted(SHARED.glob("*.txt")) if SHARED.is_dir() else []


@pytest.fixture(scope="module")
def seed() -> worksum.Report:
    if not (SHARED / "seed.txt").exists():
        pytest.skip("../shared/corpus is absent")
    return worksum.parse_file(SHARED / "seed.txt")


def test_seed_title_and_noise(seed: worksum.Report) -> None:
    assert seed.blocks[0].kind == "noise"
    assert seed.title is not None
    assert seed.title.text == "XX党委政府2018年度工作总结"
    assert (seed.title.issuer, seed.title.year, seed.title.doc_type) == ("XX党委政府", 2018, "年度工作总结")


def test_seed_sections(seed: worksum.Report) -> None:
    kinds = [s.kind for s in seed.sections]
    assert kinds == ["preamble", "numbered", "numbered", "numbered", "numbered", "numbered", "closing"]
    top = [s for s in seed.sections if s.kind == "numbered"]
    assert [s.marker for s in top] == ["一、", "二、", "三、", "四、", "五、"]
    assert top[0].title == "坚持党要管党，从严治党，党的建设进一步加强"
    assert [c.marker for c in top[0].children] == ["（一）", "（二）", "（三）"]
    assert [c.title for c in top[0].children] == ["认真学习宣传贯彻党的十九大精神", "认真履行管党治党责任", "强化干事创业导向"]
    implicit = [[c.title for c in s.children if c.kind == "implicit"] for s in top[2:]]
    assert [len(titles) for titles in implicit] == [3, 4, 6]
    assert implicit[1][0] == "道路建设多点开花"
    closing = seed.sections[-1]
    assert closing.paragraphs[0].text.startswith("一年来的工作取得了一定成绩")
    assert top[-1].span.end <= closing.span.start


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_shared_document_parses_losslessly(path: Path) -> None:
    report = worksum.parse_file(path)
    text = report.text
    view = normalize_view(text)
    cursor = 0
    for block in report.blocks:
        assert text[block.span.start:block.span.end] == block.text
        assert not view[cursor:block.span.start].strip()
        cursor = block.span.end
    assert not view[cursor:].strip()
    for section in report.iter_sections():
        if section.title_span is not None:
            assert text[section.title_span.start:section.title_span.end] == section.title
        for paragraph in section.paragraphs:
            assert text[paragraph.span.start:paragraph.span.end] == paragraph.text
    assert bool(report.headings()) != (path.name in NO_HEADINGS), f"{path.name}: headings found or missed"
