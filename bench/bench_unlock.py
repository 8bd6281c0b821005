"""Unlock time with the production Argon2id parameters, against the raw Argon2id call.

    python bench/bench_unlock.py [--repeat N]

Prints a Markdown table row: median unlock, median raw Argon2id (the baseline measured in the
same run), and their ratio (target: unlock <= 0.3 s, ratio <= 1.5).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.pop("FRONTLINE_TEST_CHEAP_KDF", None)

from bench.common import median, report, timed
from screening_tools.service import ScreeningService
from screening_tools.vault.keys import KdfParams, derive_key

PASS = "correct horse battery staple"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    params = KdfParams.production()
    with tempfile.TemporaryDirectory() as tmp:
        service = ScreeningService(Path(tmp) / "vault", kdf=params)
        service.create_vault(PASS)
        for _ in range(200):
            service.new_case()
        service.lock()

        def unlock() -> None:
            service.unlock(PASS)
            service.lock()

        salt = secrets.token_bytes(16)
        raw = timed(lambda: derive_key(PASS, salt, params), args.repeat)
        full = timed(unlock, args.repeat)
    print(
        f"Argon2id: {params.memory_kib // 1024} MiB, {params.time_cost} passes, "
        f"{params.parallelism} lanes; median of {args.repeat}"
    )
    print("| what | median | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    report(
        "unlock (key slot + SQLCipher open + checks)",
        median(full),
        median(raw),
        target="<= 300 ms, ratio <= 1.5",
    )


if __name__ == "__main__":
    main()
