"""First page of the case list in a 50,000-case vault, against the raw SQL query.

    python bench/bench_case_list.py [--vault DIR] [--repeat N] [--json]

App: ``ScreeningService.list_cases(limit=100)`` (lock, user names, the summary query with its
per-case counts, domain objects). Baseline (same run, same vault, its own bare sqlcipher3
connection keyed like the app): the plain page query, 100 rows of id, reference and dates in
list order. Target: <= 50 ms, ratio <= 20.

Also reported, without a target: the whole list, which is what the GUI's case list asks for
today (``list_cases()`` without a limit).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_VAULT_CASES,
    PASS,
    Figure,
    add_common_args,
    emit,
    large_vault,
    median,
    timed,
)
from screening_tools.service import ScreeningService
from screening_tools.vault import Vault

PAGE_SQL = (
    "SELECT id, reference, created_at, updated_at FROM cases"
    " ORDER BY updated_at DESC, id DESC LIMIT 100"
)
ALL_SQL = (
    "SELECT id, reference, created_at, updated_at FROM cases ORDER BY updated_at DESC, id DESC"
)


def measure(vault_dir: Path, repeat: int) -> list[Figure]:
    service = ScreeningService(vault_dir)
    service.unlock(PASS)
    bare = Vault.unlock(vault_dir, PASS)
    conn = bare.conn
    assert conn is not None
    try:
        count = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        page, raw = [], []
        timed(lambda: service.list_cases(limit=100), 1, warmup=3)
        timed(lambda: conn.execute(PAGE_SQL).fetchall(), 1, warmup=3)
        for _ in range(repeat):
            page += timed(lambda: service.list_cases(limit=100), 1)
            raw += timed(lambda: conn.execute(PAGE_SQL).fetchall(), 1)
        whole, whole_raw = [], []
        for _ in range(max(3, repeat // 10)):
            whole += timed(service.list_cases, 1)
            whole_raw += timed(lambda: conn.execute(ALL_SQL).fetchall(), 1)
    finally:
        service.lock()
        bare.close()
    return [
        Figure(
            name=f"first page (100 rows) of a {count:,}-case list",
            stat=f"median of {repeat}",
            unit="ms",
            value=median(page),
            baseline=median(raw),
            baseline_name="raw page query, sqlcipher3",
            limit=0.050,
            max_ratio=20,
        ),
        Figure(
            name=f"whole {count:,}-case list (service.list_cases() without a limit;"
            " the GUI no longer does this)",
            stat=f"median of {len(whole)}",
            unit="ms",
            value=median(whole),
            baseline=median(whole_raw),
            baseline_name="raw query, all rows",
            note="no target: informative; the GUI loads every case into its table model",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", help=f"a {LARGE_VAULT_CASES:,}-case vault (else made now)")
    parser.add_argument("--repeat", type=int, default=51)
    add_common_args(parser)
    args = parser.parse_args()
    emit(measure(large_vault(args.vault), args.repeat), args.json)


if __name__ == "__main__":
    main()
