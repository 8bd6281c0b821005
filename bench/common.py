"""Shared helpers for the benchmarks: timing, figures with their baselines, the test vault.

Every figure is a statistic (median, or p95 where the target says so) over repeated runs, next to
a baseline measured in the same run, and the ratio of the two: the ratio is what stays
comparable between machines. Benchmarks never run under pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"  # scratch space (git-ignored): generated vaults, profiles
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Production Argon2id only: the cheap test parameters would make every unlock figure meaningless.
os.environ.pop("FRONTLINE_TEST_CHEAP_KDF", None)

PASS = "correct horse battery staple"
INSTRUMENT = "adult-indicators"
LARGE_VAULT_CASES = 50_000


# -- timing --------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int, warmup: int = 0) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


median = statistics.median


def report(name: str, value: float, baseline: float, unit: str = "ms", target: str = "") -> str:
    scale = 1000.0 if unit == "ms" else 1.0
    ratio = value / baseline if baseline else float("nan")
    line = (
        f"| {name} | {value * scale:.2f} {unit} | {baseline * scale:.2f} {unit} | "
        f"{ratio:.2f} | {target} |"
    )
    print(line)
    return line


# -- figures -------------------------------------------------------------------------------

_SCALE = {"s": 1.0, "ms": 1e3, "µs": 1e6, "MB": 1 / 1e6}


@dataclass
class Figure:
    """One line of RESULTS.md. Values are in base units: seconds, or bytes for "MB"."""

    name: str
    stat: str  # "median of 9", "p95 of 300"
    unit: str  # display unit: s, ms, µs or MB
    value: float | None  # None: the app feature does not exist yet
    baseline: float | None
    baseline_name: str
    limit: float | None = None  # absolute target in base units (value <= limit)
    max_ratio: float | None = None  # ratio target (value / baseline <= max_ratio)
    note: str = ""
    key: str = ""  # stable id, used by run_all.py to pick a profile for a missed target
    missing: str = "not yet implemented"  # shown instead of a value that is None
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def show(self, amount: float | None) -> str:
        if amount is None:
            return self.missing
        scaled = amount * _SCALE[self.unit]
        digits = 0 if scaled >= 100 else 1 if scaled >= 10 else 2 if scaled >= 1 else 3
        return f"{scaled:.{digits}f} {self.unit}"

    def target_text(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"≤ {self.show(self.limit)}")
        if self.max_ratio is not None:
            parts.append(f"ratio ≤ {self.max_ratio:g}")
        return ", ".join(parts) or "—"

    def verdict(self) -> str:
        if self.value is None or (self.limit is None and self.max_ratio is None):
            return "—"
        missed = []
        if self.limit is not None and self.value > self.limit:
            missed.append("absolute")
        ratio = self.ratio
        if self.max_ratio is not None and ratio is not None and ratio > self.max_ratio:
            missed.append("ratio")
        return "met" if not missed else "MISSED (" + ", ".join(missed) + ")"

    def row(self) -> str:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}"
        return (
            f"| {self.name} | {self.stat} | {self.show(self.value)} | "
            f"{self.show(self.baseline)} ({self.baseline_name}) | {ratio} | "
            f"{self.target_text()} | {self.verdict()} |"
        )


TABLE_HEAD = (
    "| figure | statistic | app | baseline (same run) | ratio | target | result |\n"
    "|---|---|---|---|---|---|---|"
)


def emit(figures: Iterable[Figure], as_json: bool) -> None:
    """Print the figures: one JSON object per line (for run_all.py) or a Markdown table."""
    figures = list(figures)
    if as_json:
        for figure in figures:
            print("FIGURE " + json.dumps(asdict(figure), ensure_ascii=False))
        return
    print(TABLE_HEAD)
    for figure in figures:
        print(figure.row())
        if figure.note:
            print(f"|   ↳ {figure.note} ||||||")


def read_figures(text: str) -> list[Figure]:
    return [Figure(**json.loads(line[7:])) for line in text.splitlines() if line[:7] == "FIGURE "]


# -- the test vault ------------------------------------------------------------------------


def make_vault(directory: Path, cases: int = 0, *, seed: int = 7) -> Path:
    """A vault with the production KDF and ``cases`` cases, written through the app's schema.

    The vault is created by the service (real key slots, real migrations); the bulk of the rows
    then go in through the vault's own connection in one transaction, which takes seconds
    where 50,000 ``new_case`` calls would take minutes. About 80 % of cases get a screening
    with 6 answers, 30 % a note, like a vault after a few years of use.
    """
    from screening_tools.content.loader import get_instrument
    from screening_tools.service import ScreeningService
    from screening_tools.vault import KdfParams, Vault
    from screening_tools.vault.connection import transaction
    from screening_tools.vault.repositories import new_reference

    service = ScreeningService(directory, kdf=KdfParams.production())
    service.create_vault(PASS, "Bench worker")
    service.lock()
    if cases:
        vault = Vault.unlock(directory, PASS)
        assert vault.conn is not None
        rng = random.Random(seed)
        items = [item.id for group in get_instrument(INSTRUMENT).groups for item in group.items]
        version = get_instrument(INSTRUMENT).version
        states = ["observed", "disclosed", "not_present", "prefer_not_to_say", "not_assessed"]
        user = vault.user.id
        start = datetime(2022, 1, 1, tzinfo=UTC)
        references: set[str] = set()
        while len(references) < cases:
            references.add(new_reference())
        case_rows, screening_rows, answer_rows, note_rows = [], [], [], []
        for case_id, reference in enumerate(sorted(references), start=1):
            created = start + timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            updated = created + timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
            case_rows.append((case_id, reference, _ts(created), _ts(updated), user))
            if rng.random() < 0.8:
                stamp = _ts(created)
                screening_rows.append((case_id, case_id, INSTRUMENT, version, stamp, stamp, user))
                for item in rng.sample(items, 6):
                    answer_rows.append((case_id, item, rng.choice(states), _ts(created), user))
            if rng.random() < 0.3:
                note_rows.append((case_id, note_text(rng), _ts(updated), user))
        with transaction(vault.conn, vault.db_path) as conn:
            conn.executemany(
                "INSERT INTO cases (id, reference, created_at, updated_at, created_by)"
                " VALUES (?, ?, ?, ?, ?)",
                case_rows,
            )
            conn.executemany(
                "INSERT INTO screenings (id, case_id, instrument_id, instrument_version,"
                " started_at, updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                screening_rows,
            )
            conn.executemany(
                "INSERT INTO answers (screening_id, item_id, state, recorded_at, recorded_by)"
                " VALUES (?, ?, ?, ?, ?)",
                answer_rows,
            )
            conn.executemany(
                "INSERT INTO notes (case_id, body, created_at, created_by) VALUES (?, ?, ?, ?)",
                note_rows,
            )
        vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        vault.close()
    return directory


def open_for_answers(service: Any, screening_id: int) -> None:
    """Walk a new session through the steps before the questions, when the app has them.

    (Safety check passed, confidentiality script delivered, no interpreter needed, notes agreed.)
    """
    if not hasattr(service, "record_safety_check"):
        return
    from screening_tools.flow import InterpreterType

    service.record_safety_check(screening_id, safe_to_talk=True, in_crisis=False, in_control=True)
    service.record_confidentiality_delivered(screening_id)
    service.record_interpreter(screening_id, "", InterpreterType.NOT_NEEDED)
    service.record_notes_agreement(screening_id, True)


def large_vault(path: str | None) -> Path:
    """The 50,000-case vault: the one given (made once by run_all.py), or a fresh one."""
    if path:
        return Path(path)
    target = OUT / f"vault-{LARGE_VAULT_CASES}-{os.getpid()}"
    started = time.perf_counter()
    make_vault(target, LARGE_VAULT_CASES)
    print(f"(made {target} in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return target


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


_PHRASES = (
    "met at the drop-in centre",
    "follow-up arranged",
    "interpreter needed next time",
    "housing officer to visit",
    "clinic appointment on Tuesday",
    "says documents are held by the employer",
    "wants to think about it",
    "safe number given",
    "referred to the advice service",
    "seemed anxious",
    "accompanied by another person",
    "will come back next week",
)


def note_text(rng: random.Random) -> str:
    return "; ".join(rng.choice(_PHRASES) for _ in range(rng.randrange(2, 8))).capitalize() + "."


def new_key() -> bytes:
    return secrets.token_bytes(32)


def durable_pragmas(conn: Any) -> None:
    """The pragmas the vault uses (see screening_tools/vault/connection.py), for baselines."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")


def raw_key_connection(path: Path, key: bytes | None) -> Any:
    """A bare sqlcipher3 connection (keyed like the vault when ``key`` is given) for baselines."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    if key is not None:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    durable_pragmas(conn)
    return conn


def python_child(script: str, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """Command line for a probe script in a fresh interpreter (the same one as ours)."""
    return [sys.executable, str(ROOT / "bench" / script), *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FRONTLINE_TEST_CHEAP_KDF", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def add_common_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print FIGURE lines for run_all.py")
