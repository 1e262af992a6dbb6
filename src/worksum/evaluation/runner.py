"""Find gold files, read their documents, run the parser, score and sum up.

A gold file ``NAME.gold.json`` names its document in ``doc``, relative to the
gold file. Gold for the shared corpus (``sha256`` set) may point outside the
repository; when the document is not where ``doc`` says, it is looked up by
file name in ``$WORKSUM_SHARED`` (or ``$WORKSUM_SHARED/corpus``) and in
``<repo>/../shared/corpus``. A shared document that cannot be found is
*skipped*; one whose SHA-256 differs from the gold is an *error*.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from worksum.errors import InputError, WorksumError
from worksum.evaluation.gold import GoldDocument, load_gold
from worksum.evaluation.scoring import EvalError, GoldProblem, Scores, micro_average, score_document
from worksum.models import Report

GOLD_SUFFIX = ".gold.json"
SHARED_ENV = "WORKSUM_SHARED"

Status = Literal["ok", "skipped", "error"]


class ParseFn(Protocol):
    """What :func:`evaluate` calls for each document: ``worksum.parse`` by default."""

    def __call__(self, text: str, /, *, source: str | None = ...) -> Report: ...


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocResult(_Model):
    """The outcome for one gold file: scores when ``status == "ok"``, the reason otherwise."""

    gold: str
    doc: str | None = None
    shared: bool = False
    status: Status
    message: str | None = None
    chars: int | None = None
    seconds: float | None = None
    scores: Scores | None = None
    errors: list[EvalError] = []


class EvalResult(_Model):
    """Per-document results and their micro-average over the documents scored."""

    documents: list[DocResult]
    micro: Scores

    def by_status(self, status: Status) -> list[DocResult]:
        return [d for d in self.documents if d.status == status]

    def micro_of(self, *, shared: bool) -> Scores:
        """Micro-average over the scored documents of one origin (shared corpus or the project's own)."""
        return micro_average(d.scores for d in self.documents if d.scores is not None and d.shared == shared)

    def metrics(self) -> dict[str, float]:
        """Flat micro metrics: ``{"figures.f1": ..., "heading.level.accuracy": ...}``."""
        return self.micro.metrics()


# --------------------------------------------------------------------------- finding files


def find_gold_files(paths: Sequence[str | Path]) -> list[Path]:
    """Gold files named directly, and every ``*.gold.json`` under the folders given (sorted, no duplicates)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{GOLD_SUFFIX}") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=path)
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _repo_roots(gold_path: Path) -> Iterator[Path]:
    for parent in gold_path.resolve().parents:
        if (parent / "pyproject.toml").is_file():
            yield parent
            break
    package_root = Path(__file__).resolve().parents[3]
    if (package_root / "pyproject.toml").is_file():
        yield package_root


def document_candidates(gold_path: Path, gold: GoldDocument) -> list[Path]:
    """Where the document of ``gold`` may be, in the order tried."""
    doc = Path(gold.doc)
    candidates = [doc if doc.is_absolute() else gold_path.parent / doc]
    if gold.sha256 is not None:
        env = os.environ.get(SHARED_ENV)
        if env:
            candidates += [Path(env) / doc.name, Path(env) / "corpus" / doc.name]
        candidates += [root.parent / "shared" / "corpus" / doc.name for root in _repo_roots(gold_path)]
    unique: list[Path] = []
    for candidate in candidates:
        if candidate not in unique:
            unique.append(candidate)
    return unique


def read_document(path: Path, gold: GoldDocument) -> str:
    """The document text as the gold offsets see it: bytes decoded as ``gold.encoding``.

    Without ``encoding`` the bytes are UTF-8 and a leading UTF-8 BOM is dropped
    (as :func:`worksum.read_text` does); nothing else is stripped or translated
    (CRLF counts two characters).
    Raises :class:`InputError` on a SHA-256 mismatch or undecodable bytes.
    """
    data = path.read_bytes()
    if gold.sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != gold.sha256.strip().lower():
            raise InputError(f"SHA-256 {digest} does not match the gold's {gold.sha256}", path=path)
    encoding = gold.encoding or "utf-8-sig"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"cannot decode as {encoding}: {exc}", path=path) from exc


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- running


def _default_parse() -> ParseFn:
    import worksum

    parse: ParseFn | None = getattr(worksum, "parse", None)
    if parse is None:
        raise WorksumError("worksum.parse is not available: nothing to evaluate with")
    return parse


def evaluate_one(
    gold_path: str | Path, parse: ParseFn | Callable[..., Report], *, context_width: int = 15
) -> DocResult:
    """Score one gold file; never raises for a bad document (the result says what went wrong)."""
    gold_path = Path(gold_path)
    name = _display(gold_path)
    try:
        gold = load_gold(gold_path)
    except (OSError, ValueError, ValidationError) as exc:
        return DocResult(gold=name, status="error", message=f"cannot read gold: {exc}")
    shared = gold.sha256 is not None
    candidates = document_candidates(gold_path, gold)
    doc_path = next((c for c in candidates if c.is_file()), None)
    if doc_path is None:
        tried = ", ".join(_display(c) for c in candidates)
        status: Status = "skipped" if shared else "error"
        return DocResult(
            gold=name, doc=gold.doc, shared=shared, status=status, message=f"document not found ({tried})"
        )
    result = DocResult(gold=name, doc=_display(doc_path), shared=shared, status="error")
    try:
        text = read_document(doc_path, gold)
    except (OSError, InputError) as exc:
        result.message = str(exc)
        return result
    result.chars = len(text)
    started = time.perf_counter()
    try:
        report = parse(text, source=str(doc_path))
    except Exception as exc:  # a crashing parser fails this document, not the whole run
        result.message = f"parser raised {type(exc).__name__}: {exc}"
        return result
    result.seconds = round(time.perf_counter() - started, 4)
    if report.text != text:
        result.message = "the parser's Report.text differs from the document: offsets cannot be compared"
        return result
    try:
        result.scores, result.errors = score_document(gold, report, context_width=context_width)
    except GoldProblem as exc:
        result.message = str(exc)
        return result
    result.status = "ok"
    return result


def evaluate(
    paths: Sequence[str | Path],
    *,
    parse: ParseFn | Callable[..., Report] | None = None,
    context_width: int = 15,
) -> EvalResult:
    """Score the gold files in ``paths`` (files or folders of ``NAME.gold.json``).

    ``parse`` is called as ``parse(text, source=path)`` and must return a
    :class:`~worksum.models.Report` whose ``text`` is ``text`` unchanged;
    default :func:`worksum.parse`. ``context_width`` is the number of
    characters shown on each side of an error item.
    """
    files = find_gold_files(paths)
    if parse is None and files:
        parse = _default_parse()
    documents = [evaluate_one(path, parse, context_width=context_width) for path in files] if parse else []
    return EvalResult(
        documents=documents,
        micro=micro_average(d.scores for d in documents if d.scores is not None),
    )
