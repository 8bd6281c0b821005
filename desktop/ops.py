"""Run core calls off the UI thread, one at a time, and hand results back on the UI thread.

Why one worker: the vault is one SQLCipher connection; running every service call in order on a
single thread keeps transactions from interleaving and keeps the window responsive while
Argon2id or a disk write is busy (the Anki pattern).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from screening_tools.errors import ScreeningError
from screening_tools.i18n import N_

log = logging.getLogger(__name__)

GENERIC_FAILURE = N_(
    "Something went wrong and the last action may not have been completed. "
    "Please try again. If it keeps happening, lock the app and restart it."
)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[Exception], None]


class UnexpectedFailure(Exception):
    """Stands in for an unexpected exception: its text is generic and says nothing about anyone."""

    def __init__(self) -> None:
        super().__init__(GENERIC_FAILURE)


@dataclass(frozen=True)
class _Job:
    epoch: int
    on_done: ResultCallback | None
    on_error: ErrorCallback | None


class Operations(QObject):
    """A single background worker for service calls.

    ``run(fn, on_done, on_error)`` queues ``fn``; its result (or the ``ScreeningError`` it
    raised) comes back to the callbacks on the UI thread. Errors without an ``on_error`` go to
    the ``failed`` signal, which the window shows in its one message area.
    """

    busy_changed = Signal(bool)
    failed = Signal(object)  # an Exception whose str() is safe to show
    _finished = Signal(int, object, bool)  # job id, result or error, succeeded

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="frontline-core"
        )
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        self._epoch = 0
        # Queued: the worker thread emits, the UI thread receives.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- public API -----------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[], Any],
        on_done: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        if self._executor is None:
            return
        job_id = self._next_id
        self._next_id += 1
        was_idle = not self._jobs
        self._jobs[job_id] = _Job(self._epoch, on_done, on_error)
        self._executor.submit(self._execute, job_id, fn)
        if was_idle:
            self.busy_changed.emit(True)

    def invalidate(self) -> None:
        """Drop the results of every job queued so far (the jobs themselves still run).

        Called on lock: a case opened just before locking must not appear after it.
        """
        self._epoch += 1

    def is_busy(self) -> bool:
        return bool(self._jobs)

    def shutdown(self) -> None:
        """Finish queued jobs, then stop the worker. Results still pending are dropped."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self.invalidate()

    # -- worker side ----------------------------------------------------------------------

    def _execute(self, job_id: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except ScreeningError as err:
            self._finished.emit(job_id, err, False)
        except Exception as err:
            # Log the type only: a message or traceback could carry recorded text.
            log.error("Unexpected %s in a background operation", type(err).__name__)
            self._finished.emit(job_id, UnexpectedFailure(), False)
        else:
            self._finished.emit(job_id, result, True)

    # -- UI side --------------------------------------------------------------------------

    def _deliver(self, job_id: int, payload: object, succeeded: bool) -> None:
        job = self._jobs.pop(job_id, None)
        if not self._jobs:
            self.busy_changed.emit(False)
        if job is None or job.epoch != self._epoch:
            return
        if succeeded:
            if job.on_done is not None:
                job.on_done(payload)
            return
        assert isinstance(payload, Exception)
        if job.on_error is not None:
            job.on_error(payload)
        else:
            self.failed.emit(payload)
