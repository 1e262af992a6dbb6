"""Typed errors. Every error worksum raises on purpose is a :class:`WorksumError`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class WorksumError(Exception):
    """Base class of worksum's own errors."""


class InputError(WorksumError):
    """A file or value that worksum cannot read. ``path`` names the file when there is one."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class UnsupportedFormatError(InputError):
    """The file's format is not one worksum reads (by extension or content)."""


class DecodeError(InputError):
    """The bytes are not text in any encoding worksum tried."""

    def __init__(self, message: str, *, path: str | Path | None = None, tried: Sequence[str] = ()) -> None:
        self.tried = list(tried)
        if self.tried:
            message = f"{message} (tried: {', '.join(self.tried)})"
        super().__init__(message, path=path)


class EmptyDocumentError(InputError):
    """The file holds no text at all."""


class FileTooLargeError(InputError):
    """The file is larger than the configured limit."""

    def __init__(self, message: str, *, path: str | Path | None = None, size: int = 0, limit: int = 0) -> None:
        self.size = size
        self.limit = limit
        super().__init__(message, path=path)


class CorruptDocumentError(InputError):
    """A container format (.docx) that is damaged, not what it claims to be, or unsafe to open."""


class WorkerCrashedError(WorksumError):
    """A worker process died while parsing a document (killed, out of memory, a crash in native code)."""


class LexiconError(WorksumError):
    """A lexicon file that cannot be read; names the file and the line."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        where = self.path or "<lexicon>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
