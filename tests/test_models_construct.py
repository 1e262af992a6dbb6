"""worksum's fast ``model_construct`` builds the same objects as pydantic's own and as validation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from worksum import models
from worksum.models import (
    Block,
    Cue,
    Diagnostic,
    Figure,
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

SPAN = Span(start=3, end=7)

CASES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Span, {"start": 0, "end": 4}),
    (Span, {"end": 4, "start": 0}),  # keywords out of declaration order
    (Diagnostic, {"code": "no_headings", "message": "m"}),
    (Diagnostic, {"code": "x", "message": "m", "severity": "info", "span": SPAN}),
    (Block, {"kind": "paragraph", "text": "正文", "span": SPAN}),
    (Title, {"text": "某镇2019年工作总结", "span": SPAN, "year": 2019}),
    (Sentence, {"text": "句子。", "span": SPAN, "role": None}),
    (Sentence, {"text": "句子。", "span": SPAN}),  # role left to its default
    (Paragraph, {"text": "段落", "span": SPAN, "sentences": [Sentence(text="段落", span=SPAN)]}),
    (Paragraph, {"text": "段落", "span": SPAN}),  # sentences from the default factory
    (Section, {"id": "s1", "kind": "numbered", "level": 1, "span": SPAN, "marker": "一、", "ordinal": 1}),
    (Figure, {"text": "3亿元", "span": SPAN, "number": Decimal(3), "multiplier": 10**8,
              "value": Decimal(300000000), "unit": "元", "kind": "money"}),
    (Figure, {"text": "XX万元", "span": SPAN, "masked": True, "multiplier": 10**4, "unit": "元"}),
    (Slogan, {"text": "两学一做", "span": SPAN, "canonical": "两学一做", "kind": "numeric", "known": True}),
    (QuotedTerm, {"text": "四好", "span": SPAN, "kind": "slogan"}),
    (Cue, {"text": "荣获", "span": SPAN}),
    (Statement, {"role": "plan", "text": "力争增长5%", "span": SPAN, "section_id": "s3",
                 "section_path": ["下一步"], "cue": Cue(text="力争", span=SPAN), "figures": []}),
    (Report, {"text": "正文", "source": "a.txt"}),
]


def _ids(case: tuple[type[BaseModel], dict[str, Any]]) -> str:
    return f"{case[0].__name__}-{'-'.join(case[1])}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_same_as_pydantic_and_validation(case: tuple[type[BaseModel], dict[str, Any]]) -> None:
    cls, values = case
    fast = cls.model_construct(**values)
    generic = BaseModel.model_construct.__func__(cls, **values)  # type: ignore[attr-defined]
    validated = cls.model_validate(values)
    assert type(fast) is cls
    assert fast == generic == validated
    assert list(fast.__dict__) == list(generic.__dict__)  # field order, defaults included
    assert fast.model_fields_set == generic.model_fields_set == validated.model_fields_set
    assert type(fast.model_fields_set) is set
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.model_dump_json(exclude_unset=True) == validated.model_dump_json(exclude_unset=True)
    assert fast.__pydantic_extra__ is None and fast.__pydantic_private__ is None


@pytest.mark.parametrize(("start", "end"), [(0, 0), (0, 4), (17, 250_000)])
def test_trusted_span_equals_a_validated_span(start: int, end: int) -> None:
    fast, validated = models.trusted_span(start, end), Span(start=start, end=end)
    assert type(fast) is Span
    assert fast == validated and hash(fast) == hash(validated)
    assert list(fast.__dict__) == ["start", "end"]
    assert fast.model_fields_set == validated.model_fields_set
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.__pydantic_extra__ is None and fast.__pydantic_private__ is None


def test_explicit_fields_set() -> None:
    span = Span.model_construct({"start"}, start=1, end=2)
    assert span.model_fields_set == {"start"}


def test_defaults_are_not_shared() -> None:
    first, second = Paragraph.model_construct(text="a", span=SPAN), Paragraph.model_construct(text="b", span=SPAN)
    first.sentences.append(Sentence(text="a", span=SPAN))
    assert second.sentences == []


def test_unknown_keywords_are_ignored_as_by_pydantic() -> None:
    span = Span.model_construct(start=1, end=2, width=1)
    assert span == Span(start=1, end=2)
    assert span.model_fields_set == {"start", "end"}


def test_frozen_models_stay_frozen() -> None:
    span = Span.model_construct(start=1, end=2)
    with pytest.raises(ValueError, match="frozen"):
        span.start = 5


def test_every_model_has_a_plan() -> None:
    for cls in (Span, Diagnostic, Block, Title, Sentence, Paragraph, Section, Figure, Slogan, QuotedTerm, Cue,
                Statement, Report):
        plan = models._construct_plan(cls)
        assert plan.order == tuple(cls.model_fields)


def test_trusted_copy_equals_pydantics_copy() -> None:
    import worksum

    figure = worksum.parse("一、工作\n全年完成投资8亿元。\n").figures[0]
    fast, slow = models.trusted_copy(figure, target=True), figure.model_copy(update={"target": True})
    assert type(fast) is type(slow)
    assert fast == slow and fast.model_dump_json() == slow.model_dump_json()
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.model_fields_set == slow.model_fields_set
    assert figure.target is False  # the original is untouched
