"""The ``worksum eval`` subcommand.

The main CLI registers it with :func:`add_eval_parser` and then calls
``args.func(args)``, which returns the exit status: 0 when every document was
scored or skipped, 1 when a document failed (bad gold, SHA-256 mismatch,
parser crash), 2 for unusable arguments. ``python -m worksum.evaluation.cli eval …``
runs it without the main CLI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from worksum.errors import WorksumError
from worksum.evaluation.report import render_markdown, render_text
from worksum.evaluation.runner import evaluate

DESCRIPTION = """\
Score worksum against gold annotations (NAME.gold.json files, or folders searched
recursively for them). Prints precision, recall, F1 and exact-span rate per field,
micro-averaged, and F1 per document. Shared-corpus documents that are absent are
skipped (set WORKSUM_SHARED to the folder that holds them)."""


def add_eval_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``eval`` on the main CLI's subparsers."""
    parser = subparsers.add_parser(
        "eval",
        help="score the parser against gold annotations",
        description=DESCRIPTION,
        epilog=(
            "examples:\n"
            "  worksum eval corpora                         # every gold file under corpora/\n"
            "  worksum eval corpora --show-errors --field figures\n"
            "  worksum eval corpora --json > accuracy.json\n"
            "  worksum eval corpora --markdown docs/accuracy.md"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="NAME.gold.json files or folders holding them"
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses, false alarms and wrong values in context"
    )
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME",
        help="with --show-errors: only fields starting with NAME (figures, heading.level, figure_value ...); repeatable",
    )
    parser.add_argument(
        "--context",
        type=int,
        default=15,
        metavar="N",
        help="characters shown each side of an error (default 15)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="also write the Markdown report (docs/accuracy.md) to FILE",
    )
    parser.set_defaults(func=run_eval)


def run_eval(args: argparse.Namespace) -> int:
    """Run ``worksum eval`` with parsed arguments; returns the exit status."""
    if args.context < 0:
        print("worksum eval: error: --context must be 0 or more", file=sys.stderr)
        return 2
    try:
        result = evaluate(args.paths, context_width=args.context)
    except WorksumError as exc:
        print(f"worksum eval: error: {exc}", file=sys.stderr)
        return 2
    if not result.documents:
        print("worksum eval: no gold files (*.gold.json) found", file=sys.stderr)
    if args.json:
        exclude = None if args.show_errors else {"documents": {"__all__": {"errors"}}}
        sys.stdout.write(result.model_dump_json(indent=2, exclude=exclude) + "\n")
    else:
        sys.stdout.write(render_text(result, show_errors=args.show_errors, fields=args.field))
    if args.markdown is not None:
        command = "worksum eval " + " ".join(args.paths) + f" --markdown {args.markdown}"
        args.markdown.write_text(render_markdown(result, command=command, base=Path.cwd()), encoding="utf-8")
    return 1 if result.by_status("error") else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m worksum.evaluation.cli eval PATH…``."""
    parser = argparse.ArgumentParser(prog="worksum")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_eval_parser(subparsers)
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
