"""Saving one answer durably, against a raw sqlcipher3 insert + commit with the same pragmas.

    python bench/bench_save_answer.py [--vault DIR] [--repeat N] [--json]

App: ``ScreeningService.record_answer`` on a copy of the 50,000-case vault (one IMMEDIATE
transaction: look up the screening, check the item against the instrument, upsert the answer,
touch the case, COMMIT with WAL and synchronous=FULL). Baseline (same run, interleaved, same
folder): a bare sqlcipher3 database keyed with a raw key, WAL + synchronous=FULL, one
``INSERT OR REPLACE`` + COMMIT. Target: p95 <= 2 ms, ratio <= 5.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    INSTRUMENT,
    LARGE_VAULT_CASES,
    OUT,
    PASS,
    Figure,
    add_common_args,
    emit,
    large_vault,
    median,
    new_key,
    open_for_answers,
    p95,
    raw_key_connection,
    timed,
)
from screening_tools.domain import AnswerState
from screening_tools.service import ScreeningService

STATES = [AnswerState.OBSERVED, AnswerState.DISCLOSED, AnswerState.NOT_PRESENT]


def measure(vault: Path, repeat: int) -> Figure:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / "vault"
        shutil.copytree(vault, copy)
        service = ScreeningService(copy)
        service.unlock(PASS)
        reference = service.new_case().reference
        screening = service.start_screening(reference, INSTRUMENT).id
        open_for_answers(service, screening)
        items = [item.id for group in service.instrument(INSTRUMENT).groups for item in group.items]

        raw = raw_key_connection(Path(tmp) / "baseline.db", new_key())
        raw.execute(
            "CREATE TABLE answers (screening_id INTEGER NOT NULL, item_id TEXT NOT NULL,"
            " state TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by INTEGER NOT NULL,"
            " PRIMARY KEY (screening_id, item_id)) STRICT"
        )
        counter = iter(range(10**9))

        def app_save() -> None:
            i = next(counter)
            service.record_answer(screening, items[i % len(items)], STATES[i % len(STATES)])

        def raw_save() -> None:
            i = next(counter)
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%f'), 1)",
                (1, items[i % len(items)], STATES[i % len(STATES)].value),
            )
            raw.execute("COMMIT")

        timed(app_save, 1, warmup=10)
        timed(raw_save, 1, warmup=10)
        app, base = [], []
        for _ in range(repeat):
            app += timed(app_save, 1)
            base += timed(raw_save, 1)
        service.lock()
        raw.close()
    return Figure(
        name="save one answer (durable: WAL, synchronous=FULL)",
        stat=f"p95 of {repeat}",
        unit="ms",
        value=p95(app),
        baseline=p95(base),
        baseline_name="raw sqlcipher3 insert + commit",
        limit=0.002,
        max_ratio=5,
        key="save",
        note=f"medians: app {median(app) * 1e3:.2f} ms, raw {median(base) * 1e3:.2f} ms",
        extra={"app_median": median(app), "raw_median": median(base)},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", help=f"a {LARGE_VAULT_CASES:,}-case vault (else made now)")
    parser.add_argument("--repeat", type=int, default=300)
    add_common_args(parser)
    args = parser.parse_args()
    emit([measure(large_vault(args.vault), args.repeat)], args.json)


if __name__ == "__main__":
    main()
