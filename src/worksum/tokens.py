"""Word tokens with exact offsets: worksum's own jieba tokenizer.

``tokenize(text)`` returns ``(word, start, end)`` triples with
``text[start:end] == word``; the words cover the whole text, in order, white
space included. Segmentation runs on the normalised view (so ``１２３％``
is one word like ``123%``) and the words are cut from the original text.

One private ``jieba.Tokenizer`` serves the process. It is built on first use
(loading jieba's dictionary takes about half a second), gets worksum's user
dictionary (``lexicons/jieba_user.txt``), and leaves jieba's global tokenizer
(``jieba.dt``, ``jieba.cut``) exactly as it was.

Backends: a backend only cuts a string into pieces; the alignment to offsets is
done here, the same for every backend, and survives a backend that drops or
changes characters. ``BACKENDS`` maps a name to a zero-argument constructor;
another segmenter (rjieba, issue 9) is one more entry there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any, Protocol

from .normalize import normalize_view

USER_DICT = "jieba_user.txt"
DEFAULT_BACKEND = "jieba"


class Backend(Protocol):
    """A word segmenter: cuts a string into pieces that, ideally, concatenate back to it."""

    name: str

    def cut(self, text: str) -> Iterable[str]: ...


def user_dictionary() -> list[tuple[str, int | None, str | None]]:
    """Entries of worksum's user dictionary: ``(word, frequency, tag)``."""
    return list(_user_dictionary())


@cache
def _user_dictionary() -> tuple[tuple[str, int | None, str | None], ...]:
    entries: list[tuple[str, int | None, str | None]] = []
    source = resources.files("worksum.lexicons").joinpath(USER_DICT)
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        word = fields[0]
        freq = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None
        tag = fields[2] if len(fields) > 2 else None
        entries.append((word, freq, tag))
    return tuple(entries)


class JiebaBackend:
    """A private ``jieba.Tokenizer`` with worksum's user dictionary."""

    name = "jieba"

    def __init__(self) -> None:
        import jieba  # imported here: `import worksum` does not load jieba

        tokenizer: Any = jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in _user_dictionary():
            tokenizer.add_word(word, freq, tag)
        self._tokenizer = tokenizer

    def cut(self, text: str) -> Iterable[str]:
        pieces: Iterable[str] = self._tokenizer.cut(text, HMM=True)
        return pieces

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Add a word to this tokenizer only (jieba's global tokenizer is untouched)."""
        self._tokenizer.add_word(word, freq, tag)


#: Segmenters by name; each constructor is called once, on first use.
BACKENDS: dict[str, Callable[[], Backend]] = {"jieba": JiebaBackend}

_lock = threading.Lock()
_instances: dict[str, Backend] = {}


def get_backend(name: str = DEFAULT_BACKEND) -> Backend:
    """The process's one instance of the backend ``name``, built on first use."""
    backend = _instances.get(name)
    if backend is not None:
        return backend
    if name not in BACKENDS:
        raise ValueError(f"unknown tokenizer backend {name!r}; known: {', '.join(sorted(BACKENDS))}")
    with _lock:
        backend = _instances.get(name)
        if backend is None:
            backend = BACKENDS[name]()
            _instances[name] = backend
    return backend


def tokenize(text: str, *, backend: str | Backend | None = None) -> list[tuple[str, int, int]]:
    """Words of ``text`` as ``(word, start, end)``; they cover the text exactly.

    A run of white space is one token (its characters as written: ``\\r\\n``, ``\\u3000\\u3000``).
    """
    if not text:
        return []
    segmenter = backend if backend is not None and not isinstance(backend, str) else get_backend(
        backend or DEFAULT_BACKEND)
    view = normalize_view(text)
    spans = _join_spaces(view, align(view, segmenter.cut(view)))
    return [(text[start:end], start, end) for start, end in spans]


def _join_spaces(view: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A run of white space (``\\r\\n``, indents of U+3000) is one token."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and view[start:end].isspace() and view[joined[-1][0]:joined[-1][1]].isspace():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def align(view: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` in ``view``, read left to right, covering all of ``view``.

    A piece that is not found where the previous one ended is searched further on; the
    characters skipped become one-character tokens. A piece found nowhere is dropped.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        if view.startswith(piece, pos):
            found = pos
        else:
            found = view.find(piece, pos)
            if found < 0:
                continue
            spans.extend((i, i + 1) for i in range(pos, found))
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    spans.extend((i, i + 1) for i in range(pos, len(view)))
    return spans
