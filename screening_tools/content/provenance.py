"""Check that every seed reference in an instrument points at real, non-blank lines.

A citation that drifts (a wrong file name, an off-by-one line) silently breaks the promise that
each item can be traced to its source, so the test suite runs this over every bundled instrument.
Line numbers are 1-based and counted like ``sed -n``: a last line without a newline still counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from screening_tools.content.models import Instrument, Provenance


def check_provenance(instrument: Instrument, seeds_dir: Path) -> list[str]:
    """Problems with the instrument's seed references; an empty list means they all resolve."""
    seeds_dir = Path(seeds_dir)
    cache: dict[str, list[str] | None] = {}
    problems: list[str] = []
    for location, reference in _references(instrument):
        if reference.seed is not None:
            problems.extend(_check(location, reference, seeds_dir, cache))
    return problems


def _references(instrument: Instrument) -> Iterator[tuple[str, Provenance]]:
    for p, reference in enumerate(instrument.provenance):
        yield f"provenance[{p}]", reference
    for g, group in enumerate(instrument.groups):
        for i, item in enumerate(group.items):
            for p, reference in enumerate(item.provenance):
                yield f"groups[{g}].items[{i}].provenance[{p}]", reference


def _check(
    location: str, reference: Provenance, seeds_dir: Path, cache: dict[str, list[str] | None]
) -> list[str]:
    seed = reference.seed or ""
    # A bare file name only: a reference must never reach outside the seeds folder.
    if Path(seed).name != seed or seed in (".", ".."):
        return [f"{location}.seed: expected a file name inside the seeds folder, got {seed!r}"]
    if seed not in cache:
        cache[seed] = _read_lines(seeds_dir / seed)
    lines = cache[seed]
    if lines is None:
        return [f"{location}.seed: seed file {seed!r} was not found in {seeds_dir}"]
    span = reference.line_span()
    if span is None:  # the model already insists on lines for a seed; kept for type safety
        return [f"{location}.lines: a seed reference needs a line range"]
    first, last = span
    where = f"{location}.lines"
    if first < 1:
        return [f"{where}: line numbers start at 1, got {reference.lines!r}"]
    if last < first:
        return [f"{where}: the range {reference.lines!r} runs backwards"]
    if last > len(lines):
        return [f"{where}: {reference.lines!r} is past the end of {seed} ({len(lines)} lines)"]
    # Both ends must hold text: an off-by-one citation usually lands on a blank line.
    return [
        f"{where}: line {number} of {seed} is blank; check the reference {reference.lines!r}"
        for number in sorted({first, last})
        if not lines[number - 1].strip()
    ]


def _read_lines(path: Path) -> list[str] | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start another
    return lines
