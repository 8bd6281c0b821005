"""The one test that uses the production Argon2id parameters end to end."""

from __future__ import annotations

import json
import time
from pathlib import Path

from screening_tools.service import ScreeningService
from screening_tools.vault.keys import KdfParams
from tests.conftest import STRONG


def test_production_parameters_are_used_and_open(vault_dir: Path) -> None:
    params = KdfParams.production()
    assert params.memory_kib >= 64 * 1024 and params.time_cost >= 3
    service = ScreeningService(vault_dir, kdf=params)
    service.create_vault(STRONG)
    reference = service.new_case().reference
    service.lock()
    slots = json.loads((vault_dir / "keyslots.json").read_text())["slots"]
    assert {s["kind"] for s in slots} == {"passphrase", "recovery"}
    for slot in slots:
        assert slot["kdf"] == {
            "algorithm": "argon2id",
            "memory_kib": 65536,
            "time_cost": 3,
            "parallelism": 4,
        }
    started = time.perf_counter()
    ScreeningService(vault_dir).unlock(STRONG)  # parameters come from the slot, not the setting
    elapsed = time.perf_counter() - started
    print(f"unlock with production Argon2id: {elapsed * 1000:.0f} ms")
    service.unlock(STRONG)
    assert service.list_cases()[0].reference == reference
