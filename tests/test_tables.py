"""Flat tables: rows per table with doc id and section path, pandas frames, CSV and Parquet files."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import worksum
from worksum.batch import parse_many
from worksum.export.jsonl import JsonlWriter
from worksum.export.tables import TABLES, doc_id_of, require_pyarrow, rows, write_tables
from worksum.models import Cue, Figure, QuotedTerm, Report, Slogan, Span, Statement

TEXT = (
    "河西区2021年工作总结\n"
    "一、经济发展\n"
    "（一）财政收入稳步增长。全年地方财政收入1.2亿元，增长6.5%。\n"
    "（二）项目建设。新建“美丽乡村”示范点3个，落实“两不愁三保障”政策。\n"
    "二、存在的问题\n"
    "产业结构不优，创新能力不强。\n"
    "三、明年打算\n"
    "力争新增就业岗位约500个。\n"
)


def at(text: str, needle: str) -> Span:
    start = TEXT.index(needle)
    assert text[start:start + len(needle)] == needle
    return Span(start=start, end=start + len(needle))


def sample(source: str | None = "河西区.txt") -> Report:
    """A parsed report with figures, slogans, quoted terms and statements filled in by hand (their extractors
    are tested elsewhere; here only the flattening matters)."""
    report = worksum.parse(TEXT, source=source)
    report.figures = [
        Figure(text="1.2亿元", span=at(TEXT, "1.2亿元"), number=Decimal("1.2"), multiplier=10**8,
               value=Decimal("120000000.0"), unit="元", kind="money", metric="地方财政收入",
               metric_span=at(TEXT, "地方财政收入"), change="increase"),
        Figure(text="6.5%", span=at(TEXT, "6.5%"), number=Decimal("6.5"), value=Decimal("6.5"), unit="%",
               kind="percent", change="increase"),
        Figure(text="约500个", span=at(TEXT, "约500个"), number=Decimal("500"), value=Decimal("500"), unit="个",
               kind="count", approx=True, qualifier="约", target=True),
    ]
    report.slogans = [
        Slogan(text="两不愁三保障", span=at(TEXT, "两不愁三保障"), canonical="两不愁三保障", kind="numeric",
               known=True, expansion=["不愁吃", "不愁穿", "义务教育有保障"], quoted=True),
    ]
    report.quoted_terms = [QuotedTerm(text="美丽乡村", span=at(TEXT, "美丽乡村"), kind="honour")]
    plan = "力争新增就业岗位约500个"
    report.plans = [Statement(role="plan", text=plan, span=at(TEXT, plan), section_id="s3",
                              section_path=["明年打算"], cue=Cue(text="力争", span=at(TEXT, "力争")),
                              figures=[report.figures[2]])]
    report.problems = [Statement(role="problem", text="产业结构不优", span=at(TEXT, "产业结构不优"))]
    report.achievements = []
    return report


@pytest.fixture
def report() -> Report:
    return sample()


def test_every_table_has_its_columns(report: Report) -> None:
    out = rows(report)
    assert set(out) == set(TABLES)
    for name, table_rows in out.items():
        for row in table_rows:
            assert list(row) == [c for c, _ in TABLES[name]], name


def test_document_row(report: Report) -> None:
    (doc,) = rows(report)["documents"]
    assert doc["doc_id"] == "河西区.txt"
    assert (doc["title"], doc["year"], doc["figures"], doc["slogans"], doc["plans"]) == (
        "河西区2021年工作总结", 2021, 3, 1, 1)
    assert doc["chars"] == len(TEXT)


def test_section_rows_carry_parent_and_path(report: Report) -> None:
    sections = {r["section_id"]: r for r in rows(report)["sections"]}
    sub = sections["s1.1"]
    assert (sub["parent_id"], sub["level"], sub["marker"], sub["title"]) == ("s1", 2, "（一）", "财政收入稳步增长")
    assert sub["section_path"] == "经济发展 > 财政收入稳步增长"
    assert TEXT[sub["title_start"]:sub["title_end"]] == "财政收入稳步增长"
    assert sections["s1"]["parent_id"] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2亿元", {"section_id": "s1.1", "section_path": "经济发展 > 财政收入稳步增长", "number": Decimal("1.2"),
                   "multiplier": 100000000, "value": Decimal("120000000.0"), "unit": "元", "kind": "money",
                   "metric": "地方财政收入", "change": "increase", "masked": False, "target": False}),
        ("6.5%", {"unit": "%", "kind": "percent", "value": Decimal("6.5"), "metric": None, "metric_start": None}),
        ("约500个", {"section_id": "s3", "section_path": "明年打算", "approx": True, "qualifier": "约",
                   "target": True, "kind": "count"}),
    ],
)
def test_figure_rows(report: Report, text: str, expected: dict[str, Any]) -> None:
    row = next(r for r in rows(report)["figures"] if r["text"] == text)
    assert TEXT[row["start"]:row["end"]] == text
    for column, value in expected.items():
        assert row[column] == value, column
    if row["metric"] is not None:
        assert TEXT[row["metric_start"]:row["metric_end"]] == row["metric"]


def test_slogan_quoted_and_statement_rows(report: Report) -> None:
    out = rows(report)
    (slogan,) = out["slogans"]
    assert slogan["expansion"] == "不愁吃 | 不愁穿 | 义务教育有保障"
    assert (slogan["section_id"], slogan["known"], slogan["issuer"]) == ("s1.2", True, None)
    (term,) = out["quoted_terms"]
    assert (term["text"], term["kind"], term["brackets"]) == ("美丽乡村", "honour", "“”")
    problem, plan = out["statements"]  # in text order
    assert (problem["role"], problem["section_path"]) == ("problem", "存在的问题")  # from the tree
    assert (plan["role"], plan["section_id"], plan["cue"], plan["figures"]) == ("plan", "s3", "力争", 1)
    assert TEXT[plan["cue_start"]:plan["cue_end"]] == "力争"


def test_doc_ids() -> None:
    assert doc_id_of(sample(None), 3) == "#3"
    assert rows(sample(None))["documents"][0]["doc_id"] == "#0"
    assert rows(sample(None), "mine")["figures"][0]["doc_id"] == "mine"


# --- pandas -------------------------------------------------------------------------------------------------

try:
    import pandas as pd
except ImportError:  # the rows and CSV need no pandas; the frames do
    pd = None
needs_pandas = pytest.mark.skipif(pd is None, reason="pandas is not installed")


@needs_pandas
def test_to_frames_types_and_values(report: Report) -> None:
    frames = worksum.to_frames([report, sample(None)])
    figures = frames.figures
    assert list(figures.columns) == [c for c, _ in TABLES["figures"]]
    assert len(figures) == 6 and set(figures["doc_id"]) == {"河西区.txt", "#1"}
    assert figures.loc[0, "value"] == 120000000.0 and str(figures["value"].dtype) == "float64"
    assert str(figures["multiplier"].dtype) == "Int64" and str(figures["approx"].dtype) == "boolean"
    assert pd.isna(figures.loc[1, "metric"])
    assert [name for name, _ in frames.items()] == list(TABLES)


@needs_pandas
def test_empty_tables_keep_their_columns() -> None:
    frames = worksum.to_frames([worksum.parse("没有标题的一段话。")])
    assert frames.figures.empty and list(frames.figures.columns) == [c for c, _ in TABLES["figures"]]
    assert str(frames.figures["start"].dtype) == "Int64"
    empty = worksum.to_frames([])
    assert all(frame.empty for _, frame in empty.items())


@needs_pandas
def test_to_frames_reads_jsonl_and_parse_many_results(tmp_path: Path, report: Report) -> None:
    path = tmp_path / "reports.jsonl"
    with JsonlWriter(path) as writer:
        writer.write_line(report.model_dump_json())
    from_file = worksum.to_frames(path)
    from_memory = worksum.to_frames([report])
    for (name, a), (_, b) in zip(from_file.items(), from_memory.items(), strict=True):
        pd.testing.assert_frame_equal(a, b, obj=name)
    results = list(parse_many([TEXT, b""], workers=1))  # the failure is left out
    assert worksum.to_frames(results).documents["doc_id"].tolist() == ["#0"]
    with pytest.raises(TypeError):
        worksum.to_frames([42])  # type: ignore[list-item]


def test_to_frames_says_what_to_install(monkeypatch: pytest.MonkeyPatch, report: Report) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'worksum\[parquet\]'"):
        worksum.to_frames([report])


# --- files --------------------------------------------------------------------------------------------------

def test_csv_keeps_decimals_exact(tmp_path: Path, report: Report) -> None:
    counts = write_tables([report], tmp_path, formats=("csv",))
    assert counts == {"documents": 1, "sections": len(rows(report)["sections"]), "figures": 3, "slogans": 1,
                      "quoted_terms": 1, "statements": 2, "list_items": 0}
    with (tmp_path / "figures.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    assert (figures[0]["value"], figures[0]["number"], figures[0]["masked"]) == ("120000000.0", "1.2", "false")
    assert (figures[1]["metric"], figures[2]["approx"]) == ("", "true")
    assert not (tmp_path / "figures.parquet").exists()


def plain(series: Any) -> list[Any]:
    return [None if pd.isna(value) else value for value in series.tolist()]


@needs_pandas
def test_parquet_matches_the_frames(tmp_path: Path, report: Report) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    reports = [report, sample("其他.txt"), sample(None)]
    write_tables(reports, tmp_path, batch_rows=2)
    frames = worksum.to_frames(reports)
    for name, frame in frames.items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.column_names == [c for c, _ in TABLES[name]]
        back = table.to_pandas()
        assert len(back) == len(frame)
        for column, _ in TABLES[name]:
            assert plain(back[column]) == plain(frame[column]), (name, column)
    assert pq.ParquetFile(tmp_path / "figures.parquet").metadata.num_row_groups >= 2  # written as it filled
    types = {f.name: str(f.type) for f in pq.read_schema(tmp_path / "figures.parquet")}
    assert (types["value"], types["start"], types["approx"], types["unit"]) == ("double", "int64", "bool", "string")


def test_a_failed_write_leaves_no_table(tmp_path: Path, report: Report) -> None:
    def stream() -> Iterator[Report]:
        yield report
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError):
        write_tables(stream(), tmp_path, formats=("csv",))
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_missing_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            report: Report) -> None:
    with pytest.raises(ValueError):
        write_tables([report], tmp_path, formats=("xlsx",))  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install 'worksum\[parquet\]'"):
        require_pyarrow()
    with pytest.raises(ImportError):
        write_tables([report], tmp_path)


def test_list_items_table() -> None:
    text = "一、存在的问题\n一是产业层次不高；二是基础设施薄弱。\n"
    table = rows(worksum.parse(text), "d")["list_items"]
    assert [(r["list_index"], r["style"], r["item_index"], r["marker"], r["text"]) for r in table] == [
        (0, "shi", 0, "一是", "产业层次不高"), (0, "shi", 1, "二是", "基础设施薄弱")]
    assert all(text[r["marker_start"]:r["marker_end"]] == r["marker"] for r in table)
    assert {r["section_id"] for r in table} == {"s1"}
