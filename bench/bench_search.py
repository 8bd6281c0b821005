"""Bulk insert with the search index, encrypted against plain SQLite; search over 50,000 cases.

    python bench/bench_search.py [--vault DIR] [--cases N] [--repeat N] [--json]

Bulk insert: 50,000 cases with their notes into a new file with the app's schema (the real
migrations), in one transaction, WAL + synchronous=FULL. The search index is the app's own
(an FTS5 table kept in step by triggers) when its migrations create one; otherwise an FTS5 table
over reference + notes filled with raw SQL on both sides. Encrypted: the app's own opener
(``vault.connection.open_database``, SQLCipher with a raw key). Baseline (same run,
interleaved): Python's plain ``sqlite3``. Target: ratio <= 1.3. Also shown: unkeyed sqlcipher3
(the same SQLite build without encryption), to separate the cost of encryption from the
difference between the two SQLite versions.

Search: ``ScreeningService.search_cases(text, limit=20)`` on the 50,000-case vault, for a
reference prefix or words from notes. Baseline (same run, its own bare sqlcipher3 connection):
the raw FTS5 query for the same page (matching case ids, newest first, 20 rows). No target.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_VAULT_CASES,
    OUT,
    PASS,
    Figure,
    add_common_args,
    durable_pragmas,
    emit,
    large_vault,
    median,
    new_key,
    note_text,
    raw_key_connection,
)
from screening_tools.service import ScreeningService
from screening_tools.vault import Vault
from screening_tools.vault.connection import open_database
from screening_tools.vault.migrations import migrate
from screening_tools.vault.repositories import new_reference

# Used only while the app's schema has no search index of its own.
OWN_FTS = "CREATE VIRTUAL TABLE case_search USING fts5(reference, notes)"


def dataset(cases: int, seed: int = 11) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rng = random.Random(seed)
    references: set[str] = set()
    while len(references) < cases:
        references.add(new_reference())
    case_rows, note_rows = [], []
    for case_id, reference in enumerate(sorted(references), start=1):
        stamp = f"2024-01-01T00:00:{case_id % 60:02d}.000+00:00"
        case_rows.append((case_id, reference, stamp, stamp, 1))
        if rng.random() < 0.3:
            note_rows.append((case_id, note_text(rng), stamp, 1))
    return case_rows, note_rows


def has_app_index(conn: Any) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'case_search'").fetchone()
    return row is not None


def bulk_insert(conn: Any, cases: list[tuple[Any, ...]], notes: list[tuple[Any, ...]]) -> float:
    migrate(conn)
    own_index = not has_app_index(conn)
    if own_index:
        conn.execute(OWN_FTS)
    by_case = {case_id: body for case_id, body, _stamp, _user in notes}
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO users (id, display_name, role, created_at)"
        " VALUES (1, 'Bench', 'supervisor', '2024-01-01T00:00:00.000+00:00')"
    )
    conn.executemany(
        "INSERT INTO cases (id, reference, created_at, updated_at, created_by)"
        " VALUES (?, ?, ?, ?, ?)",
        cases,
    )
    conn.executemany(
        "INSERT INTO notes (case_id, body, created_at, created_by) VALUES (?, ?, ?, ?)", notes
    )
    if own_index:
        conn.executemany(
            "INSERT INTO case_search (rowid, reference, notes) VALUES (?, ?, ?)",
            ((c[0], c[1], by_case.get(c[0], "")) for c in cases),
        )
    conn.execute("COMMIT")
    return time.perf_counter() - started


def plain(path: Path) -> Any:
    conn = sqlite3.connect(str(path), isolation_level=None)
    durable_pragmas(conn)
    return conn


def measure_bulk(cases: int, repeat: int) -> Figure:
    case_rows, note_rows = dataset(cases)
    openers: dict[str, Callable[[Path], Any]] = {
        "encrypted": lambda p: open_database(p, new_key(), create=True),
        "plain": plain,
        "unkeyed": lambda p: raw_key_connection(p, None),
    }
    times: dict[str, list[float]] = {name: [] for name in openers}
    app_index = False
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        for run in range(repeat + 1):
            for name, opener in openers.items():
                path = Path(tmp) / f"{name}-{run}.db"
                conn = opener(path)
                migrate(conn)  # outside the timed part, as in a real vault
                app_index = has_app_index(conn)
                elapsed = bulk_insert(conn, case_rows, note_rows)
                if run > 0:  # the first round warms up
                    times[name].append(elapsed)
                conn.close()
                for leftover in Path(tmp).glob(f"{name}-{run}.db*"):
                    leftover.unlink()
    index = "the app's own FTS5 index" if app_index else "an FTS5 index (raw SQL)"
    return Figure(
        name=f"bulk insert of {cases:,} cases + notes with {index}, encrypted vs plain",
        stat=f"median of {repeat}",
        unit="s",
        value=median(times["encrypted"]),
        baseline=median(times["plain"]),
        baseline_name=f"plain sqlite3 {sqlite3.sqlite_version}",
        max_ratio=1.3,
        key="bulk",
        note=(
            f"unkeyed sqlcipher3 (same SQLite build, no encryption): "
            f"{median(times['unkeyed']):.2f} s, encrypted/unkeyed "
            f"{median(times['encrypted']) / median(times['unkeyed']):.2f}"
        ),
        extra={"unkeyed": median(times["unkeyed"])},
    )


def user_queries(conn: Any, count: int) -> list[str]:
    """What a worker might type: the start of a reference, or words they wrote in notes."""
    rng = random.Random(5)
    references = [r[0] for r in conn.execute("SELECT reference FROM cases LIMIT 2000")]
    words = ["interpreter", "documents employer", "safe number", "drop-in centre"]
    return [
        rng.choice(references)[:7] if i % 2 == 0 else words[(i // 2) % len(words)]
        for i in range(count)
    ]


def match_expression(text: str) -> str:
    # Every word as a prefix, like a search box (never raw FTS5 syntax from the user).
    return " AND ".join(f'"{w}"*' for w in re.findall(r"\w+", text))


RAW_SEARCH = (
    "SELECT c.id, c.reference, c.updated_at FROM cases c WHERE c.id IN"
    " (SELECT case_id FROM case_search WHERE case_search MATCH ?)"
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT 20"
)


def measure_search(vault: Path, repeat: int) -> Figure:
    bare = Vault.unlock(vault, PASS)
    conn = bare.conn
    assert conn is not None
    count = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    name = f"search over {count:,} cases (FTS5, first 20 results)"
    if not has_app_index(conn):
        bare.close()
        return Figure(name, "—", "ms", None, None, "raw FTS5 query", note="no search index yet")
    queries = user_queries(conn, repeat)
    service = ScreeningService(vault)
    service.unlock(PASS)
    search = getattr(service, "search_cases", None)
    app: list[float] = []
    raw: list[float] = []
    hits = 0
    try:
        for query in queries[:3]:  # warm-up
            conn.execute(RAW_SEARCH, (match_expression(query),)).fetchall()
            if search is not None:
                search(query, limit=20)
        for query in queries:
            started = time.perf_counter()
            hits += len(conn.execute(RAW_SEARCH, (match_expression(query),)).fetchall())
            raw.append(time.perf_counter() - started)
            if search is not None:
                started = time.perf_counter()
                search(query, limit=20)
                app.append(time.perf_counter() - started)
    finally:
        service.lock()
        bare.close()
    return Figure(
        name=name,
        stat=f"median of {repeat}",
        unit="ms",
        value=median(app) if app else None,
        baseline=median(raw),
        baseline_name="raw FTS5 query for the same page, sqlcipher3",
        key="search",
        note=(
            f"half reference prefixes, half note words; the raw queries found {hits} rows"
            if app
            else "app search not yet implemented"
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", help=f"a {LARGE_VAULT_CASES:,}-case vault (else made now)")
    parser.add_argument("--cases", type=int, default=LARGE_VAULT_CASES)
    parser.add_argument("--repeat", type=int, default=5, help="bulk-insert runs (search: x10)")
    add_common_args(parser)
    args = parser.parse_args()
    bulk = measure_bulk(args.cases, args.repeat)
    emit([bulk, measure_search(large_vault(args.vault), args.repeat * 10 + 1)], args.json)


if __name__ == "__main__":
    main()
