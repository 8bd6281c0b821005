"""Child process of bench_startup.py: print when the first window is exposed, then quit.

    python bench/probe_startup.py bare
    python bench/probe_startup.py app --vault DIR

Prints ``SHOWN <unix time>`` the moment a top-level window receives its first Expose event
(the window system says it is visible), then quits the event loop.

``app`` runs the real ``desktop.app.main`` unchanged. The probe creates the QApplication first
so it can watch events; ``desktop.app.create_application`` reuses an existing instance, so
nothing of the app is patched. The Qt work of creating the QApplication moves earlier, but it is
part of the measured span either way.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QWidget


class FirstExpose(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.seen
            and event.type() == QEvent.Type.Expose
            and isinstance(watched, QWindow)
            and watched.isExposed()
        ):
            self.seen = True
            print(f"SHOWN {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main(argv: list[str]) -> int:
    mode = argv[0]
    app = QApplication(["frontline-screening"])
    probe = FirstExpose()
    app.installEventFilter(probe)
    # A guard: a window that never shows must not hang the benchmark.
    QTimer.singleShot(30_000, QApplication.quit)
    if mode == "bare":
        window = QWidget()
        window.resize(1180, 780)
        window.show()
        return app.exec()
    from desktop.app import main as app_main

    return app_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
