"""Run every benchmark and write bench/RESULTS.md.

    python bench/run_all.py [--quick] [--no-profile] [--out FILE]

Makes one 50,000-case vault (production Argon2id, the app's schema) under bench/out/, runs each
benchmark in its own process against it, and writes the figures with the machine they were
measured on. Every figure is a median (p95 where the target says so) over repeated runs, with
its baseline measured in the same run and the ratio of the two. For each missed target it adds
a profile (bench/profile_hotspots.py) showing where the time goes.

Needs the `bench` extra (psutil, pyinstrument). Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_VAULT_CASES,
    OUT,
    ROOT,
    TABLE_HEAD,
    Figure,
    child_env,
    make_vault,
    python_child,
    read_figures,
)

# (script, uses the 50k vault, repeats in a full run, repeats with --quick)
BENCHES = [
    ("bench_startup.py", True, 9, 3),
    ("bench_unlock.py", False, 9, 3),
    ("bench_case_list.py", True, 51, 11),
    ("bench_save_answer.py", True, 300, 60),
    ("bench_memory.py", True, 3, 1),
    ("bench_search.py", True, 5, 2),
    ("bench_export.py", False, 15, 5),
]
PROFILES = {"startup", "list", "save", "bulk", "unlock"}


def machine() -> list[tuple[str, str]]:
    import argon2
    import psutil
    import PySide6
    import sqlcipher3
    from PySide6.QtCore import qVersion

    conn = sqlcipher3.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    cipher_sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    conn.close()

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    physical = psutil.cpu_count(logical=False)
    return [
        ("CPU", cpu),
        ("cores", f"{os.cpu_count()} logical, {physical or '?'} physical"),
        ("RAM", f"{psutil.virtual_memory().total / 2**30:.1f} GiB"),
        ("OS", platform.platform()),
        ("disk for bench/out", _filesystem(OUT)),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("SQLCipher", f"{cipher} (sqlcipher3 {version('sqlcipher3')}, SQLite {cipher_sqlite})"),
        ("plain SQLite (baseline)", f"sqlite3 module, SQLite {sqlite3.sqlite_version}"),
        ("PySide6 / Qt", f"{PySide6.__version__} / {qVersion()}, QT_QPA_PLATFORM=offscreen"),
        ("argon2-cffi", getattr(argon2, "__version__", None) or version("argon2-cffi")),
        ("source", _git()),
        ("load average at start (1/5/15 min)", _load()),
    ]


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    busy = " — the machine was busy: expect noisy absolute figures" if one > 0.5 else ""
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}{busy}"


def _filesystem(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    best = ("", "?", "?")
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            device, mount, kind, *_ = line.split()
            if str(path.resolve()).startswith(mount) and len(mount) >= len(best[0]):
                best = (mount, kind, device)
    except OSError:
        return "?"
    return f"{best[1]} on {best[2]} (mounted at {best[0]})"


def _git() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"git {commit}" + (" + uncommitted changes" if dirty else "")


def run_bench(script: str, vault: Path | None, repeat: int) -> list[Figure]:
    args = ["--json", "--repeat", str(repeat)]
    if vault is not None:
        args += ["--vault", str(vault)]
    started = time.perf_counter()
    print(f"run_all: {script} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(
        python_child(script, *args), env=child_env(), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"run_all: {script} failed (exit {proc.returncode})")
    figures = read_figures(proc.stdout)
    print(f"run_all: {script} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    for figure in figures:
        print("  " + figure.row(), file=sys.stderr)
    return figures


def profile(key: str, vault: Path) -> str:
    proc = subprocess.run(
        python_child("profile_hotspots.py", key, "--vault", str(vault)),
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return f"(profiling failed: {proc.stderr.strip().splitlines()[-1:]})\n"
    return proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling misses")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    command = "python bench/run_all.py" + "".join(f" {a}" for a in sys.argv[1:])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine()

    OUT.mkdir(parents=True, exist_ok=True)
    vault = OUT / f"vault-{LARGE_VAULT_CASES}"
    if vault.exists():
        shutil.rmtree(vault)
    made = time.perf_counter()
    make_vault(vault, LARGE_VAULT_CASES)
    made = time.perf_counter() - made
    print(f"run_all: made the {LARGE_VAULT_CASES:,}-case vault in {made:.1f} s", file=sys.stderr)

    figures: list[Figure] = []
    for script, needs_vault, repeat, quick in BENCHES:
        count = quick if args.quick else repeat
        figures += run_bench(script, vault if needs_vault else None, count)

    profiles: list[tuple[Figure, str]] = []
    if not args.no_profile:
        for figure in figures:
            if figure.verdict().startswith("MISSED") and figure.key in PROFILES:
                print(f"run_all: profiling {figure.key} ...", file=sys.stderr)
                profiles.append((figure, profile(figure.key, vault)))
    shutil.rmtree(vault, ignore_errors=True)

    lines = [
        "# Benchmark results",
        "",
        f"Measured {when} with `{command}` "
        f"({time.perf_counter() - started:.0f} s in all). Generated file: run the command again "
        "rather than editing it.",
        "",
        "Each figure is the statistic shown over repeated runs; its baseline was measured in the "
        "same run, interleaved with it where possible, and the ratio app/baseline is the number "
        "that stays comparable between machines. The app runs with the production Argon2id "
        "parameters (FRONTLINE_TEST_CHEAP_KDF unset). GUI figures use Qt's offscreen platform; "
        "files are in the page cache (warm), as on a machine that has run the app before.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in info),
        "",
        "## Figures",
        "",
        TABLE_HEAD,
    ]
    for figure in figures:
        lines.append(figure.row())
    lines += ["", "Notes:", ""]
    lines += [f"- *{f.name}*: {f.note}" for f in figures if f.note]
    lines.append(f"- Load average at the end (1/5/15 min): {_load()}.")
    lines += [
        f"- The {LARGE_VAULT_CASES:,}-case vault (made in {made:.1f} s) has about 80 % of cases "
        "with one screening of 6 answers and 30 % with a note; rows were inserted through the "
        "vault's own connection into the app's schema.",
        "",
    ]
    if profiles:
        lines += ["## Where the time goes (missed targets)", ""]
        for figure, text in profiles:
            lines += [f"### {figure.name}: {figure.verdict()}", "", text.rstrip(), ""]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"run_all: wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
