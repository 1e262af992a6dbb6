"""worksum on Dask: a bag of documents in, a bag of results or Dask DataFrames of the flat tables out.

Needs the extra ``dask`` (``pip install 'worksum[dask]'``); worksum must be installed on every worker.

>>> from distributed import Client
>>> import worksum.dask as wd
>>> client = Client("tcp://scheduler:8786")            # doctest: +SKIP  (or Client() on this machine)
>>> wd.setup(client)                                   # doctest: +SKIP  each worker warms up once
>>> results = wd.parse_bag(wd.from_paths("s3://bucket/reports/**/*.txt")).persist()  # doctest: +SKIP
>>> frames = wd.to_dataframes(results)                 # doctest: +SKIP
>>> frames.figures.to_parquet("s3://bucket/tables/figures/")  # doctest: +SKIP

The items of the bag are those of :func:`worksum.parse_many`: texts (``str``), local files
(:class:`pathlib.Path`), ``bytes``, ``(doc_id, text_or_bytes)`` pairs, and the fsspec files that
:func:`from_paths` lists (local paths, ``s3://``, ``gs://``, ``abfs://``, ``https://`` …: whatever fsspec and
its plugins read). The results are those of :func:`worksum.parse_many`: :class:`~worksum.batch.Parsed`
and :class:`~worksum.batch.Failure`, so one broken file never fails the computation.

Workers: each worker process loads the lexicons once (:func:`setup` registers a worker plugin that does it
at start; without it the first partition a process parses does it). Parsing holds the GIL: give workers one
thread each and several processes (``LocalCluster(n_workers=8, threads_per_worker=1)``,
``dask worker --nworkers 8 --nthreads 1``).
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch import (
    DOCUMENT_SUFFIXES,
    UNREADABLE_SUFFIXES,
    Failure,
    Item,
    OnError,
    Parsed,
    Result,
    find_documents,
    parse_one,
    warm_up,
)
from .export.tables import TABLES, Frames, _frame, rows

if TYPE_CHECKING:
    from dask.bag import Bag

# Dask's own annotations leave most of its API untyped: worksum talks to it through Any.
dask: Any = importlib.import_module("dask")
db: Any = importlib.import_module("dask.bag")
dd: Any = importlib.import_module("dask.dataframe")
delayed: Any = dask.delayed

__all__ = ["WarmUp", "failures", "from_paths", "json_lines", "parse_bag", "reports", "setup", "to_dataframes"]


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # dask without distributed: setup() is not available, the rest works
    WorkerPlugin = object  # type: ignore[misc,assignment]


class WarmUp(WorkerPlugin):
    """A worker plugin: each worker loads worksum's lexicons when it starts (and workers that join later)."""

    name = "worksum-warm-up"

    def setup(self, worker: Any) -> None:
        warm_up()


def setup(client: Any) -> None:
    """Warm up every worker of a ``distributed.Client`` now and every worker that joins later."""
    client.register_plugin(WarmUp(), name=WarmUp.name)


def _is_document(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in DOCUMENT_SUFFIXES or suffix in UNREADABLE_SUFFIXES


def from_paths(urlpaths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
               storage_options: dict[str, Any] | None = None, npartitions: int | None = None,
               partition_size: int = 16) -> Bag:
    """A bag of the document files named by paths, folders, globs or fsspec URLs (``s3://bucket/dir/*.txt``).

    Local inputs are found as ``worksum batch`` finds them (folders recursively, README and hidden files
    left out); remote folders give their ``.txt``/``.md``/``.docx`` files. ``storage_options`` go to fsspec
    (credentials, endpoint). ``npartitions`` defaults to one partition per ``partition_size`` files.
    """
    fsspec: Any = importlib.import_module("fsspec")
    local: Any = importlib.import_module("fsspec.implementations.local")

    given = [urlpaths] if isinstance(urlpaths, (str, os.PathLike)) else list(urlpaths)
    options = storage_options or {}
    items: list[Any] = []
    for raw in given:
        url = os.fspath(raw)
        fs, path = fsspec.core.url_to_fs(url, **options)
        if isinstance(fs, local.LocalFileSystem):
            found, missing = find_documents([path])
            if missing:
                raise FileNotFoundError(f"nothing found at {url}")
            items.extend(found)
            continue
        if any(char in path for char in "*?["):
            names = [p for p in fs.glob(path) if not fs.isdir(p)]
        elif fs.isdir(path):
            names = [p for p in fs.find(path) if _is_document(p)]
        else:
            names = [path]
        if not names:
            raise FileNotFoundError(f"nothing found at {url}")
        items.extend(fsspec.open_files([fs.unstrip_protocol(p) for p in sorted(names)], mode="rb", **options))
    count = npartitions or max(1, -(-len(items) // partition_size))
    bag: Bag = db.from_sequence(items, npartitions=min(count, max(1, len(items))))
    return bag


def _open_file(item: Any) -> Item:
    """An fsspec file becomes ``(url, bytes)``; a local one a Path. Other items pass unchanged."""
    core: Any = importlib.import_module("fsspec.core")
    local: Any = importlib.import_module("fsspec.implementations.local")

    if not isinstance(item, core.OpenFile):
        return item  # type: ignore[no-any-return]
    if isinstance(item.fs, local.LocalFileSystem):
        return Path(item.path)
    with item as handle:
        data: bytes = handle.read()
    return (item.full_name, data)


def _parse_partition(items: Iterable[Any], partition: int, on_error: OnError, max_bytes: int | None) -> list[
        Result]:
    warm_up()
    out: list[Result] = []
    for index, raw in enumerate(items):
        try:
            item = _open_file(raw)
        except Exception as exc:  # reading from storage failed: a failure record like any other
            if on_error == "raise":
                raise
            name = str(getattr(raw, "full_name", raw))
            out.append(Failure.of(index, name, name, exc))
            continue
        result = parse_one(item, index, max_bytes=max_bytes, on_error=on_error)
        if result.doc_id.startswith("#"):  # texts without a name: unique across partitions
            result = _renamed(result, f"#{partition}.{index}")
        elif isinstance(result, Failure) and result.path is None and item is not raw:
            result = dataclasses.replace(result, path=result.doc_id)  # a file from storage: its URL
        out.append(result)
    return out


def _renamed(result: Result, doc_id: str) -> Result:
    if isinstance(result, Parsed):
        return Parsed(index=result.index, doc_id=doc_id, source=result.source, counts=result.counts,
                      elapsed=result.elapsed, json=result.json)
    return Failure(index=result.index, doc_id=doc_id, path=result.path, error_type=result.error_type,
                   message=result.message, crash=result.crash, traceback=result.traceback)


def parse_bag(bag: Bag, *, on_error: OnError = "record", max_bytes: int | None = None) -> Bag:
    """Parse every document of a bag: a bag of :class:`~worksum.batch.Parsed` and
    :class:`~worksum.batch.Failure`, partition for partition.

    Texts without a name get the doc_id ``#P.I`` (partition P, position I).
    """
    if on_error not in ("record", "raise"):
        raise ValueError(f"on_error must be 'record' or 'raise', not {on_error!r}")
    parts = [delayed(_parse_partition)(part, number, on_error, max_bytes)
             for number, part in enumerate(bag.to_delayed())]  # type: ignore[no-untyped-call]
    parsed: Bag = db.from_delayed(parts)
    return parsed


def reports(results: Bag) -> Bag:
    """The :class:`~worksum.models.Report` of every document that was parsed."""
    parsed: Bag = results.filter(_ok).map(_report)  # type: ignore[no-untyped-call]
    return parsed


def json_lines(results: Bag) -> Bag:
    """The JSON of every report parsed, one line each: what ``Bag.to_textfiles`` writes as JSON Lines
    (``json_lines(results).to_textfiles("s3://bucket/reports/*.jsonl", last_endline=True)``)."""
    lines: Bag = results.filter(_ok).map(_json)  # type: ignore[no-untyped-call]
    return lines


def failures(results: Bag) -> Bag:
    """The failure records (as the dicts of ``failures.jsonl``) of the documents that were not parsed."""
    failed: Bag = results.filter(_failed).map(Failure.to_dict)  # type: ignore[no-untyped-call]
    return failed


def _ok(result: Result) -> bool:
    return isinstance(result, Parsed)


def _failed(result: Result) -> bool:
    return isinstance(result, Failure)


def _report(result: Parsed) -> Any:
    return result.report


def _json(result: Parsed) -> str:
    return result.json


def _partition_tables(results: Iterable[Result]) -> dict[str, Any]:
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for result in results:
        if isinstance(result, Parsed):
            for name, part in rows(result.report, result.doc_id).items():
                collected[name].extend(part)
    return {name: _frame(name, collected[name]) for name in TABLES}


def _pick(tables: dict[str, Any], name: str) -> Any:
    return tables[name]


def to_dataframes(results: Bag) -> Frames:
    """Dask DataFrames of the flat tables (the columns of :func:`worksum.to_frames`), one partition per
    partition of ``results``.

    The tables share one computation per partition: compute or write them together
    (``dask.compute(...)``), or :meth:`~dask.bag.Bag.persist` ``results`` first, so that documents are
    not parsed once per table.
    """
    parts = results.to_delayed()  # type: ignore[no-untyped-call]
    per_partition = [delayed(_partition_tables)(part) for part in parts]
    frames = {
        name: dd.from_delayed([delayed(_pick)(tables, name) for tables in per_partition],
                              meta=_frame(name, []), verify_meta=False)
        for name in TABLES
    }
    return Frames(**frames)
