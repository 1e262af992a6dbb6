"""Reading documents from files: encodings, size limits, formats.

Text files are decoded in this order, first success wins:
1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) says the encoding;
2. strict UTF-8;
3. UTF-16 without a BOM, when the zero bytes say so;
4. strict GB18030 (a superset of GBK and GB2312), accepted only when the result reads
   as Chinese text rather than garbage;
5. charset-normalizer's best guess, accepted only when it is confident.
Anything else raises :class:`~worksum.errors.DecodeError` naming the file and the
encodings tried.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from .errors import DecodeError, EmptyDocumentError, FileTooLargeError, UnsupportedFormatError
from .models import Report

#: Default largest file ``parse_file`` reads (bytes); protects memory. Override per call or with
#: the ``WORKSUM_MAX_BYTES`` environment variable.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv", ""}
UNSUPPORTED_SUFFIXES = {".pdf", ".doc", ".wps", ".xls", ".xlsx", ".ppt", ".pptx", ".rtf", ".odt", ".zip", ".rar"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNLIKELY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\u3400-\u4dbf\U00020000-\U0003ffff]")


def max_bytes_default() -> int:
    env = os.environ.get("WORKSUM_MAX_BYTES")
    return int(env) if env and env.isdigit() else DEFAULT_MAX_BYTES


def _plausible_chinese(text: str) -> bool:
    """Decoded text that reads as Chinese: common CJK characters, few rare or control ones."""
    if not text:
        return True
    sample = text[:20000]
    unlikely = len(_UNLIKELY.findall(sample))
    cjk = len(_CJK.findall(sample))
    return unlikely <= max(2, len(sample) // 200) and (cjk > 0 or sample.isascii())


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, zeros in (("utf-16-le", odd_zeros), ("utf-16-be", even_zeros)):
        if zeros >= half * 0.2:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _cut_at_end(data: bytes, exc: UnicodeDecodeError, encoding: str) -> str | None:
    """The text of a file whose last character was cut in half (a truncated download): the rest decodes,
    and U+FFFD marks the cut (``parse`` then warns about replacement characters)."""
    if exc.reason != "unexpected end of data" and exc.start < len(data) - 4:
        return None
    if len(data) - exc.start > 4:
        return None
    try:
        return data[:exc.start].decode(encoding) + "\ufffd"
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, *, path: str | Path | None = None) -> tuple[str, str]:
    """Decode a document's bytes: ``(text, encoding)``."""
    tried: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            tried.append(encoding)
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"bytes after the {encoding} byte-order mark are invalid ({exc.reason})",
                                  path=path, tried=tried) from exc
    tried.append("utf-8")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        cut = _cut_at_end(data, exc, "utf-8")
        if cut is not None:
            return cut, "utf-8"
    tried.append("utf-16 (no BOM)")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None and _plausible_chinese(utf16[0]):
        return utf16
    tried.append("gb18030")
    try:
        gb_text: str | None = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        gb_text = _cut_at_end(data, exc, "gb18030")
    if gb_text is not None and _plausible_chinese(gb_text):
        return gb_text, "gb18030"
    tried.append("charset-normalizer")
    from charset_normalizer import from_bytes  # imported here: only undecided bytes need it

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        text = str(best)
        if _plausible_chinese(text) or text.isascii():
            return text, best.encoding
    raise DecodeError("the bytes are not text in any supported encoding", path=path, tried=tried)


def read_text(path: str | Path, *, max_bytes: int | None = None) -> tuple[str, str]:
    """The text of a document file and the encoding it was read in."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(
            f"{suffix} files are not supported; convert to .txt or .docx first", path=path)
    limit = max_bytes_default() if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise FileTooLargeError(f"file is {size} bytes, over the limit of {limit} bytes", path=path,
                                size=size, limit=limit)
    if suffix == ".docx":
        from .docx_reader import read_docx

        return read_docx(path, max_bytes=limit), "docx"
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the file is empty" if not data else "the file holds only white space", path=path)
    return decode_bytes(data, path=path)


def parse_file(path: str | Path, *, max_bytes: int | None = None) -> Report:
    """Read and parse one document file (.txt/.md in any common encoding, .docx)."""
    from .pipeline import parse

    text, encoding = read_text(path, max_bytes=max_bytes)
    return parse(text, source=str(path), encoding=encoding)
