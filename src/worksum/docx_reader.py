"""Reading .docx files (extra ``docx``: python-docx).

The document becomes plain text the way a reader sees it: one line per paragraph,
automatic list numbering rendered as the marker Word shows (``一、`` ``（一）`` ``1.``),
tables as rows of tab-separated cells. The archive is checked before it is opened:
not a zip, no ``word/document.xml``, or an archive that inflates far beyond its size
(a zip bomb) raise :class:`~worksum.errors.CorruptDocumentError` naming the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import CorruptDocumentError, EmptyDocumentError, FileTooLargeError, UnsupportedFormatError

# An archive may inflate to at most this many times the size limit, and at most this ratio per member.
_MAX_INFLATE_FACTOR = 8
_MAX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "ideographLegalTraditional", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    return str(n)


def check_archive(path: Path, max_bytes: int) -> None:
    """Refuse what is not a .docx, or what would inflate beyond reason."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names:
                raise CorruptDocumentError("not a .docx: the archive has no word/document.xml", path=path)
            total = sum(info.file_size for info in infos)
            if total > max_bytes * _MAX_INFLATE_FACTOR:
                raise CorruptDocumentError(
                    f"the archive inflates to {total} bytes, over {_MAX_INFLATE_FACTOR}× the size limit "
                    "(a zip bomb?)", path=path)
            for info in infos:
                if info.compress_size and info.file_size / info.compress_size > _MAX_RATIO and info.file_size > 1 << 20:
                    raise CorruptDocumentError(
                        f"{info.filename} inflates {info.file_size // info.compress_size}× (a zip bomb?)", path=path)
    except zipfile.BadZipFile as exc:
        raise CorruptDocumentError(f"not a valid .docx (not a zip archive: {exc})", path=path) from exc
    except (NotImplementedError, UnicodeDecodeError, ValueError, EOFError) as exc:
        # zipfile's other refusals: a zip version or compression it cannot read, a name flagged UTF-8 that is not
        raise CorruptDocumentError(f"not a readable .docx ({type(exc).__name__}: {exc})", path=path) from exc


class _Numbering:
    """Renders Word's automatic numbering (numbering.xml) as the marker a reader sees."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self.levels[(num.get(f"{_W}numId", ""), ilvl)] = spec

    @staticmethod
    def _num_pr(paragraph: Any) -> Any:
        """The numbering properties of a paragraph, directly or through its style chain."""
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
                return sppr.numPr
            style = style.base_style
        return None

    def marker(self, paragraph: Any) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if spec is None or spec[0] in ("none", "bullet"):
            return ""
        fmt, template, start = spec
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
            del self.counters[deeper]
        text = template
        for level in range(ilvl, -1, -1):
            value = self.counters.get((num_id, level), self.levels.get((num_id, level), ("decimal", "", 1))[2])
            level_fmt = self.levels.get((num_id, level), (fmt, "", 1))[0]
            text = text.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return text


def _lines(document: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            if text.strip():
                yield numbering.marker(paragraph) + text
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                cells = [cell.text.replace("\n", " ").strip() for cell in row.cells]
                if any(cells):
                    yield "\t".join(cells)


def read_docx(path: str | Path, *, max_bytes: int) -> str:
    """The text of a .docx file."""
    path = Path(path)
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise UnsupportedFormatError("reading .docx needs the extra: pip install 'worksum[docx]'", path=path) from exc
    check_archive(path, max_bytes)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise CorruptDocumentError(f"cannot open the .docx ({type(exc).__name__}: {exc})", path=path) from exc
    text = "\n".join(_lines(document))
    if len(text) > max_bytes:
        raise FileTooLargeError(f"the document text has {len(text)} characters, over the limit", path=path,
                                size=len(text), limit=max_bytes)
    if not text.strip():
        raise EmptyDocumentError("the .docx holds no text", path=path)
    return text
