"""``screening content ...``: check, list and describe instrument files from the command line.

For people who write or review instrument files: ``validate`` gives every problem in a file with
its place in the file, ``list`` shows what the app ships, ``schema`` prints the JSON Schema for
editors. Every failure is printed as a message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from screening_tools.content.loader import (
    SUFFIXES,
    bundled_instruments,
    instrument_files,
    load_instrument_file,
)
from screening_tools.content.models import Instrument
from screening_tools.content.provenance import check_provenance
from screening_tools.content.schema import schema_text, write_schema
from screening_tools.errors import InvalidInstrument, ScreeningError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    content = subparsers.add_parser(
        "content",
        help="check, list and describe instrument files",
        description="Check, list and describe instrument (checklist) data files.",
    )
    commands = content.add_subparsers(dest="content_command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check instrument files and report every problem",
        description="Check instrument files (.yaml, .yml, .json) and report every problem "
        "with its place in the file. A folder means every instrument file in it.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.add_argument(
        "--seeds",
        type=Path,
        metavar="DIR",
        help="also check that seed line references point at real lines of the files in DIR",
    )
    validate.set_defaults(func=run_validate)

    listing = commands.add_parser("list", help="list the instruments bundled with the app")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    listing.set_defaults(func=run_list)

    schema = commands.add_parser("schema", help="print or write the instrument JSON Schema")
    schema.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead")
    schema.set_defaults(func=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    all_valid = True
    for path in _expand(args.paths):
        if path.is_dir():
            print(f"{path}: no instrument files ({', '.join(SUFFIXES)}) in this folder")
            all_valid = False
            continue
        try:
            instrument = load_instrument_file(path)
        except InvalidInstrument as err:
            problems = err.problems
        else:
            problems = check_provenance(instrument, args.seeds) if args.seeds else []
            if not problems:
                print(f"{path}: valid ({len(instrument.items())} items)")
                continue
        all_valid = False
        for problem in problems:
            print(f"{path}: {problem}")
    return 0 if all_valid else 1


def _expand(paths: list[Path]) -> list[Path]:
    # A folder stands for the instrument files in it; an empty folder is kept so it is reported.
    expanded: list[Path] = []
    for path in paths:
        files = instrument_files(path) if path.is_dir() else []
        expanded.extend(files or [path])
    return expanded


def run_list(args: argparse.Namespace) -> int:
    try:
        instruments = bundled_instruments()
    except ScreeningError as err:
        print(err, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(instrument_listing(instruments), indent=2, ensure_ascii=False))
    else:
        print(format_listing(instruments), end="")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    if args.out is None:
        print(schema_text(), end="")
        return 0
    try:
        write_schema(args.out)
    except OSError as err:
        print(f"{args.out}: cannot write the schema ({err.strerror})", file=sys.stderr)
        return 1
    print(f"{args.out}: schema written")
    return 0


def instrument_listing(instruments: list[Instrument]) -> list[dict[str, Any]]:
    """One summary per instrument, in the shape ``content list --json`` prints."""
    return [
        {
            "id": instrument.id,
            "version": instrument.version,
            "title": instrument.title,
            "audience": instrument.audience.value,
            "languages": list(instrument.languages),
            "review_status": instrument.review_status.value,
            "groups": [
                {"id": group.id, "title": group.title, "items": len(group.items)}
                for group in instrument.groups
            ],
            "items": len(instrument.items()),
        }
        for instrument in instruments
    ]


def format_listing(instruments: list[Instrument]) -> str:
    """The plain-text listing: one block per instrument, one line per group."""
    if not instruments:
        return "No instruments are bundled.\n"
    lines: list[str] = []
    for entry in instrument_listing(instruments):
        lines.append(f"{entry['id']} {entry['version']}  {entry['title']}")
        lines.append(
            f"  audience: {entry['audience']}; languages: {', '.join(entry['languages'])}; "
            f"review: {entry['review_status']}"
        )
        width = max(len(group["id"]) for group in entry["groups"])
        for group in entry["groups"]:
            count = f"{group['items']} item" + ("" if group["items"] == 1 else "s")
            lines.append(f"  {group['id']:<{width}}  {count:>9}  {group['title']}")
        lines.append(f"  {entry['items']} items in {len(entry['groups'])} groups")
        lines.append("")
    return "\n".join(lines)
