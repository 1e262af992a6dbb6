"""Reading .docx: paragraphs, tables, automatic numbering; damaged and unsafe archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import worksum
from worksum.errors import CorruptDocumentError, EmptyDocumentError

docx = pytest.importorskip("docx")


def _write(path: Path, lines: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    document.save(str(path))
    return path


def test_paragraphs_and_tables(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.docx", ["南山街道2022年工作总结", "一、社区治理", "全年化解矛盾纠纷126件。",
                                        "二、民生服务", "新增就业岗位320个。"], [["指标", "数值"], ["就业", "320人"]])
    report = worksum.parse_file(path)
    assert report.encoding == "docx"
    assert [s.title for s in report.headings()] == ["社区治理", "民生服务"]
    assert "就业\t320人" in report.text
    assert report.title is not None and report.title.year == 2022


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"this is not a zip archive")
    with pytest.raises(CorruptDocumentError, match=r"fake\.docx"):
        worksum.parse_file(path)


def test_zip_without_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CorruptDocumentError, match=r"word/document\.xml"):
        worksum.parse_file(path)


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (40 << 20))
    with pytest.raises(CorruptDocumentError, match="zip bomb"):
        worksum.parse_file(path, max_bytes=1 << 20)


def test_empty_docx(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.docx", [])
    with pytest.raises(EmptyDocumentError):
        worksum.parse_file(path)


def test_automatic_numbering_becomes_markers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("北坡村2019年工作总结")
    document.add_paragraph("基础设施", style="List Number")
    document.add_paragraph("新修道路3公里，硬化村内巷道12条，安装路灯40盏。")
    document.add_paragraph("产业发展", style="List Number")
    document.add_paragraph("新发展核桃种植500亩，带动农户86户增收。")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    report = worksum.parse_file(path)
    assert [(s.marker, s.title) for s in report.headings()] == [("1.", "基础设施"), ("2.", "产业发展")]
