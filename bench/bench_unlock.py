"""Unlock time with the production Argon2id parameters, against the raw Argon2id call.

    python bench/bench_unlock.py [--repeat N] [--json]

Unlock = read the key slots, Argon2id, unwrap the data key, open SQLCipher, quick_check,
migrations check. Baseline (same run): one raw Argon2id derivation with the same parameters.
Target: unlock <= 0.3 s, ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PASS, Figure, add_common_args, emit, make_vault, median, timed
from screening_tools.service import ScreeningService
from screening_tools.vault.keys import KdfParams, derive_key


def measure(repeat: int) -> Figure:
    params = KdfParams.production()
    with tempfile.TemporaryDirectory() as tmp:
        vault_dir = make_vault(Path(tmp) / "vault", cases=200)
        service = ScreeningService(vault_dir, kdf=params)

        def unlock() -> None:
            service.unlock(PASS)
            service.lock()

        salt = secrets.token_bytes(16)
        raw: list[float] = []
        full: list[float] = []
        # Interleaved, so a slow spell on the machine hits both series alike.
        for _ in range(repeat):
            raw += timed(lambda: derive_key(PASS, salt, params), 1)
            full += timed(unlock, 1)
    return Figure(
        name=(
            f"unlock (Argon2id {params.memory_kib // 1024} MiB, t={params.time_cost}, "
            f"p={params.parallelism})"
        ),
        stat=f"median of {repeat}",
        unit="ms",
        value=median(full),
        baseline=median(raw),
        baseline_name="raw Argon2id call",
        limit=0.3,
        max_ratio=1.5,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    add_common_args(parser)
    args = parser.parse_args()
    emit([measure(args.repeat)], args.json)


if __name__ == "__main__":
    main()
