"""Render an :class:`~worksum.evaluation.runner.EvalResult` as plain text or Markdown.

``python -m worksum.evaluation.report`` scores ``<repo>/corpora`` and writes
``<repo>/docs/accuracy.md`` (the same as ``worksum eval corpora --markdown docs/accuracy.md``).
The Markdown holds numbers and file names only, never text from the documents.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from worksum.evaluation.runner import DocResult, EvalResult, evaluate
from worksum.evaluation.scoring import SPAN_FIELDS, EvalError, Scores

REPO = Path(__file__).resolve().parents[3]

_SPAN_HEADERS = ("field", "gold", "pred", "found", "P", "R", "F1", "exact", "contained")
_CHECK_HEADERS = ("check", "checked", "correct", "accuracy")
_KIND_LABEL = {"miss": "miss", "false_alarm": "false alarm", "wrong": "wrong"}


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _width(cell: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool = False) -> str:
    """A table with the first column left-aligned and the others right-aligned."""
    if markdown:
        lines = [
            "| " + " | ".join(headers) + " |",
            "|" + "|".join([" --- "] + [" ---: "] * (len(headers) - 1)) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(cell + pad if i == 0 else pad + cell)
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def span_rows(scores: Scores) -> list[list[str]]:
    rows = []
    for name, s in scores.spans.items():
        found = (
            str(s.matched_gold) if s.matched_gold == s.matched_pred else f"{s.matched_gold}/{s.matched_pred}"
        )
        rows.append(
            [
                name,
                str(s.gold),
                str(s.predicted),
                found,
                _rate(s.precision),
                _rate(s.recall),
                _rate(s.f1),
                _rate(s.exact_rate),
                _rate(s.contained_rate),
            ]
        )
    return rows


def check_rows(scores: Scores) -> list[list[str]]:
    return [[name, str(c.checked), str(c.correct), _rate(c.accuracy)] for name, c in scores.checks.items()]


def _fields_present(docs: Sequence[DocResult]) -> list[str]:
    seen = {name for d in docs if d.scores is not None for name in d.scores.spans}
    return [name for name in SPAN_FIELDS if name in seen]


def _doc_rows(docs: Sequence[DocResult], fields: Sequence[str], name_of: dict[int, str]) -> list[list[str]]:
    rows = []
    for i, d in enumerate(docs):
        cells = [name_of[i], d.status, "-" if d.chars is None else str(d.chars)]
        for name in fields:
            span = d.scores.spans.get(name) if d.scores is not None else None
            cells.append(_rate(span.f1) if span is not None else "")
        rows.append(cells)
    return rows


def _summary(result: EvalResult) -> str:
    ok = result.by_status("ok")
    shared = sum(1 for d in ok if d.shared)
    return (
        f"{len(ok)} documents scored ({len(ok) - shared} own, {shared} shared), "
        f"{len(result.by_status('skipped'))} skipped, {len(result.by_status('error'))} errors"
    )


def _error_line(e: EvalError) -> str:
    detail = f"  ({e.detail})" if e.detail else ""
    return f"  {e.field:<28} {_KIND_LABEL[e.kind]:<11} {e.start:>6}-{e.end:<6} {e.context}{detail}"


def render_text(result: EvalResult, *, show_errors: bool = False, fields: Sequence[str] | None = None) -> str:
    """The readable report: micro tables, per-document F1, then (optionally) the errors in context."""
    parts = [f"worksum eval: {_summary(result)}"]
    if result.micro.spans:
        parts.append(format_table(_SPAN_HEADERS, span_rows(result.micro)))
    if result.micro.checks:
        parts.append(format_table(_CHECK_HEADERS, check_rows(result.micro)))
    if result.documents:
        doc_fields = _fields_present(result.documents)
        names = {i: d.gold for i, d in enumerate(result.documents)}
        parts.append(
            "F1 by document\n"
            + format_table(
                ["document", "status", "chars", *doc_fields], _doc_rows(result.documents, doc_fields, names)
            )
        )
    notes = [f"{d.status}: {d.gold}: {d.message}" for d in result.documents if d.status != "ok"]
    if notes:
        parts.append("\n".join(notes))
    if show_errors:
        for d in result.documents:
            errors = [e for e in d.errors if not fields or e.field.startswith(tuple(fields))]
            if errors:
                lines = [f"errors in {d.gold} ({len(errors)})", *(_error_line(e) for e in errors)]
                parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _relative(name: str, base: Path | None) -> str:
    if base is None:
        return name
    try:
        return Path(name).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return name


def render_markdown(result: EvalResult, *, command: str, base: Path | None = None) -> str:
    """docs/accuracy.md: numbers and file names only (no document text, so nothing shared is copied)."""
    out = [
        "# Accuracy",
        "",
        f"Generated by `{command}`; do not edit by hand. How items are matched and counted: "
        "[evaluation.md](evaluation.md).",
        "",
        _summary(result) + ".",
    ]
    if result.micro.spans:
        out += [
            "",
            "## Spans (micro-average)",
            "",
            "`found` is gold found / predictions correct when they differ "
            "(achievements are matched many to one). `exact` and `contained` are rates over the gold found.",
            "",
        ]
        out.append(format_table(_SPAN_HEADERS, span_rows(result.micro), markdown=True))
    if result.micro.checks:
        out += [
            "",
            "## Checks (micro-average)",
            "",
            format_table(_CHECK_HEADERS, check_rows(result.micro), markdown=True),
        ]
    ok = result.by_status("ok")
    fields = _fields_present(ok)
    if ok and fields:
        rows = []
        for label, shared in (("own", False), ("shared", True)):
            n = sum(1 for d in ok if d.shared == shared)
            if n:
                scores = result.micro_of(shared=shared)
                spans = scores.spans
                rows.append([f"{label} ({n})", *(_rate(spans[f].f1) if f in spans else "" for f in fields)])
        out += ["", "## F1 by origin", "", format_table(["documents", *fields], rows, markdown=True)]
        names = {i: _relative(d.gold, base) for i, d in enumerate(result.documents)}
        out += [
            "",
            "## F1 by document",
            "",
            format_table(
                ["document", "status", "chars", *fields],
                _doc_rows(result.documents, fields, names),
                markdown=True,
            ),
        ]
    not_scored = [d for d in result.documents if d.status != "ok"]
    if not_scored:
        out += ["", "## Not scored", ""]
        for d in not_scored:
            if d.status == "skipped":
                why = "document absent"
            elif d.shared:  # the message may quote the shared document: keep it out of the repository
                why = "see `worksum eval` on this file"
            else:
                why = d.message or ""
            out.append(f"- `{_relative(d.gold, base)}`: {d.status}: {why}")
    return "\n".join(out) + "\n"


FLOOR_RATES = ("precision", "recall", "f1", "exact_rate", "accuracy")


def suggest_floors(result: EvalResult, *, step: float = 0.05) -> dict[str, dict[str, float]]:
    """Floors at the current micro metrics rounded down to ``step``, per origin (tests/floors.json format).

    Only the rates in :data:`FLOOR_RATES`, only values that round to more than 0,
    and not ``not_slogans`` while no slogan is predicted at all (trivially perfect).
    """
    floors: dict[str, dict[str, float]] = {}
    for group, shared in (("own", False), ("shared", True)):
        if not any(d.status == "ok" and d.shared == shared for d in result.documents):
            continue
        scores = result.micro_of(shared=shared)
        metrics = scores.metrics()
        slogans = scores.spans.get("slogans")
        if slogans is None or slogans.predicted == 0:
            metrics.pop("not_slogans.accuracy", None)
        chosen = {}
        for name, value in metrics.items():
            floor = round(math.floor(value / step + 1e-9) * step, 2)
            if name.rsplit(".", 1)[1] in FLOOR_RATES and floor > 0:
                chosen[name] = floor
        floors[group] = chosen
    return floors


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate docs/accuracy.md from corpora/ (or print suggested floors)."""
    parser = argparse.ArgumentParser(prog="python -m worksum.evaluation.report", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="gold files or folders (default: <repo>/corpora)")
    parser.add_argument("--output", "-o", type=Path, default=REPO / "docs" / "accuracy.md")
    parser.add_argument(
        "--suggest-floors",
        action="store_true",
        help="print floors at the current metrics (rounded down to 0.05) as JSON instead of writing the report",
    )
    args = parser.parse_args(argv)
    paths: list[Path] = args.paths or [REPO / "corpora"]
    result = evaluate(paths)
    if args.suggest_floors:
        print(json.dumps(suggest_floors(result), indent=2, sort_keys=True))
        return 1 if result.by_status("error") else 0
    output: Path = args.output
    output.write_text(
        render_markdown(result, command="python -m worksum.evaluation.report", base=REPO), encoding="utf-8"
    )
    print(f"{_summary(result)}; wrote {output}", file=sys.stderr)
    return 1 if result.by_status("error") else 0


if __name__ == "__main__":
    raise SystemExit(main())
