"""Many documents: parse_many (pool, order, failures, streaming, crashed workers), finding files,
JSON Lines that survive SIGKILL, and `worksum batch` (exit codes, --resume, --tables, a real kill -9)."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import worksum
import worksum.batch as batch
from worksum import cli
from worksum.batch import Counts, Failure, Parsed, find_documents, parse_many, parse_one, text_from_bytes
from worksum.errors import DecodeError, EmptyDocumentError
from worksum.export.jsonl import JsonlWriter, iter_lines, read_reports, repair

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CN = "一二三四五六七八九十"


def document(n: int, parts: int = 3, paragraphs: int = 2) -> str:
    """A small work summary written for these tests; ``n`` varies its figures."""
    lines = [f"云台镇{2010 + n % 12}年工作总结"]
    for part in range(parts):
        lines.append(f"{CN[part]}、第{CN[part]}项重点工作")
        for p in range(paragraphs):
            lines.append(f"全镇新修机耕道路{n + p + 1}公里，改造农田{(n + 3) * (p + 2)}亩，"
                         f"完成年度计划的{90 + (n + p) % 10}%。")
    lines.append("一年来，工作取得了一定成绩，但也存在产业基础薄弱等问题。下一步，我们将继续努力。")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, *, parts: int = 3, paragraphs: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"doc{n:04d}.txt"
        path.write_text(document(n, parts, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def write_broken(folder: Path) -> dict[str, str]:
    """Files that cannot be read, and the error each must end as."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "invalid.txt").write_bytes("工作总结".encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip archive at all" * 8)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    return {"invalid.txt": "DecodeError", "empty.txt": "EmptyDocumentError",
            "corrupt.docx": "CorruptDocumentError", "scan.pdf": "UnsupportedFormatError"}


# --- parse_many ------------------------------------------------------------------------------------------

ITEMS = [
    # (item, ok, doc_id, error_type or encoding)
    pytest.param(document(1), True, "#0", None, id="text"),
    pytest.param(document(2).encode("gb18030"), True, "#0", "gb18030", id="gbk-bytes"),
    pytest.param(("my-id", document(3)), True, "my-id", None, id="named-text"),
    pytest.param(("county/a.txt", document(4).encode("utf-16")), True, "county/a.txt", "utf-16", id="named-bytes"),
    pytest.param(b"", False, "#0", "EmptyDocumentError", id="empty-bytes"),
    pytest.param(b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 5, False, "#0", "DecodeError", id="invalid-bytes"),
    pytest.param(("x.docx", b"not a zip"), False, "x.docx", "CorruptDocumentError", id="corrupt-docx-bytes"),
    pytest.param(("scan.pdf", b"%PDF"), False, "scan.pdf", "UnsupportedFormatError", id="pdf-bytes"),
    pytest.param(("big.txt", b"x" * 2048), False, "big.txt", "FileTooLargeError", id="too-large"),
]


@pytest.mark.parametrize(("item", "ok", "doc_id", "detail"), ITEMS)
def test_parse_one_items(item: batch.Item, ok: bool, doc_id: str, detail: str | None) -> None:
    result = parse_one(item, max_bytes=1024 if doc_id == "big.txt" else None)
    assert result.ok is ok
    assert result.doc_id == doc_id
    if isinstance(result, Parsed):
        assert result.report.encoding == detail
        assert result.report.source == (doc_id if not doc_id.startswith("#") else None)
        assert result.counts == Counts.of(result.report)
    else:
        assert isinstance(result, Failure)
        assert (result.error_type, result.crash, result.traceback) == (detail, False, None)


def test_paths_and_missing_files(tmp_path: Path) -> None:
    good, = write_corpus(tmp_path, 1)
    results = list(parse_many([good, tmp_path / "missing.txt"], workers=1))
    assert results[0].ok and results[0].doc_id == str(good)
    assert results[0].report.model_dump_json() == worksum.parse_file(good).model_dump_json()
    failure = results[1]
    assert isinstance(failure, Failure)
    assert (failure.error_type, failure.path, failure.crash) == ("FileNotFoundError", str(tmp_path / "missing.txt"),
                                                                 False)


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_gives_what_parse_gives_in_input_order(workers: int) -> None:
    texts = [document(n) for n in range(12)] + [b"", ("n.txt", document(20).encode("gb18030"))]
    results = list(parse_many(texts, workers=workers, window=3))
    assert [r.index for r in results] == list(range(len(texts)))
    for text, result in zip(texts[:12], results, strict=False):
        assert isinstance(result, Parsed)
        assert result.json == worksum.parse(text).model_dump_json()  # type: ignore[arg-type]
    assert isinstance(results[12], Failure) and results[12].error_type == "EmptyDocumentError"
    assert results[13].ok and results[13].report.encoding == "gb18030"


def test_unordered_gives_every_result_once() -> None:
    texts = [document(n, parts=1 + n % 4) for n in range(16)]
    results = list(parse_many(texts, workers=2, ordered=False))
    assert sorted(r.index for r in results) == list(range(16))
    assert all(r.ok for r in results)


def test_streaming_reads_ahead_only_a_window() -> None:
    taken: list[int] = []

    def endless() -> Iterator[str]:
        n = 0
        while True:
            taken.append(n)
            yield document(n)
            n += 1

    results = parse_many(endless(), workers=2, window=4)
    first = [next(results) for _ in range(3)]
    assert [r.index for r in first] == [0, 1, 2]
    assert len(taken) <= 3 + 4 + 1  # what was yielded, the window, and the one that found the window full
    results.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("workers", [1, 2])
def test_on_error_raise_raises_the_typed_error(workers: int) -> None:
    with pytest.raises(EmptyDocumentError):
        list(parse_many([document(1), b"", document(2)], workers=workers, on_error="raise"))
    with pytest.raises(DecodeError) as caught:
        list(parse_many([("bad.txt", b"\xc3\x28\xa0\xa1" * 5)], workers=workers, on_error="raise"))
    assert "bad.txt" in str(caught.value)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: parse_many([document(1)], workers=0), ValueError),
        (lambda: parse_many([document(1)], on_error="skip"), ValueError),  # type: ignore[arg-type]
        (lambda: parse_many([document(1)], window=0), ValueError),
        (lambda: parse_many(document(1)), TypeError),
        (lambda: list(parse_many([3.5], workers=1)), TypeError),  # type: ignore[list-item]
        (lambda: list(parse_many([document(1), 7], workers=2)), TypeError),  # type: ignore[list-item]
    ],
)
def test_wrong_calls(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_a_crash_is_a_failure_with_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, **kwargs: object) -> worksum.Report:
        raise IndexError("a bug in an extractor")

    monkeypatch.setattr("worksum.pipeline.parse", broken)
    result = parse_one(document(1))
    assert isinstance(result, Failure)
    assert (result.error_type, result.crash) == ("IndexError", True)
    assert result.traceback is not None and "a bug in an extractor" in result.traceback


_real_parse_one = batch.parse_one


def _dies_on_poison(item: batch.Item, index: int = 0, **kwargs: object) -> batch.Result:
    if isinstance(item, str) and "POISON" in item:
        os._exit(9)  # what the kernel's OOM killer or a crash in native code looks like to the pool
    return _real_parse_one(item, index, **kwargs)  # type: ignore[arg-type]


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_worker_that_dies_costs_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "parse_one", _dies_on_poison)  # forked workers inherit it
    texts = [document(n) for n in range(6)]
    texts[3] = "POISON\n" + texts[3]
    results = list(parse_many(texts, workers=2, start_method="fork"))
    assert [r.index for r in results] == list(range(6))
    assert [r.ok for r in results] == [True, True, True, False, True, True]
    failure = results[3]
    assert isinstance(failure, Failure)
    assert (failure.error_type, failure.crash) == ("WorkerCrashedError", True)
    with pytest.raises(batch.WorkerCrashedError):
        list(parse_many(texts, workers=2, start_method="fork", on_error="raise"))


def test_workers_warm_up_once() -> None:
    batch.warm_up()
    assert batch.warm_up() == 1


def test_results_travel_as_json() -> None:
    result = parse_one(("a", document(5)))
    assert isinstance(result, Parsed)
    state = pickle.dumps(result)
    assert b"Report" not in state  # no model objects, only the JSON string
    back = pickle.loads(state)
    assert isinstance(back, Parsed)
    assert (back.doc_id, back.counts, back.json) == (result.doc_id, result.counts, result.json)
    assert back.report == result.report


def test_failure_records_round_trip() -> None:
    failure = Failure(index=4, doc_id="a/b.txt", path="a/b.txt", error_type="DecodeError",
                      message="a/b.txt: the bytes are not text")
    record = failure.to_dict()
    assert record == {"doc_id": "a/b.txt", "path": "a/b.txt", "error_type": "DecodeError",
                      "message": "a/b.txt: the bytes are not text", "crash": False}
    assert Failure.from_dict(record, index=4) == failure
    assert failure.line() == "FAILED a/b.txt: DecodeError: the bytes are not text"


def test_counts_line() -> None:
    result = parse_one(document(2))
    assert isinstance(result, Parsed)
    assert result.counts.line("x.txt").startswith("x.txt: 云台镇2012年工作总结 | 3 headings, ")


def test_named_docx_bytes_are_read_as_word(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    word = docx.Document()
    for line in ("湖滨街道2021年工作总结", "一、社区治理", "全年调解纠纷85件。"):
        word.add_paragraph(line)
    word.save(str(tmp_path / "a.docx"))
    text, encoding = text_from_bytes((tmp_path / "a.docx").read_bytes(), "s3://bucket/a.docx")
    assert encoding == "docx" and "社区治理" in text
    with pytest.raises(worksum.CorruptDocumentError) as caught:
        text_from_bytes(b"not a zip", "s3://bucket/b.docx")
    assert caught.value.path == "s3://bucket/b.docx"
    assert str(caught.value).startswith("s3://bucket/b.docx: ") and "worksum-" not in str(caught.value)


# --- finding documents -------------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("a.txt", "b.md", "c.docx", "d.pdf", "e.doc", "README.md", "MANIFEST.tsv", "notes.json",
                 ".hidden.txt", "sub/f.txt", "sub/deeper/g.TXT", ".git/h.txt", "gold/x.gold.json"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("inputs", "exclude", "expected", "missing"),
    [
        # a folder's own files first, then its subfolders, each sorted
        (["."], [], ["a.txt", "b.md", "c.docx", "d.pdf", "e.doc", "sub/f.txt", "sub/deeper/g.TXT"], []),
        (["sub", "sub/f.txt", "."], [], ["sub/f.txt", "sub/deeper/g.TXT", "a.txt", "b.md", "c.docx", "d.pdf",
                                         "e.doc"], []),
        (["README.md", "notes.json"], [], ["README.md", "notes.json"], []),  # named files are always taken
        (["*.txt"], [], ["a.txt"], []),
        (["**/*.txt"], [], ["a.txt", "sub/f.txt"], []),
        (["."], ["*.pdf", "*.doc", "sub/*"], ["a.txt", "b.md", "c.docx", "sub/deeper/g.TXT"], []),
        (["nothing.txt", "*.xyz", "a.txt"], [], ["a.txt"], ["nothing.txt", "*.xyz"]),
    ],
)
def test_find_documents(tree: Path, monkeypatch: pytest.MonkeyPatch, inputs: list[str], exclude: list[str],
                        expected: list[str], missing: list[str]) -> None:
    monkeypatch.chdir(tree)
    found, not_found = find_documents(inputs, exclude=exclude)
    assert [p.as_posix() for p in found] == expected
    assert not_found == missing


# --- JSON Lines --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b"", b""),
        (b'{"a":1}\n', b'{"a":1}\n'),
        (b'{"a":1}\n{"b":', b'{"a":1}\n'),
        (b'{"b":', b""),
        (b'{"a":1}\n{"b":2}\n', b'{"a":1}\n{"b":2}\n'),
        (b'{"a":1}\n' + b"x" * (3 << 20), b'{"a":1}\n'),  # a torn tail longer than one read chunk
    ],
)
def test_repair_cuts_only_a_partial_last_record(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(content)
    assert repair(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


def test_writer_appends_whole_records(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    with JsonlWriter(path) as writer:
        writer.write({"doc_id": "甲", "n": 1})
        writer.write_line('{"doc_id":"乙\\u2028"}')
        with pytest.raises(ValueError):
            writer.write_line("two\nlines")
    with JsonlWriter(path) as writer:
        writer.write({"doc_id": "丙"})
    assert [json.loads(line)["doc_id"] for line in iter_lines(path)] == ["甲", "乙\u2028", "丙"]
    assert repair(tmp_path / "absent.jsonl") == 0


# --- worksum batch -----------------------------------------------------------------------------------------

def run_cli(*args: str) -> int:
    return cli.main(["batch", *args])


def sources(out: Path) -> list[str]:
    return [json.loads(line)["source"] for line in iter_lines(out / "reports.jsonl")]


def failure_types(out: Path) -> dict[str, str]:
    return {Path(r["doc_id"]).name: r["error_type"] for r in map(json.loads, iter_lines(out / "failures.jsonl"))}


def test_batch_writes_reports_and_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = write_corpus(tmp_path / "corpus", 6)
    expected_failures = write_broken(tmp_path / "corpus" / "broken")
    out = tmp_path / "out"
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "-j", "2") == 1
    assert sources(out) == [str(p) for p in docs]
    assert failure_types(out) == expected_failures
    reports = list(read_reports(out / "reports.jsonl"))
    assert reports[0].model_dump_json() == worksum.parse_file(docs[0]).model_dump_json()
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 6 and "doc0000.txt: 云台镇2010年工作总结 | 3 headings" in captured.out
    assert "FAILED" in captured.err and "10 documents: 6 parsed, 4 failed" in captured.err
    info = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert info["cwd"] == os.getcwd() and info["inputs"] == [str(tmp_path / "corpus")]


def test_batch_exit_codes_and_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = write_corpus(tmp_path / "corpus", 4)
    out = str(tmp_path / "out")
    assert run_cli(str(tmp_path / "corpus"), "-o", out, "-q") == 0
    assert run_cli(str(tmp_path / "corpus"), "-o", out) == 2  # results there: --resume or --overwrite
    assert "--resume" in capsys.readouterr().err
    assert run_cli(str(tmp_path / "corpus"), "-o", out, "--resume") == 0
    assert "4 documents: 0 parsed, 0 failed, 4 done before" in capsys.readouterr().err
    write_corpus(tmp_path / "more", 2)
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    assert run_cli(str(tmp_path / "corpus"), str(tmp_path / "more"), "-o", out, "--resume", "-q") == 1
    assert len(sources(Path(out))) == 6 and failure_types(Path(out)) == {"empty.txt": "EmptyDocumentError"}
    # the failed document, fixed and retried, leaves the failures file
    (tmp_path / "corpus" / "empty.txt").write_text(document(9), encoding="utf-8")
    assert run_cli(str(tmp_path / "corpus"), "-o", out, "--resume") == 1  # still recorded as failed
    assert run_cli(str(tmp_path / "corpus"), "-o", out, "--resume", "--retry-failed") == 0
    assert failure_types(Path(out)) == {}
    assert Counter(sources(Path(out))) == Counter([*map(str, docs), str(tmp_path / "corpus" / "empty.txt"),
                                                   str(tmp_path / "more" / "doc0000.txt"),
                                                   str(tmp_path / "more" / "doc0001.txt")])
    assert run_cli(str(tmp_path / "corpus"), "-o", out, "--overwrite", "-q") == 0
    assert len(sources(Path(out))) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{corpus}/nothing", "-o", "{out}"], "nothing found at"),
        (["{corpus}", "-o", "{out}", "--retry-failed"], "--retry-failed goes with --resume"),
        (["{corpus}", "-o", "{corpus}/doc0000.txt"], "is not a folder"),
        (["{corpus}", "-o", "{out}", "-j", "0"], "--workers must be at least 1"),
        (["{corpus}/*.xyz", "-o", "{out}"], "nothing found at"),
    ],
)
def test_batch_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                            message: str) -> None:
    write_corpus(tmp_path / "corpus", 1)
    filled = [a.format(corpus=tmp_path / "corpus", out=tmp_path / "out") for a in args]
    assert run_cli(*filled) == 2
    assert message in capsys.readouterr().err


def test_resume_from_another_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "corpus", 1)
    monkeypatch.chdir(tmp_path)
    assert run_cli("corpus", "-o", "out", "-q") == 0
    monkeypatch.chdir(tmp_path / "corpus")
    assert run_cli(".", "-o", "../out", "--resume") == 2
    assert f"resume from {tmp_path}" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="the lock is POSIX flock")
def test_one_batch_at_a_time_per_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    write_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".batch.lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # as a running batch holds it
        assert run_cli(str(tmp_path / "corpus"), "-o", str(out)) == 2
        assert "another worksum batch is writing to" in capsys.readouterr().err
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "-q") == 0


def test_tables_say_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "corpus", 1)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if pyarrow were not installed
    assert run_cli(str(tmp_path / "corpus"), "-o", str(tmp_path / "out"), "--tables") == 2
    assert "pip install 'worksum[parquet]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # nothing was started


def test_batch_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    write_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "--tables", "-q") == 0
    names = sorted(p.name for p in (out / "tables").iterdir())
    assert names == sorted(f"{t}.{ext}" for t in ("documents", "sections", "figures", "slogans", "quoted_terms",
                                                 "statements", "list_items") for ext in ("csv", "parquet"))
    documents = (out / "tables" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 4 and documents[0].startswith("doc_id,source,encoding,")
    (tmp_path / "corpus" / "new.txt").write_text(document(7), encoding="utf-8")
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "--resume", "-q") == 0
    assert "add --tables to rewrite it" in capsys.readouterr().err  # the tables are now behind
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "--overwrite", "-q") == 0
    assert list((out / "tables").iterdir()) == []  # a new start leaves no tables of the old one


def test_torn_tail_is_cut_and_its_document_done_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = write_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "out"
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "-q") == 0
    lines = (out / "reports.jsonl").read_bytes().splitlines(keepends=True)
    (out / "reports.jsonl").write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])
    assert run_cli(str(tmp_path / "corpus"), "-o", str(out), "--resume", "-q") == 0
    assert "cut off a partial last record" in capsys.readouterr().err
    assert sources(out) == [str(p) for p in docs]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs POSIX signals and /proc")
def test_sigkill_halfway_then_resume_gives_every_document_once(tmp_path: Path) -> None:
    total = 120
    docs = write_corpus(tmp_path / "corpus", total, parts=8, paragraphs=12)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "worksum.cli", "batch", str(tmp_path / "corpus"), "-o", str(out), "-q",
               "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    done_at_kill = 0
    workers: set[int] = set()
    while time.monotonic() < deadline:
        workers |= _descendants(process.pid)
        reports = out / "reports.jsonl"
        done_at_kill = reports.read_bytes().count(b"\n") if reports.exists() else 0
        if done_at_kill >= total // 4:
            break
        time.sleep(0.02)
    workers |= _descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < done_at_kill < total, "the run was not stopped halfway"
    kept = out.joinpath("reports.jsonl").read_bytes().count(b"\n")
    assert kept < total
    # the pool does not outlive its parent
    assert workers
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)

    rerun = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{kept} done before" in rerun.stderr
    counted = Counter(sources(out))
    assert counted == Counter(str(p) for p in docs)  # every document, exactly once
    assert all(line.endswith("}") for line in iter_lines(out / "reports.jsonl"))


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path: Path) -> None:
    total = 80
    docs = write_corpus(tmp_path / "corpus", total, parts=8, paragraphs=12)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "worksum.cli", "batch", str(tmp_path / "corpus"), "-o", str(out), "-q",
               "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reports = out / "reports.jsonl"
        if reports.exists() and reports.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "finish with --resume" in err and "Traceback" not in err
    assert len(sources(out)) < total
    assert subprocess.run([*command, "--resume"], capture_output=True, timeout=120).returncode == 0
    assert Counter(sources(out)) == Counter(str(p) for p in docs)


@pytest.mark.shared
def test_shared_corpus_with_gbk_originals_and_broken_files(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    broken = write_broken(tmp_path / "broken")
    out = tmp_path / "out"
    tables = ["--tables"] if _has("pyarrow") else []
    assert run_cli(str(corpus), str(tmp_path / "broken"), "-o", str(out), "-q", *tables) == 1
    names = [Path(s).name for s in sources(out)]
    txt = sorted(p.name for p in corpus.glob("*.txt"))
    gbk = sorted(p.name for p in (corpus / "gbk").glob("*.txt"))
    assert (len(txt), len(gbk)) == (57, 5)
    assert sorted(names) == sorted(txt + gbk)
    assert failure_types(out) == broken
    for report in read_reports(out / "reports.jsonl"):
        if report.source and "/gbk/" in report.source:
            assert report.encoding == "gb18030"
            original = (corpus / Path(report.source).name.replace(".gbk", "")).read_bytes().decode("utf-8")
            assert report.text == original
    if tables:
        assert (out / "tables" / "sections.parquet").exists()
    assert "62 parsed, 4 failed" in capsys.readouterr().err


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def test_jsonl_writer_takes_encoded_lines(tmp_path: Path) -> None:
    from worksum.export.jsonl import JsonlWriter

    path = tmp_path / "r.jsonl"
    with JsonlWriter(path) as writer:
        writer.write_line('{"a":"一"}')
        writer.write_line_bytes('{"b":"二"}'.encode())
        with pytest.raises(ValueError):
            writer.write_line_bytes(b'{"c":1}\n{"d":2}')
    assert path.read_text(encoding="utf-8") == '{"a":"一"}\n{"b":"二"}\n'
