"""The review page: one self-contained HTML file showing what worksum read.

:func:`report_to_html` (``Report.to_html``) renders the text as written, with every
heading, figure, slogan, achievement, problem and plan highlighted at its exact span,
the outline as a tree of links beside it, a legend, the warnings, and on hover or
focus the parsed values of an item. :func:`render_site` writes one page per document
and a sortable index.

The page needs no network: CSS and script are inlined from ``worksum/data/`` and a
Content-Security-Policy forbids every fetch. Every piece of document text goes through
:func:`html.escape` (or JSON with ``<``, ``>``, ``&`` escaped inside the data script), so a
document holding ``<script>`` shows it as text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from ..models import Figure, Report, Section, Slogan, Statement

#: Kinds of highlighted items, outermost first when two share a span.
KINDS = ("heading", "achievement", "problem", "plan", "slogan", "figure")
KIND_LABELS = {
    "heading": "标题 Headings",
    "figure": "数据 Figures",
    "slogan": "提法 Slogans",
    "achievement": "成绩 Achievements",
    "problem": "问题 Problems",
    "plan": "计划 Plans",
}
_SECTION_LABELS = {"preamble": "前言 Preamble", "closing": "结尾 Closing"}
_MULTIPLIERS = {10**4: "万", 10**8: "亿", 10**12: "万亿", 1000: "千", 100: "百"}
# Characters a page cannot hold as they are: C0/C1 controls but tab and line breaks, lone surrogates.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# --------------------------------------------------------------------------- data files


@cache
def _asset(name: str) -> str:
    return resources.files("worksum").joinpath("data", name).read_text(encoding="utf-8")


def _template(name: str) -> Template:
    return Template(_asset(name))


# --------------------------------------------------------------------------- escaping


def _visible(text: str) -> str:
    """Control characters as their Control Pictures symbol (same length), lone surrogates as U+FFFD."""

    def repl(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        if code == 0x7F:
            return "\u2421"
        return "\ufffd"

    return _UNSHOWABLE.sub(repl, text)


def esc(text: str) -> str:
    """Text for an HTML text node or a quoted attribute value."""
    return html.escape(_visible(text), quote=True)


def script_json(data: object) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------- items


@dataclass
class PageItem:
    """One highlighted item: where it is and what to show about it."""

    index: int
    kind: str
    start: int
    end: int
    text: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, object]:
        return {"kind": self.kind, "text": _visible(self.text), "start": self.start, "end": self.end,
                "fields": [[k, _visible(v)] for k, v in self.fields]}


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _multiplier(value: int) -> str:
    name = _MULTIPLIERS.get(value)
    return f"{value} ({name})" if name else str(value)


def figure_fields(figure: Figure) -> list[tuple[str, str]]:
    """What was parsed from a figure, as (name, value) pairs, empty fields left out."""
    fields: list[tuple[str, str]] = []
    if figure.masked:
        fields.append(("value", "masked 隐去 (X / XX)"))
    elif figure.value is not None:
        fields.append(("value", _number(figure.value)))
    if figure.number is not None and figure.multiplier != 1:
        fields.append(("number", _number(figure.number)))
    if figure.unit:
        fields.append(("unit", figure.unit))
    if figure.multiplier != 1:
        fields.append(("multiplier", _multiplier(figure.multiplier)))
    fields.append(("kind", figure.kind))
    if figure.metric:
        fields.append(("metric", figure.metric))
    if figure.approx or figure.qualifier:
        fields.append(("approx", figure.qualifier or "yes"))
    if figure.low is not None or figure.high is not None:
        fields.append(("range", f"{_number(figure.low) or '…'} – {_number(figure.high) or '…'}"))
    if figure.change:
        fields.append(("change", figure.change + (f" ({figure.baseline})" if figure.baseline else "")))
    elif figure.baseline:
        fields.append(("baseline", figure.baseline))
    if figure.target:
        fields.append(("target", "yes"))
    if figure.scope:
        fields.append(("scope", figure.scope))
    return fields


def slogan_fields(slogan: Slogan) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = [("canonical", slogan.canonical), ("kind", slogan.kind)]
    if slogan.expansion:
        fields.append(("expansion", "、".join(slogan.expansion)))
    if slogan.issuer:
        fields.append(("issuer", slogan.issuer))
    if slogan.category:
        fields.append(("category", slogan.category))
    fields.append(("known", "yes" if slogan.known else "no"))
    if slogan.quoted:
        fields.append(("quoted", "yes"))
    return fields


def statement_fields(statement: Statement) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = [("role", statement.role)]
    if statement.section_path:
        fields.append(("section", " › ".join(statement.section_path)))
    if statement.cue is not None:
        fields.append(("cue", statement.cue.text))
    if statement.figures:
        fields.append(("figures", "；".join(f.text for f in statement.figures)))
    return fields


def heading_fields(section: Section) -> list[tuple[str, str]]:
    fields = [("level", str(section.level)), ("kind", section.kind)]
    if section.marker:
        fields.append(("marker", section.marker))
    fields.append(("section", section.id))
    return fields


def page_items(report: Report) -> list[PageItem]:
    """Every item of the report to highlight, in document order (outer before inner)."""
    found: list[PageItem] = []

    def add(kind: str, start: int, end: int, text: str, fields: list[tuple[str, str]]) -> None:
        found.append(PageItem(index=0, kind=kind, start=start, end=end, text=text, fields=fields))

    for section in report.headings():
        if section.title_span is not None:
            add("heading", section.title_span.start, section.title_span.end, section.title,
                heading_fields(section))
    for figure in report.figures:
        add("figure", figure.span.start, figure.span.end, figure.text, figure_fields(figure))
    for slogan in report.slogans:
        add("slogan", slogan.span.start, slogan.span.end, slogan.text, slogan_fields(slogan))
    for kind, statements in (("achievement", report.achievements), ("problem", report.problems),
                             ("plan", report.plans)):
        for statement in statements:
            add(kind, statement.span.start, statement.span.end, statement.text, statement_fields(statement))
    found.sort(key=lambda item: (item.start, -item.end, KINDS.index(item.kind)))
    for index, item in enumerate(found):
        item.index = index
    return found


# --------------------------------------------------------------------------- the text with highlights


def _anchor_id(prefix: str, name: str, taken: set[str]) -> str:
    base = f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', name)}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _open_tag(item: PageItem, first: bool) -> str:
    attrs = [f'class="ws ws-{item.kind}{"" if first else " ws-cont"}"', f'data-i="{item.index}"',
             f'data-k="{item.kind}"']
    if first:
        attrs += [f'id="item-{item.index}"', 'tabindex="0"']
    return f"<mark {' '.join(attrs)}>"


def highlight(text: str, items: Sequence[PageItem], anchors: dict[int, list[str]]) -> str:
    """``text`` escaped, with ``<mark>`` around each item and empty anchors at offsets.

    Items nest; an item that crosses the end of another is cut into fragments (the later
    ones marked ``ws-cont``), so the markup stays well formed and every fragment carries
    the item's ``data-i``.
    """
    starts: dict[int, list[PageItem]] = {}
    for item in items:
        starts.setdefault(item.start, []).append(item)
    for group in starts.values():
        group.sort(key=lambda item: (-item.end, KINDS.index(item.kind), item.index))
    points = sorted({0, len(text), *starts, *(item.end for item in items), *anchors})
    out: list[str] = []
    stack: list[PageItem] = []
    opened: set[int] = set()
    previous = 0

    def open_item(item: PageItem) -> None:
        out.append(_open_tag(item, item.index not in opened))
        opened.add(item.index)
        stack.append(item)

    for point in points:
        if point > previous:
            out.append(esc(text[previous:point]))
            previous = point
        ending = [k for k, item in enumerate(stack) if item.end <= point]
        if ending:
            cut = ending[0]
            reopen = [item for item in stack[cut:] if item.end > point]
            out.append("</mark>" * (len(stack) - cut))
            del stack[cut:]
            for item in reopen:
                open_item(item)
        for anchor in anchors.get(point, []):
            out.append(f'<span class="anchor" id="{anchor}"></span>')
        for item in starts.get(point, []):
            open_item(item)
    out.append("</mark>" * len(stack))
    return "".join(out)


# --------------------------------------------------------------------------- page parts


def _section_label(section: Section) -> str:
    if section.kind in _SECTION_LABELS:
        return _SECTION_LABELS[section.kind]
    return f"{section.marker}{section.title}" if section.marker else section.title or section.id


def _outline(sections: Sequence[Section], ids: dict[str, str]) -> str:
    if not sections:
        return ""
    parts = ['<ul>']
    for section in sections:
        marker = f'<span class="marker">{esc(section.marker)}</span>' if section.marker else ""
        title = esc(section.title) if section.kind not in _SECTION_LABELS else esc(_section_label(section))
        parts.append(f'<li class="sec-{section.kind}"><a href="#{ids[section.id]}" data-section="{esc(section.id)}">'
                     f"{marker}{title}</a>{_outline(section.children, ids)}</li>")
    parts.append("</ul>")
    return "".join(parts)


def _legend(counts: dict[str, int]) -> str:
    rows = []
    for kind in ("heading", "figure", "slogan", "achievement", "problem", "plan"):
        rows.append(f'<li><label><input type="checkbox" checked data-toggle="{kind}"> '
                    f'<mark class="ws ws-{kind} swatch">{esc(KIND_LABELS[kind].split()[0])}</mark> '
                    f'{esc(KIND_LABELS[kind].split()[1])} <span class="count">{counts.get(kind, 0)}</span>'
                    f"</label></li>")
    return f'<ul class="legend-list">{"".join(rows)}</ul>'


def _warnings(report: Report, problems: Sequence[str], anchors: dict[int, list[str]], taken: set[str]) -> str:
    rows: list[str] = []
    for n, warning in enumerate(report.warnings):
        where = ""
        if warning.span is not None and 0 <= warning.span.start <= len(report.text):
            anchor = _anchor_id("warn", str(n), taken)
            anchors.setdefault(warning.span.start, []).append(anchor)
            where = f' <a href="#{anchor}">→</a>'
        rows.append(f'<li class="sev-{esc(warning.severity)}"><code>{esc(warning.code)}</code> '
                    f"{esc(warning.message)}{where}</li>")
    rows.extend(f'<li class="sev-page"><code>page</code> {esc(p)}</li>' for p in problems)
    if not rows:
        return '<p class="none">无 None</p>'
    return f'<ul class="warning-list">{"".join(rows)}</ul>'


def _meta(report: Report) -> str:
    parts: list[str] = []
    title = report.title
    if title is not None:
        for label, value in (("发文单位 issuer", title.issuer), ("年份 year", title.year),
                             ("类型 type", title.doc_type), ("期间 period", title.period)):
            if value is not None:
                parts.append(f'<span class="meta-item"><b>{esc(label)}</b> {esc(str(value))}</span>')
    if report.source:
        parts.append(f'<span class="meta-item"><b>文件 source</b> {esc(report.source)}</span>')
    if report.encoding:
        parts.append(f'<span class="meta-item"><b>编码 encoding</b> {esc(report.encoding)}</span>')
    parts.append(f'<span class="meta-item"><b>字数 chars</b> {len(report.text)}</span>')
    return " ".join(parts)


def page_title(report: Report) -> str:
    if report.title is not None and report.title.text.strip():
        return report.title.text.strip()
    if report.source:
        return Path(report.source).name
    return "worksum"


def report_to_html(report: Report, *, index_href: str | None = None) -> str:
    """The review page of one report: a complete, self-contained HTML document (``Report.to_html``)."""
    text = report.text
    items = page_items(report)
    problems: list[str] = []
    shown: list[PageItem] = []
    for item in items:
        if item.start >= item.end:
            problems.append(f"{item.kind} “{item.text}” has an empty span [{item.start}, {item.end})")
            continue
        if not 0 <= item.start < item.end <= len(text):
            problems.append(f"{item.kind} “{item.text}” has span [{item.start}, {item.end}) outside the text")
            continue
        if text[item.start:item.end] != item.text:
            problems.append(f"{item.kind} “{item.text}” differs from the text at [{item.start}, {item.end})")
        shown.append(item)
    for index, item in enumerate(shown):  # data-i is the position in the page's item data
        item.index = index
    taken: set[str] = set()
    anchors: dict[int, list[str]] = {}
    section_ids: dict[str, str] = {}
    for section in report.iter_sections():
        anchor = _anchor_id("sec", section.id, taken)
        section_ids[section.id] = anchor
        position = min(max(section.span.start, 0), len(text))
        anchors.setdefault(position, []).append(anchor)
    warnings_html = _warnings(report, problems, anchors, taken)
    counts = {kind: sum(1 for item in shown if item.kind == kind) for kind in KINDS}
    n_warnings = len(report.warnings) + len(problems)
    back = f'<a class="back" href="{esc(index_href)}">← 索引 Index</a>' if index_href else ""
    data = {"items": [item.data() for item in shown], "labels": KIND_LABELS}
    return _template("review.html").substitute(
        title=esc(page_title(report)),
        heading=esc(page_title(report)),
        subtitle=esc(report.title.subtitle) if report.title is not None and report.title.subtitle else "",
        meta=_meta(report),
        back=back,
        outline=_outline(report.sections, section_ids) or '<p class="none">无 None</p>',
        legend=_legend(counts),
        n_warnings=str(n_warnings),
        warnings=warnings_html,
        body=highlight(text, shown, anchors),
        data=script_json(data),
        css=_asset("review.css"),
        js=_asset("review.js"),
    )


# --------------------------------------------------------------------------- a corpus


@dataclass
class SiteEntry:
    """One row of the index page."""

    document: str
    href: str | None
    report: Report | None = None
    error: str | None = None


def index_row(entry: SiteEntry) -> dict[str, object]:
    """The index columns of one document."""
    report = entry.report
    title = report.title if report is not None else None
    return {
        "document": entry.document,
        "title": title.text if title is not None else "",
        "year": title.year if title is not None else None,
        "issuer": title.issuer if title is not None else None,
        "type": title.doc_type if title is not None else None,
        "figures": len(report.figures) if report is not None else None,
        "slogans": len(report.slogans) if report is not None else None,
        "achievements": len(report.achievements) if report is not None else None,
        "problems": len(report.problems) if report is not None else None,
        "plans": len(report.plans) if report is not None else None,
        "warnings": len(report.warnings) if report is not None else None,
    }


_COLUMNS = (("document", "文档 Document", "text"), ("title", "标题 Title", "text"), ("year", "年份 Year", "num"),
            ("issuer", "发文单位 Issuer", "text"), ("type", "类型 Type", "text"),
            ("figures", "数据 Figures", "num"), ("slogans", "提法 Slogans", "num"),
            ("achievements", "成绩 Achievements", "num"), ("problems", "问题 Problems", "num"),
            ("plans", "计划 Plans", "num"), ("warnings", "提示 Warnings", "num"))


def index_html(entries: Iterable[SiteEntry], *, title: str = "worksum") -> str:
    """The index page: a sortable table of the documents."""
    head = "".join(f'<th scope="col" data-type="{kind}" aria-sort="none"><button type="button">{esc(label)}'
                   f"</button></th>" for _, label, kind in _COLUMNS)
    rows: list[str] = []
    total = 0
    for entry in entries:
        total += 1
        values = index_row(entry)
        cells: list[str] = []
        for key, _, _kind in _COLUMNS:
            value = values[key]
            shown = "" if value is None else str(value)
            content = esc(shown)
            if key == "document":
                content = (f'<a href="{esc(entry.href)}">{content}</a>' if entry.href else content)
                if entry.error:
                    content += f'<div class="error">{esc(entry.error)}</div>'
            cells.append(f'<td data-key="{esc(shown)}" class="col-{key}">{content}</td>')
        row_class = ' class="failed"' if entry.error else ""
        rows.append(f'<tr{row_class}>{"".join(cells)}</tr>')
    return _template("index.html").substitute(
        title=esc(title),
        count=str(total),
        head=head,
        rows="".join(rows),
        css=_asset("review.css"),
        js=_asset("index.js"),
    )


def page_name(relative: Path) -> Path:
    """Where a document's page goes in a site: its relative path plus ``.html``."""
    return relative.with_name(relative.name + ".html")


def render_site(documents: Sequence[tuple[Path, Report | Exception]], root: Path, output: Path,
                *, title: str | None = None) -> list[SiteEntry]:
    """Write one page per document under ``output`` and ``output/index.html``; returns the index rows.

    ``documents`` pairs each file with its report, or with the error that stopped its parsing
    (listed in the index, without a page).
    """
    output.mkdir(parents=True, exist_ok=True)
    entries: list[SiteEntry] = []
    for path, outcome in documents:
        try:
            relative = path.relative_to(root)
        except ValueError:
            relative = Path(path.name)
        if ".." in relative.parts:
            # A path that climbs out of the corpus (sub/../../x.txt) must not climb out of the site: keep its
            # name, drop its folders.
            relative = Path(path.name if path.name not in ("", "..", ".") else "document")
        name = relative.as_posix()
        if isinstance(outcome, Exception):
            entries.append(SiteEntry(document=name, href=None, error=str(outcome)))
            continue
        target = output / page_name(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = len(relative.parts) - 1
        index_href = "../" * depth + "index.html"
        target.write_text(report_to_html(outcome, index_href=index_href), encoding="utf-8")
        entries.append(SiteEntry(document=name, href=page_name(relative).as_posix(), report=outcome))
    (output / "index.html").write_text(index_html(entries, title=title or root.name or "worksum"), encoding="utf-8")
    return entries
