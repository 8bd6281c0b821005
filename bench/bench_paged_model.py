"""The supervisor's lazily loaded case list over a 50,000-case vault, measured in the GUI model.

    QT_QPA_PLATFORM=offscreen python bench/bench_paged_model.py [--cases N] [--repeat N]

Measures, through ``PagedCaseModel`` and the real ops worker (the path the GUI takes):

* first page shown: ``set_filter`` until the first page's rows are in the model and the table
  has painted them;
* the count arriving ("Showing 200 of 50,000");
* a search: ``set_filter(CaseFilter(search=...))`` until its first page is in the model (a rare
  word, a common word capped at the search limit, and a reference), without the search box's
  300 ms typing pause;
* a page deep in the list (the cost of one more ``fetchMore`` near the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QTableView

from desktop.ops import Operations
from desktop.paged_case_model import PagedCaseModel
from desktop.refcount_guard import protect_singletons
from desktop.style import apply_style
from screening_tools.demo import bulk_cases
from screening_tools.service import ScreeningService
from screening_tools.vault.supervision_repository import CaseFilter

PASS = "bench paged model passphrase only"

# PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that
# returns nothing: without this, the measurement loops abort the interpreter (see the module).
protect_singletons()


def _wait(condition: object, timeout: float = 60.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        QApplication.processEvents()


def _timed_filter(
    model: PagedCaseModel, view: QTableView, case_filter: CaseFilter
) -> tuple[float, float]:
    """Seconds until the first page is shown (rows in and painted), and until the count."""
    loaded: list[float] = []
    counted: list[float] = []

    def on_page(_rows: int) -> None:
        if not loaded:
            view.viewport().repaint()  # paint now, synchronously: "shown"
            loaded.append(time.perf_counter())

    def on_total(total: int) -> None:
        if total >= 0 and not counted:
            counted.append(time.perf_counter())

    model.page_loaded.connect(on_page)
    model.total_changed.connect(on_total)
    started = time.perf_counter()
    model.set_filter(case_filter)
    _wait(lambda: bool(loaded) and bool(counted))
    model.page_loaded.disconnect(on_page)
    model.total_changed.disconnect(on_total)
    return loaded[0] - started, counted[0] - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    app = QApplication([])
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        service = ScreeningService(Path(tmp) / "vault")
        service.create_vault(PASS, "Bench supervisor")
        started = time.perf_counter()
        bulk_cases(service, args.cases)
        marked = service.new_case().reference
        service.add_note(marked, "worked nights at the quarrymill bakery")
        print(f"vault: {args.cases + 1:,} cases inserted in {time.perf_counter() - started:.1f} s")

        ops = Operations()
        model = PagedCaseModel(service, ops)
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 800)
        view.show()
        _wait(lambda: True)

        def median_ms(case_filter: CaseFilter) -> tuple[float, float, int]:
            _timed_filter(model, view, case_filter)  # warm-up
            firsts, counts = [], []
            for _ in range(args.repeat):
                first, count = _timed_filter(model, view, case_filter)
                firsts.append(first)
                counts.append(count)
            return (
                statistics.median(firsts) * 1000,
                statistics.median(counts) * 1000,
                model.total() or 0,
            )

        cold_first, cold_count = _timed_filter(model, view, CaseFilter())
        print(
            f"first page shown, first time: {cold_first * 1000:.1f} ms "
            f"(count {cold_count * 1000:.1f} ms)"
        )
        for name, case_filter in (
            ("whole list, first page shown", CaseFilter()),
            ("search, rare word", CaseFilter(search="quarrymill")),
            ("search, common word (capped)", CaseFilter(search="passport")),
            ("search, reference", CaseFilter(search=marked)),
            ("sorted by reference, first page", CaseFilter(sort="reference")),
        ):
            first, count, total = median_ms(case_filter)
            print(
                f"{name}: first page {first:.1f} ms, count {count:.1f} ms "
                f"(median of {args.repeat}; {total:,} matching)"
            )
        deep = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            service.case_page(CaseFilter(), args.cases - 200, 200)
            deep.append(time.perf_counter() - t0)
        print(f"one page at offset {args.cases - 200:,}: {statistics.median(deep) * 1000:.1f} ms")
        model.set_filter(CaseFilter())
        _wait(lambda: model.rowCount() > 0)
        t0 = time.perf_counter()
        for _ in range(5):
            before = model.rowCount()
            view.scrollToBottom()
            _wait(lambda b=before: model.rowCount() > b)
        print(
            f"scroll to the end five times: {model.rowCount():,} rows loaded in "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        ops.shutdown()
        service.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
