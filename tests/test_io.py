"""Reading files: encodings, errors that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import worksum
from worksum.errors import DecodeError, EmptyDocumentError, FileTooLargeError, UnsupportedFormatError

TEXT = "石门镇2020年工作总结\n一、经济发展\n全年完成财政收入1200万元，同比增长8.5%。\n二、社会事业\n新建幼儿园2所。\n"


@pytest.mark.parametrize(
    ("encoding", "data", "reported"),
    [
        ("utf-8", TEXT.encode("utf-8"), "utf-8"),
        ("utf-8-sig", TEXT.encode("utf-8-sig"), "utf-8-sig"),
        ("gb18030", TEXT.encode("gb18030"), "gb18030"),
        ("gbk", TEXT.encode("gbk"), "gb18030"),
        ("utf-16", TEXT.encode("utf-16"), "utf-16"),
        ("utf-16-le-nobom", TEXT.encode("utf-16-le"), "utf-16-le"),
        ("utf-16-be-nobom", TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, data: bytes, reported: str) -> None:
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(data)
    report = worksum.parse_file(path)
    assert report.text == TEXT
    assert report.encoding == reported
    assert report.source == str(path)
    assert [s.title for s in report.headings()] == ["经济发展", "社会事业"]


def test_crlf_file_keeps_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    report = worksum.parse_file(path)
    assert report.text == TEXT.replace("\n", "\r\n")
    assert [s.title for s in report.headings()] == ["经济发展", "社会事业"]


def test_undecodable_bytes_name_the_file_and_encodings(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DecodeError) as info:
        worksum.parse_file(path)
    message = str(info.value)
    assert "broken.txt" in message
    assert "utf-8" in message and "gb18030" in message
    assert info.value.path == str(path)


@pytest.mark.parametrize("content", [b"", b"   \r\n\t "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocumentError, match=r"empty\.txt"):
        worksum.parse_file(path)


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnsupportedFormatError, match=r"report\.pdf"):
        worksum.parse_file(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 10)
    with pytest.raises(FileTooLargeError, match=r"big\.txt") as info:
        worksum.parse_file(path, max_bytes=100)
    assert info.value.limit == 100


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        worksum.parse_file(tmp_path / "nope.txt")
