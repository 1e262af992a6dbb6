"""atheris fuzz target: ``worksum.parse_file`` on any bytes, as .txt, .docx, .md or no suffix.

    make fuzz                                           # both targets, FUZZ_SECONDS each
    python fuzz/fuzz_parse_file.py fuzz/corpus/parse_file -max_total_time=60 -artifact_prefix=fuzz/crashes/parse_file-
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["worksum"]):
    import worksum.docx_reader
    import worksum.io
    import worksum.pipeline  # noqa: F401

import targets


def fuzz_one_input(data: bytes) -> None:
    targets.check_parse_file(data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
