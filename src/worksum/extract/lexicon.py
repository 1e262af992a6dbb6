"""The slogan lexicon and the cue words that classify quoted strings.

The lexicon is data (``worksum/lexicons/slogans.json``): a JSON list of entries, one per slogan, each
with its canonical form, aliases, kind, expansion, category, year and level (see docs/slogans.md).
This module reads it (or a user's file) into a :class:`SloganLexicon`: a form → entry map, a
prefix map for slogans whose quote closes early (``“四好”农村路``) and ONE compiled trie-shaped
alternation that finds every unquoted form in a text in a single linear pass, with boundaries
(``1+5`` is not found inside ``1+5+N``, ``四个意识`` not inside ``十四个意识``).

Matching is done on the normalised view (:func:`worksum.normalize.normalize_view`), so forms are
normalised the same way when they are compiled: full-width ``１＋５`` and ASCII ``1+5`` are one form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal, cast

from worksum.errors import LexiconError
from worksum.normalize import normalize_view

SloganKindName = Literal["numeric", "couplet", "programme", "phrase"]

#: The slogan kinds (the ``kind`` of an entry and of :class:`worksum.models.Slogan`).
KINDS: tuple[str, ...] = ("numeric", "couplet", "programme", "phrase")
#: The documented categories of the ``category`` field.
CATEGORIES: tuple[str, ...] = (
    "party_building",
    "ideology",
    "economy",
    "reform",
    "poverty_alleviation",
    "rural",
    "governance",
    "rule_of_law",
    "ecology",
    "social",
    "security",
    "discipline",
    "diplomacy",
    "culture",
    "other",
)
#: Who issued a slogan, at what level of government.
LEVELS: tuple[str, ...] = ("national", "provincial", "municipal", "county", "township", "local", "other")

_FIELDS_REQUIRED = ("canonical", "kind", "category")
_FIELDS_ALL = frozenset(
    {"canonical", "aliases", "kind", "expansion", "category", "year", "level", "note", "quoted_only"}
)
_BUNDLED = "slogans.json"

# Characters that make a boundary matter: a form that starts (ends) with one of these must not be
# glued to another one in the text (1+5 inside 1+5+N, 四个意识 inside 十四个意识, 一二三四 inside 一二三四五).
_CJK_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_ASCII_GLUE = "0-9A-Za-z+."
_GLUE_BEFORE_NUMERAL = f"{_ASCII_GLUE}{_CJK_NUMERALS}第"
_AFTER_ASCII = f"(?![{_ASCII_GLUE}%])"
_AFTER_NUMERAL = f"(?![{_CJK_NUMERALS}0-9])"
_SPACES = re.compile(r"\s+")


def form_key(form: str) -> str:
    """The key a form is matched by: its normalised view without white space."""
    return _SPACES.sub("", normalize_view(form))


@dataclass(frozen=True)
class SloganEntry:
    """One slogan of the lexicon."""

    canonical: str
    kind: SloganKindName
    category: str
    aliases: tuple[str, ...] = ()
    expansion: tuple[str, ...] = ()
    year: int | None = None
    level: str = "national"
    note: str | None = None
    quoted_only: frozenset[str] = frozenset()
    source: str | None = None
    line: int | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical form and the aliases, as written in the lexicon."""
        return (self.canonical, *self.aliases)

    def to_json(self) -> dict[str, object]:
        """The entry as it is written in a lexicon file."""
        data: dict[str, object] = {
            "canonical": self.canonical,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "expansion": list(self.expansion),
            "category": self.category,
            "year": self.year,
            "level": self.level,
        }
        if self.note is not None:
            data["note"] = self.note
        if self.quoted_only:
            data["quoted_only"] = [f for f in self.forms if f in self.quoted_only]
        return data


@dataclass(frozen=True)
class LexiconMatch:
    """An unquoted occurrence of a lexicon form in a view."""

    start: int
    end: int
    entry: SloganEntry


@dataclass(frozen=True)
class SloganLexicon:
    """Slogan entries with their look-up tables and one compiled matcher."""

    entries: tuple[SloganEntry, ...]
    by_key: Mapping[str, SloganEntry] = field(repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[SloganEntry], *, source: str | None = None) -> SloganLexicon:
        """Build a lexicon; raises :class:`LexiconError` on a duplicate canonical form or alias."""
        kept: list[SloganEntry] = []
        by_key: dict[str, SloganEntry] = {}
        canonicals: dict[str, SloganEntry] = {}
        for entry in entries:
            if entry.canonical in canonicals:
                raise LexiconError(
                    f"duplicate canonical form {entry.canonical!r}",
                    path=entry.source or source,
                    line=entry.line,
                )
            canonicals[entry.canonical] = entry
            for form in entry.forms:
                key = form_key(form)
                other = by_key.get(key)
                if other is not None and other is not entry:
                    raise LexiconError(
                        f"form {form!r} of {entry.canonical!r} is already a form of {other.canonical!r}",
                        path=entry.source or source,
                        line=entry.line,
                    )
                by_key[key] = entry
            kept.append(entry)
        return cls(entries=tuple(kept), by_key=by_key)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[SloganEntry]:
        return iter(self.entries)

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and form_key(form) in self.by_key

    def lookup(self, form: str) -> SloganEntry | None:
        """The entry a form (canonical or alias, full-width or ASCII) belongs to."""
        return self.by_key.get(form_key(form))

    def merged(self, other: SloganLexicon) -> SloganLexicon:
        """This lexicon with ``other``'s entries added; an entry of ``other`` replaces one of the same canonical form."""
        replaced = {entry.canonical for entry in other.entries}
        kept = [entry for entry in self.entries if entry.canonical not in replaced]
        return SloganLexicon.from_entries([*kept, *other.entries])

    @cached_property
    def prefixes(self) -> Mapping[str, tuple[str, ...]]:
        """Proper prefixes (2+ characters) of every form key → the form keys they begin."""
        table: dict[str, list[str]] = {}
        for key in self.by_key:
            for cut in range(2, len(key)):
                table.setdefault(key[:cut], []).append(key)
        return {prefix: tuple(sorted(keys, key=len, reverse=True)) for prefix, keys in table.items()}

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One trie-shaped alternation of every form that may match unquoted (None if there is none)."""
        keys = [
            form_key(form) for entry in self.entries for form in entry.forms if form not in entry.quoted_only
        ]
        keys = [key for key in keys if key]
        if not keys:
            return None
        return re.compile(_trie_regex(keys))

    def finditer(self, view: str) -> Iterator[LexiconMatch]:
        """Every unquoted occurrence of a lexicon form in ``view``, leftmost-longest, non-overlapping."""
        pattern = self.pattern
        if pattern is None:
            return
        for match in pattern.finditer(view):
            entry = self.by_key.get(match.group())
            if entry is not None:
                yield LexiconMatch(match.start(), match.end(), entry)


# --------------------------------------------------------------------------- the trie regex


def _is_numeral(char: str) -> bool:
    return char in _CJK_NUMERALS or char.isdigit()


def _is_ascii_glue(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "+.")


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex matching exactly ``keys`` (longest first at each position), with boundary guards."""
    root: dict[str, object] = {}
    for key in keys:
        node = root
        for char in key:
            node = cast("dict[str, object]", node.setdefault(char, {}))
        node[""] = True
    branches = []
    for char in sorted(c for c in root if c):
        first = re.escape(char)
        # The guard on the character before a form is written after the form's first character, as a
        # two-character look-behind: every branch then starts with a literal, so the regex engine
        # skips positions by the set of first characters (about 14× faster than a guard up front).
        if _is_ascii_glue(char):
            guard = f"(?<![{_ASCII_GLUE}]{first})"
        elif _is_numeral(char):
            guard = f"(?<![{_GLUE_BEFORE_NUMERAL}]{first})"
        else:
            guard = ""
        branches.append(first + guard + _trie_node(cast("dict[str, object]", root[char]), char))
    return "(?:" + "|".join(branches) + ")"


def _trie_node(node: dict[str, object], last: str) -> str:
    branches = [
        re.escape(char) + _trie_node(cast("dict[str, object]", child), char)
        for char, child in sorted(node.items())
        if char
    ]
    if "" in node:
        if _is_ascii_glue(last) or last.isdigit():
            branches.append(_AFTER_ASCII)
        elif _is_numeral(last):
            branches.append(_AFTER_NUMERAL)
        else:
            branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# --------------------------------------------------------------------------- reading files


def _json_list_items(text: str, path: str) -> Iterator[tuple[object, int]]:
    """The items of a top-level JSON list with the line each starts on."""
    decoder = json.JSONDecoder()
    index = _skip_ws(text, 0)
    if index >= len(text) or text[index] != "[":
        raise LexiconError("expected a JSON list of entries", path=path, line=_line_of(text, index))
    index = _skip_ws(text, index + 1)
    if index < len(text) and text[index] == "]":
        return
    while True:
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from None
        except RecursionError:
            raise LexiconError("JSON nested too deeply", path=path, line=_line_of(text, index)) from None
        yield item, _line_of(text, index)
        index = _skip_ws(text, end)
        if index < len(text) and text[index] == ",":
            index = _skip_ws(text, index + 1)
            continue
        if index < len(text) and text[index] == "]":
            break
        raise LexiconError("expected ',' or ']' after an entry", path=path, line=_line_of(text, index))
    if _skip_ws(text, index + 1) != len(text):
        raise LexiconError("unexpected text after the list", path=path, line=_line_of(text, index + 1))


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n\ufeff":
        index += 1
    return index


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _str_list(value: object, name: str, path: str, line: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{name!r} must be a list of non-empty strings", path=path, line=line)
    return tuple(v.strip() for v in cast("list[str]", value))


def parse_entry(item: object, *, path: str, line: int, default_level: str = "national") -> SloganEntry:
    """Check one lexicon entry (a JSON object) and build it; errors name the file and the line."""
    if not isinstance(item, dict):
        raise LexiconError("an entry must be a JSON object", path=path, line=line)
    data = cast("dict[str, object]", item)
    unknown = sorted(set(data) - _FIELDS_ALL)
    if unknown:
        raise LexiconError(f"unknown field(s) {', '.join(unknown)}", path=path, line=line)
    for name in _FIELDS_REQUIRED:
        if name not in data:
            raise LexiconError(f"missing field {name!r}", path=path, line=line)
    canonical = data["canonical"]
    if not isinstance(canonical, str) or not form_key(canonical):
        raise LexiconError("'canonical' must be a non-empty string", path=path, line=line)
    kind = data["kind"]
    if kind not in KINDS:
        raise LexiconError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}", path=path, line=line)
    category = data["category"]
    if category not in CATEGORIES:
        raise LexiconError(
            f"'category' must be one of {', '.join(CATEGORIES)}, not {category!r}", path=path, line=line
        )
    aliases = _str_list(data.get("aliases", []), "aliases", path, line)
    expansion = _str_list(data.get("expansion", []), "expansion", path, line)
    quoted_only = _str_list(data.get("quoted_only", []), "quoted_only", path, line)
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
        raise LexiconError(f"'year' must be a year or null, not {year!r}", path=path, line=line)
    level = data.get("level", default_level)
    if level not in LEVELS:
        raise LexiconError(f"'level' must be one of {', '.join(LEVELS)}, not {level!r}", path=path, line=line)
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise LexiconError("'note' must be a string", path=path, line=line)
    forms = (canonical.strip(), *aliases)
    if len({form_key(f) for f in forms}) != len(forms):
        raise LexiconError(f"{canonical!r} lists the same form twice", path=path, line=line)
    for form in quoted_only:
        if form not in forms:
            raise LexiconError(
                f"quoted_only form {form!r} is not a form of {canonical!r}", path=path, line=line
            )
    return SloganEntry(
        canonical=canonical.strip(),
        kind=cast("SloganKindName", kind),
        category=category,
        aliases=aliases,
        expansion=expansion,
        year=year,
        level=level,
        note=note,
        quoted_only=frozenset(quoted_only),
        source=path,
        line=line,
    )


def parse_lexicon(text: str, *, path: str, default_level: str = "national") -> list[SloganEntry]:
    """Parse the text of a lexicon file (a JSON list of entries)."""
    return [
        parse_entry(item, path=path, line=line, default_level=default_level)
        for item, line in _json_list_items(text, path)
    ]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError("no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read: {exc}", path=path) from None


@cache
def _bundled() -> SloganLexicon:
    resource = resources.files("worksum.lexicons").joinpath(_BUNDLED)
    text = resource.read_text(encoding="utf-8")
    where = f"worksum/lexicons/{_BUNDLED}"
    return SloganLexicon.from_entries(parse_lexicon(text, path=where), source=where)


@cache
def _user(path: str, stamp: tuple[int, int]) -> SloganLexicon:
    text = _read(Path(path))
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        # {"bundled": false, "entries": [...]}: the object form, to choose whether to extend the bundled lexicon.
        offset = text.index("{")
        try:
            wrapper, _ = json.JSONDecoder().raw_decode(text, offset)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from None
        except RecursionError:
            raise LexiconError("JSON nested too deeply", path=path, line=_line_of(text, offset)) from None
        unknown = sorted(set(wrapper) - {"bundled", "entries"})
        if unknown:
            raise LexiconError(f"unknown key(s) {', '.join(unknown)}", path=path, line=_line_of(text, offset))
        extend = wrapper.get("bundled", True)
        if not isinstance(extend, bool):
            raise LexiconError("'bundled' must be true or false", path=path, line=_line_of(text, offset))
        start = text.find('"entries"')
        if start < 0:
            raise LexiconError("missing key 'entries'", path=path, line=_line_of(text, offset))
        list_start = text.index(":", start) + 1
        items = _json_list_items(_blank_before(text, list_start), path)
        entries = [parse_entry(item, path=path, line=line, default_level="local") for item, line in items]
    else:
        extend = True
        entries = parse_lexicon(text, path=path, default_level="local")
    own = SloganLexicon.from_entries(entries, source=path)
    return _bundled().merged(own) if extend else own


def _blank_before(text: str, index: int) -> str:
    """``text`` with everything before ``index`` blanked (newlines kept), so line numbers stay right."""
    head = "".join("\n" if c == "\n" else " " for c in text[:index])
    rest = text[index:]
    depth = 0
    in_string = False
    escaped = False
    for pos, char in enumerate(rest):  # cut the list out of the wrapper object
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return head + rest[: pos + 1]
    return head + rest


def load_lexicon(path: str | Path | None = None) -> SloganLexicon:
    """The slogan lexicon: ``None`` = the bundled one; a user file is read as data and cached.

    A user file is a JSON list of entries (same fields as the bundled file) that extends the bundled
    lexicon (an entry with the same canonical form replaces the bundled one), or an object
    ``{"bundled": false, "entries": [...]}`` to use the user's entries alone. Errors are
    :class:`worksum.errors.LexiconError` naming the file and the line.
    """
    if path is None:
        return _bundled()
    resolved = Path(path).expanduser().resolve()
    try:
        info = resolved.stat()
    except FileNotFoundError:
        raise LexiconError("no such file", path=path) from None
    except OSError as exc:
        raise LexiconError(f"cannot read: {exc}", path=path) from None
    return _user(str(resolved), (info.st_mtime_ns, info.st_size))


# --------------------------------------------------------------------------- quoted-string cues


@dataclass(frozen=True)
class Affixes:
    """Cue words grouped by length, longest first.

    Why: a quoted string is tested against lists of 10–130 cue words; one set look-up per length
    answers which word it starts (ends) with instead of a ``startswith`` per word. The answer is the
    one the longest-first list gives: of the words of one length, only one can match.
    """

    by_length: tuple[tuple[int, frozenset[str]], ...]

    @classmethod
    def of(cls, words: Iterable[str]) -> Affixes:
        groups: dict[int, set[str]] = {}
        for word in words:
            groups.setdefault(len(word), set()).add(word)
        return cls(tuple((n, frozenset(groups[n])) for n in sorted(groups, reverse=True)))

    def starting(self, text: str, *, shorter: bool = False) -> str | None:
        """The longest word ``text`` starts with; ``shorter``: only words shorter than ``text``."""
        room = len(text) - 1 if shorter else len(text)
        for n, words in self.by_length:
            if n <= room and text[:n] in words:
                return text[:n]
        return None

    def endings(self, text: str, *, shorter: bool = False) -> Iterator[str]:
        """Every word ``text`` ends with, longest first; ``shorter``: only words shorter than ``text``."""
        size = len(text)
        room = size - 1 if shorter else size
        for n, words in self.by_length:
            if n <= room and text[size - n:] in words:
                yield text[size - n:]

    def ending(self, text: str, *, shorter: bool = False) -> str | None:
        """The longest word ``text`` ends with; ``shorter``: only words shorter than ``text``."""
        return next(self.endings(text, shorter=shorter), None)


def any_word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation of ``words``: whether a text holds any of them in one search (None: no words)."""
    alternatives = sorted({re.escape(word) for word in words})
    return re.compile("|".join(alternatives)) if alternatives else None


@dataclass(frozen=True)
class CueList:
    """Cue words of one kind of quoted string."""

    exact: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    not_suffixes: tuple[str, ...] = ()
    strong_suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    short_prefixes: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    context_start: tuple[str, ...] = ()
    suffix_min_length: Mapping[str, int] = field(default_factory=dict)
    prefix_min_length: int = 0

    @cached_property
    def _suffixes_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        lengths = sorted({len(cue) for cue in self.suffixes}, reverse=True)
        return tuple((n, frozenset(cue for cue in self.suffixes if len(cue) == n)) for n in lengths)

    @cached_property
    def _not_suffixes_by_length(self) -> tuple[tuple[int, frozenset[str]], ...]:
        lengths = sorted({len(word) for word in self.not_suffixes}, reverse=True)
        return tuple((n, frozenset(w for w in self.not_suffixes if len(w) == n)) for n in lengths)

    @cached_property
    def _last_characters(self) -> frozenset[str] | None:
        """The characters every suffix cue ends with (None if a cue is empty: any text ends with it)."""
        if any(not cue for cue in self.suffixes):
            return None
        return frozenset(cue[-1] for cue in self.suffixes)

    def ends(self, text: str) -> str | None:
        """The longest suffix cue ``text`` ends with (respecting per-cue minimum lengths)."""
        last = self._last_characters
        if last is not None and (not text or text[-1] not in last):
            return None  # no cue ends with this character: the usual answer, in one look-up
        for n, words in self._not_suffixes_by_length:
            if text[-n:] in words:
                return None
        for n, cues in self._suffixes_by_length:
            if n > len(text):
                continue
            cue = text[-n:]
            if cue in cues and len(text) >= self.suffix_min_length.get(cue, 0):
                return cue
        return None

    @cached_property
    def _short_prefix_affixes(self) -> Affixes:
        return Affixes.of(self.short_prefixes)

    @cached_property
    def _prefix_affixes(self) -> Affixes:
        return Affixes.of(self.prefixes)

    @cached_property
    def _context_start_affixes(self) -> Affixes:
        return Affixes.of(self.context_start)

    @cached_property
    def _context_pattern(self) -> re.Pattern[str] | None:
        return any_word_pattern(self.context)

    def starts(self, text: str) -> str | None:
        """The prefix cue ``text`` starts with (level prefixes only for long enough texts)."""
        cue = self._short_prefix_affixes.starting(text, shorter=True)
        if cue is not None:
            return cue
        if len(text) < self.prefix_min_length:
            return None
        return self._prefix_affixes.starting(text, shorter=True)

    def in_context(self, phrase: str) -> str | None:
        """A context cue inside ``phrase`` (the words after the closing quote) or at its start."""
        pattern = self._context_pattern
        if pattern is not None and pattern.search(phrase):  # most phrases hold none: one search says so
            for cue in self.context:
                if cue in phrase:
                    return cue
        return self._context_start_affixes.starting(phrase)


@dataclass(frozen=True)
class SloganCues:
    """Cue words for slogans that are not in the lexicon."""

    programme_suffixes: tuple[str, ...]
    programme_prefixes: tuple[str, ...]
    strip_suffixes: tuple[str, ...]
    context: tuple[str, ...]
    context_links: tuple[str, ...]
    programme_context: frozenset[str]
    not_slogans: frozenset[str]
    numeral_words: tuple[str, ...] = ()  # 百姓, 一切: open with a numeral, count nothing
    reduplicated_scopes: frozenset[str] = frozenset()  # 村村通, 组组通: the scopes a reduplicated label repeats

    @cached_property
    def programme_suffix_affixes(self) -> Affixes:
        return Affixes.of(self.programme_suffixes)

    @cached_property
    def programme_prefix_affixes(self) -> Affixes:
        return Affixes.of(self.programme_prefixes)

    @cached_property
    def strip_suffix_affixes(self) -> Affixes:
        return Affixes.of(self.strip_suffixes)

    @cached_property
    def context_affixes(self) -> Affixes:
        return Affixes.of(self.context)


@dataclass(frozen=True)
class QuotedCues:
    """Every cue list used to classify quoted strings, plus the issuers."""

    honour: CueList
    event: CueList
    brand: CueList
    name: CueList
    slogan: SloganCues
    issuers: tuple[str, ...]
    issuer_links: tuple[str, ...]
    numeral_places: tuple[str, ...] = ()

    @cached_property
    def numeral_place_pattern(self) -> re.Pattern[str] | None:
        """Finds any of the numeral places in a text (None: there are none)."""
        return any_word_pattern(self.numeral_places)

    @cached_property
    def issuer_pattern(self) -> re.Pattern[str]:
        """Matches an issuer (and an optional link word) at the very end of a string."""
        organs = "|".join(re.escape(i) for i in sorted(self.issuers, key=len, reverse=True))
        links = "|".join(re.escape(w) for w in sorted(self.issuer_links, key=len, reverse=True))
        return re.compile(f"(?P<issuer>{organs})(?:{links})?\\Z")


def _load_cue_file(name: str) -> dict[str, object]:
    resource = resources.files("worksum.lexicons").joinpath(name)
    where = f"worksum/lexicons/{name}"
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"invalid JSON: {exc.msg}", path=where, line=exc.lineno) from None
    if not isinstance(data, dict):
        raise LexiconError("expected a JSON object", path=where, line=1)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _strings(data: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{key!r} must be a list of strings")
    # longest first, so that the most specific cue decides
    return tuple(sorted((normalize_view(v) for v in cast("list[str]", value)), key=len, reverse=True))


def _cue_list(data: Mapping[str, object]) -> CueList:
    min_lengths = data.get("suffix_min_length", {})
    prefix_min = data.get("prefix_min_length", 0)
    if not isinstance(min_lengths, dict) or not isinstance(prefix_min, int):
        raise LexiconError("bad minimum lengths in a quoted-cue file")
    return CueList(
        exact=frozenset(_strings(data, "exact")),
        suffixes=_strings(data, "suffixes"),
        not_suffixes=_strings(data, "not_suffixes"),
        strong_suffixes=_strings(data, "award_suffixes"),
        prefixes=_strings(data, "prefixes"),
        short_prefixes=_strings(data, "prefixes_short"),
        context=_strings(data, "context"),
        context_start=_strings(data, "context_start"),
        suffix_min_length={str(k): int(v) for k, v in cast("dict[str, int]", min_lengths).items()},
        prefix_min_length=prefix_min,
    )


@cache
def load_quoted_cues() -> QuotedCues:
    """The bundled cue words (``worksum/lexicons/quoted_*.json``), loaded once."""
    slogan = _load_cue_file("quoted_slogan.json")
    issuers = _load_cue_file("quoted_issuers.json")
    return QuotedCues(
        honour=_cue_list(_load_cue_file("quoted_honour.json")),
        event=_cue_list(_load_cue_file("quoted_event.json")),
        brand=_cue_list(_load_cue_file("quoted_brand.json")),
        name=_cue_list(_load_cue_file("quoted_name.json")),
        slogan=SloganCues(
            programme_suffixes=_strings(slogan, "programme_suffixes"),
            programme_prefixes=_strings(slogan, "programme_prefixes"),
            strip_suffixes=_strings(slogan, "strip_suffixes"),
            context=_strings(slogan, "context"),
            context_links=_strings(slogan, "context_links"),
            programme_context=frozenset(_strings(slogan, "programme_context")),
            not_slogans=frozenset(_strings(slogan, "not_slogans")),
            numeral_words=_strings(slogan, "numeral_words"),
            reduplicated_scopes=frozenset("".join(_strings(slogan, "reduplicated_scopes"))),
        ),
        issuers=_strings(issuers, "issuers"),
        issuer_links=_strings(issuers, "links"),
        numeral_places=_strings(_load_cue_file("quoted_name.json"), "numeral_places"),
    )
