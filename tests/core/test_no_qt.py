"""The core never imports Qt: import every screening_tools module with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_without_qt() -> None:
    code = f"""
import importlib, pkgutil, sys
sys.path.insert(0, {str(ROOT)!r})
for name in ("PySide6", "PySide6.QtCore", "PySide6.QtWidgets", "PySide6.QtGui", "desktop"):
    sys.modules[name] = None  # any import of these now raises ImportError
import screening_tools
names = [m.name for m in pkgutil.walk_packages(screening_tools.__path__, "screening_tools.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10
