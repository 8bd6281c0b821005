"""Test-wide settings, applied before anything imports Qt or creates a vault."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# No display on CI machines: Qt must use the offscreen platform, set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Explicit test setting: cheap Argon2id so the suite creates vaults in milliseconds. The real
# parameters are exercised by tests/core/test_vault_real_kdf.py, which passes them explicitly.
os.environ["FRONTLINE_TEST_CHEAP_KDF"] = "1"
# Never touch the real user data folder from a test.
os.environ.pop("FRONTLINE_VAULT", None)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

# PySide6 6.12 on Python 3.11 drops references to None with every Qt call; the app guards
# against it at start-up (desktop/refcount_guard.py), and so does the test process.
from desktop.refcount_guard import protect_singletons  # noqa: E402

protect_singletons()

STRONG = "correct horse battery staple"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def service(vault_dir: Path):  # type: ignore[no-untyped-def]
    from screening_tools.service import ScreeningService

    svc = ScreeningService(vault_dir)
    svc.create_vault(STRONG, "Test worker")
    yield svc
    svc.lock()


def open_interview(service, screening_id: int, *, agree_notes: bool = True):  # type: ignore[no-untyped-def]
    """Walk a session through the steps before the questions (safe, script, no interpreter)."""
    from screening_tools.flow import InterpreterType

    service.record_safety_check(screening_id, safe_to_talk=True, in_crisis=False, in_control=True)
    service.record_confidentiality_delivered(screening_id)
    service.record_interpreter(screening_id, "", InterpreterType.NOT_NEEDED)
    return service.record_notes_agreement(screening_id, agree_notes)
