"""The output models: worksum's public contract.

Every item that comes from the text carries ``text`` and a ``span`` such that
``report.text[span.start:span.end] == item.text``. Offsets are Python ``str``
indices (code points) into :attr:`Report.text`, half-open.

The models are plain pydantic v2 models. Pipeline stages build them with
``model_construct`` (trusted, already checked data); JSON coming from outside
goes through ``Report.model_validate_json`` and is validated in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticUndefined

SCHEMA_VERSION = "1.0"

SectionKind = Literal["numbered", "unnumbered", "implicit", "preamble", "closing"]
BlockKind = Literal[
    "noise",  # collection debris: banners, 来源：, 责任编辑：, page markers, navigation
    "title",  # the title line: issuer + period + document type
    "subtitle",  # a subtitle or dateline under the title (——2019年1月X日在…会议上)
    "salutation",  # 各位代表：, 同志们：
    "heading",  # a numbered or unnumbered heading (marker + title, with its own punctuation)
    "paragraph",  # body text
    "signature",  # issuer / date lines that close a document
]
FigureKind = Literal[
    "money",
    "percent",
    "percentage_point",
    "count",
    "area",
    "length",
    "mass",
    "volume",
    "energy",
    "duration",
    "rank",
    "multiple",
    "other",
]
SloganKind = Literal["numeric", "couplet", "programme", "phrase"]
QuotedKind = Literal["slogan", "honour", "brand", "event", "title", "masked", "name", "other"]
Role = Literal["achievement", "measure", "problem", "plan", "other"]
StatementRole = Literal["achievement", "problem", "plan"]
Severity = Literal["info", "warning", "error"]


_M = TypeVar("_M", bound="_Model")
# Default values that model_construct may share between objects (pydantic copies the others).
_IMMUTABLE_DEFAULTS = (str, int, bool, float, Decimal, type(None))


@dataclass(frozen=True)
class _ConstructPlan:
    """What ``model_construct`` needs to know of a model class, read once."""

    order: tuple[str, ...]  # field names in declaration order
    names: frozenset[str]
    fields: tuple[tuple[str, Any, Callable[[], Any] | None], ...]  # (name, default, default factory)


_new = object.__new__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _trusted(cls: type[_M], fields: dict[str, Any], fields_set: set[str]) -> _M:
    """A model of ``cls`` holding ``fields`` as its ``__dict__``, nothing checked (the trusted constructors)."""
    model = _new(cls)  # BaseModel has no __new__ of its own: object.__new__, without the look-up
    object.__setattr__(model, "__dict__", fields)
    # BaseModel's slots set through their descriptors: a C call each, without the attribute look-up.
    _set_fields_set(model, fields_set)
    _set_extra(model, None)
    _set_private(model, None)
    return model


@cache
def _construct_plan(cls: type[BaseModel]) -> _ConstructPlan:
    fields: list[tuple[str, Any, Callable[[], Any] | None]] = []
    for name, info in cls.__pydantic_fields__.items():
        if info.alias is not None or info.validation_alias is not None:
            raise TypeError(f"{cls.__name__}.{name}: the fast model_construct handles no aliases")
        factory: Callable[[], Any] | None = info.default_factory  # type: ignore[assignment]
        default = info.default
        if factory is None and not isinstance(default, _IMMUTABLE_DEFAULTS) and default is not PydanticUndefined:
            raise TypeError(f"{cls.__name__}.{name}: a mutable default needs a default_factory")
        fields.append((name, default, factory))
    order = tuple(cls.__pydantic_fields__)
    return _ConstructPlan(order, frozenset(order), tuple(fields))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)

    @classmethod
    def model_construct(cls: type[_M], _fields_set: set[str] | None = None, **values: Any) -> _M:
        """pydantic's ``model_construct`` (trusted data, no validation), for worksum's models only.

        Why: the parser builds about 200,000 models per megabyte of text (spans, sentences,
        figures); pydantic's general version, which also handles aliases, extra fields and
        post-init hooks that these models do not have, took a fifth of the parse time. The
        result is the same object: ``__dict__`` in field order with defaults filled in,
        ``model_fields_set`` the names given (tests/test_models_construct.py checks both
        against pydantic's own implementation and against validated objects).
        """
        plan = _construct_plan(cls)
        fields: dict[str, Any]
        given: set[str]
        if tuple(values) == plan.order:
            fields = values  # every field given, in order (the usual call): the keywords are the __dict__
            given = set(plan.names) if _fields_set is None else _fields_set
        else:
            fields = {}
            for name, default, factory in plan.fields:
                if name in values:
                    fields[name] = values[name]
                elif factory is not None:
                    fields[name] = factory()
                elif default is not PydanticUndefined:
                    fields[name] = default
            given = _fields_set if _fields_set is not None else values.keys() & plan.names
        return _trusted(cls, fields, given)


class Span(_Model):
    """Half-open ``[start, end)`` offsets into :attr:`Report.text`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def trusted_copy(model: _M, **update: Any) -> _M:
    """``model.model_copy(update=update)`` for worksum's models, in under half the time.

    Why: every figure inside a plan is copied with ``target=True`` (about 5,000 copies per megabyte).
    A shallow copy of ``__dict__`` as pydantic's does, nothing validated; tests/test_models_construct.py
    checks that the result equals pydantic's copy.
    """
    fields = dict(model.__dict__)
    fields.update(update)
    return _trusted(model.__class__, fields, model.__pydantic_fields_set__ | update.keys())


def trusted_span(start: int, end: int) -> Span:
    """``Span.model_construct(start=start, end=end)`` in half the time, for offsets the pipeline computed.

    Why: spans are more than half of the objects a parse builds (about 110,000 per megabyte).
    Nothing is checked, as with ``model_construct``; tests/test_models_construct.py checks that the
    result equals a validated ``Span``.
    """
    return _trusted(Span, {"start": start, "end": end}, {"start", "end"})


class Diagnostic(_Model):
    """Something worth knowing about the input or the parse: never an exception."""

    code: str = Field(description="stable machine-readable code, e.g. 'numbering_jump'")
    message: str
    severity: Severity = "warning"
    span: Span | None = None


class Block(_Model):
    """A typed stretch of the text. Blocks and the gaps between them rebuild the input."""

    kind: BlockKind
    text: str
    span: Span


class Title(_Model):
    text: str
    span: Span
    issuer: str | None = None
    year: int | None = None
    period: str | None = Field(default=None, description="period as written, e.g. '2018年度', '2019年上半年'")
    doc_type: str | None = Field(default=None, description="e.g. '年度工作总结', '政府工作报告', '述职报告'")
    subtitle: str | None = None
    subtitle_span: Span | None = None


class Sentence(_Model):
    text: str
    span: Span
    role: Role | None = Field(default=None, description="set by the roles extractor")


class Paragraph(_Model):
    text: str
    span: Span
    sentences: list[Sentence] = Field(default_factory=list)


class Section(_Model):
    id: str = Field(description="path of ordinals in the tree, e.g. 's1', 's1.2'; 'preamble', 'closing'")
    kind: SectionKind
    level: int = Field(ge=1, description="depth in the tree, 1 = top")
    marker: str = Field(default="", description="the ordinal marker as written: '一、', '（一）', '1.'; '' if none")
    ordinal: int | None = None
    title: str = Field(default="", description="heading text without marker and trailing punctuation")
    span: Span = Field(description="the whole section, heading included")
    title_span: Span | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)

    def iter_sections(self) -> Iterator[Section]:
        """This section and all below it, depth-first."""
        yield self
        for child in self.children:
            yield from child.iter_sections()


class Figure(_Model):
    """A quantity in the text: number, multiplier, unit and what it measures."""

    text: str
    span: Span
    number: Decimal | None = Field(default=None, description="the number as written (1.2 for 1.2万亿元)")
    multiplier: int = Field(default=1, description="10**4 for 万, 10**8 for 亿, ...")
    value: Decimal | None = Field(default=None, description="number × multiplier; None when masked")
    unit: str | None = Field(default=None, description="base unit without the multiplier: 元, 亩, %, 个 ...")
    kind: FigureKind = "other"
    masked: bool = Field(default=False, description="a placeholder (X, XX, ××) stands for the number")
    approx: bool = False
    qualifier: str | None = Field(
        default=None, description="approximation or bound word as written: 近, 约, 余, 左右, 以上, 不少于 ...")
    low: Decimal | None = Field(default=None, description="lower bound in value scale (3—5万元 → 30000; 以上)")
    high: Decimal | None = Field(default=None, description="upper bound in value scale (3—5万元 → 50000; 以内)")
    change: Literal["increase", "decrease"] | None = None
    baseline: str | None = Field(default=None, description="同比, 环比, 比上年 ...")
    metric: str | None = Field(default=None, description="the noun phrase the figure measures")
    metric_span: Span | None = None
    target: bool = Field(default=False, description="the figure is a goal (预期, 目标, 力争 ...)")
    scope: str | None = Field(default=None, description="scope of a rank: 全县 in 居全县第一位")


class Slogan(_Model):
    """A formulaic political expression (提法)."""

    text: str = Field(description="the slogan without quote marks")
    span: Span
    canonical: str
    kind: SloganKind
    known: bool = False
    expansion: list[str] = Field(default_factory=list)
    issuer: str | None = None
    issuer_span: Span | None = None
    category: str | None = None
    quoted: bool = False


class QuotedTerm(_Model):
    """A string in quotes (“…”, 《…》) and what it is."""

    text: str = Field(description="content without the quote marks")
    span: Span
    kind: QuotedKind
    brackets: str = Field(default="“”", description="the quote marks used")


class Cue(_Model):
    """The word or phrase that decided a classification."""

    text: str
    span: Span


class Statement(_Model):
    """An achievement, problem or plan: a typed stretch of prose."""

    role: StatementRole
    text: str
    span: Span
    section_id: str | None = None
    section_path: list[str] = Field(default_factory=list, description="titles from the top of the tree down")
    cue: Cue | None = None
    figures: list[Figure] = Field(default_factory=list)


ListStyle = Literal["shi", "sequence", "di", "circled", "paren", "aspect"]


class ListItem(_Model):
    """One item of an inline list: its enumerator as written and its text without it."""

    marker: str = Field(description="the enumerator as written: 一是, 首先, 第一, ①, （1）, 一方面")
    marker_span: Span
    text: str = Field(description="the item without its enumerator and separating punctuation")
    span: Span


class InlineList(_Model):
    """An enumeration inside a paragraph: 一是…二是…, 首先…其次…, 第一，…第二，…, ①②, （1）（2）, 一方面…另一方面."""

    style: ListStyle = Field(description="shi (一是), sequence (首先/其次/最后), di (第一，), circled (①), paren ((1)), "
                                         "aspect (一方面/另一方面)")
    span: Span = Field(description="from the first enumerator to the end of the last item")
    section_id: str | None = None
    items: list[ListItem] = Field(default_factory=list)


class Report(_Model):
    """Everything worksum read from one document."""

    schema_version: str = SCHEMA_VERSION
    text: str = Field(description="the input, unchanged")
    source: str | None = None
    encoding: str | None = None
    title: Title | None = None
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    slogans: list[Slogan] = Field(default_factory=list)
    quoted_terms: list[QuotedTerm] = Field(default_factory=list)
    achievements: list[Statement] = Field(default_factory=list)
    problems: list[Statement] = Field(default_factory=list)
    plans: list[Statement] = Field(default_factory=list)
    lists: list[InlineList] = Field(default_factory=list, description="inline enumerations, in reading order")
    warnings: list[Diagnostic] = Field(default_factory=list)

    def iter_sections(self) -> Iterator[Section]:
        """Every section of the tree, depth-first, in document order."""
        for section in self.sections:
            yield from section.iter_sections()

    def headings(self) -> list[Section]:
        """The sections that have a heading in the text (numbered, unnumbered, implicit)."""
        return [s for s in self.iter_sections() if s.title_span is not None]

    def to_spacy(self, nlp: Any = None) -> Any:
        """A spaCy ``Doc`` of the text with worksum's items in ``doc.spans["worksum"]`` (extra ``spacy``)."""
        from .export.spacy import report_to_spacy

        return report_to_spacy(self, nlp)

    def to_html(self) -> str:
        """A self-contained HTML review page: outline, highlighted items, warnings."""
        from .export.html import report_to_html

        return report_to_html(self)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose span contains ``offset``."""
        found: Section | None = None
        for section in self.iter_sections():
            if section.span.start <= offset < section.span.end:
                found = section
        return found
