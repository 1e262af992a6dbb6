"""The one module that knows the order of the stages.

text → normalised view (same length) → blocks → title → section tree → sentences
→ extractors → :class:`~worksum.models.Report`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .blocks import RawBlock, build_blocks
from .extract.enumerations import inline_lists, paragraph_enumerations
from .extract.figures import extract_figures
from .extract.lexicon import SloganLexicon, load_lexicon
from .extract.roles import extract_roles
from .extract.slogans import extract_slogans
from .models import Block, Diagnostic, Report, Slogan, Title, trusted_span
from .normalize import SURROGATE, normalize
from .titles import build_title, year_from_subtitle
from .tree import build_tree

_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse(
    text: str,
    *,
    source: str | None = None,
    encoding: str | None = None,
    lexicon: SloganLexicon | str | Path | None = None,
) -> Report:
    """Read one document. Takes any ``str``; never raises on its content.

    Problems with the input (empty, no Chinese, control characters, numbering
    that jumps) become :attr:`Report.warnings`. ``lexicon`` adds a user slogan
    lexicon (a path, or one loaded with :func:`worksum.extract.lexicon.load_lexicon`).
    """
    if not isinstance(text, str):
        raise TypeError(
            f"worksum.parse() takes the document's text as str, not {type(text).__name__}; "
            "decode bytes first or use worksum.parse_file(path)"
        )
    with _collector_paused():
        return _parse(text, source, encoding, lexicon)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a document is parsed, then back as it was.

    Why: a parse allocates about 200,000 objects per megabyte of text (spans, sentences, figures),
    none of them in reference cycles, so reference counting frees them all and the collector finds
    nothing; but its passes over the growing report tree cost about 8% of the time, and more the
    longer the document (16× the text took 17.6× the time with it, 16.0× without). The collector
    is only paused, never reconfigured, and is left off if it was off. Two threads parsing at once
    may turn it back on early, which costs time, not correctness.

    The report is then handed to the oldest generation without the young collection that would
    walk all of its objects once more only to find them alive (3–4% of the parse): the young
    generations are collected before the parse (so that nothing of the caller's, garbage or not,
    skips them), and ``gc.freeze()`` then ``gc.unfreeze()`` move what the parse built, in one
    step, to the oldest generation, which full collections still walk. Nothing a parse leaves is
    garbage (tests/test_fast_paths_structure.py), so nothing is kept that a collection would
    free. Skipped when the caller froze objects of its own, which ``gc.unfreeze()`` would thaw.
    """
    if not gc.isenabled():
        yield
        return
    hand_over = gc.get_freeze_count() == 0
    if hand_over:
        gc.collect(1)
    gc.disable()
    try:
        yield
        if hand_over:
            gc.freeze()
            gc.unfreeze()
    finally:
        gc.enable()


def _parse(text: str, source: str | None, encoding: str | None, lexicon: SloganLexicon | str | Path | None) -> Report:
    diagnostics: list[Diagnostic] = []
    _check_input(text, diagnostics)
    normalized = normalize(text)
    view = normalized.view
    if normalized.literal_breaks:
        diagnostics.append(_info("literal_line_breaks",
                                 f"{normalized.literal_breaks} escaped line breaks (\\r\\n as text) read as line breaks"))
    no_newlines = "\n" not in view.strip()
    if no_newlines and len(view) > 300:
        diagnostics.append(_info("no_line_breaks", "the text has no line breaks; structure recovered from markers"))
    raw_blocks = build_blocks(view, no_newlines=no_newlines)
    title = _title(text, view, raw_blocks)
    sections = build_tree(text, view, raw_blocks, diagnostics)
    if lexicon is not None and not isinstance(lexicon, SloganLexicon):
        lexicon = load_lexicon(lexicon)
    slogans, quoted_terms = extract_slogans(text, view, lexicon=lexicon)
    figures = extract_figures(text, view, exclude=_not_figures(raw_blocks, slogans))
    enumerations = paragraph_enumerations(view, sections)
    roles = extract_roles(text, view, sections, figures, enumerations)
    if text.strip() and not any(s.title_span for s in sections):
        diagnostics.append(_info("no_headings", "no headings found: the whole text is one part"))
    return Report.model_construct(
        text=text,
        source=source,
        encoding=encoding,
        title=title,
        blocks=[_block(text, b) for b in raw_blocks],
        sections=sections,
        figures=figures,
        slogans=slogans,
        quoted_terms=quoted_terms,
        achievements=roles.achievements,
        problems=roles.problems,
        plans=roles.plans,
        lists=inline_lists(text, view, sections, enumerations),
        warnings=diagnostics,
    )


def _not_figures(blocks: list[RawBlock], slogans: list[Slogan]) -> list[tuple[int, int]]:
    """Where no figure may start: heading markers, collection noise, signatures, and slogans."""
    spans = [(b.marker.start, b.marker.end) for b in blocks if b.marker is not None]
    spans += [(b.start, b.end) for b in blocks if b.kind in ("noise", "signature")]
    spans += [(s.span.start, s.span.end) for s in slogans]
    return sorted(spans)


def _block(text: str, raw: RawBlock) -> Block:
    return Block.model_construct(kind=raw.kind, text=text[raw.start:raw.end],
                                 span=trusted_span(raw.start, raw.end))


def _title(text: str, view: str, blocks: list[RawBlock]) -> Title | None:
    title_block = next((b for b in blocks if b.kind == "title"), None)
    if title_block is None:
        return None
    title = build_title(text, view, title_block.start, title_block.end)
    subtitles = [b for b in blocks if b.kind == "subtitle" and b.start > title_block.start]
    if subtitles:
        first = subtitles[0]
        title.subtitle = text[first.start:first.end]
        title.subtitle_span = trusted_span(first.start, first.end)
    for subtitle in subtitles:  # a draft note (（政治协商稿）) may come before the dateline
        if title.year is not None:
            break
        title.year = year_from_subtitle(view, subtitle.start, subtitle.end)
    return title


def _info(code: str, message: str) -> Diagnostic:
    return Diagnostic.model_construct(code=code, message=message, severity="info", span=None)


def _check_input(text: str, diagnostics: list[Diagnostic]) -> None:
    if not text:
        diagnostics.append(Diagnostic.model_construct(code="empty_text", message="the text is empty",
                                                      severity="warning", span=None))
        return
    if not text.strip():
        diagnostics.append(Diagnostic.model_construct(code="blank_text", message="the text holds only white space",
                                                      severity="warning", span=None))
        return
    if not _CJK.search(text):
        diagnostics.append(Diagnostic.model_construct(
            code="no_chinese", message="the text holds no Chinese characters", severity="warning", span=None))
    if "\ufffd" in text:
        diagnostics.append(Diagnostic.model_construct(
            code="replacement_characters", severity="warning", span=None,
            message=f"{text.count(chr(0xFFFD))} U+FFFD replacement characters: the text was decoded with errors"))
    if _CONTROL.search(text):
        diagnostics.append(Diagnostic.model_construct(
            code="control_characters", message="the text holds control characters", severity="warning", span=None))
    surrogate = SURROGATE.search(text)
    if surrogate is not None:
        # Legal in a Python str, but no UTF-8 or JSON writer takes one: say so here, not in a later export.
        diagnostics.append(Diagnostic.model_construct(
            code="lone_surrogates", severity="warning", span=trusted_span(surrogate.start(), surrogate.end()),
            message=f"{len(SURROGATE.findall(text))} lone surrogate code points (the first at offset "
                    f"{surrogate.start()}): the report cannot be written as JSON or UTF-8; replace each with U+FFFD "
                    "(same length, same offsets) and parse again"))
