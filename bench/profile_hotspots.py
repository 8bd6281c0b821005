"""Where the time goes, for a figure that missed its target (run_all.py calls this).

    python bench/profile_hotspots.py startup|list|save|bulk|unlock [--vault DIR]

startup: start-up phases of the real window (median of 5 fresh processes), then the slowest
         imports (python -X importtime, cumulative).
others:  a pyinstrument profile of the operation repeated in a loop (call tree, frames
         under 2 % of the total hidden).
Prints Markdown.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    INSTRUMENT,
    OUT,
    PASS,
    child_env,
    large_vault,
    make_vault,
    open_for_answers,
    python_child,
)


def startup(vault: Path) -> None:
    runs: list[dict[str, float]] = []
    for _ in range(6):
        spawned = time.time()
        proc = subprocess.run(
            python_child("probe_phases.py", "--vault", str(vault)),
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        phases: dict[str, float] = {}
        for line in proc.stdout.splitlines():
            if line.startswith("T0 "):
                phases["python interpreter start-up"] = float(line.split()[1]) - spawned
            elif line.startswith("PHASE "):
                name, seconds = line[6:].rsplit(" ", 1)
                phases[name] = float(seconds)
        runs.append(phases)
    runs = runs[1:]  # the first run warms the file cache
    print("Start-up phases of the real window (median of 5 fresh processes):\n")
    print("| phase | ms |\n|---|---|")
    total = 0.0
    for name in runs[0]:
        value = statistics.median(run[name] for run in runs)
        total += value
        print(f"| {name} | {value * 1e3:.0f} |")
    print(f"| **total, process spawn to the window exposed** | **{total * 1e3:.0f}** |\n")

    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from PySide6.QtWidgets import QApplication; import desktop.app",
            str(Path(__file__).resolve().parent.parent),
        ],
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        # "import time: <self us> | <cumulative us> | <indented module>"
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        rows.append((int(cumulative_us), int(self_us), name.strip()))
    wanted = (
        "screening_tools.",
        "desktop.",
        "pydantic",
        "zxcvbn",
        "cryptography",
        "sqlcipher3",
        "argon2",
        "yaml",
        "importlib.metadata",
        "PySide6.",
    )
    print("Slowest imports after PySide6.QtWidgets (cumulative, one run, -X importtime):\n")
    print("| module | cumulative ms | self ms |\n|---|---|---|")
    shown = 0
    for cumulative, self_us, name in sorted(rows, reverse=True):
        if name.startswith(wanted) and cumulative > 3000 and shown < 20:
            print(f"| `{name}` | {cumulative / 1e3:.1f} | {self_us / 1e3:.1f} |")
            shown += 1
    print()


def profile(fn: Callable[[], object], seconds: float = 3.0) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    end = time.perf_counter() + seconds
    runs = 0
    while time.perf_counter() < end:
        fn()
        runs += 1
    profiler.stop()
    print(f"pyinstrument, {runs} runs:\n\n```")
    print(
        profiler.output_text(
            unicode=True,
            color=False,
            processor_options={"filter_threshold": 0.02},
        ).strip()
    )
    print("```\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["startup", "list", "save", "bulk", "unlock"])
    parser.add_argument("--vault", help="the 50,000-case vault (else made now)")
    args = parser.parse_args()
    if args.what == "startup":
        startup(large_vault(args.vault))
        return
    from screening_tools.service import ScreeningService

    if args.what == "bulk":
        from bench.bench_search import bulk_insert, dataset
        from bench.common import new_key
        from screening_tools.vault.connection import open_database

        cases, notes = dataset(50_000)
        OUT.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            counter = iter(range(1000))

            def once() -> None:
                conn = open_database(Path(tmp) / f"{next(counter)}.db", new_key(), create=True)
                bulk_insert(conn, cases, notes)
                conn.close()

            profile(once, 5.0)
        return
    if args.what == "unlock":
        with tempfile.TemporaryDirectory() as tmp:
            service = ScreeningService(make_vault(Path(tmp) / "vault", 200))

            def unlock() -> None:
                service.unlock(PASS)
                service.lock()

            profile(unlock)
        return
    vault = large_vault(args.vault)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / "vault"
        shutil.copytree(vault, copy)
        service = ScreeningService(copy)
        service.unlock(PASS)
        if args.what == "list":
            profile(lambda: service.list_cases(limit=100))
        else:
            reference = service.new_case().reference
            screening = service.start_screening(reference, INSTRUMENT).id
            open_for_answers(service, screening)
            items = [i.id for g in service.instrument(INSTRUMENT).groups for i in g.items]
            counter = iter(range(10**9))
            from screening_tools.domain import AnswerState

            profile(
                lambda: service.record_answer(
                    screening, items[next(counter) % len(items)], AnswerState.OBSERVED
                )
            )
        service.lock()


if __name__ == "__main__":
    main()
