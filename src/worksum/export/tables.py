"""Flat tables of reports: one row per document, section, figure, slogan, quoted term and statement.

Every row carries the document id (``doc_id``: the report's ``source``, or ``#N`` for the N-th report
when it has none) and, for items in the text, the id and the path of titles of the innermost section
that holds them (``section_path``, titles joined by ``" > "``). Offsets are ``start``/``end`` into the
report's text. The column lists are fixed (:data:`TABLES`), so an empty table still has its columns.

- :func:`rows` gives plain dicts (no third-party package needed);
- :func:`to_frames` gives pandas DataFrames (``pip install 'worksum[parquet]'``);
- :func:`write_tables` writes CSV (standard library) and Parquet (pyarrow) files, streaming.

>>> import worksum
>>> frames = worksum.to_frames([worksum.parse("一、经济发展\\n全年完成投资12亿元。")])  # doctest: +SKIP
>>> frames.figures[["doc_id", "text", "value", "unit"]]  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..models import Report, Section, Span

if TYPE_CHECKING:
    from ..batch import Result

ColumnType = Literal["string", "int", "float", "bool"]
PATH_SEPARATOR = " > "
LIST_SEPARATOR = " | "

_ITEM: tuple[tuple[str, ColumnType], ...] = (("section_id", "string"), ("section_path", "string"), ("text", "string"), ("start", "int"),
         ("end", "int"))

#: The tables and their columns, in order, with their types.
TABLES: dict[str, tuple[tuple[str, ColumnType], ...]] = {
    "documents": (
        ("doc_id", "string"), ("source", "string"), ("encoding", "string"), ("schema_version", "string"),
        ("title", "string"), ("issuer", "string"), ("year", "int"), ("period", "string"),
        ("doc_type", "string"), ("subtitle", "string"), ("chars", "int"), ("sections", "int"),
        ("headings", "int"), ("figures", "int"), ("slogans", "int"), ("quoted_terms", "int"),
        ("achievements", "int"), ("problems", "int"), ("plans", "int"), ("warnings", "int"),
    ),
    "sections": (
        ("doc_id", "string"), ("section_id", "string"), ("parent_id", "string"), ("kind", "string"),
        ("level", "int"), ("marker", "string"), ("ordinal", "int"), ("title", "string"),
        ("section_path", "string"), ("start", "int"), ("end", "int"), ("title_start", "int"),
        ("title_end", "int"), ("paragraphs", "int"),
    ),
    "figures": (
        ("doc_id", "string"), *_ITEM,
        ("number", "float"), ("multiplier", "int"), ("value", "float"), ("unit", "string"), ("kind", "string"),
        ("masked", "bool"), ("approx", "bool"), ("qualifier", "string"), ("low", "float"), ("high", "float"),
        ("change", "string"), ("baseline", "string"), ("metric", "string"), ("metric_start", "int"),
        ("metric_end", "int"), ("target", "bool"), ("scope", "string"),
    ),
    "slogans": (
        ("doc_id", "string"), *_ITEM,
        ("canonical", "string"), ("kind", "string"), ("known", "bool"), ("expansion", "string"),
        ("issuer", "string"), ("issuer_start", "int"), ("issuer_end", "int"), ("category", "string"),
        ("quoted", "bool"),
    ),
    "quoted_terms": (
        ("doc_id", "string"), *_ITEM, ("kind", "string"), ("brackets", "string"),
    ),
    "statements": (
        ("doc_id", "string"), *_ITEM, ("role", "string"), ("cue", "string"), ("cue_start", "int"),
        ("cue_end", "int"), ("figures", "int"),
    ),
    "list_items": (
        ("doc_id", "string"), *_ITEM, ("list_index", "int"), ("style", "string"), ("item_index", "int"),
        ("marker", "string"), ("marker_start", "int"), ("marker_end", "int"),
    ),
}

Row = dict[str, Any]


def _start(span: Span | None) -> int | None:
    return span.start if span is not None else None


def _end(span: Span | None) -> int | None:
    return span.end if span is not None else None


def _label(section: Section) -> str:
    return section.title or section.kind


class _Sections:
    """Section ids, parents and title paths of one report; the innermost section at an offset."""

    def __init__(self, report: Report) -> None:
        self.order: list[tuple[Section, str | None, tuple[str, ...]]] = []
        self._walk(report.sections, None, ())

    def _walk(self, sections: Sequence[Section], parent: str | None, path: tuple[str, ...]) -> None:
        for section in sections:
            own = (*path, _label(section))
            self.order.append((section, parent, own))
            self._walk(section.children, section.id, own)

    def at(self, offset: int) -> tuple[str | None, str | None]:
        found: tuple[str | None, str | None] = (None, None)
        for section, _, path in self.order:  # depth-first: the last match is the innermost
            if section.span.start <= offset < section.span.end:
                found = (section.id, PATH_SEPARATOR.join(path))
        return found


def doc_id_of(report: Report, position: int) -> str:
    """The id of a report in the tables: its ``source``, or ``#position`` when it has none."""
    return report.source if report.source else f"#{position}"


def rows(report: Report, doc_id: str | None = None) -> dict[str, list[Row]]:
    """The rows of every table for one report (``doc_id`` defaults to ``report.source`` or ``#0``)."""
    doc = doc_id if doc_id is not None else doc_id_of(report, 0)
    tree = _Sections(report)
    title = report.title
    out: dict[str, list[Row]] = {name: [] for name in TABLES}
    out["documents"].append({
        "doc_id": doc, "source": report.source, "encoding": report.encoding,
        "schema_version": report.schema_version,
        "title": title.text if title else None, "issuer": title.issuer if title else None,
        "year": title.year if title else None, "period": title.period if title else None,
        "doc_type": title.doc_type if title else None, "subtitle": title.subtitle if title else None,
        "chars": len(report.text), "sections": len(tree.order),
        "headings": sum(1 for s, _, _ in tree.order if s.title_span is not None),
        "figures": len(report.figures), "slogans": len(report.slogans),
        "quoted_terms": len(report.quoted_terms), "achievements": len(report.achievements),
        "problems": len(report.problems), "plans": len(report.plans), "warnings": len(report.warnings),
    })
    for section, parent, path in tree.order:
        out["sections"].append({
            "doc_id": doc, "section_id": section.id, "parent_id": parent, "kind": section.kind,
            "level": section.level, "marker": section.marker, "ordinal": section.ordinal,
            "title": section.title, "section_path": PATH_SEPARATOR.join(path),
            "start": section.span.start, "end": section.span.end,
            "title_start": _start(section.title_span), "title_end": _end(section.title_span),
            "paragraphs": len(section.paragraphs),
        })

    def item(text: str, span: Span) -> Row:
        section_id, section_path = tree.at(span.start)
        return {"doc_id": doc, "section_id": section_id, "section_path": section_path, "text": text,
                "start": span.start, "end": span.end}

    for figure in report.figures:
        out["figures"].append({
            **item(figure.text, figure.span),
            "number": figure.number, "multiplier": figure.multiplier, "value": figure.value,
            "unit": figure.unit, "kind": figure.kind, "masked": figure.masked, "approx": figure.approx,
            "qualifier": figure.qualifier, "low": figure.low, "high": figure.high, "change": figure.change,
            "baseline": figure.baseline, "metric": figure.metric, "metric_start": _start(figure.metric_span),
            "metric_end": _end(figure.metric_span), "target": figure.target, "scope": figure.scope,
        })
    for slogan in report.slogans:
        out["slogans"].append({
            **item(slogan.text, slogan.span),
            "canonical": slogan.canonical, "kind": slogan.kind, "known": slogan.known,
            "expansion": LIST_SEPARATOR.join(slogan.expansion) if slogan.expansion else None,
            "issuer": slogan.issuer, "issuer_start": _start(slogan.issuer_span),
            "issuer_end": _end(slogan.issuer_span), "category": slogan.category, "quoted": slogan.quoted,
        })
    for term in report.quoted_terms:
        out["quoted_terms"].append({**item(term.text, term.span), "kind": term.kind, "brackets": term.brackets})
    for statement in (*report.achievements, *report.problems, *report.plans):
        row = item(statement.text, statement.span)
        if statement.section_id is not None:
            row["section_id"] = statement.section_id
        if statement.section_path:
            row["section_path"] = PATH_SEPARATOR.join(statement.section_path)
        cue = statement.cue
        out["statements"].append({
            **row, "role": statement.role, "cue": cue.text if cue else None,
            "cue_start": cue.span.start if cue else None, "cue_end": cue.span.end if cue else None,
            "figures": len(statement.figures),
        })
    out["statements"].sort(key=lambda r: (r["start"], r["end"]))
    for list_index, found in enumerate(report.lists):
        for item_index, list_item in enumerate(found.items):
            out["list_items"].append({
                **item(list_item.text, list_item.span), "list_index": list_index, "style": found.style,
                "item_index": item_index, "marker": list_item.marker, "marker_start": list_item.marker_span.start,
                "marker_end": list_item.marker_span.end,
            })
    return out


ReportSource = Iterable["Report | Result"] | str | os.PathLike[str]


def iter_reports(reports: ReportSource) -> Iterator[tuple[str, Report]]:
    """``(doc_id, report)`` for reports, results of :func:`worksum.parse_many` (failures skipped) or the
    path of a ``reports.jsonl``."""
    if isinstance(reports, (str, os.PathLike)):
        from .jsonl import read_reports

        reports = read_reports(reports)
    from ..batch import Failure, Parsed

    for position, entry in enumerate(reports):
        if isinstance(entry, Report):
            yield doc_id_of(entry, position), entry
        elif isinstance(entry, Parsed):
            yield entry.doc_id, entry.report
        elif not isinstance(entry, Failure):
            raise TypeError(f"expected Report objects or parse_many results, not {type(entry).__name__}")


def iter_rows(reports: ReportSource) -> Iterator[dict[str, list[Row]]]:
    """The rows of each report in turn (see :func:`rows`)."""
    for doc_id, report in iter_reports(reports):
        yield rows(report, doc_id)


# --- pandas ---------------------------------------------------------------------------------------------

_PANDAS_DTYPES = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}


def _missing(extra: str, package: str, exc: ImportError) -> ImportError:
    return ImportError(f"{package} is needed for this: pip install 'worksum[{extra}]' (or pip install {package})"
                       f" [{exc}]")


@dataclass
class Frames:
    """One pandas DataFrame per table (see :data:`TABLES` for the columns)."""

    documents: Any
    sections: Any
    figures: Any
    slogans: Any
    quoted_terms: Any
    statements: Any
    list_items: Any

    def items(self) -> Iterator[tuple[str, Any]]:
        """``(table name, DataFrame)`` pairs."""
        for f in fields(self):
            yield f.name, getattr(self, f.name)


def _frame(name: str, table_rows: list[Row]) -> Any:
    import pandas as pd

    columns = TABLES[name]
    data = {
        column: pd.Series([_plain(r.get(column)) for r in table_rows], dtype=_PANDAS_DTYPES[kind])
        for column, kind in columns
    }
    return pd.DataFrame(data, columns=[c for c, _ in columns])


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def to_frames(reports: ReportSource) -> Frames:
    """pandas DataFrames of the flat tables: documents, sections, figures, slogans, quoted_terms, statements.

    ``reports``: :class:`~worksum.models.Report` objects, the results of :func:`worksum.parse_many` (failures
    are left out) or the path of a ``reports.jsonl``. Decimals become floats; lists are joined by ``" | "``.
    """
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise _missing("parquet", "pandas", exc) from exc
    collected: dict[str, list[Row]] = {name: [] for name in TABLES}
    for table_rows in iter_rows(reports):
        for name, part in table_rows.items():
            collected[name].extend(part)
    return Frames(**{name: _frame(name, collected[name]) for name in TABLES})


# --- files ----------------------------------------------------------------------------------------------

Format = Literal["csv", "parquet"]


def require_pyarrow() -> None:
    """Raise an ImportError that says what to install when pyarrow is missing."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise _missing("parquet", "pyarrow", exc) from exc


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


class _Sink:
    """The CSV and Parquet files of one table, written as rows arrive, replaced in one step when closed."""

    def __init__(self, name: str, folder: Path, formats: Sequence[Format], batch_rows: int) -> None:
        self.name = name
        self.columns = TABLES[name]
        self.batch_rows = batch_rows
        self.buffer: list[Row] = []
        self.count = 0
        self.targets: list[tuple[Path, Path]] = []
        self._csv_handle: Any = None
        self._csv: Any = None
        self._parquet: Any = None
        self._schema: Any = None
        if "csv" in formats:
            target = folder / f"{name}.csv"
            tmp = folder / f".{name}.csv.tmp"
            self._csv_handle = tmp.open("w", encoding="utf-8", newline="")
            self._csv = csv.writer(self._csv_handle)
            self._csv.writerow([c for c, _ in self.columns])
            self.targets.append((tmp, target))
        if "parquet" in formats:
            import pyarrow as pa
            import pyarrow.parquet as pq

            types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
            self._schema = pa.schema([(c, types[kind]) for c, kind in self.columns])
            target = folder / f"{name}.parquet"
            tmp = folder / f".{name}.parquet.tmp"
            self._parquet = pq.ParquetWriter(str(tmp), self._schema, compression="zstd")
            self.targets.append((tmp, target))

    def add(self, table_rows: list[Row]) -> None:
        if self._csv is not None:
            for row in table_rows:
                self._csv.writerow([_csv_value(row.get(c)) for c, _ in self.columns])
        self.count += len(table_rows)
        if self._parquet is not None:
            self.buffer.extend(table_rows)
            if len(self.buffer) >= self.batch_rows:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self.buffer:
            return
        data = {c: [_plain(r.get(c)) for r in self.buffer] for c, _ in self.columns}
        self._parquet.write_table(pa.Table.from_pydict(data, schema=self._schema))
        self.buffer = []

    def close(self, *, keep: bool) -> None:
        if self._parquet is not None:
            if keep:
                self._flush()
            self._parquet.close()
        if self._csv_handle is not None:
            self._csv_handle.close()
        for tmp, target in self.targets:
            if keep:
                os.replace(tmp, target)
            else:
                tmp.unlink(missing_ok=True)


def write_tables(reports: ReportSource, folder: str | Path, *,
                 formats: Sequence[Format] = ("csv", "parquet"), batch_rows: int = 50_000) -> dict[str, int]:
    """Write each table as ``folder/NAME.csv`` and ``folder/NAME.parquet``; the row count of each table.

    Streaming: reports are read one at a time and Parquet row groups of ``batch_rows`` rows are written as
    they fill, so memory does not grow with the corpus. Files appear only when complete (written beside
    under a temporary name, then renamed). CSV is UTF-8 without BOM, empty cells for missing values,
    ``true``/``false`` for booleans, decimals exact; Parquet has typed columns (int64, float64, bool, string).
    """
    unknown = set(formats) - {"csv", "parquet"}
    if unknown:
        raise ValueError(f"unknown table formats: {sorted(unknown)}")
    if "parquet" in formats:
        require_pyarrow()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    sinks = [_Sink(name, out, formats, batch_rows) for name in TABLES]
    ok = False
    try:
        for table_rows in iter_rows(reports):
            for sink in sinks:
                sink.add(table_rows[sink.name])
        ok = True
    finally:
        for sink in sinks:
            sink.close(keep=ok)
    return {sink.name: sink.count for sink in sinks}
