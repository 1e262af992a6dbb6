"""worksum.dask: bags of texts, files and object-storage URLs; tables as Dask DataFrames; a real
distributed.LocalCluster with two worker processes, each warmed up once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
pytest.importorskip("pandas")
fsspec = pytest.importorskip("fsspec")

import dask  # noqa: E402
import dask.bag as db  # noqa: E402
import pandas as pd  # noqa: E402

import worksum  # noqa: E402
import worksum.batch  # noqa: E402
import worksum.dask as wd  # noqa: E402
from worksum.batch import Failure, Parsed  # noqa: E402

CN = "一二三四五六七八九十"


def document(n: int) -> str:
    """A small work summary written for these tests."""
    lines = [f"石桥乡{2015 + n % 8}年工作总结"]
    for part in range(3):
        lines.append(f"{CN[part]}、第{CN[part]}方面工作")
        lines.append(f"全乡新建文化广场{n + part + 1}个，绿化荒山{(n + 2) * 10}亩，群众满意率达到{91 + part}%。")
    lines.append("工作中还存在一些不足，明年我们将力争取得更大成效。")
    return "\n".join(lines) + "\n"


def write_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(4):
        path = folder / f"d{n}.txt"
        path.write_bytes(document(n).encode("gb18030" if n % 2 else "utf-8"))
        paths.append(path)
    (folder / "empty.txt").write_bytes(b"")
    paths.append(folder / "empty.txt")
    return paths


def frames_equal(a: Any, b: Any) -> None:
    for (name, left), (_, right) in zip(a.items(), b.items(), strict=True):
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True), obj=name)


@pytest.fixture
def synchronous() -> Iterator[None]:
    with dask.config.set(scheduler="synchronous"):
        yield


def test_texts_in_a_bag(synchronous: None) -> None:
    texts = [document(n) for n in range(5)]
    results = wd.parse_bag(db.from_sequence(texts, npartitions=2)).compute()
    assert [r.doc_id for r in results] == ["#0.0", "#0.1", "#0.2", "#1.0", "#1.1"]
    for text, result in zip(texts, results, strict=True):
        assert isinstance(result, Parsed)
        assert result.json == worksum.parse(text).model_dump_json()


def test_local_files_like_parse_many(tmp_path: Path, synchronous: None) -> None:
    paths = write_files(tmp_path / "corpus")
    (tmp_path / "corpus" / "README.md").write_text("说明", encoding="utf-8")
    bag = wd.from_paths(str(tmp_path / "corpus"), partition_size=2)
    assert bag.npartitions == 3
    results = wd.parse_bag(bag).compute()
    expected = list(worksum.parse_many(paths, workers=1))
    assert [(r.doc_id, r.ok) for r in results] == [(r.doc_id, r.ok) for r in expected]
    assert [r.json for r in results if isinstance(r, Parsed)] == [r.json for r in expected if isinstance(r, Parsed)]
    assert wd.failures(wd.parse_bag(bag)).compute() == [
        {"doc_id": str(paths[-1]), "path": str(paths[-1]), "error_type": "EmptyDocumentError",
         "message": f"{paths[-1]}: the file is empty", "crash": False}]
    with pytest.raises(FileNotFoundError):
        wd.from_paths(str(tmp_path / "absent"))


def test_object_storage_urls(synchronous: None) -> None:
    memory = fsspec.filesystem("memory")
    memory.pipe("/reports/a.txt", document(1).encode("gb18030"))
    memory.pipe("/reports/sub/b.md", document(2).encode("utf-8-sig"))
    memory.pipe("/reports/c.docx", b"not a zip archive")
    memory.pipe("/reports/notes.json", b"{}")
    try:
        results = wd.parse_bag(wd.from_paths("memory://reports")).compute()
        by_id = {r.doc_id: r for r in results}
        assert sorted(by_id) == [  # the names fsspec gives
            "memory:///reports/a.txt", "memory:///reports/c.docx", "memory:///reports/sub/b.md"]
        a = by_id["memory:///reports/a.txt"]
        assert isinstance(a, Parsed) and a.report.encoding == "gb18030" and a.report.source == a.doc_id
        assert a.report.text == document(1)
        c = by_id["memory:///reports/c.docx"]
        assert isinstance(c, Failure) and c.error_type == "CorruptDocumentError"
        assert c.message.startswith("memory:///reports/c.docx: ") and c.path == c.doc_id
        lines = wd.json_lines(wd.parse_bag(wd.from_paths("memory://reports/*.txt"))).compute()
        assert [json.loads(line)["source"] for line in lines] == ["memory:///reports/a.txt"]
    finally:
        memory.rm("/reports", recursive=True)


def test_reports_and_dataframes(synchronous: None) -> None:
    texts = [document(n) for n in range(4)] + ["", b"\xc3\x28\xa0\xa1" * 4]
    results = wd.parse_bag(db.from_sequence(texts, npartitions=2))
    reports = wd.reports(results).compute()
    assert [type(r).__name__ for r in reports] == ["Report"] * 5  # "" parses (with a warning); bytes fail
    frames = wd.to_dataframes(results)
    computed = dask.compute(*(frame for _, frame in frames.items()))
    expected = worksum.to_frames(results.compute())
    frames_equal(dict(zip([n for n, _ in frames.items()], computed, strict=True)), expected)
    with pytest.raises(ValueError):
        wd.parse_bag(results, on_error="ignore")  # type: ignore[arg-type]


@pytest.mark.slow
def test_local_cluster_with_two_worker_processes(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    paths = write_files(tmp_path / "corpus")
    texts = [document(n) for n in range(10, 22)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        wd.setup(client)
        bag = db.concat([wd.from_paths([str(p) for p in paths]), db.from_sequence(texts, npartitions=4)])
        results = wd.parse_bag(bag).persist()
        computed = results.compute()
        expected = list(worksum.parse_many([*paths, *texts], workers=1))
        assert [r.ok for r in computed] == [r.ok for r in expected]
        assert [r.json for r in computed if isinstance(r, Parsed)] == [
            r.json for r in expected if isinstance(r, Parsed)]
        frames = wd.to_dataframes(results)
        names = [name for name, _ in frames.items()]
        computed_frames = dict(zip(names, dask.compute(*(f for _, f in frames.items())), strict=True))
        assert len(computed_frames["documents"]) == len(paths) - 1 + len(texts)
        frames_equal(computed_frames, worksum.to_frames(computed))
        warm = client.run(lambda: worksum.batch._WARM_UPS)
        assert len(warm) == 2 and set(warm.values()) == {1}  # each worker process loaded the lexicons once
        pids = client.run(lambda: __import__("os").getpid())
        assert len(set(pids.values())) == 2
