"""The ``worksum`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .errors import WorksumError
from .io import parse_file
from .models import Report
from .outline import outline

_EXAMPLES = {
    "outline": "examples:\n  worksum outline report.txt\n  worksum outline a.txt b.txt",
    "parse": "examples:\n  worksum parse report.txt            # JSON on stdout\n"
             "  worksum parse report.txt --indent 2 > report.json",
    "schema": "examples:\n  worksum schema > report.schema.json",
}


def iter_reports(inputs: Sequence[str], failures: list[str]) -> Iterator[tuple[Path, Report]]:
    """Parse the documents named by ``inputs`` (files, folders, globs); what cannot be read is reported on
    stderr and appended to ``failures``."""
    from .batch import find_documents  # folders, globs and exclusions, as `worksum batch` finds them

    paths, unmatched = find_documents(inputs)
    for item in unmatched:
        print(f"worksum: {item}: no such file or folder", file=sys.stderr)
        failures.append(item)
    for path in paths:
        try:
            yield path, parse_file(path)
        except (WorksumError, OSError) as exc:
            print(f"worksum: {exc}", file=sys.stderr)
            failures.append(str(path))


def _cmd_outline(args: argparse.Namespace) -> int:
    failures: list[str] = []
    several = len(args.files) > 1 or Path(args.files[0]).is_dir()
    for path, report in iter_reports(args.files, failures):
        if several:
            print(f"== {path}")
        sys.stdout.write(outline(report))
        for warning in report.warnings if args.warnings else []:
            print(f"  ! {warning.code}: {warning.message}")
    return 1 if failures else 0


def _cmd_parse(args: argparse.Namespace) -> int:
    failures: list[str] = []
    for _, report in iter_reports(args.files, failures):
        sys.stdout.write(report.model_dump_json(indent=args.indent) + "\n")
    return 1 if failures else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .models import Report

    print(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


# Modules that add their own subcommands: each has `register(subparsers)`. A module that is missing
# (an optional part not installed) simply adds nothing.
COMMAND_MODULES = (
    "worksum.evaluation.cli",
    "worksum.batch_cli",
    "worksum.export.cli",
    "worksum.extract.slogans_cli",
)


def _register(module_name: str, sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return
    register = getattr(module, "register", None) or getattr(module, "add_eval_parser", None)
    if register is not None:
        register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="worksum", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"worksum {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, epilog=_EXAMPLES.get(name),
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    p = add("outline", "print the section tree of documents (markers and titles)")
    p.add_argument("files", nargs="+", help="document files or folders")
    p.add_argument("--warnings", action="store_true", help="also print the warnings of each document")
    p.set_defaults(func=_cmd_outline)

    p = add("parse", "parse documents and print each report as JSON")
    p.add_argument("files", nargs="+", help="document files or folders")
    p.add_argument("--indent", type=int, default=None, help="indent the JSON")
    p.set_defaults(func=_cmd_parse)

    p = add("schema", "print the JSON Schema of a report")
    p.set_defaults(func=_cmd_schema)

    for module_name in COMMAND_MODULES:
        _register(module_name, sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
