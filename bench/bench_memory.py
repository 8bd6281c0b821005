"""Memory (RSS) with a 50,000-case vault open in the GUI, against a bare PySide6 window.

    python bench/bench_memory.py [--vault DIR] [--repeat N] [--json]

Each sample is a fresh process (bench/probe_memory.py). App: the real MainWindow, vault
unlocked, first page (100 cases) in the case list. Baseline (same run): QApplication + one
shown QWidget. Target: RSS <= 200 MB. Also reported without a target: the window as it starts
today on an unlocked vault, which loads all 50,000 cases into the list.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_VAULT_CASES,
    Figure,
    add_common_args,
    child_env,
    emit,
    large_vault,
    median,
    python_child,
)


def sample(mode: str, vault: Path) -> tuple[int, int, int]:
    proc = subprocess.run(
        python_child("probe_memory.py", mode, "--vault", str(vault)),
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RSS ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"bench_memory: {mode} failed: {proc.stderr[-2000:]}")
    _, rss, _, peak, _, rows = lines[0].split()
    return int(rss), int(peak), int(rows)


def measure(vault: Path, repeat: int) -> list[Figure]:
    results: dict[str, list[tuple[int, int, int]]] = {"bare": [], "first-page": [], "whole": []}
    for _ in range(repeat):
        results["bare"].append(sample("bare", vault))
        results["first-page"].append(sample("first-page", vault))
        results["whole"].append(sample("whole-list", vault))

    def rss(mode: str) -> float:
        return median([r[0] for r in results[mode]])

    def peak(mode: str) -> float:
        return median([r[1] for r in results[mode]])

    rows = results["whole"][0][2]
    return [
        Figure(
            name="memory with a 50,000-case vault open (first page listed)",
            stat=f"median of {repeat}",
            unit="MB",
            value=rss("first-page"),
            baseline=rss("bare"),
            baseline_name="bare PySide6 window",
            limit=200e6,
            key="memory",
            note=f"RSS; peak RSS {peak('first-page') / 1e6:.0f} MB (Argon2id's 64 MiB while "
            "unlocking)",
        ),
        Figure(
            name=f"memory, window as it starts today ({rows:,} cases in the list model)",
            stat=f"median of {repeat}",
            unit="MB",
            value=rss("whole"),
            baseline=rss("bare"),
            baseline_name="bare PySide6 window",
            note="no target: informative",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", help=f"a {LARGE_VAULT_CASES:,}-case vault (else made now)")
    parser.add_argument("--repeat", type=int, default=3)
    add_common_args(parser)
    args = parser.parse_args()
    emit(measure(large_vault(args.vault), args.repeat), args.json)


if __name__ == "__main__":
    main()
