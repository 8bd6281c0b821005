"""The app survives the Qt binding's reference leak on None (PySide6 6.12, Python 3.11).

Without the guard, a few thousand calls of Qt methods that return nothing abort the
interpreter ("none_dealloc"); a session in the field makes far more. The app protects itself at
start-up (desktop.app.main calls protect_singletons first).
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

CODE = """
import sys
sys.path.insert(0, {root!r})
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["t"])
label = QLabel()
for _ in range(200_000):
    label.setText("x")
print("alive")
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", CODE.format(root=str(ROOT), guard=guard)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_a_long_session_of_qt_calls_survives_with_the_guard() -> None:
    guarded = _run("from desktop.refcount_guard import protect_singletons; protect_singletons()")
    assert guarded.returncode == 0 and guarded.stdout.strip() == "alive", guarded.stderr[-300:]


def test_app_main_installs_the_guard_first() -> None:
    import inspect

    from desktop import app

    source = inspect.getsource(app.main)
    assert source.index("protect_singletons()") < source.index("parse_args(")
