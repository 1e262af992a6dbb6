"""Batch under faults (issue 10): broken files, a file removed mid-run, a read-only or failing output disk,
SIGKILL of the run or of a worker, then ``--resume``.

In every case the run completes what it can, reports the rest (failures.jsonl, a message), never leaves a
truncated record where a reader would take it for whole, and never writes a document twice. The
invariants are checked by :func:`check_output` after every run, killed or not.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import worksum
import worksum.batch_cli
from strategies import minimal_docx
from worksum.batch import Failure, Parsed, parse_many
from worksum.cli import main
from worksum.export import jsonl

# --------------------------------------------------------------------------- a corpus with broken files

PARAGRAPH = "全年完成固定资产投资{n}.5亿元，同比增长{m}%，新建农村公路{n}0公里，“四好农村路”建设扎实推进。"


def document(index: int, paragraphs: int = 6) -> str:
    """A document of the genre, different for each index (written for these tests)."""
    lines = [f"青石{index}镇20{10 + index % 14}年工作总结"]
    for part, title in enumerate(("经济发展", "社会事业", "存在的问题", "下一步打算")):
        lines.append(f"{'一二三四'[part]}、{title}")
        lines += [PARAGRAPH.format(n=index + k, m=k + 1) for k in range(paragraphs)]
    return "\n".join(lines) + "\n"


def write_good(folder: Path, count: int, paragraphs: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"doc{index:03d}.txt"
        path.write_text(document(index, paragraphs), encoding="utf-8" if index % 3 else "gb18030")
        paths.append(path)
    return paths


#: Broken files: name → (bytes, the error type its failure record must carry).
BROKEN: dict[str, tuple[bytes, str]] = {
    "noise.txt": (bytes(range(256)) * 16, "DecodeError"),
    "empty.txt": (b"", "EmptyDocumentError"),
    "blank.md": (b" \r\n\t\r\n", "EmptyDocumentError"),
    "fake.docx": (b"this is not a zip archive", "CorruptDocumentError"),
    "cut.docx": (minimal_docx(["一、经济发展"] * 40)[:300], "CorruptDocumentError"),
    "empty.docx": (minimal_docx([]), "EmptyDocumentError"),
    "scan.pdf": (b"%PDF-1.4\n", "UnsupportedFormatError"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "UnsupportedFormatError"),
    "mixed.txt": ("一、经济发展\n".encode() + "二、社会事业\n".encode("gbk"), "DecodeError"),
}


def write_broken(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in BROKEN.items():
        (folder / name).write_bytes(data)
    return {name: error for name, (_, error) in BROKEN.items()}


# --------------------------------------------------------------------------- what every output must satisfy


def lines_of(path: Path) -> tuple[list[str], bytes]:
    """The complete lines of a JSON Lines file, and the unterminated tail (b"" when the file is whole)."""
    if not path.exists():
        return [], b""
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    return data[:cut].decode("utf-8").splitlines(), data[cut:]


def check_output(out: Path, *, whole: bool = True) -> tuple[Counter[str], Counter[str]]:
    """Every complete record is valid; nothing twice; no document both parsed and failed.

    ``whole``: the files also end with a complete record (true unless the run died inside a write).
    Returns the counts of report sources and failure doc_ids."""
    report_lines, report_tail = lines_of(out / "reports.jsonl")
    failure_lines, failure_tail = lines_of(out / "failures.jsonl")
    if whole:
        assert report_tail == b"" and failure_tail == b"", "a truncated record was left at the end of a file"
    sources: Counter[str] = Counter()
    for line in report_lines:
        report = worksum.Report.model_validate_json(line)
        assert report.source is not None
        sources[report.source] += 1
    failed: Counter[str] = Counter()
    for line in failure_lines:
        record = json.loads(line)
        assert {"doc_id", "error_type", "message"} <= set(record)
        failed[record["doc_id"]] += 1
    assert all(n == 1 for n in sources.values()), f"reports written twice: {[s for s, n in sources.items() if n > 1]}"
    assert all(n == 1 for n in failed.values()), f"failures written twice: {[s for s, n in failed.items() if n > 1]}"
    assert not set(sources) & set(failed), f"both parsed and failed: {set(sources) & set(failed)}"
    return sources, failed


def failure_types(out: Path) -> dict[str, str]:
    lines, _ = lines_of(out / "failures.jsonl")
    return {Path(r["doc_id"]).name: r["error_type"] for r in map(json.loads, lines)}


def run(*args: str) -> int:
    return main(["batch", *args, "-q", "--no-progress"])


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize("workers", ["1", "2"])
def test_broken_files_become_failure_records(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             workers: str) -> None:
    good = write_good(tmp_path / "corpus", 8)
    expected = write_broken(tmp_path / "corpus" / "broken")
    out = tmp_path / "out"
    # the corpus, and one of its files again by name: each document is still done once
    status = run(str(tmp_path / "corpus"), str(good[0]), "-o", str(out), "-j", workers, "--max-bytes", "100000")
    assert status == 1
    sources, _ = check_output(out)
    assert set(sources) == {str(p) for p in good}
    assert failure_types(out) == expected
    err = capsys.readouterr().err
    assert f"{len(good) + len(expected)} documents: {len(good)} parsed, {len(expected)} failed" in err
    for record in map(json.loads, lines_of(out / "failures.jsonl")[0]):
        assert record["crash"] is False, f"a broken file made worksum crash: {record}"
        assert Path(record["doc_id"]).name in record["message"], "the message names the file"


def test_overlapping_inputs_are_each_done_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_good(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    assert run(str(tmp_path / "corpus"), str(tmp_path / "corpus" / "*.txt"), "-o", str(out), "-j", "1") == 0
    sources, _ = check_output(out)
    assert sources == Counter(str(p) for p in good)
    capsys.readouterr()


def test_a_file_over_the_size_limit_is_a_failure_not_a_crash(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    good = write_good(tmp_path / "corpus", 3)
    (tmp_path / "corpus" / "huge.txt").write_text(document(99, paragraphs=400), encoding="utf-8")
    out = tmp_path / "out"
    assert run(str(tmp_path / "corpus"), "-o", str(out), "-j", "1", "--max-bytes", "20000") == 1
    sources, _ = check_output(out)
    assert set(sources) == {str(p) for p in good}
    assert failure_types(out) == {"huge.txt": "FileTooLargeError"}
    capsys.readouterr()


# --------------------------------------------------------------------------- a file changes while the run goes


def _damage(path: Path, how: str) -> None:
    if how == "removed":
        path.unlink()
    elif how == "replaced_by_a_folder":
        path.unlink()
        path.mkdir()
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "overwritten_with_noise":
        path.write_bytes(bytes(range(256)) * 8)


CHANGES = {"removed": "FileNotFoundError", "replaced_by_a_folder": "IsADirectoryError", "emptied": "EmptyDocumentError",
           "overwritten_with_noise": "DecodeError"}


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("how", list(CHANGES))
def test_a_file_changed_while_the_run_is_going(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], workers: str, how: str) -> None:
    good = write_good(tmp_path / "corpus", 10)
    victim = good[7]

    def damaging(inputs: Iterable[Any], **options: Any) -> Iterator[Parsed | Failure]:
        def items() -> Iterator[Any]:
            for index, item in enumerate(inputs):
                if index == 2:  # the run is going: two documents handed out, the victim not yet
                    _damage(victim, how)
                yield item

        return parse_many(items(), **options)

    monkeypatch.setattr(worksum.batch_cli, "parse_many", damaging)
    out = tmp_path / "out"
    assert run(str(tmp_path / "corpus"), "-o", str(out), "-j", workers) == 1
    sources, _ = check_output(out)
    assert set(sources) == {str(p) for p in good if p != victim}
    assert failure_types(out) == {victim.name: CHANGES[how]}
    assert "FAILED" in capsys.readouterr().err


# --------------------------------------------------------------------------- the output disk


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written to: a read-only tmpfs (as root), or a folder without write permission."""
    folder = tmp_path / "read_only"
    folder.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("running as root and cannot mount a read-only file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file systems")
@pytest.mark.parametrize("inside", [False, True], ids=["the_folder", "a_new_subfolder"])
def test_read_only_output_is_a_clear_error(tmp_path: Path, read_only_folder: Path, inside: bool,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_good(tmp_path / "corpus", 2)
    out = read_only_folder / "out" if inside else read_only_folder
    status = run(str(tmp_path / "corpus"), "-o", str(out), "-j", "1")
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("worksum batch:") and str(out) in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX file systems")
def test_read_only_output_stops_before_parsing(tmp_path: Path, read_only_folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write_good(tmp_path / "corpus", 2)
    parsed: list[object] = []

    def no_parsing(inputs: Iterable[Any], **options: Any) -> Iterator[Parsed | Failure]:
        parsed.append(inputs)
        return iter(())

    monkeypatch.setattr(worksum.batch_cli, "parse_many", no_parsing)
    try:
        status: int | None = run(str(tmp_path / "corpus"), "-o", str(read_only_folder / "out"), "-j", "1")
    except OSError:  # today the error escapes: see test_read_only_output_is_a_clear_error
        status = None
    assert status != 0
    assert parsed == [], "documents were parsed although nothing could be written"
    assert list(read_only_folder.iterdir()) == []


class _FailingDisk:
    """``os`` for the JSON Lines writer: after ``good`` records, writes fail (half a record, then an error)."""

    def __init__(self, good: int, code: int = errno.ENOSPC, *, partial: bool = True) -> None:
        self.good = good
        self.code = code
        self.partial = partial
        self.writes = 0

    def write(self, fd: int, data: Any) -> int:
        self.writes += 1
        if self.writes <= self.good:
            return os.write(fd, data)
        if self.partial and self.writes == self.good + 1:
            return os.write(fd, bytes(data[: len(data) // 2]))  # a short write: half the record lands
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO], ids=["disk_full", "read_only", "io_error"])
@pytest.mark.parametrize("partial", [False, True], ids=["nothing_written", "half_a_record_written"])
def test_output_disk_failing_mid_run_then_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str], code: int, partial: bool) -> None:
    good = write_good(tmp_path / "corpus", 8)
    out = tmp_path / "out"
    disk = _FailingDisk(good=3, code=code, partial=partial)
    monkeypatch.setattr(jsonl, "os", disk)
    try:
        status: int | None = run(str(tmp_path / "corpus"), "-o", str(out), "-j", "1")
    except OSError as exc:  # today the error escapes (see test_a_failing_disk_is_a_clear_error)
        assert exc.errno == code
        status = None
    assert status != 0
    # Readers never take the half record for a whole one: it has no line break.
    sources, _ = check_output(out, whole=not partial)
    assert len(sources) == 3
    assert len(list(jsonl.read_reports(out / "reports.jsonl"))) == 3
    monkeypatch.undo()  # the disk is fixed
    assert run(str(tmp_path / "corpus"), "-o", str(out), "--resume", "-j", "1") == 0
    sources, failed = check_output(out)
    assert sources == Counter(str(p) for p in good) and not failed
    capsys.readouterr()


def test_a_failing_disk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write_good(tmp_path / "corpus", 5)
    monkeypatch.setattr(jsonl, "os", _FailingDisk(good=2, partial=False))
    status = run(str(tmp_path / "corpus"), "-o", str(tmp_path / "out"), "-j", "1")
    err = capsys.readouterr().err
    assert status not in (0, None) and "No space left on device" in err and "--resume" in err


def test_a_failed_write_leaves_no_partial_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "reports.jsonl"
    monkeypatch.setattr(jsonl, "os", _FailingDisk(good=1, partial=True))
    with jsonl.JsonlWriter(path) as writer:
        writer.write_line('{"a":1}')
        with pytest.raises(OSError):
            writer.write_line('{"b":"' + "x" * 100 + '"}')
    assert path.read_bytes() == b'{"a":1}\n'


# --------------------------------------------------------------------------- records that cannot be written


def test_pool_survives_a_report_that_cannot_be_serialised() -> None:
    texts = [document(1), "一、经济\ud800发展\n增长5%。", document(2)]
    results = list(worksum.parse_many(texts, workers=2))
    assert [r.ok for r in results] == [True, False, True]


def test_serial_run_survives_a_report_that_cannot_be_serialised() -> None:
    # Without a pool each result is yielded; only asking for its JSON fails, and only for that document.
    results = list(worksum.parse_many([document(1), "一、经济\ud800发展\n", document(2)], workers=1))
    assert [r.ok for r in results] == [True, True, True]
    assert isinstance(results[0], Parsed) and results[0].json and isinstance(results[2], Parsed) and results[2].json


# --------------------------------------------------------------------------- SIGKILL, of the run or of a worker


def _descendants(pid: int) -> dict[int, tuple[int, str]]:
    """Processes below ``pid``: pid → (parent pid, command line)."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        table[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmdline)
    found: dict[int, tuple[int, str]] = {}
    frontier = {pid}
    while frontier:
        children = {p for p, (parent, _) in table.items() if parent in frontier and p not in found}
        found.update({p: table[p] for p in children})
        frontier = children
    return found


def _count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _batch_command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "worksum.cli", "batch", str(corpus), "-o", str(out), "-q", "--no-progress", "-j",
            "2", *extra]


def _kill_when(process: subprocess.Popen[bytes], out: Path, records: int, timeout: float = 60) -> int:
    """SIGKILL the run once ``records`` reports and failures are on disk; how many there were."""
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline and process.poll() is None:
        seen = _count_lines(out / "reports.jsonl") + _count_lines(out / "failures.jsonl")
        if seen >= records:
            break
        time.sleep(0.01)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return seen


posix_proc = pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs POSIX and /proc")


@pytest.mark.slow
@posix_proc
def test_killed_twice_then_resumed_with_broken_files(tmp_path: Path) -> None:
    good = write_good(tmp_path / "corpus", 40, paragraphs=30)
    expected_failures = write_broken(tmp_path / "corpus" / "broken")
    out = tmp_path / "out"
    total = len(good) + len(expected_failures)
    first = subprocess.Popen(_batch_command(tmp_path / "corpus", out), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _kill_when(first, out, total // 4)
    assert first.returncode == -signal.SIGKILL, "the first run ended before it was killed"
    check_output(out, whole=False)  # a kill may in principle land inside a write: --resume cuts the tail
    second = subprocess.Popen(_batch_command(tmp_path / "corpus", out, "--resume"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    _kill_when(second, out, total // 2)
    assert second.returncode == -signal.SIGKILL, "the second run ended before it was killed"
    check_output(out, whole=False)
    final = subprocess.run(_batch_command(tmp_path / "corpus", out, "--resume"), capture_output=True, text=True,
                           timeout=120)
    assert final.returncode == 1, final.stderr  # the broken files
    sources, failed = check_output(out)
    assert sources == Counter(str(p) for p in good)
    assert failure_types(out) == expected_failures and sum(failed.values()) == len(expected_failures)


@pytest.mark.slow
@posix_proc
def test_a_worker_killed_mid_run_costs_nothing(tmp_path: Path) -> None:
    good = write_good(tmp_path / "corpus", 40, paragraphs=30)
    out = tmp_path / "out"
    process = subprocess.Popen(_batch_command(tmp_path / "corpus", out), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline and process.poll() is None:
        if _count_lines(out / "reports.jsonl") >= 3:
            tree = _descendants(process.pid)
            servers = {pid for pid, (_, cmd) in tree.items() if "forkserver" in cmd and tree[pid][0] == process.pid}
            workers = [pid for pid, (parent, cmd) in tree.items()
                       if (parent in servers or (parent == process.pid and pid not in servers))
                       and "resource_tracker" not in cmd]
            if workers:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
        time.sleep(0.01)
    _, err = process.communicate(timeout=120)
    assert killed is not None, "no worker was found to kill"
    assert process.returncode == 0, err.decode()
    sources, failed = check_output(out)
    assert sources == Counter(str(p) for p in good), "a document was lost or written twice"
    assert not failed


# --------------------------------------------------------------------------- the streaming API under faults


def test_parse_many_reports_every_input_once_whatever_fails(tmp_path: Path) -> None:
    good = write_good(tmp_path / "corpus", 4)
    broken = tmp_path / "corpus" / "noise.txt"
    broken.write_bytes(bytes(range(256)) * 8)
    items: list[Any] = [*good, broken, tmp_path / "missing.txt", "一、经济发展\n", b"\xff\xfe\x00", ("x.docx", b"PK"),
                        ("named", document(5))]
    results = list(worksum.parse_many(items, workers=2))
    assert [r.index for r in results] == list(range(len(items)))
    assert [r.ok for r in results] == [True] * 4 + [False, False, True, False, False, True]
    assert all(not r.crash for r in results if isinstance(r, Failure))
