"""The background worker: in order, off the UI thread, errors delivered safely."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from desktop.messages import describe_error
from desktop.ops import GENERIC_FAILURE, Operations, UnexpectedFailure
from screening_tools.errors import NotFound, WrongPassphrase


def test_runs_in_order_off_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    ui_thread = threading.get_ident()
    ran_on: list[int] = []
    results: list[int] = []
    callback_threads: list[int] = []

    def job(n: int) -> int:
        ran_on.append(threading.get_ident())
        return n

    def done(value: object) -> None:
        callback_threads.append(threading.get_ident())
        results.append(int(str(value)))

    with qtbot.waitSignals([ops.busy_changed, ops.busy_changed], timeout=5000):
        for n in range(20):
            ops.run(lambda n=n: job(n), done)
    qtbot.waitUntil(lambda: len(results) == 20)
    assert results == list(range(20))
    assert set(callback_threads) == {ui_thread}
    assert len(set(ran_on)) == 1 and ui_thread not in ran_on
    assert not ops.is_busy()
    ops.shutdown()


def test_screening_error_goes_to_on_error_or_failed(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    errors: list[Exception] = []

    def fail() -> None:
        raise WrongPassphrase()

    ops.run(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], WrongPassphrase)
    with qtbot.waitSignal(ops.failed) as blocker:
        ops.run(lambda: (_ for _ in ()).throw(NotFound("case", "FS-X")))
    assert isinstance(blocker.args[0], NotFound)
    ops.shutdown()


def test_unexpected_error_becomes_generic(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    secret = "Marigold Featherstonehaugh"

    def boom() -> None:
        raise RuntimeError(f"row for {secret} is broken")

    with qtbot.waitSignal(ops.failed) as blocker:
        ops.run(boom)
    error = blocker.args[0]
    assert isinstance(error, UnexpectedFailure)
    assert describe_error(error) == GENERIC_FAILURE
    assert secret not in str(error)
    assert secret not in caplog.text
    assert describe_error(ValueError(secret)) == GENERIC_FAILURE
    ops.shutdown()


def test_invalidate_drops_results_of_earlier_jobs(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    gate = threading.Event()
    delivered: list[str] = []
    ops.run(lambda: gate.wait(5) and "old", delivered.append)
    ops.invalidate()  # e.g. the app was locked while a case was loading
    ops.run(lambda: "new", delivered.append)
    gate.set()
    qtbot.waitUntil(lambda: not ops.is_busy())
    assert delivered == ["new"]
    ops.shutdown()


def test_shutdown_then_run_is_ignored(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations(QObject())
    ops.shutdown()
    ops.run(lambda: 1)
    assert not ops.is_busy()
