"""Start-up: choosing the vault folder, and main() showing a window with the fixed title."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop import app

ROOT = Path(__file__).resolve().parents[2]

# main() runs its own event loop and quits the application, so it runs in a child process:
# a quit QApplication must not be shared with the rest of the GUI tests.
_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop import app
from desktop.main_window import MainWindow

make = app.create_application

def create_and_schedule(qt_args):
    application = make(qt_args)
    def check():
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()]
        w = shown[0]
        print(len(shown), w.windowTitle(), w.service.vault_dir, type(w.current_page()).__name__,
              QApplication.applicationDisplayName(), sep="|")
        QApplication.quit()
    QTimer.singleShot(300, check)
    return application

app.create_application = create_and_schedule
sys.exit(app.main(sys.argv[1:]))
"""


def test_vault_dir_from_option_then_env(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FRONTLINE_VAULT", str(tmp_path / "from-env"))
    assert app.resolve_vault_dir(["--vault", str(tmp_path / "opt")]) == tmp_path / "opt"
    assert app.resolve_vault_dir([]) == tmp_path / "from-env"
    monkeypatch.delenv("FRONTLINE_VAULT")
    assert app.resolve_vault_dir([]).name == "vault"


def test_main_shows_the_window(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("FRONTLINE_VAULT", None)
    vault = tmp_path / "v"
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "--vault", str(vault)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = result.stdout.strip().splitlines()[-1]
    assert line.split("|") == [
        "1",
        "Frontline Screening",
        str(vault),
        "CreateVaultPage",
        "Frontline Screening",
    ]
    assert not vault.exists()  # nothing is written before the worker creates a vault
