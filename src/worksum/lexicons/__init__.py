"""Data files: lexicons, cue words, patterns. Loaded once per process."""

from __future__ import annotations

import json
import re
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
    a future) is written once. ``{{`` never occurs in a regular expression, so the syntax cannot clash.
    Fragments hold no fragments; an unknown name is an error that names it.
    """
    fragments = {name: text for name, text in data.get("_fragments", {}).items() if not name.startswith("_")}

    def expand(pattern: str, key: str) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in fragments:
                raise ValueError(f"{key}: unknown fragment {{{{{name}}}}} (known: {', '.join(sorted(fragments))})")
            return f"(?:{fragments[name]})"

        return _FRAGMENT.sub(one, pattern)

    expanded: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("_"):
            expanded[key] = value
        elif isinstance(value, str):
            expanded[key] = expand(value, key)
        elif isinstance(value, list):
            expanded[key] = [expand(item, key) if isinstance(item, str) else item for item in value]
        else:
            expanded[key] = value
    return expanded
