"""``worksum render``: the review page of a document, or a site for a folder of documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import WorksumError
from ..io import parse_file
from ..models import Report

_EPILOG = """examples:
  worksum render report.txt -o report.html     # one self-contained page
  worksum render corpora -o site/              # a page per document and site/index.html
"""
_SUFFIXES = (".txt", ".md", ".docx")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "render", help="write the HTML review page of a document (or a site for a folder)",
        description="Write a self-contained HTML page showing the outline and every item worksum found, "
                    "highlighted in the text. For a folder: one page per document and an index page.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="a document file, or a folder of documents")
    parser.add_argument("-o", "--output", default=None,
                        help="the page to write (for a file; default: NAME.html here) or the site folder "
                             "(for a folder; default: site)")
    parser.set_defaults(func=run_render)


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES
                  and not p.name.startswith("."))


def run_render(args: argparse.Namespace) -> int:
    from .html import render_site, report_to_html

    source = Path(args.input)
    if source.is_dir():
        output = Path(args.output) if args.output else Path("site")
        documents: list[tuple[Path, Report | Exception]] = []
        failures = 0
        for path in _documents(source):
            try:
                documents.append((path, parse_file(path)))
            except (WorksumError, OSError) as exc:
                failures += 1
                print(f"FAILED {path}: {exc}", file=sys.stderr)
                documents.append((path, exc))
        render_site(documents, source, output)
        print(f"wrote {len(documents) - failures} pages and {output / 'index.html'}")
        return 1 if failures else 0
    try:
        report = parse_file(source)
    except (WorksumError, OSError) as exc:
        print(f"worksum: {exc}", file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else Path(source.name).with_suffix(".html")
    if target.is_dir() or (args.output and args.output.endswith(("/", "\\"))):
        target.mkdir(parents=True, exist_ok=True)
        target = target / Path(source.name).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_to_html(report), encoding="utf-8")
    print(f"wrote {target}")
    return 0
