"""atheris fuzz target: ``worksum.parse`` on any text (see fuzz/targets.py for what is checked).

    make fuzz                                           # both targets, FUZZ_SECONDS each
    python fuzz/fuzz_parse.py fuzz/corpus/parse -max_total_time=60 -artifact_prefix=fuzz/crashes/parse-
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["worksum"]):
    import worksum.blocks
    import worksum.extract.figures
    import worksum.extract.roles
    import worksum.extract.slogans
    import worksum.pipeline
    import worksum.tree  # noqa: F401

import targets


def fuzz_one_input(data: bytes) -> None:
    targets.check_parse(data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
