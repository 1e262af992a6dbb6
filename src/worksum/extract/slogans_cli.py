"""``worksum slogans``: a corpus-level table of slogans by document, year and issuer."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator

from ..models import Report
from .lexicon import load_lexicon
from .slogans import slogan_rows

_COLUMNS = ("document", "year", "issuer", "canonical", "kind", "category", "known", "count")
_EXAMPLES = """examples:
  worksum slogans corpora                   # table of slogans per document
  worksum slogans reports/ --format csv > slogans.csv
  worksum slogans reports/ --lexicon my_slogans.json --known-only"""


def _reports(inputs: list[str], lexicon: str | None) -> Iterator[Report]:
    from ..cli import iter_reports
    from ..pipeline import parse

    loaded = load_lexicon(lexicon) if lexicon else None
    for _, report in iter_reports(inputs, []):
        if loaded is not None:
            report = parse(report.text, source=report.source, encoding=report.encoding, lexicon=loaded)
        yield report


def _run(args: argparse.Namespace) -> int:
    rows = slogan_rows(_reports(args.inputs, args.lexicon))
    if args.known_only:
        rows = [row for row in rows if row.get("known")]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in _COLUMNS}
        print("  ".join(c.ljust(widths[c]) for c in _COLUMNS))
        for row in rows:
            print("  ".join(str(row.get(c, "") if row.get(c) is not None else "-").ljust(widths[c]) for c in _COLUMNS))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("slogans", help="table of slogans by document, year and issuer",
                       description="Parse documents and count their slogans (提法) by document, year and issuer.",
                       epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", help="document files or folders")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--lexicon", help="a user lexicon file (JSON) added to the bundled one")
    p.add_argument("--known-only", action="store_true", help="only slogans in the lexicon")
    p.set_defaults(func=_run)
