"""The figures extractor: an example table by phenomenon, the seed document, the corpus, speed."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import worksum
from worksum.extract.figures import extract_figures
from worksum.models import Figure
from worksum.normalize import normalize_view

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CASES_FILE = Path(__file__).resolve().parent / "data" / "figure_cases.json"
DECIMAL_FIELDS = ("number", "value", "low", "high")


def figures_of(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Figure]:
    return extract_figures(text, normalize_view(text), exclude=exclude or [])


def _cases() -> list[Any]:
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    params = []
    for group, cases in data["groups"].items():
        for i, case in enumerate(cases):
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            params.append(pytest.param(case["text"], case["figures"], id=f"{group}-{i}", marks=marks))
    return params


def _check_field(figure: Figure, key: str, expected: Any) -> None:
    if key == "metric_contains":
        assert figure.metric is not None and expected in figure.metric, (figure.text, figure.metric)
        return
    actual = getattr(figure, key)
    if key in DECIMAL_FIELDS and expected is not None:
        assert actual is not None and actual == Decimal(expected), (figure.text, key, actual)
    else:
        assert actual == expected, (figure.text, key, actual)


@pytest.mark.parametrize(("text", "expected"), _cases())
def test_example_table(text: str, expected: list[dict[str, Any]]) -> None:
    figures = figures_of(text)
    assert [f.text for f in figures] == [e["text"] for e in expected]
    for figure, fields in zip(figures, expected, strict=True):
        for key, value in fields.items():
            if key != "text":
                _check_field(figure, key, value)


def test_example_table_is_large_and_grouped() -> None:
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    counts = {group: len(cases) for group, cases in data["groups"].items()}
    assert sum(counts.values()) >= 200
    assert all(n >= 8 for n in counts.values()), counts


def _assert_well_formed(text: str, figures: list[Figure]) -> None:
    previous = -1
    for f in figures:
        assert text[f.span.start : f.span.end] == f.text
        assert f.span.start >= previous
        previous = f.span.start
        if f.metric_span is not None:
            assert text[f.metric_span.start : f.metric_span.end] == f.metric
        if f.masked:
            assert f.number is None and f.value is None
        elif f.number is not None:
            assert f.value == f.number * f.multiplier
        for value in (f.number, f.value, f.low, f.high):
            assert value is None or isinstance(value, Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "全年实现地方财政收入XX万元，同比增长8%，居全县第一位。",
        "１２．８亿元、6%—6.5%、三至五年、翻两番、三分之一、百分之五",
        "增长８％\r\n左右，达到１，１００万元",
    ],
)
def test_spans_and_values_are_consistent(text: str) -> None:
    figures = figures_of(text)
    assert figures
    _assert_well_formed(text, figures)


@pytest.mark.parametrize(
    ("text", "exclude", "expected"),
    [
        ("增强“四个意识”，新建3所学校。", [(3, 7)], ["3所"]),
        ("2018年工作总结：完成投资3亿元。", [(0, 5)], ["3亿元"]),
        ("完成投资3亿元。", [(4, 5)], []),
        ("完成投资约3亿元。", [(4, 5)], []),
    ],
)
def test_exclude_spans(text: str, exclude: list[tuple[int, int]], expected: list[str]) -> None:
    assert [f.text for f in figures_of(text, exclude)] == expected


def test_view_of_another_length_is_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        extract_figures("增长8%", "增长8")


@pytest.mark.parametrize("filler", ["1", "X", "×", "Ｘ", "１", "1.", "一", "“"])
def test_a_megabyte_of_one_character_is_fast(filler: str) -> None:
    text = filler * 1_000_000
    view = normalize_view(text)
    started = time.perf_counter()
    extract_figures(text, view)
    assert time.perf_counter() - started < 1.0


# ---------------------------------------------------------------------- the seed document

# The 52 plainly quantitative figures of ../shared/corpus/seed.txt, as (offset, text): every
# placeholder with its unit and the three ranks. Facts about the document, not its sentences.
SEED_FIGURES = [
    (168, "XX万元"), (185, "XX亿元"), (201, "X亿元"), (329, "X篇"), (370, "XX次"), (757, "XX起"),
    (767, "XX人"), (773, "XX人"), (1174, "XX份"), (1182, "XX亿元"), (1200, "XX次"), (1212, "XX个"),
    (1220, "XX亿元"), (1231, "XX万元"), (1243, "X万元"), (1265, "X亿元"), (1276, "XX亿元"),
    (1299, "XX亿元"), (1326, "XX亿元"), (1479, "X余亩"), (1485, "X余亩"), (1570, "X个"), (1586, "XX个"),
    (1631, "X万元"), (1653, "XX余亩"), (1660, "X余万元"), (1711, "XX家"), (1719, "X家"), (1725, "第一位"),
    (1809, "X公里"), (1818, "X米"), (1828, "X公里"), (1855, "X公里"), (1916, "XX余万元"), (1939, "XX公里"),
    (1948, "XX万平方米"), (1959, "X万平方米"), (1969, "XX平方米"), (1981, "XX万株"), (1993, "X盏"),
    (2004, "X米"), (2012, "XX米"), (2022, "XX米"), (2030, "XX米"), (2084, "X余万元"), (2093, "XX平方米"),
    (2431, "XX余万元"), (2473, "第三名"), (2530, "第一位"), (2622, "第二名"), (2924, "X处"), (2931, "X处"),
]  # fmt: skip
# Counts inside the explanation of a programme label (一个目标, 两个重点 …): borderline, allowed.
SEED_BORDERLINE = {"两个", "三项", "四项"}


@pytest.fixture
def seed_text() -> str:
    path = SHARED / "corpus" / "seed.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus is absent (only the team's machines have it)")
    return path.read_text(encoding="utf-8")


def test_seed_has_all_52_plain_figures(seed_text: str) -> None:
    figures = figures_of(seed_text)
    found = {(f.span.start, f.text) for f in figures}
    assert len(SEED_FIGURES) == 52
    assert [item for item in SEED_FIGURES if item not in found] == []
    extra = {f.text for f in figures} - {t for _, t in SEED_FIGURES}
    assert extra <= SEED_BORDERLINE
    _assert_well_formed(seed_text, figures)


@pytest.mark.parametrize(
    "word", ["十九大", "2018年", "四个意识", "一二三四", "四个自信", "两不愁三保障", "第四届"]
)
def test_seed_names_are_not_figures(seed_text: str, word: str) -> None:
    assert word in seed_text
    for f in figures_of(seed_text):
        start = seed_text.find(word)
        while start >= 0:
            assert not (f.span.start < start + len(word) and start < f.span.end), (word, f.text)
            start = seed_text.find(word, start + 1)


def test_seed_revenue_reads_masked_yuan(seed_text: str) -> None:
    revenue = next(f for f in figures_of(seed_text) if f.span.start == 168)
    assert revenue.text == "XX万元"
    assert revenue.masked and revenue.number is None and revenue.value is None
    assert (revenue.unit, revenue.multiplier, revenue.kind) == ("元", 10_000, "money")
    assert revenue.metric == "地方财政收入"
    assert revenue.metric_span is not None
    assert seed_text[revenue.metric_span.start : revenue.metric_span.end] == "地方财政收入"


def test_seed_ranks_have_scope(seed_text: str) -> None:
    ranks = [f for f in figures_of(seed_text) if f.kind == "rank"]
    assert [(f.text, f.number, f.scope) for f in ranks] == [
        ("第一位", 1, "全县"),
        ("第三名", 3, "全县"),
        ("第一位", 1, "全县"),
        ("第二名", 2, None),
    ]


# ---------------------------------------------------------------------- the whole corpus


def test_whole_corpus_never_raises() -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent (only the team's machines have it)")
    files = sorted(corpus.glob("*.txt"))
    assert files
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        figures = figures_of(text)
        _assert_well_formed(text, figures)
        total += len(figures)
    assert total > 1000


def test_annotated_documents_score() -> None:
    """F1 of figure spans and exactness of values on the team's gold in corpora/."""
    if not (ROOT / "corpora").is_dir():
        pytest.skip("corpora/ is absent")
    from worksum.evaluation import evaluate
    from worksum.models import Report

    def parse(text: str, source: object = None) -> Report:
        return Report.model_construct(text=text, figures=figures_of(text))

    metrics = evaluate([ROOT / "corpora"], parse=parse).metrics()
    assert metrics["figures.f1"] >= 0.97
    for key in ("value", "unit", "multiplier"):
        assert metrics[f"figure_value.{key}.accuracy"] >= 0.95, key


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        # A phrase that ends in a joiner or 等 is not the figure's noun: the noun comes after the figure.
        ("民生支出占比达76.3%，10项“暖民心”行动和50项民生实事高质量完成。",
         [("76.3%", "民生支出占比"), ("10项", "“暖民心”行动"), ("50项", "民生实事")]),
        ("待批项目、开发区建设等4项任务全面完成。", [("4项", "任务")]),
        ("我们主要做了以下六个方面工作。", [("六个", "方面工作")]),
        # …but a verb that ends in the same character (惠及, 参与) is no joiner.
        ("发放补贴486万元、惠及4.2万人次。", [("486万元", "补贴"), ("4.2万人次", "惠及")]),
        # A count right before a noun counts that noun (what stands before it is a verb or a scope).
        ("对全区14个景区景点进行提升。", [("14个", "景区景点")]),
        ("启动了光明、富强、友好三个蔬菜生产园区建设。", [("三个", "蔬菜生产园区")]),
        ("投资2650万元改扩建15个社区党群服务站。", [("2650万元", "投资"), ("15个", "社区党群服务站")]),
        # …unless the noun before it ends in the classifier, or a verb follows the count.
        ("全村贫困户十八户入社分红。", [("十八户", "贫困户")]),
        # …or the words after the count are the next figure's metric.
        ("签约项目15个总投资50亿元。", [("15个", "签约项目"), ("50亿元", "总投资")]),
        ("新增规上企业12家带动就业800人。", [("12家", "规上企业"), ("800人", "就业")]),
        ("引进企业5家落户园区。", [("5家", "企业")]),
        ("县级行政审批事项由286项精简。", [("286项", "县级行政审批事项")]),
        ("放宽市场准入24条措施取得新进展。", [("24条", "措施")]),
        ("容易、安大两条建材通道如期通车。", [("两条", "建材通道")]),
        ("新建3个社区卫生服务中心，2所乡镇中学。", [("3个", "社区卫生服务中心"), ("2所", "乡镇中学")]),  # 中 of 中心 stops nothing
        ("改造提升24个高速公路服务区。", [("24个", "高速公路服务区")]),  # nor does 高 of 高速 stop the count's noun
        ("收入500万元以上的规模企业32家。", [("500万元以上", "收入"), ("32家", "规模企业")]),  # no 的 opens a metric
        # 分别, 累计 … right after a figure: no noun of its own follows it there.
        ("建档立卡贫困户301户611人全部脱贫。", [("301户", "建档立卡贫困户"), ("611人", "建档立卡贫困户")]),
        ("新开工5个建设项目。", [("5个", "建设项目")]),
        ("新建学校2所。", [("2所", "学校")]),
        # A year is no figure: the metric goes on past it, and a year that opens the phrase is time.
        ("空气质量优良天数比2015年增加98天。", [("98天", "空气质量优良天数")]),
        ("1985年国家财政支出1304亿元。", [("1304亿元", "国家财政支出")]),
        ("2019年底全县贫困发生率降至1.2%。", [("1.2%", "贫困发生率")]),
        ("较2015年末增长12%。", [("12%", None)]),
    ],
)
def test_metric_before_or_after_the_figure(sentence: str, metrics: list[tuple[str, str | None]]) -> None:
    report = worksum.parse("一、工作回顾\n" + sentence + "\n")
    assert [(f.text, f.metric) for f in report.figures] == metrics
