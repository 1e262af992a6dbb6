"""Slogans and quoted terms: the example table, the seed, the shared corpus, linearity and rows."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksum.extract.lexicon import load_lexicon
from worksum.extract.slogans import canonical_form, classify_quoted, extract_slogans, find_quotes, slogan_rows
from worksum.models import QuotedTerm, Report, Slogan, Span, Title
from worksum.normalize import normalize_view

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
CASES: list[dict[str, Any]] = json.loads((HERE / "data" / "slogan_cases.json").read_text(encoding="utf-8"))
SLOGAN_FIELDS = ("canonical", "kind", "known", "issuer", "quoted", "category", "expansion")


def _extract(text: str) -> tuple[list[Slogan], list[QuotedTerm]]:
    return extract_slogans(text, normalize_view(text))


def _check_invariants(text: str, slogans: list[Slogan], terms: list[QuotedTerm]) -> None:
    for item in [*slogans, *terms]:
        assert text[item.span.start : item.span.end] == item.text
    for slogan in slogans:
        if slogan.issuer is not None:
            assert slogan.issuer_span is not None
            assert text[slogan.issuer_span.start : slogan.issuer_span.end] == slogan.issuer
            assert slogan.issuer_span.end <= slogan.span.start
        assert slogan.known == bool(slogan.category)
    for a, b in itertools.pairwise(slogans):
        assert a.span.end <= b.span.start, (a.text, b.text)  # no two slogans overlap


def _case_params() -> list[Any]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def test_table_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 120
    assert len({case["id"] for case in CASES}) == len(CASES)
    kinds = {s.get("kind") for case in CASES for s in case["slogans"]}
    assert {"numeric", "couplet", "programme", "phrase"} <= kinds
    quoted = {q["kind"] for case in CASES for q in case.get("quoted", [])}
    assert {"slogan", "honour", "brand", "event", "title", "masked", "name", "other"} <= quoted


@pytest.mark.parametrize("case", _case_params())
def test_example(case: dict[str, Any]) -> None:
    text: str = case["text"]
    slogans, terms = _extract(text)
    _check_invariants(text, slogans, terms)
    assert [s.text for s in slogans] == [want["text"] for want in case["slogans"]]
    for slogan, want in zip(slogans, case["slogans"], strict=True):
        for name in SLOGAN_FIELDS:
            if name in want:
                assert getattr(slogan, name) == want[name], (slogan.text, name)
    got_terms = [(t.text, t.kind) for t in terms]
    for want in case.get("quoted", []):
        assert (want["text"], want["kind"]) in got_terms


# --------------------------------------------------------------------------- small units


@pytest.mark.parametrize(
    ("content", "after", "kind", "slogan_kind"),
    [
        ("四联八建", "工程", "slogan", "numeric"),
        ("走出去、请进来", "", "slogan", "couplet"),
        ("智慧安监", "平台", "slogan", "programme"),
        ("苦干实干巧干", "", "slogan", "phrase"),
        ("组组通", "公路", "slogan", "programme"),  # a reduplicated scope and what each gets
        ("班班通", "", "slogan", "programme"),
        ("严打", "斗争", "slogan", "programme"),  # in the lexicon, quoted only
        ("悄悄话", "", "other", None),  # reduplicated, but no scope
        ("步步高", "", "other", None),
        ("百千万工程", "", "slogan", "numeric"),  # 千万 inside a numeric slogan counts
        ("五个一起", "", "slogan", "numeric"),
        ("万人起诉率", "下降", "other", None),  # a statistic per ten thousand people
        ("千人医生数", "", "other", None),
        ("百姓书房", "", "other", None),  # 百 of 百姓 counts nothing
        ("不拘一格", "", "other", None),  # an idiom
        ("茶坡芹菜", "被认定为", "brand", None),
        ("激情领跑", "全国农民体育健身大赛", "event", None),
        ("XX省森林乡镇", "等称号", "honour", None),
        ("XX", "", "masked", None),
        ("十四五", "规划", "name", None),
    ],
)
def test_classify_quoted(content: str, after: str, kind: str, slogan_kind: str | None) -> None:
    verdict = classify_quoted(content, after=after)
    assert (verdict.kind, verdict.slogan_kind) == (kind, slogan_kind)


def test_classify_title_brackets() -> None:
    assert classify_quoted("两学一做", brackets="《》").kind == "title"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("１＋５", "1+5"),
        ("抢时间,抓机遇;争一流,创品牌", "抢时间，抓机遇；争一流，创品牌"),
        ("五加二、 白加黑", "五加二、白加黑"),
    ],
)
def test_canonical_form(written: str, canonical: str) -> None:
    assert canonical_form(normalize_view(written)) == canonical


def test_find_quotes_spans_and_trimming() -> None:
    view = normalize_view('甲“ 乙丙 ”丁《戊》‘己’「庚」"辛"')
    quotes = find_quotes(view)
    assert [view[q.start : q.end] for q in quotes] == ["乙丙", "戊", "己", "庚", "辛"]
    assert [q.brackets for q in quotes] == ["“”", "《》", "‘’", "「」", '""']


def test_ascii_quotes_need_chinese() -> None:
    assert find_quotes('value "abc" and "12"') == []


def test_view_length_mismatch_is_recomputed() -> None:
    text = "落实“１＋５”体系"
    slogans, _ = extract_slogans(text, "")
    assert [s.canonical for s in slogans] == ["1+5"]


def test_explicit_lexicon_argument() -> None:
    text = "坚持“四个意识”"
    slogans, _ = extract_slogans(text, normalize_view(text), lexicon=load_lexicon())
    assert slogans[0].known


# --------------------------------------------------------------------------- linearity and robustness


@pytest.mark.parametrize(
    "text",
    [
        "“" + "测试文字" * 250_000,
        "“四个" * 150_000,
        "《" * 500_000,
        ("“" + "一" * 299) * 3_000,
        "1+" * 400_000,
        "一二三四五六七八九十" * 80_000,
    ],
    ids=["unbalanced", "many-open", "many-titles", "long-contents", "plus-run", "numerals"],
)
def test_linear_on_hostile_input(text: str) -> None:
    started = time.perf_counter()
    slogans, terms = _extract(text)
    assert time.perf_counter() - started < 5.0
    _check_invariants(text, slogans, terms)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('“”‘’《》"、，；。一二三四个大加+1X5意识工程省委市\n 　１＋')),
        max_size=80,
    )
)
def test_never_raises_and_spans_exact(text: str) -> None:
    slogans, terms = _extract(text)
    _check_invariants(text, slogans, terms)


def test_crlf_and_controls() -> None:
    text = "落实\r\n“四个意识”\x00和“六个一”\r\n"
    slogans, terms = _extract(text)
    _check_invariants(text, slogans, terms)
    assert [s.text for s in slogans] == ["四个意识", "六个一"]


# --------------------------------------------------------------------------- rows for `worksum slogans DIR`


def _report(source: str, year: int | None, text: str) -> Report:
    slogans, terms = _extract(text)
    title = Title(text="x", span=Span(start=0, end=0), year=year) if year else None
    return Report(text=text, source=source, title=title, slogans=slogans, quoted_terms=terms)


def test_slogan_rows() -> None:
    reports = [
        _report("a.txt", 2018, "省委“1+5”和“四个意识”，再谈“四个意识”与省委“1+5”，市委“1+5”。"),
        _report("b.txt", None, "坚持两不愁三保障。"),
    ]
    rows = slogan_rows(reports)
    assert rows == [
        {"document": "a.txt", "year": 2018, "issuer": "省委", "canonical": "1+5", "kind": "numeric",
         "category": None, "known": False, "count": 2},
        {"document": "a.txt", "year": 2018, "issuer": None, "canonical": "四个意识", "kind": "numeric",
         "category": "party_building", "known": True, "count": 2},
        {"document": "a.txt", "year": 2018, "issuer": "市委", "canonical": "1+5", "kind": "numeric",
         "category": None, "known": False, "count": 1},
        {"document": "b.txt", "year": None, "issuer": None, "canonical": "两不愁三保障", "kind": "numeric",
         "category": "poverty_alleviation", "known": True, "count": 1},
    ]  # fmt: skip


def test_slogan_rows_empty() -> None:
    assert slogan_rows([]) == []
    assert slogan_rows([Report(text="")]) == []


# --------------------------------------------------------------------------- ../shared/corpus


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Slogan], list[QuotedTerm]]:
    path = CORPUS / "seed.txt"
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    text = path.read_text(encoding="utf-8")
    slogans, terms = _extract(text)
    return text, slogans, terms


SEED_REQUIRED = [
    ("四个意识", None), ("四个自信", None), ("四个服从", None), ("两学一做", None), ("坚定跟党走、永葆先进性", None),
    ("四种形态", None), ("1+5", "省委"), ("四个四", "市委"), ("三大优先战略", "县委"), ("一二三四", None),
    ("苦干实干巧干", None), ("五加二、白加黑", None), ("抢时间，抓机遇，大干快上；争一流，创品牌，赶超跨越", None),
    ("三引一促", None), ("走出去、请进来", None), ("三品一标", None), ("一村一主题、一庄一产业", None),
    ("十大工程", None), ("两不愁三保障", None), ("六个一", None), ("四联八建", None), ("全面改薄", None),
    ("天网工程", None), ("雪亮工程", None), ("智慧安监", None), ("节地、生态、美化", None), ("三大优先", "县委"),
    ("四个三", None),
]  # fmt: skip


@pytest.mark.parametrize(("slogan", "issuer"), SEED_REQUIRED, ids=[s for s, _ in SEED_REQUIRED])
def test_seed_has(seed: tuple[str, list[Slogan], list[QuotedTerm]], slogan: str, issuer: str | None) -> None:
    _, slogans, _ = seed
    found = [s for s in slogans if s.text == slogan]
    assert found
    if issuer is not None:
        assert all(s.issuer == issuer for s in found)


@pytest.mark.parametrize("text", ["XX省森林乡镇", "茶坡芹菜", "激情领跑", "XX", "X"])
def test_seed_has_not(seed: tuple[str, list[Slogan], list[QuotedTerm]], text: str) -> None:
    _, slogans, terms = seed
    assert text not in [s.text for s in slogans]
    assert all(t.kind != "slogan" for t in terms if t.text == text)
    assert any(t.text == text for t in terms)


def test_seed_known_details(seed: tuple[str, list[Slogan], list[QuotedTerm]]) -> None:
    text, slogans, terms = seed
    _check_invariants(text, slogans, terms)
    by_text = {s.text: s for s in slogans}
    assert by_text["四个意识"].expansion == ["政治意识", "大局意识", "核心意识", "看齐意识"]
    assert by_text["两学一做"].kind == "programme" and by_text["两学一做"].known
    assert by_text["1+5"].issuer_span is not None
    assert not by_text["四联八建"].known and by_text["四联八建"].kind == "numeric"
    assert by_text["五加二、白加黑"].kind == "couplet"
    kinds = {t.text: t.kind for t in terms}
    assert (kinds["XX省森林乡镇"], kinds["茶坡芹菜"], kinds["激情领跑"], kinds["XX"]) == (
        "honour",
        "brand",
        "event",
        "masked",
    )


DOCS = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not DOCS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_shared_corpus_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    slogans, terms = _extract(text)
    assert time.perf_counter() - started < 2.0
    _check_invariants(text, slogans, terms)
    assert terms == sorted(terms, key=lambda t: (t.span.start, t.span.end))
