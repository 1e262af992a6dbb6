"""``worksum batch``: whole corpora on every core, JSON Lines out, resumable.

Registered on the main CLI through ``cli.COMMAND_MODULES`` (:func:`register`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from . import __version__
from .batch import Failure, Parsed, cpu_count, find_documents, parse_many
from .export.jsonl import JsonlWriter, iter_lines, repair, write_atomic

REPORTS = "reports.jsonl"
FAILURES = "failures.jsonl"
RUN_INFO = "batch.json"
LOCK = ".batch.lock"
TABLES = "tables"

DESCRIPTION = """\
Parse every document of folders, files and glob patterns on all cores. Writes
OUT/reports.jsonl (one report per line, the JSON of `worksum parse`) and
OUT/failures.jsonl (one record per document that could not be read: doc_id, path,
error_type, message). Folders are searched recursively for .txt, .md and .docx files
(.doc, .pdf, .wps, .rtf, .odt files become failure records: convert them first);
hidden files and README/LICENSE/CHANGELOG/MANIFEST files are left out.

Prints one summary line per document (failures on stderr) and, on a terminal, a
progress bar with rate and ETA on stderr. Each record is written whole, so a run that
is interrupted, even by SIGKILL, can be finished with --resume: documents already in
reports.jsonl or failures.jsonl are skipped (add --retry-failed to try failed ones again).

Exit status: 0 when every document was parsed, 1 when OUT/failures.jsonl lists any
failure, 2 for unusable arguments, 130 when interrupted."""

EXAMPLES = """\
examples:
  worksum batch corpus -o out                      # every document under corpus/
  worksum batch 'reports/**/*.txt' a.docx -o out   # glob patterns (quoted: expanded by worksum) and files
  worksum batch corpus -o out --tables             # also out/tables/*.csv and *.parquet (needs pyarrow)
  worksum batch corpus -o out --resume             # after an interruption: finish the rest
  worksum batch corpus -o out --overwrite -j 4 -q  # start again on 4 processes, no summary lines"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``batch`` to the main CLI."""
    parser = subparsers.add_parser("batch", help="parse whole corpora on all cores into JSON Lines (and tables)",
                                   description=DESCRIPTION, epilog=EXAMPLES,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.set_defaults(func=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or glob patterns")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder (created if needed)")
    parser.add_argument("--tables", action="store_true",
                        help="also write OUT/tables/{documents,sections,figures,slogans,quoted_terms,statements}"
                             ".csv and .parquet (Parquet needs pyarrow: pip install 'worksum[parquet]')")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--resume", action="store_true",
                      help="keep what OUT already holds and parse only the documents not yet in it")
    mode.add_argument("--overwrite", action="store_true", help="replace the results OUT already holds")
    parser.add_argument("--retry-failed", action="store_true",
                        help="with --resume: parse the documents of failures.jsonl again")
    parser.add_argument("-j", "--workers", type=int, default=None, metavar="N",
                        help=f"worker processes (default: every CPU, here {cpu_count()}); 1 = no pool")
    parser.add_argument("--unordered", action="store_true",
                        help="write results as they finish rather than in input order (faster on mixed sizes)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out files whose name or path matches GLOB; repeatable")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N",
                        help="largest file read, in bytes (default 64 MiB or $WORKSUM_MAX_BYTES)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line per document")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    parser.add_argument("--fsync", action="store_true",
                        help="flush every record to disk (survives a power cut too; slower)")


class _Usage(Exception):
    """An unusable argument: exit status 2."""


def _error(message: str) -> None:
    print(f"worksum batch: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except _Usage as exc:
        _error(str(exc))
        return 2
    except OSError as exc:  # the output cannot be written: read-only, missing, full disk
        reason = exc.strerror or str(exc)
        _error(f"cannot write to {args.output}: {reason}; every record written is whole, finish with --resume")
        return 2


def _done_sources(reports: Path) -> set[str]:
    done: set[str] = set()
    for line in iter_lines(reports):
        source = json.loads(line).get("source")
        if isinstance(source, str):
            done.add(source)
    return done


#: The descriptor of the output lock this process holds, if any.
_held_lock: int | None = None


def _drop_lock_in_child() -> None:
    # A worker forked from this process inherits the lock's descriptor, and a flock lasts while any copy
    # is open: a batch killed with SIGKILL would keep its output locked until its workers noticed. The
    # child's copy is closed; the lock stays with this process.
    if _held_lock is not None:
        with suppress(OSError):
            os.close(_held_lock)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_lock_in_child)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time writes to OUT: two would both append the same documents."""
    global _held_lock
    if out.exists() and not out.is_dir():
        raise _Usage(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    with (out / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _Usage(f"another worksum batch is writing to {out}; wait for it or stop it first") from None
        _held_lock = handle.fileno()
        try:
            yield  # the lock goes with the process, however it ends
        finally:
            _held_lock = None


def _prepare(out: Path, args: argparse.Namespace, wanted: set[str]) -> tuple[set[str], int]:
    """Check and set up OUT; the documents already done and the failures kept from earlier runs."""
    reports, failures, info = out / REPORTS, out / FAILURES, out / RUN_INFO
    has_results = reports.exists() or failures.exists()
    if has_results and not (args.resume or args.overwrite):
        raise _Usage(f"{out} already holds results: add --resume to finish them or --overwrite to start again")
    cwd = os.getcwd()
    if args.resume and info.exists():
        earlier = json.loads(info.read_text(encoding="utf-8"))
        if earlier.get("cwd") != cwd:
            raise _Usage(f"resume from {earlier.get('cwd')}, where this batch started: its records name the "
                         "documents by the paths given there")
    write_atomic(info, json.dumps({"worksum": __version__, "cwd": cwd, "inputs": args.inputs,
                                   "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
                                  ensure_ascii=False, indent=2) + "\n")
    if not args.resume:
        from .export.tables import TABLES as TABLE_NAMES

        stale = [out / TABLES / f"{name}.{ext}" for name in TABLE_NAMES for ext in ("csv", "parquet")]
        for path in (reports, failures, *stale):
            path.unlink(missing_ok=True)
        return set(), 0
    for path in (reports, failures):
        cut = repair(path)
        if cut:
            _error(f"{path}: cut off a partial last record ({cut} bytes); that document is parsed again")
    done = _done_sources(reports) if reports.exists() else set()
    kept = 0
    if failures.exists():
        records = [json.loads(line) for line in iter_lines(failures)]
        if args.retry_failed:  # failures of documents in this run are tried again; others stay
            records = [r for r in records if str(r.get("doc_id")) not in wanted]
            write_atomic(failures, "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                                           for r in records))
        kept = len(records)
        done.update(str(r.get("doc_id")) for r in records)
    return done, kept


class _Output:
    """Summary lines, failure lines and the progress bar (on a terminal only)."""

    def __init__(self, total: int, *, quiet: bool, progress: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        if progress and total and sys.stderr.isatty():
            try:
                tqdm = importlib.import_module("tqdm").tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                # No monitor thread: while this process runs a single thread its pool can start by fork.
                tqdm.monitor_interval = 0
                self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def line(self, text: str, *, error: bool = False) -> None:
        stream = sys.stderr if error else sys.stdout
        if self.bar is not None:
            self.bar.write(text, file=stream)
        else:
            print(text, file=stream, flush=error)

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def _writers(out: Path, fsync: bool) -> Iterator[tuple[JsonlWriter, JsonlWriter]]:
    with JsonlWriter(out / REPORTS, fsync=fsync) as reports, JsonlWriter(out / FAILURES, fsync=fsync) as failures:
        yield reports, failures


def _run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise _Usage("--workers must be at least 1")
    if args.tables:
        from .export.tables import require_pyarrow

        try:
            require_pyarrow()
        except ImportError:
            raise _Usage("--tables writes Parquet files, which needs pyarrow: pip install 'worksum[parquet]' "
                         "(or pip install pyarrow)") from None
    files, missing = find_documents(args.inputs, exclude=args.exclude)
    if missing:
        raise _Usage("nothing found at " + ", ".join(missing))
    if not files:
        raise _Usage("no documents (.txt, .md, .docx) in " + ", ".join(args.inputs))
    if args.retry_failed and not args.resume:
        raise _Usage("--retry-failed goes with --resume")
    out = Path(args.output)
    if (out / REPORTS).exists() and not (args.resume or args.overwrite):
        raise _Usage(f"{out} already holds results: add --resume to finish them or --overwrite to start again")
    with _locked(out):
        return _batch(args, files, out)


def _batch(args: argparse.Namespace, files: list[Path], out: Path) -> int:
    done, kept_failures = _prepare(out, args, {str(path) for path in files})
    todo = [path for path in files if str(path) not in done]
    skipped = len(files) - len(todo)
    parsed = failed = 0
    output = _Output(len(todo), quiet=args.quiet, progress=not args.no_progress)
    interrupted = False
    try:
        with _writers(out, args.fsync) as (reports, failures):
            if todo:
                for result in parse_many(todo, workers=args.workers, ordered=not args.unordered,
                                         max_bytes=args.max_bytes):
                    if isinstance(result, Parsed):
                        reports.write_line_bytes(result.json_bytes)
                        parsed += 1
                        if not args.quiet:
                            output.line(result.counts.line(result.doc_id))
                    else:
                        assert isinstance(result, Failure)
                        failures.write(result.to_dict())
                        failed += 1
                        output.line(result.line(), error=True)
                    output.step()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        output.close()
    total_failures = kept_failures + failed
    summary = (f"{len(files)} documents: {parsed} parsed, {failed} failed"
               + (f", {skipped} done before" if skipped else "")
               + f" | {out / REPORTS}" + (f", {total_failures} in {out / FAILURES}" if total_failures else ""))
    print(summary, file=sys.stderr)
    if interrupted:
        _error("interrupted: every record written is whole; finish with --resume")
        return 130
    if args.tables:
        from .export.tables import write_tables

        counts = write_tables(out / REPORTS, out / TABLES)
        print(f"tables in {out / TABLES}: " + ", ".join(f"{name} {n}" for name, n in counts.items()),
              file=sys.stderr)
    elif parsed and (out / TABLES).is_dir() and any((out / TABLES).iterdir()):
        _error(f"{out / TABLES} does not hold the documents of this run: add --tables to rewrite it")
    return 1 if total_failures else 0
