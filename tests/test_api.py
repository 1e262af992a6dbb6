"""The public contract: names, types, spans, JSON round trip, the golden schema, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import worksum
from worksum.models import Report

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = (
    "本文仅供学习参考，请勿照搬照抄！\n"
    "柳河乡2021年度工作总结\n"
    "2021年，柳河乡党委政府团结带领全乡干部群众，全年实现地方财政收入860万元。\n"
    "一、党的建设\n（一）思想建设。全年开展集中学习20次。\n（二）组织建设。发展党员6名。\n"
    "二、产业发展\n产业结构持续优化。新发展林果1200亩。特色品牌加快培育。新增“三品一标”产品3个。\n"
    "一年来，我们取得了一定成绩，但也存在不少问题和不足。今后，我们将继续努力。\n"
)


def test_public_names() -> None:
    for name in ("parse", "parse_file", "Report", "Section", "Span", "Figure", "Slogan", "Statement", "Title",
                 "Diagnostic", "WorksumError", "DecodeError", "__version__"):
        assert hasattr(worksum, name), name


def test_every_span_is_exact_and_sections_nest() -> None:
    report = worksum.parse(SAMPLE)
    text = report.text
    assert text == SAMPLE
    for block in report.blocks:
        assert text[block.span.start:block.span.end] == block.text
    for section in report.iter_sections():
        assert section.span.start <= section.span.end
        if section.title_span is not None:
            assert text[section.title_span.start:section.title_span.end] == section.title
            assert section.span.contains(section.title_span)
        for paragraph in section.paragraphs:
            assert text[paragraph.span.start:paragraph.span.end] == paragraph.text
            assert section.span.contains(paragraph.span)
            for sentence in paragraph.sentences:
                assert text[sentence.span.start:sentence.span.end] == sentence.text
        for child in section.children:
            assert section.span.contains(child.span)
    assert report.title is not None and report.title.text == "柳河乡2021年度工作总结"


def test_json_round_trip() -> None:
    report = worksum.parse(SAMPLE, source="sample.txt")
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.source == "sample.txt"


def test_iter_sections_is_depth_first() -> None:
    report = worksum.parse(SAMPLE)
    ids = [s.id for s in report.iter_sections()]
    assert ids == ["preamble", "s1", "s1.1", "s1.2", "s2", "s2.1", "s2.2", "closing"]
    assert report.section_at(SAMPLE.index("发展党员")) is not None
    assert report.section_at(SAMPLE.index("发展党员")).id == "s1.2"  # type: ignore[union-attr]


def test_schema_matches_golden_file() -> None:
    golden = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert Report.model_json_schema() == golden, "the output contract changed: run `make schema` and review the diff"


@pytest.mark.parametrize("bad", [b"\xe4\xb8\xad", 42, None, ["一、"], Path("x.txt")])
def test_non_str_input_gets_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        worksum.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n\t\u3000\n", "blank_text"),
        ("This is an English annual report.\n1. Revenue grew 5%.", "no_chinese"),
        ("\x00\x01\x02中文\x7f", "control_characters"),
        ("乱码\ufffd\ufffd文本", "replacement_characters"),
    ],
)
def test_bad_text_gives_a_report_with_warnings(text: str, code: str) -> None:
    report = worksum.parse(text)
    assert report.text == text
    assert code in {w.code for w in report.warnings}


def test_import_is_light() -> None:
    code = "import sys, worksum; print(sorted(m for m in ('jieba', 'spacy', 'pandas', 'pyarrow', 'dask', 'charset_normalizer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
