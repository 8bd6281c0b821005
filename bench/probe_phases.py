"""Child process of profile_hotspots.py: the start-up of the real window, phase by phase.

    python bench/probe_phases.py --vault DIR

Prints ``T0 <unix time>`` when this script starts running (after the interpreter's own
start-up), then ``PHASE <name> <seconds>`` lines, in order, each from the previous one.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    vault = Path(argv[argv.index("--vault") + 1])
    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    print(f"T0 {time.time():.6f}", flush=True)  # the parent subtracts its spawn time
    mark("start")
    from PySide6.QtWidgets import QApplication

    mark("import PySide6.QtWidgets")
    import screening_tools.service

    mark("import screening_tools.service (core)")
    import desktop.main_window

    mark("import desktop pages and main window")
    from desktop.app import create_application

    app = create_application([])
    mark("QApplication + style")
    window = desktop.main_window.MainWindow(screening_tools.service.ScreeningService(vault))
    mark("MainWindow(): build all pages")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow

    class FirstExpose(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Expose
                and isinstance(watched, QWindow)
                and watched.isExposed()
                and marks[-1][0] != "exposed"
            ):
                mark("show() to first Expose (polish, layout, events)")
                marks.append(("exposed", marks[-1][1]))
                QTimer.singleShot(0, QApplication.quit)
            return False

    probe = FirstExpose()
    app.installEventFilter(probe)
    QTimer.singleShot(30_000, QApplication.quit)
    window.show()
    app.exec()
    marks = [m for m in marks if m[0] != "exposed"]
    for (_, before), (name, after) in itertools.pairwise(marks):
        print(f"PHASE {name} {after - before:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
