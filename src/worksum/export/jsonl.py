"""JSON Lines files that survive a killed process.

A record is one line, written to a file opened in append mode with a single
``write`` of the whole line (newline included), so a process killed with SIGKILL
leaves either the whole record or none of it. Should a crash of the machine still
leave a partial last line, :func:`repair` cuts it off before the file is read or
appended to again; the document it belonged to is then simply done again.

>>> from worksum.export.jsonl import read_reports
>>> for report in read_reports("out/reports.jsonl"):  # doctest: +SKIP
...     print(report.title)
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from ..models import Report

_CHUNK = 1 << 20


def repair(path: str | Path) -> int:
    """Cut a partial last line off a JSON Lines file; the number of bytes removed (0 when whole).

    A missing file counts as whole. Only the tail is checked: records before the last line
    break were each written whole.
    """
    path = Path(path)
    if not path.exists():
        return 0
    size = path.stat().st_size
    with path.open("rb+") as handle:
        end = size
        while end > 0:
            start = max(0, end - _CHUNK)
            handle.seek(start)
            chunk = handle.read(end - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
    return size - keep


def iter_lines(path: str | os.PathLike[str]) -> Iterator[str]:
    """The complete records of a JSON Lines file, without their line breaks (blank lines skipped)."""
    with Path(path).open("r", encoding="utf-8", newline="\n") as handle:
        for line in handle:
            if line.endswith("\n") and line.strip():
                yield line[:-1]


def read_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Each complete record of a JSON Lines file, as a dict."""
    for line in iter_lines(path):
        record: dict[str, Any] = json.loads(line)
        yield record


def read_reports(path: str | os.PathLike[str]) -> Iterator[Report]:
    """The reports of a ``reports.jsonl`` written by ``worksum batch`` (or ``worksum run``), validated."""
    for line in iter_lines(path):
        yield Report.model_validate_json(line)


class JsonlWriter:
    """Appends records to a JSON Lines file, one ``write`` per record.

    Opened with ``O_APPEND``: the file is never truncated, and every record lands whole after the ones
    already there. Use as a context manager; :meth:`write_line` takes one serialised record.
    """

    def __init__(self, path: str | Path, *, truncate: bool = False, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        if truncate:
            flags |= os.O_TRUNC
        self._fd: int | None = os.open(self.path, flags, 0o644)
        self.count = 0

    def write_line(self, line: str) -> None:
        """Append one record: ``line`` must not hold a line break (JSON never does)."""
        if "\n" in line:
            raise ValueError("a JSON Lines record cannot hold a line break")
        self._append((line + "\n").encode("utf-8"))

    def write_line_bytes(self, line: bytes) -> None:
        """:meth:`write_line` for a record already encoded as UTF-8 (a worker's JSON): no decode and re-encode."""
        if b"\n" in line:
            raise ValueError("a JSON Lines record cannot hold a line break")
        self._append(line + b"\n")

    def _append(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError(f"{self.path} is closed")
        view = memoryview(data)
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            while view:  # a short write happens only on errors such as a full disk; finish or fail loudly
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError:
            # Cut the file back to where this record began: a half record is never left behind.
            with contextlib.suppress(OSError):  # --resume repairs the tail if even this fails
                os.ftruncate(self._fd, start)
            raise
        if self.fsync:
            os.fsync(self._fd)
        self.count += 1

    def write(self, record: dict[str, Any]) -> None:
        self.write_line(json.dumps(record, ensure_ascii=False, separators=(",", ":")))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def write_atomic(path: str | Path, data: str) -> None:
    """Replace a small file in one step: write a temporary file beside it, then rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)
