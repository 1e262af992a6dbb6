"""Data files: lexicons, cue words, patterns. Loaded once per process."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A bundled JSON data file, parsed once."""
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def structure() -> dict[str, Any]:
    data: dict[str, Any] = with_fragments(load_json("structure.json"))
    return data


def compile_any(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of several patterns (each wrapped in a group)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")


def with_fragments(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each ``{{name}}`` in its patterns replaced by ``data["_fragments"][name]`` as a group.

    Why: a rule that several patterns share (the directive 要 of plans and of targets, the words that open
    a future, the salutation) is written once. ``{{`` never occurs in a regular expression, so the syntax
    cannot clash. Strings at any depth are expanded (lists and nested objects too), except under keys that
    start with ``_`` (documentation, the fragments themselves). Fragments hold no fragments. An unknown name,
    or a ``{{`` left over (``{{ name }}``), is an error that names the key.
    """
    fragments = {name: text for name, text in data.get("_fragments", {}).items() if not name.startswith("_")}

    def one(key: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in fragments:
                raise ValueError(f"{key}: unknown fragment {{{{{name}}}}} (known: {', '.join(sorted(fragments))})")
            return f"(?:{fragments[name]})"

        return replace

    def expand(value: Any, key: str) -> Any:
        if isinstance(value, str):
            expanded = _FRAGMENT.sub(one(key), value)
            if "{{" in expanded:
                raise ValueError(f"{key}: a fragment reference is not of the form {{{{name}}}}: {value!r}")
            return expanded
        if isinstance(value, list):
            return [expand(item, key) for item in value]
        if isinstance(value, dict):
            return {k: v if k.startswith("_") else expand(v, f"{key}.{k}") for k, v in value.items()}
        return value

    return {key: value if key.startswith("_") else expand(value, key) for key, value in data.items()}
