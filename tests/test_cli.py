"""The core commands: outline, parse, schema, slogans (batch, eval and render have their own tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksum.cli import main
from worksum.models import Report

DOC = "河口镇2021年工作总结\n一、经济发展\n全年完成投资3亿元，落实“六稳”“六保”任务。\n二、社会事业\n新建幼儿园2所。\n"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="gb18030")
    return path


def test_outline(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outline", str(doc)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("TITLE 河口镇2021年工作总结")
    assert out[1:] == ["一、经济发展", "二、社会事业"]


def test_parse_prints_json_reports(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(doc)]) == 0
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.encoding == "gb18030"
    assert [f.text for f in report.figures] == ["3亿元", "2所"]


def test_folder_with_a_broken_file_reports_it_and_goes_on(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (doc.parent / "empty.txt").write_bytes(b"")
    assert main(["outline", str(doc.parent)]) == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err
    assert "一、经济发展" in captured.out


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == Report.model_json_schema()


def test_slogans_table(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slogans", str(doc), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["canonical"] for row in rows} == {"六稳", "六保"}
    assert all(row["year"] == 2021 for row in rows)


@pytest.mark.parametrize("command", ["outline", "parse", "schema", "eval", "batch", "render", "slogans"])
def test_every_command_has_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "example" in capsys.readouterr().out.lower()
