"""worksum: Chinese work summaries and work reports as typed, structured data.

>>> import worksum
>>> report = worksum.parse("XX镇2018年工作总结\\n一、党的建设\\n全年发展党员3名。")
>>> [s.title for s in report.sections]
['党的建设']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    CorruptDocumentError,
    DecodeError,
    EmptyDocumentError,
    FileTooLargeError,
    InputError,
    LexiconError,
    UnsupportedFormatError,
    WorksumError,
)
from .io import parse_file, read_text
from .models import (
    SCHEMA_VERSION,
    Block,
    Cue,
    Diagnostic,
    Figure,
    InlineList,
    ListItem,
    Paragraph,
    QuotedTerm,
    Report,
    Section,
    Sentence,
    Slogan,
    Span,
    Statement,
    Title,
)
from .pipeline import parse

if TYPE_CHECKING:  # loaded on first use (module __getattr__ below); named here for type checkers
    from .batch import parse_many
    from .export.tables import to_frames

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Heavier parts load on first use, so that `import worksum` stays light.
    if name == "evaluate":
        from .evaluation import evaluate

        return evaluate
    if name == "parse_many":
        from .batch import parse_many

        return parse_many
    if name == "to_frames":
        from .export.tables import to_frames

        return to_frames
    raise AttributeError(f"module 'worksum' has no attribute {name!r}")

__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "CorruptDocumentError",
    "Cue",
    "DecodeError",
    "Diagnostic",
    "EmptyDocumentError",
    "Figure",
    "FileTooLargeError",
    "InlineList",
    "InputError",
    "LexiconError",
    "ListItem",
    "Paragraph",
    "QuotedTerm",
    "Report",
    "Section",
    "Sentence",
    "Slogan",
    "Span",
    "Statement",
    "Title",
    "UnsupportedFormatError",
    "WorksumError",
    "__version__",
    "evaluate",
    "parse",
    "parse_file",
    "parse_many",
    "read_text",
    "to_frames",
]
