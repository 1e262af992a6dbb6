"""The gold annotation format (see docs/annotation-format.md).

One JSON file per document, ``NAME.gold.json`` beside ``NAME.txt`` (or naming its
document in ``doc``). Spans are ``[start, end)`` Python ``str`` indices into the
decoded text (CRLF counts two characters). Gold for documents the project may
not copy (``../shared/corpus``) stores offsets only: ``text`` fields are left out
and ``sha256`` ties the file to the exact document.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSpan(_Gold):
    """A span-annotated item: a figure, slogan, problem, plan or achievement."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str | None = Field(default=None, description="text[start:end]; left out for shared documents")
    required: bool = Field(default=True, description="false: neither demanded nor punished")

    @model_validator(mode="after")
    def _ordered(self) -> GoldSpan:
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")
        return self


class GoldTitle(_Gold):
    text: str | None = None
    start: int | None = None
    end: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None


class GoldHeading(_Gold):
    """A heading in reading order. ``start``/``end`` is the span of the title (without marker)."""

    level: int = Field(ge=1)
    marker: str | None = Field(default=None, description="as written; '' for an unnumbered or implicit heading")
    title: str | None = Field(default=None, description="without marker and trailing punctuation")
    start: int | None = None
    end: int | None = None
    implicit: bool = Field(default=False, description="an implicit lead-sentence heading")
    required: bool = True


class GoldFigureValue(_Gold):
    """What must be read from one figure; the figure is found by its span (or text)."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    unit: str | None = None
    multiplier: int | None = None
    value: float | None = None
    masked: bool | None = None
    approx: bool | None = None
    kind: str | None = None
    metric_contains: str | None = None


class GoldSloganIssuer(_Gold):
    text: str | None = None
    start: int | None = None
    end: int | None = None
    issuer: str


class GoldDocument(_Gold):
    doc: str = Field(description="the document file, relative to the gold file")
    sha256: str | None = Field(default=None, description="SHA-256 of the document's bytes (shared documents)")
    encoding: str | None = Field(default=None, description="only when the file is not UTF-8, e.g. 'gb18030'")
    description: str | None = None
    title: GoldTitle | None = None
    headings: list[GoldHeading] = Field(default_factory=list)
    figures: list[GoldSpan] = Field(default_factory=list)
    figure_values: list[GoldFigureValue] = Field(default_factory=list)
    slogans: list[GoldSpan] = Field(default_factory=list)
    not_slogans: list[GoldSpan] = Field(default_factory=list)
    slogan_issuers: list[GoldSloganIssuer] = Field(default_factory=list)
    known_expansions: dict[str, list[str]] = Field(default_factory=dict)
    problems: list[GoldSpan] = Field(default_factory=list)
    plans: list[GoldSpan] = Field(default_factory=list)
    achievements: list[GoldSpan] = Field(default_factory=list)
    windows: list[tuple[int, int]] | None = Field(
        default=None, description="ranges annotated completely for figures and slogans; None = whole text"
    )


def load_gold(path: str | Path) -> GoldDocument:
    """Read and validate one gold file."""
    return GoldDocument.model_validate_json(Path(path).read_text(encoding="utf-8"))
