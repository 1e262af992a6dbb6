"""spaCy interoperability: a report as a ``Doc``, a pipeline component, ``DocBin`` export.

- :func:`report_to_spacy` (``Report.to_spacy``): a ``Doc`` whose text is the report's text,
  tokenised by worksum's jieba tokenizer (:mod:`worksum.tokens`), with sentences set and
  ``doc.spans["worksum"]`` holding every heading, figure, slogan, achievement, problem and plan.
- The ``worksum`` pipeline component (``nlp.add_pipe("worksum")``) does the same for any
  Chinese pipeline; spaCy finds it through the ``spacy_factories`` entry point.
- :func:`reports_to_docbin` / :func:`docbin_to_docs`: a corpus as one ``DocBin`` and back.

Tokens are split where an item starts or ends, so every span is exact:
``span.text == span._.worksum.text``. Extension attributes:

- ``doc._.worksum_report``: the :class:`~worksum.models.Report`;
- ``span._.worksum``: the typed item behind a span (``Section``, ``Figure``, ``Slogan``,
  ``Statement``), looked up by label and offsets, so two items with the same offsets
  (a heading that is also an achievement) each keep their own.

The report lives in ``doc.user_data`` as JSON text, so ``Doc.to_bytes`` and
``DocBin(store_user_data=True)`` carry it; the typed object is rebuilt once and cached.
The JSON is written when the report is set: change a report after that, and set it again
(``doc._.worksum_report = report``) before saving the doc.
Nothing here downloads anything.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import registry
from spacy.vocab import Vocab

from ..models import Figure, ListItem, Report, Section, Slogan, Statement
from ..normalize import normalize_view
from ..sentences import split_sentences
from ..tokens import tokenize

SPANS_KEY = "worksum"
#: Span labels, one per kind of item.
LABELS = ("HEADING", "FIGURE", "SLOGAN", "ACHIEVEMENT", "PROBLEM", "PLAN", "LIST_ITEM")
TOKENIZER_NAME = "worksum.JiebaTokenizer.v1"
FACTORY_NAME = "worksum"
#: Key of the report's JSON text in ``doc.user_data``.
USER_DATA_KEY = "worksum_report_json"

Item = Section | Figure | Slogan | Statement | ListItem


# --------------------------------------------------------------------------- items of a report


def report_items(report: Report) -> Iterator[tuple[str, int, int, Item]]:
    """``(label, start, end, item)`` for every item the report holds, in the order of LABELS."""
    for section in report.headings():
        if section.title_span is not None:
            yield "HEADING", section.title_span.start, section.title_span.end, section
    for figure in report.figures:
        yield "FIGURE", figure.span.start, figure.span.end, figure
    for slogan in report.slogans:
        yield "SLOGAN", slogan.span.start, slogan.span.end, slogan
    for label, statements in (("ACHIEVEMENT", report.achievements), ("PROBLEM", report.problems),
                              ("PLAN", report.plans)):
        for statement in statements:
            yield label, statement.span.start, statement.span.end, statement
    for found in report.lists:
        for list_item in found.items:
            yield "LIST_ITEM", list_item.span.start, list_item.span.end, list_item


def _valid_items(report: Report) -> list[tuple[str, int, int, Item]]:
    size = len(report.text)
    return [(label, start, end, item) for label, start, end, item in report_items(report)
            if 0 <= start < end <= size]


def sentence_starts(report: Report) -> set[int]:
    """Offsets where a sentence starts: each block, and each sentence inside it."""
    text = report.text
    view = normalize_view(text)
    blocks = [(b.span.start, b.span.end) for b in report.blocks] or [(0, len(text))]
    starts: set[int] = set()
    for start, end in blocks:
        starts.update(s for s, _ in split_sentences(view, start, end))
    return starts


# --------------------------------------------------------------------------- the report in user_data


_cache_lock = threading.Lock()
_CACHE_SIZE = 256
# id(json text) -> (the json text itself, the report, its items by (label, start, end))
_cache: OrderedDict[int, tuple[str, Report, dict[tuple[str, int, int], Item]]] = OrderedDict()


def _remember(data: str, report: Report) -> tuple[str, Report, dict[tuple[str, int, int], Item]]:
    index: dict[tuple[str, int, int], Item] = {}
    for label, start, end, item in report_items(report):
        index.setdefault((label, start, end), item)
    entry = (data, report, index)
    with _cache_lock:
        _cache[id(data)] = entry
        _cache.move_to_end(id(data))
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return entry


def _entry(doc: Doc) -> tuple[str, Report, dict[tuple[str, int, int], Item]] | None:
    data = doc.user_data.get(USER_DATA_KEY)
    if not isinstance(data, str):
        return None
    with _cache_lock:
        entry = _cache.get(id(data))
    if entry is not None and entry[0] is data:
        return entry
    return _remember(data, Report.model_validate_json(data))


def _get_report(doc: Doc) -> Report | None:
    entry = _entry(doc)
    return entry[1] if entry is not None else None


def _set_report(doc: Doc, report: Report | None) -> None:
    if report is None:
        doc.user_data.pop(USER_DATA_KEY, None)
        return
    data = report.model_dump_json()
    doc.user_data[USER_DATA_KEY] = data
    _remember(data, report)


def _get_item(span: Span) -> Item | None:
    entry = _entry(span.doc)
    if entry is None:
        return None
    return entry[2].get((span.label_, span.start_char, span.end_char))


def _set_extensions() -> None:
    if not Doc.has_extension("worksum_report"):
        Doc.set_extension("worksum_report", getter=_get_report, setter=_set_report)
    if not Span.has_extension("worksum"):
        Span.set_extension("worksum", getter=_get_item)


_set_extensions()


# --------------------------------------------------------------------------- tokenizer


def words_and_spaces(text: str, cuts: Iterable[int] = ()) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags for ``text``: worksum's tokens, also cut at ``cuts``.

    A single ASCII space after a word becomes that word's trailing space (spaCy's
    convention) unless an item starts or ends at it; other white space stays a token.
    """
    boundaries = sorted({c for c in cuts if 0 < c < len(text)})
    pieces: list[tuple[int, int]] = []
    i = 0
    for _, start, end in tokenize(text):
        while i < len(boundaries) and boundaries[i] <= start:
            i += 1
        pos = start
        while i < len(boundaries) and boundaries[i] < end:
            pieces.append((pos, boundaries[i]))
            pos = boundaries[i]
            i += 1
        pieces.append((pos, end))
    cut_set = set(boundaries)
    words: list[str] = []
    spaces: list[bool] = []
    for start, end in pieces:
        piece = text[start:end]
        if (piece == " " and words and not spaces[-1] and not words[-1].isspace()
                and start not in cut_set and end not in cut_set):
            spaces[-1] = True
            continue
        words.append(piece)
        spaces.append(False)
    return words, spaces


class WorksumTokenizer:
    """A spaCy tokenizer backed by :func:`worksum.tokens.tokenize` (private jieba, user dictionary)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Nothing to save: the dictionary ships with worksum. These keep nlp.to_disk() working.
    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, **settings: Any) -> None:
        return None

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> WorksumTokenizer:
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: str | Path, **kwargs: Any) -> WorksumTokenizer:
        return self


def create_tokenizer() -> Any:
    """``[nlp.tokenizer] @tokenizers = "worksum.JiebaTokenizer.v1"`` in a pipeline config."""

    def make(nlp: Language) -> WorksumTokenizer:
        return WorksumTokenizer(nlp.vocab)

    return make


registry.tokenizers.register(TOKENIZER_NAME, func=create_tokenizer)


def blank_pipeline() -> Language:
    """A new blank Chinese pipeline with worksum's tokenizer. No model, no download."""
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})


@cache
def _default_pipeline() -> Language:
    return blank_pipeline()


# --------------------------------------------------------------------------- annotation


def _retokenize_at(doc: Doc, cuts: Sequence[int]) -> None:
    """Split the tokens of ``doc`` (in place) so that every offset of ``cuts`` is a token boundary."""
    wanted = sorted(set(cuts))
    plans: list[tuple[int, list[str]]] = []
    i = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        while i < len(wanted) and wanted[i] <= start:
            i += 1
        inner: list[int] = []
        while i < len(wanted) and wanted[i] < end:
            inner.append(wanted[i])
            i += 1
        if inner:
            edges = [start, *inner, end]
            plans.append((token.i, [doc.text[a:b] for a, b in itertools.pairwise(edges)]))
    if not plans:
        return
    with doc.retokenize() as retokenizer:
        for index, orths in plans:
            token = doc[index]
            heads: list[Any] = [(token, 0)] * len(orths)
            retokenizer.split(token, orths, heads=heads)


def _set_sentences(doc: Doc, starts: set[int]) -> None:
    """Mark sentence starts: a token starts a sentence when a sentence start falls in
    ``(previous token's start, its start]`` (a sentence may begin inside folded white space).
    Set in one array write: ``token.is_sent_start = …`` token by token is quadratic in spaCy."""
    ordered = sorted(starts)
    values = numpy.empty((len(doc), 1), dtype="int32")
    previous = -1
    for token in doc:
        if token.i == 0:
            values[0, 0] = 1
        else:
            k = bisect.bisect_right(ordered, previous)
            values[token.i, 0] = 1 if k < len(ordered) and ordered[k] <= token.idx else -1
        previous = token.idx
    array: Any = values.astype("uint64")  # spaCy's arrays are uint64; -1 wraps (thinc types it Ints2d)
    doc.from_array([SENT_START], array)


def annotate(doc: Doc, report: Report, *, spans_key: str = SPANS_KEY, set_sentences: bool = True,
             align_tokens: bool = True) -> Doc:
    """Put ``report``'s items on ``doc`` (whose text must be the report's text).

    ``align_tokens`` splits tokens at item boundaries first; without it, spans that do not
    fall on token boundaries are widened to the tokens around them.
    Sentences are set only when nothing has set them yet (no parse, no sentence boundaries).
    """
    if doc.text != report.text:
        raise ValueError("the Doc's text differs from the report's text")
    items = _valid_items(report)
    if align_tokens:
        _retokenize_at(doc, [offset for _, start, end, _ in items for offset in (start, end)])
    if set_sentences and not doc.has_annotation("DEP") and not doc.has_annotation("SENT_START") and len(doc):
        _set_sentences(doc, sentence_starts(report))
    spans: list[Span] = []
    for label, start, end, _ in items:
        span = doc.char_span(start, end, label=label, alignment_mode="strict" if align_tokens else "expand")
        if span is not None:
            spans.append(span)
    doc.spans[spans_key] = spans
    doc._.worksum_report = report
    return doc


def report_to_spacy(report: Report, nlp: Language | None = None) -> Doc:
    """The report as a spaCy ``Doc`` (``Report.to_spacy``).

    Without ``nlp``: worksum's blank Chinese pipeline (jieba tokenizer, no components).
    With ``nlp``: its tokenizer, tokens split at item boundaries, then its components
    (all but a ``worksum`` component, whose work this is).
    """
    pipeline = nlp if nlp is not None else _default_pipeline()
    items = _valid_items(report)
    cuts = [offset for _, start, end, _ in items for offset in (start, end)]
    if isinstance(pipeline.tokenizer, WorksumTokenizer):
        words, spaces = words_and_spaces(report.text, cuts)
        doc = Doc(pipeline.vocab, words=words, spaces=spaces)
    else:
        doc = pipeline.make_doc(report.text)
        _retokenize_at(doc, cuts)
    if len(doc):
        _set_sentences(doc, sentence_starts(report))
    names = [name for name, component in pipeline.pipeline if not isinstance(component, WorksumComponent)]
    if names:
        disabled = [name for name in pipeline.pipe_names if name not in names]
        doc = pipeline(doc, disable=disabled) if disabled else pipeline(doc)
    return annotate(doc, report, set_sentences=False)


class WorksumComponent:
    """``nlp.add_pipe("worksum")``: parse each doc's text with worksum, put the items on the doc."""

    def __init__(self, name: str = FACTORY_NAME, *, spans_key: str = SPANS_KEY, set_sentences: bool = True,
                 align_tokens: bool = True) -> None:
        self.name = name
        self.spans_key = spans_key
        self.set_sentences = set_sentences
        self.align_tokens = align_tokens

    def __call__(self, doc: Doc) -> Doc:
        from ..pipeline import parse

        return annotate(doc, parse(doc.text), spans_key=self.spans_key, set_sentences=self.set_sentences,
                        align_tokens=self.align_tokens)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(
    FACTORY_NAME,
    default_config={"spans_key": SPANS_KEY, "set_sentences": True, "align_tokens": True},
    assigns=["doc.spans", "doc._.worksum_report", "span._.worksum"],
)
def make_worksum_component(nlp: Language, name: str, spans_key: str, set_sentences: bool,
                           align_tokens: bool) -> WorksumComponent:
    """The ``worksum`` factory (entry point ``spacy_factories``)."""
    return WorksumComponent(name, spans_key=spans_key, set_sentences=set_sentences, align_tokens=align_tokens)


# --------------------------------------------------------------------------- DocBin


def reports_to_docbin(reports: Iterable[Report], *, nlp: Language | None = None) -> DocBin:
    """A corpus as one ``DocBin``: spans, sentences and each report (user data) included."""
    docbin = DocBin(store_user_data=True)
    for report in reports:
        docbin.add(report_to_spacy(report, nlp))
    return docbin


def write_docbin(reports: Iterable[Report], path: str | Path, *, nlp: Language | None = None) -> Path:
    """Write a ``.spacy`` file (spaCy's training-data format) for ``reports``."""
    target = Path(path)
    reports_to_docbin(reports, nlp=nlp).to_disk(target)
    return target


def docbin_to_docs(data: DocBin | bytes | str | Path, *, nlp: Language | None = None) -> list[Doc]:
    """The docs of a ``DocBin`` (object, bytes or ``.spacy`` file), with their reports and items."""
    if isinstance(data, DocBin):
        docbin = data
    elif isinstance(data, bytes):
        docbin = DocBin().from_bytes(data)
    else:
        docbin = DocBin().from_disk(Path(data))
    vocab = (nlp if nlp is not None else _default_pipeline()).vocab
    return list(docbin.get_docs(vocab))
