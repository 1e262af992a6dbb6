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
    data: dict[str, Any] = load_json("structure.json")
    return data


def compile_any(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of several patterns (each wrapped in a group)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))
