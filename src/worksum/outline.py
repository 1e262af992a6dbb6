"""A readable outline of a report: title, then the section tree with markers and titles."""

from __future__ import annotations

from .models import Report, Section

_KIND_LABEL = {"preamble": "[preamble]", "closing": "[closing]"}


def _line(section: Section) -> str:
    indent = "  " * (section.level - 1)
    if section.kind in _KIND_LABEL:
        first = section.paragraphs[0].text[:24] if section.paragraphs else ""
        return f"{indent}{_KIND_LABEL[section.kind]} {first}…"
    label = section.marker or ("· " if section.kind == "implicit" else "")
    return f"{indent}{label}{section.title}"


def outline(report: Report) -> str:
    """The outline as text, one line per section (the format of the golden outline files)."""
    lines: list[str] = []
    if report.title is not None:
        t = report.title
        lines.append(f"TITLE {t.text} | issuer={t.issuer or '-'} year={t.year or '-'} type={t.doc_type or '-'}")
    lines.extend(_line(section) for section in report.iter_sections())
    return "\n".join(lines) + "\n"
