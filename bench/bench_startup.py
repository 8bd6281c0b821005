"""Cold start to the unlock window being shown, against a bare PySide6 window.

    python bench/bench_startup.py [--vault DIR] [--repeat N] [--json]

Each run is a fresh Python process (bench/probe_startup.py); the span runs from just before the
process is spawned to the first Expose event of its first window (Qt's offscreen platform, warm
file cache). App: ``desktop.app.main --vault DIR`` on an existing vault, so the window shows the
unlock page. Baseline (same run, interleaved): QApplication + one empty QWidget of the same size.
Target: <= 0.6 s, ratio <= 4.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figure, add_common_args, child_env, emit, make_vault, median, python_child


def one_start(mode: str, vault: Path) -> float:
    env = child_env()
    started = time.time()
    proc = subprocess.run(
        python_child("probe_startup.py", mode, "--vault", str(vault)),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    shown = [line for line in proc.stdout.splitlines() if line.startswith("SHOWN ")]
    if proc.returncode != 0 or not shown:
        raise SystemExit(
            f"bench_startup: {mode} run failed (exit {proc.returncode}): {proc.stderr[-2000:]}"
        )
    return float(shown[0].split()[1]) - started


def measure(vault: Path, repeat: int) -> Figure:
    one_start("bare", vault)  # warm the file cache for both
    one_start("app", vault)
    bare, app = [], []
    for _ in range(repeat):
        bare.append(one_start("bare", vault))
        app.append(one_start("app", vault))
    return Figure(
        name="cold start to the unlock window shown",
        stat=f"median of {repeat}",
        unit="s",
        value=median(app),
        baseline=median(bare),
        baseline_name="bare PySide6 window, fresh process",
        limit=0.6,
        max_ratio=4,
        key="startup",
        note="fresh process each run, offscreen platform, warm file cache",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", help="an existing vault (else a small one is made)")
    parser.add_argument("--repeat", type=int, default=9)
    add_common_args(parser)
    args = parser.parse_args()
    if args.vault:
        emit([measure(Path(args.vault), args.repeat)], args.json)
        return
    with tempfile.TemporaryDirectory() as tmp:
        vault = make_vault(Path(tmp) / "vault", cases=100)
        emit([measure(vault, args.repeat)], args.json)


if __name__ == "__main__":
    main()
