"""Word tokens with exact offsets: worksum's own jieba tokenizer.

``tokenize(text)`` returns ``(word, start, end)`` triples with
``text[start:end] == word``; the words cover the whole text, in order, white
space included. Segmentation runs on the normalised view (so ``１２３％``
is one word like ``123%``) and the words are cut from the original text.

The words are jieba's: jieba's dictionary and algorithm, plus worksum's user
dictionary (``lexicons/jieba_user.txt``). One private tokenizer serves the process,
built on first use, and jieba's global tokenizer (``jieba.dt``, ``jieba.cut``) is left
exactly as it was. The engine is the fastest one installed:

- ``rjieba`` (the ``fast`` extra: ``pip install 'worksum[fast]'``), jieba ported to Rust:
  ready in a tenth of a second, and cuts about fifteen times faster;
- else jieba itself (loading its dictionary takes about half a second).

Both give the same words (tests/test_tokens_backends.py compares them on the corpus
and on random text; docs/performance.md lists what differs, which is nothing known).

Backends: a backend only cuts a string into pieces; the alignment to offsets is
done here, the same for every backend, and survives a backend that drops or
changes characters. ``BACKENDS`` maps a name to a zero-argument constructor:
``"jieba"`` (the default: jieba's words by the fastest engine), ``"jieba-python"``
and ``"rjieba"`` (one engine each); another segmenter is one more entry there.
"""

from __future__ import annotations

import itertools
import re
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


# jieba's HMM step (``jieba.finalseg``) cuts a run of characters that are not Chinese into
# letter-and-digit words (a decimal and a percent sign may follow) and the characters between them.
_NOT_CHINESE_WORD = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_SPACE_PAIR = re.compile(r"\s(?=\s)")  # \s is str.isspace() for str patterns
# A word jieba would have cut where rjieba did not: two or more characters, none Chinese, and not
# one letter-and-digit word. One regex call per word (most words fail it at their first character).
_RECUT = re.compile(r"(?![a-zA-Z0-9]+(?:\.\d+)?%?\Z)[^\u4e00-\u9fd5]{2,}\Z")


class RjiebaBackend:
    """rjieba (jieba-rs): jieba's dictionary and algorithm in Rust, with worksum's user dictionary.

    rjieba keeps a run of letters, digits and joiners as one word (``2021-12-30``,
    ``www.gov.cn``, ``PM_2.5``) where jieba cuts it at each joiner (``2021 - 12 - 30``);
    :meth:`cut` cuts such a word again the way jieba does, unless the dictionary holds it
    (``C++``). With that, the words are jieba's (tests/test_tokens_backends.py).
    """

    name = "rjieba"

    def __init__(self) -> None:
        import rjieba  # imported here: `import worksum` does not load it

        tokenizer: Any = rjieba.Jieba()  # a private instance: rjieba's global one is untouched
        for word, freq, tag in _user_dictionary():
            tokenizer.add_word(word, freq, tag)
        self._tokenizer = tokenizer

    def cut(self, text: str) -> Iterable[str]:
        words: list[str] = []
        for word in self._tokenizer.cut(text, True):
            # A word that opens with a Chinese character (most of them) is never cut again.
            if len(word) > 1 and not "\u4e00" <= word[0] <= "\u9fd5" and _RECUT.match(word) and (
                    not self._tokenizer.has_word(word)):
                words.extend(piece for piece in _NOT_CHINESE_WORD.split(word) if piece)
            else:
                words.append(word)
        return words

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Add a word to this tokenizer only."""
        self._tokenizer.add_word(word, freq, tag)


def _fastest_jieba() -> Backend:
    """jieba's words by the fastest engine installed: rjieba, else jieba itself."""
    try:
        return RjiebaBackend()
    except ImportError:
        return JiebaBackend()


#: Segmenters by name; each constructor is called once, on first use.
BACKENDS: dict[str, Callable[[], Backend]] = {
    "jieba": _fastest_jieba,
    "jieba-python": JiebaBackend,
    "rjieba": RjiebaBackend,
}

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
    # Two white-space tokens can meet only where two white-space characters do: look only there.
    meets = {pair.end() for pair in _SPACE_PAIR.finditer(view)}
    if not meets:
        return spans
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if (start in meets and joined and view[start:end].isspace()
                and view[joined[-1][0]:joined[-1][1]].isspace()):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def align(view: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` in ``view``, read left to right, covering all of ``view``.

    A piece that is not found where the previous one ended is searched further on; the
    characters skipped become one-character tokens. A piece found nowhere is dropped.
    """
    kept = [piece for piece in pieces if piece]
    if "".join(kept) == view:  # the usual case: the pieces are the view, cut; their offsets add up
        ends = list(itertools.accumulate(map(len, kept)))
        return list(zip([0, *ends], ends, strict=False))  # (0, e1), (e1, e2), …
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in kept:
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
