"""Many documents: a process pool, results as they come, failures as records.

>>> from pathlib import Path
>>> import worksum
>>> for result in worksum.parse_many(Path("corpora").glob("*.txt")):  # doctest: +SKIP
...     if result.ok:
...         print(result.doc_id, result.report.title)
...     else:
...         print("failed:", result.path, result.error_type, result.message)

What goes in, one item each:

- a :class:`pathlib.Path` (any ``os.PathLike``): a file, read as :func:`worksum.parse_file` reads it;
- a ``str``: the text of a document (a ``str`` is never taken for a file name: wrap names in ``Path``);
- ``bytes``: the raw bytes of a text file, decoded as files are;
- a pair ``(doc_id, text_or_bytes)``: a document with a name of your own (it becomes ``Report.source``;
  with bytes its suffix picks the reader, so ``("a.docx", data)`` is read as Word).

What comes out, one result per item: :class:`Parsed` (``ok`` is true; ``.report``) or :class:`Failure`
(``ok`` is false; ``path``, ``error_type``, ``message``). Workers send each report back serialised as
UTF-8 JSON; ``Parsed.report`` turns it into a :class:`~worksum.models.Report` on first use, and
``Parsed.json`` (``Parsed.json_bytes``) hands the JSON on without that cost.

Memory stays flat: at most ``window`` items are in flight or waiting for their turn, whatever the
length of the input iterator. Each worker loads the lexicons (and whatever else the pipeline loads
lazily) once, when it starts, by parsing a small built-in document.

On Linux the pool forks its processes from this one while it runs a single thread (see
:func:`default_start_method`); otherwise it starts them with ``forkserver`` where the platform has it, else
``spawn``, and a script that calls :func:`parse_many` at its top level needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import contextlib
import glob
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

from .errors import (
    EmptyDocumentError,
    FileTooLargeError,
    InputError,
    UnsupportedFormatError,
    WorksumError,
)
from .errors import WorkerCrashedError as WorkerCrashedError  # importable from here, where it was first

if TYPE_CHECKING:
    from .models import Report

OnError = Literal["record", "raise"]
Item = str | bytes | os.PathLike[str] | tuple[str, str | bytes]

#: Files a folder walk picks up: documents worksum reads, and document formats it does not read (those
#: end as failure records, so that nothing in a corpus is skipped without a word).
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".text", ".docx"})
UNREADABLE_SUFFIXES = frozenset({".doc", ".wps", ".pdf", ".rtf", ".odt"})
#: Files of a folder that describe the folder rather than being documents of it.
_NOT_DOCUMENTS = ("readme", "license", "licence", "changelog", "manifest")

# A document of the genre, written for worksum, that makes every stage load its data.
_WARM_UP_TEXT = (
    "青石镇2022年工作总结\n"
    "一、经济发展\n"
    "（一）农业生产稳中有进。全镇粮食播种面积3.2万亩，同比增长2.5%。\n"
    "（二）项目建设扎实推进。新修“四好农村路”12公里，完成投资XX万元，居全县第二位。\n"
    "二、存在的问题\n"
    "一是产业链条较短；二是基础设施仍然薄弱。\n"
    "三、下一步工作打算\n"
    "我们将坚持新发展理念，力争明年财政收入突破800万元。\n"
)
_WARM_UPS = 0


def warm_up() -> int:
    """Load what the pipeline loads lazily (lexicons, patterns, tokenizers), once per process.

    Returns how many times this process has warmed up (1 after the first call: later calls do nothing).
    """
    global _WARM_UPS
    if _WARM_UPS == 0:
        from .pipeline import parse

        parse(_WARM_UP_TEXT)
        _WARM_UPS = 1
    return _WARM_UPS


def _init_worker(parent: int) -> None:
    # Ctrl-C stops the parent, which then shuts the pool down: workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "posix":
        threading.Thread(target=_watch_parent, args=(parent,), name="worksum-watch-parent", daemon=True).start()
    warm_up()


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    # A parent killed with SIGKILL cannot stop its pool: a worker blocked on a full result pipe would then
    # live on. Each worker leaves as soon as the process that started the pool is gone.
    while True:
        time.sleep(interval)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # a process of another user now has that pid: ours is gone
            os._exit(1)


@dataclass(frozen=True)
class Counts:
    """What a report holds, counted in the worker: enough for a summary line without the report."""

    title: str | None
    year: int | None
    encoding: str | None
    chars: int
    sections: int
    headings: int
    figures: int
    slogans: int
    achievements: int
    problems: int
    plans: int
    warnings: int

    @classmethod
    def of(cls, report: Report) -> Counts:
        sections = list(report.iter_sections())
        return cls(
            title=report.title.text if report.title else None,
            year=report.title.year if report.title else None,
            encoding=report.encoding,
            chars=len(report.text),
            sections=len(sections),
            headings=sum(1 for s in sections if s.title_span is not None),
            figures=len(report.figures),
            slogans=len(report.slogans),
            achievements=len(report.achievements),
            problems=len(report.problems),
            plans=len(report.plans),
            warnings=len(report.warnings),
        )

    def line(self, name: str) -> str:
        """One line for a terminal: name, title and the counts."""
        title = (self.title or "(no title)")[:30]
        return (f"{name}: {title} | {self.headings} headings, {self.figures} figures, {self.slogans} slogans, "
                f"{self.achievements} achievements, {self.problems} problems, {self.plans} plans, "
                f"{self.warnings} warnings")


class Parsed:
    """A document that was read and parsed. ``report`` is built from ``json`` on first use."""

    ok = True
    __slots__ = ("_json", "_json_bytes", "_report", "counts", "doc_id", "elapsed", "index", "source")

    def __init__(self, *, index: int, doc_id: str, source: str | None, counts: Counts, elapsed: float = 0.0,
                 json: str | bytes | None = None, report: Report | None = None) -> None:
        if json is None and report is None:
            raise ValueError("Parsed needs the report or its JSON")
        self.index = index
        self.doc_id = doc_id
        self.source = source
        self.counts = counts
        self.elapsed = elapsed
        self._json = json if isinstance(json, str) else None
        self._json_bytes = json if isinstance(json, bytes) else None
        self._report = report

    @property
    def json(self) -> str:
        """The report as one line of JSON (what ``Report.model_dump_json()`` gives)."""
        if self._json is None:
            if self._json_bytes is not None:
                self._json = self._json_bytes.decode("utf-8")
            else:
                assert self._report is not None
                self._json = self._report.model_dump_json()
        return self._json

    @property
    def json_bytes(self) -> bytes:
        """:attr:`json` encoded as UTF-8, as a file of JSON Lines holds it."""
        if self._json_bytes is None:
            if self._json is None and self._report is not None:
                # What model_dump_json() gives, without its decoding to str and our encoding back.
                self._json_bytes = self._report.__pydantic_serializer__.to_json(self._report)
            else:
                self._json_bytes = self.json.encode("utf-8")
        return self._json_bytes

    @property
    def report(self) -> Report:
        """The :class:`~worksum.models.Report`, validated from the worker's JSON on first use."""
        if self._report is None:
            from .models import Report

            data = self._json if self._json is not None else self._json_bytes
            assert data is not None
            self._report = Report.model_validate_json(data)
        return self._report

    def __reduce__(self) -> tuple[Any, ...]:
        # Across processes a result travels as JSON, smaller and faster than pickling the model tree, and as
        # bytes: a str would be encoded to UTF-8 by pickle in the worker and decoded again in the parent.
        return (_rebuild_parsed, (self.index, self.doc_id, self.source, self.counts, self.elapsed,
                                  self.json_bytes))

    def __repr__(self) -> str:
        return f"Parsed(index={self.index}, doc_id={self.doc_id!r}, title={self.counts.title!r})"


def _rebuild_parsed(index: int, doc_id: str, source: str | None, counts: Counts, elapsed: float,
                    json: str | bytes) -> Parsed:
    return Parsed(index=index, doc_id=doc_id, source=source, counts=counts, elapsed=elapsed, json=json)


@dataclass(frozen=True)
class Failure:
    """A document that could not be parsed: which one, what kind of error, and what it says.

    ``crash`` is false for problems of the input (worksum's typed errors such as
    :class:`~worksum.errors.DecodeError`, and the operating system's, such as a missing file) and true for
    anything else: a bug in worksum worth reporting, with its ``traceback``.
    """

    index: int
    doc_id: str
    path: str | None
    error_type: str
    message: str
    crash: bool = False
    traceback: str | None = field(default=None, repr=False)
    ok = False

    @classmethod
    def of(cls, index: int, doc_id: str, path: str | None, exc: BaseException) -> Failure:
        crash = not isinstance(exc, (WorksumError, OSError))
        return cls(index=index, doc_id=doc_id, path=path, error_type=type(exc).__name__, message=str(exc),
                   crash=crash, traceback=traceback.format_exc() if crash else None)

    def to_dict(self) -> dict[str, Any]:
        """The record written to ``failures.jsonl`` (the run-specific ``index`` left out)."""
        record: dict[str, Any] = {"doc_id": self.doc_id, "path": self.path, "error_type": self.error_type,
                                  "message": self.message, "crash": self.crash}
        if self.traceback:
            record["traceback"] = self.traceback
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any], index: int = -1) -> Failure:
        return cls(index=index, doc_id=str(record["doc_id"]), path=record.get("path"),
                   error_type=str(record["error_type"]), message=str(record["message"]),
                   crash=bool(record.get("crash", False)), traceback=record.get("traceback"))

    def line(self) -> str:
        """One line for a terminal: ``FAILED doc_id: ErrorType: message``."""
        message = self.message.removeprefix(f"{self.path}: ") if self.path else self.message
        return f"FAILED {self.doc_id}: {self.error_type}: {message}"


Result = Parsed | Failure


# --- one document (runs in the worker) ------------------------------------------------------------------

def _describe(item: object, index: int) -> tuple[str, str | None]:
    """``(doc_id, path)`` of an input item; raises TypeError for what parse_many does not take."""
    if isinstance(item, str):
        return f"#{index}", None
    if isinstance(item, bytes):
        return f"#{index}", None
    if isinstance(item, os.PathLike):
        path = os.fspath(item)
        if not isinstance(path, str):
            raise TypeError(f"parse_many() takes str paths, not {type(path).__name__} ({path!r})")
        return path, path
    if (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
            and isinstance(item[1], (str, bytes))):
        return item[0], None
    raise TypeError(
        f"parse_many() takes texts (str), files (pathlib.Path), bytes or (doc_id, text) pairs, "
        f"not {type(item).__name__}")


def text_from_bytes(data: bytes, name: str | None = None, *, max_bytes: int | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a document's bytes, read as a file named ``name`` would be.

    For bytes that do not come from a local file (object storage, a database). ``name`` picks the format by
    its suffix (``.docx`` is read as Word) and names the document in errors.
    """
    from .io import TEXT_SUFFIXES, UNSUPPORTED_SUFFIXES, decode_bytes, max_bytes_default

    suffix = PurePath(name).suffix.lower() if name else ""
    limit = max_bytes_default() if max_bytes is None else max_bytes
    if suffix in UNSUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(f"{suffix} files are not supported; convert to .txt or .docx first",
                                     path=name)
    if len(data) > limit:
        raise FileTooLargeError(f"file is {len(data)} bytes, over the limit of {limit} bytes", path=name,
                                size=len(data), limit=limit)
    if suffix == ".docx":
        return _docx_from_bytes(data, name or "document.docx", limit), "docx"
    if suffix not in TEXT_SUFFIXES and suffix not in DOCUMENT_SUFFIXES:
        raise UnsupportedFormatError(f"{suffix} files are not supported", path=name)
    if not data.strip():
        raise EmptyDocumentError("the file is empty" if not data else "the file holds only white space", path=name)
    return decode_bytes(data, path=name)


def _docx_from_bytes(data: bytes, name: str, limit: int) -> str:
    import copy
    import tempfile

    from .docx_reader import read_docx

    with tempfile.TemporaryDirectory(prefix="worksum-") as folder:
        local = Path(folder) / (PurePath(name).name or "document.docx")
        local.write_bytes(data)
        try:
            return read_docx(local, max_bytes=limit)
        except InputError as exc:  # name the document, not the temporary copy
            renamed = copy.copy(exc)
            renamed.path = name
            renamed.args = tuple(str(a).replace(str(local), name) for a in exc.args)
            raise renamed from exc


def parse_one(item: Item, index: int = 0, *, max_bytes: int | None = None, on_error: OnError = "record") -> Result:
    """Read and parse one input item (see the module doc); a :class:`Failure` instead of an exception."""
    from .io import parse_file
    from .pipeline import parse

    doc_id, path = _describe(item, index)
    started = time.perf_counter()
    try:
        if path is not None:
            report = parse_file(path, max_bytes=max_bytes)
        elif isinstance(item, str):
            report = parse(item)
        elif isinstance(item, bytes):
            text, encoding = text_from_bytes(item, max_bytes=max_bytes)
            report = parse(text, encoding=encoding)
        else:
            assert isinstance(item, tuple)
            doc_id, content = item
            if isinstance(content, bytes):
                text, encoding = text_from_bytes(content, doc_id, max_bytes=max_bytes)
                report = parse(text, source=doc_id, encoding=encoding)
            else:
                report = parse(content, source=doc_id)
    except Exception as exc:
        if on_error == "raise":
            raise
        return Failure.of(index, doc_id, path, exc)
    return Parsed(index=index, doc_id=doc_id, source=report.source, counts=Counts.of(report),
                  elapsed=time.perf_counter() - started, report=report)


def _work(item: Item, index: int, max_bytes: int | None, on_error: OnError) -> Result:
    result = parse_one(item, index, max_bytes=max_bytes, on_error=on_error)
    if isinstance(result, Parsed):
        try:
            result.json_bytes  # noqa: B018 - serialise here, in the worker, not in the parent
        except Exception as exc:  # a report that cannot become JSON (a lone surrogate in the text)
            if on_error == "raise":
                raise
            return Failure.of(index, result.doc_id, result.source, exc)
        result._report = None  # the parent gets the JSON only
    return result


# --- many documents -------------------------------------------------------------------------------------

def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parse_many(
    inputs: Iterable[Item],
    *,
    workers: int | None = None,
    ordered: bool = True,
    on_error: OnError = "record",
    max_bytes: int | None = None,
    window: int | None = None,
    start_method: str | None = None,
) -> Iterator[Result]:
    """Parse many documents on all cores; one :class:`Parsed` or :class:`Failure` per input, streaming.

    ``workers``: processes in the pool (default: every CPU, at most one per input when ``inputs`` has a
    length); ``workers=1`` parses in this process, without a pool. ``ordered``: results in input order
    (default) or as they finish. ``on_error="record"`` turns a failed document into a :class:`Failure`
    and goes on; ``"raise"`` raises its error and stops. ``max_bytes``: the file size limit of
    :func:`worksum.parse_file`. ``window``: how many items may be in flight or waiting for their turn
    (default 4 per worker). ``start_method``: ``"fork"``, ``"forkserver"`` or ``"spawn"`` (default:
    :func:`default_start_method`).
    """
    if on_error not in ("record", "raise"):
        raise ValueError(f"on_error must be 'record' or 'raise', not {on_error!r}")
    count = cpu_count() if workers is None else workers
    if count < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if window is not None and window < 1:
        raise ValueError(f"window must be at least 1, not {window}")
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise TypeError("parse_many() takes an iterable of documents; for one use worksum.parse() or parse_file()")
    if isinstance(inputs, Sequence):
        count = max(1, min(count, len(inputs)))
    if count == 1:
        return _serial(inputs, max_bytes, on_error)
    return _pooled(inputs, count, ordered, on_error, max_bytes, window or 4 * count, start_method)


def _serial(inputs: Iterable[Item], max_bytes: int | None, on_error: OnError) -> Iterator[Result]:
    for index, item in enumerate(inputs):
        yield parse_one(item, index, max_bytes=max_bytes, on_error=on_error)


def default_start_method() -> str:
    """How a pool starts its workers when the caller does not say.

    ``fork`` on Linux while this process runs a single thread: the workers are copies of this process, with
    worksum already imported, ready in milliseconds where a fresh interpreter takes a third of a second. A
    fork while another thread runs could copy a lock that thread holds, held for ever in the copy: then, and
    on other systems, ``forkserver`` where the platform has it, else ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _context(start_method: str | None) -> Any:
    method = start_method or default_start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["worksum.batch", "worksum.pipeline"])
    return context


def _pooled(inputs: Iterable[Item], workers: int, ordered: bool, on_error: OnError, max_bytes: int | None,
            window: int, start_method: str | None) -> Iterator[Result]:
    parent = os.getpid()

    def new_pool(size: int) -> ProcessPoolExecutor:
        # The start method is chosen again for each pool: after a crash the threads of the broken pool may
        # still run, and the default then avoids fork.
        return ProcessPoolExecutor(size, mp_context=_context(start_method), initializer=_init_worker,
                                   initargs=(parent,))

    items = enumerate(inputs)
    exhausted = False
    pending: dict[Future[Result], tuple[int, Item]] = {}
    waiting: dict[int, Result] = {}  # finished, waiting for an earlier index (ordered)
    unsent: list[tuple[int, Item]] = []  # taken while the pool was broken: never ran, not suspects
    next_index = 0
    pool = new_pool(workers)
    try:
        while True:
            while not exhausted and len(pending) + len(waiting) + len(unsent) < window:
                if unsent:
                    index, item = unsent.pop(0)
                else:
                    try:
                        index, item = next(items)
                    except StopIteration:
                        exhausted = True
                        break
                    _describe(item, index)  # a wrong type is the caller's bug: raise here, at once
                try:
                    pending[pool.submit(_work, item, index, max_bytes, on_error)] = (index, item)
                except BrokenProcessPool:  # a worker died since the last wait: see below
                    unsent.insert(0, (index, item))
                    break
            if ordered:
                while next_index in waiting:
                    yield waiting.pop(next_index)
                    next_index += 1
            if not pending and not unsent:
                if exhausted and not waiting:
                    return
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED) if pending else (set(), set())
            finished: list[Result] = []
            broken = bool(unsent)
            for future in done:
                index, item = pending.pop(future)
                try:
                    finished.append(future.result())
                except BrokenProcessPool:
                    broken = True
                    pending[future] = (index, item)
            if broken:
                # A worker died: every document in flight is a suspect. Each runs again alone, so the one
                # that kills its worker becomes a failure and the others are parsed; then a new pool.
                suspects = sorted(pending.values(), key=lambda pair: pair[0])
                pending.clear()
                _discard(pool)
                finished.extend(_run_alone(start_method, index, item, max_bytes, on_error)
                                for index, item in suspects)
                pool = new_pool(workers)
            for result in finished:
                if ordered:
                    waiting[result.index] = result
                else:
                    yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _discard(pool: ProcessPoolExecutor) -> None:
    """Close a broken pool without waiting on it.

    A worker killed while it held the lock of the pool's shared queue leaves the others blocked on that lock
    for ever, and ``shutdown(wait=True)`` would wait for them: end them first, then let the pool go.
    """
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _run_alone(start_method: str | None, index: int, item: Item, max_bytes: int | None,
               on_error: OnError) -> Result:
    with ProcessPoolExecutor(1, mp_context=_context(start_method), initializer=_init_worker,
                             initargs=(os.getpid(),)) as pool:
        future = pool.submit(_work, item, index, max_bytes, on_error)
        try:
            return future.result()
        except BrokenProcessPool:
            doc_id, path = _describe(item, index)
            message = (f"{doc_id}: the worker process died while parsing this document "
                       "(killed, out of memory, or a crash in native code)")
            if on_error == "raise":
                raise WorkerCrashedError(message) from None
            return Failure(index=index, doc_id=doc_id, path=path, error_type="WorkerCrashedError",
                           message=message, crash=True)


# --- finding the documents of folders and globs ---------------------------------------------------------

def _is_document(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES and suffix not in UNREADABLE_SUFFIXES:
        return False
    return not path.stem.lower().startswith(_NOT_DOCUMENTS)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and _is_document(path):
                yield path


def find_documents(inputs: Iterable[str | os.PathLike[str]], *, exclude: Sequence[str] = ()) -> tuple[
        list[Path], list[str]]:
    """The document files named by ``inputs`` (files, folders searched recursively, glob patterns).

    Folders give their ``.txt``, ``.md``, ``.docx`` files and the document formats worksum does not read
    (``.doc``, ``.pdf`` …, so that they end as failures rather than being skipped unseen); hidden files and
    README/LICENSE/CHANGELOG/MANIFEST files are left out. A file named explicitly is always taken.
    ``exclude``: glob patterns matched against file names and paths. Each file comes once, in input order,
    folders sorted. Returns ``(files, inputs_that_matched_nothing)``.
    """
    found: list[Path] = []
    seen: set[str] = set()
    missing: list[str] = []

    def take(path: Path) -> None:
        if any(path.match(pattern) or PurePath(path.name).match(pattern) for pattern in exclude):
            return
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in inputs:
        given = os.fspath(raw)
        path = Path(given)
        if path.is_dir():
            for child in _walk(path):
                take(child)
        elif path.is_file():
            take(path)
        elif any(char in given for char in "*?["):
            matched = False  # what the pattern matched counts, even files an earlier input already took
            for match in sorted(glob.glob(given, recursive=True)):
                candidate = Path(match)
                if candidate.is_dir():
                    for child in _walk(candidate):
                        matched = True
                        take(child)
                elif candidate.is_file() and _is_document(candidate):
                    matched = True
                    take(candidate)
            if not matched:
                missing.append(given)
        else:
            missing.append(given)
    return found, missing
