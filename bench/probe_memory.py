"""Child process of bench_memory.py: build one state in a fresh process and print its RSS.

    python bench/probe_memory.py bare|first-page|whole-list [--vault DIR]

bare        a bare PySide6 window (QApplication + one shown QWidget of the main window's size)
first-page  the real MainWindow: unlock the vault, put the first 100 cases into the case list
whole-list  the real MainWindow as it starts today on an unlocked vault (loads every case)

Prints one line: ``RSS <bytes> PEAK <bytes> ROWS <n>``.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil
from PySide6.QtWidgets import QApplication, QWidget

from bench.common import PASS


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def main(argv: list[str]) -> int:
    mode = argv[0]
    vault = Path(argv[argv.index("--vault") + 1]) if "--vault" in argv else None
    rows = 0
    if mode == "bare":
        app = QApplication(["bench"])
        window = QWidget()
        window.resize(1180, 780)
        window.show()
        settle(app)
    else:
        from desktop.app import create_application
        from desktop.main_window import MainWindow
        from screening_tools.service import ScreeningService

        assert vault is not None
        app = create_application([])
        service = ScreeningService(vault)
        if mode == "whole-list":
            service.unlock(PASS)
            window = MainWindow(service)
            window.show()
            deadline = time.perf_counter() + 120
            while window.case_list_page.model.rowCount() == 0 and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.01)
        else:
            window = MainWindow(service)  # locked: shows the unlock page, as at start-up
            window.show()
            settle(app, 0.1)
            service.unlock(PASS)
            window.case_list_page.model.set_cases(service.list_cases(limit=100))
            window.stack.setCurrentWidget(window.case_list_page)
        settle(app)
        rows = window.case_list_page.model.rowCount()
    gc.collect()
    settle(app, 0.2)
    rss = psutil.Process().memory_info().rss
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(f"RSS {rss} PEAK {peak} ROWS {rows}", flush=True)
    window.close()
    # Skip Qt's and the worker's orderly teardown: it is not what is measured.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
