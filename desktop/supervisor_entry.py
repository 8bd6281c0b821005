"""How the main window gets the supervisor views: build them, refresh them, clear them on lock.

    pages = build_supervisor_pages(service, ops)          # [(title, page), ...]
    hub = SupervisorHub(service, ops)                     # or: all of them in one tabbed widget
    hub.open_case.connect(window.show_case)

Every page has ``refresh()`` (load from the vault through ``ops``), ``clear()`` (forget what it
shows: call it on lock, after ``ops.invalidate()``) and ``focus_first()``. Pages that list cases
have an ``open_case(str)`` signal carrying a case reference.

The core enforces roles: a worker who opens one of these pages sees the core's "Only a
supervisor can ..." on the page; the window should offer them to supervisors only.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.directory_page import DirectoryPage
from desktop.i18n import tr
from desktop.inbox_page import InboxPage
from desktop.ops import Operations
from desktop.referrals_page import ReferralsPage
from desktop.review_queue_page import ReviewQueuePage
from desktop.statistics_page import StatisticsPage
from desktop.supervisor_cases_page import SupervisorCasesPage
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

# The pages' names (English, to find a page); the tabs show them translated.
CASES, REVIEW, REFERRALS, PARTNERS, STATISTICS, INBOX = (
    N_("All cases"),
    N_("Review"),
    N_("Referrals"),
    N_("Partners"),
    N_("Statistics"),
    N_("Inbox"),
)


@runtime_checkable
class SupervisorPage(Protocol):
    def refresh(self) -> None: ...

    def clear(self) -> None: ...

    def focus_first(self) -> None: ...


def build_supervisor_pages(service: ScreeningService, ops: Operations) -> list[tuple[str, QWidget]]:
    """The supervisor views, in menu order, each ready to be added to a stack or a tab widget.

    Nothing is loaded until a page's ``refresh()`` is called.
    """
    return [
        (CASES, SupervisorCasesPage(service, ops)),
        (REVIEW, ReviewQueuePage(service, ops)),
        (REFERRALS, ReferralsPage(service, ops)),
        (PARTNERS, DirectoryPage(service, ops)),
        (STATISTICS, StatisticsPage(service, ops)),
        (INBOX, InboxPage(service, ops)),
    ]


def refresh_page(page: QWidget) -> None:
    if isinstance(page, SupervisorPage):
        page.refresh()


def clear_pages(pages: list[tuple[str, QWidget]]) -> None:
    """On lock: every supervisor page forgets what it showed."""
    for _title, page in pages:
        if isinstance(page, SupervisorPage):
            page.clear()


def case_signals(pages: list[tuple[str, QWidget]]) -> list[SignalInstance]:
    """The ``open_case(str)`` signals of the pages that have one, to connect to the window."""
    found = []
    for _title, page in pages:
        signal = getattr(page, "open_case", None)
        if isinstance(signal, SignalInstance):
            found.append(signal)
    return found


class SupervisorHub(QTabWidget):
    """All the supervisor views as tabs; the tab shown is refreshed each time it is chosen."""

    open_case = Signal(str)

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setAccessibleName(tr("Supervisor views"))
        self.setDocumentMode(True)
        self.pages = build_supervisor_pages(service, ops)
        for title, page in self.pages:
            self.addTab(page, tr(title))
        for signal in case_signals(self.pages):
            signal.connect(self.open_case)
        self.currentChanged.connect(lambda index: self._refresh_index(index))

    def page(self, title: str) -> QWidget:
        return next(page for name, page in self.pages if name == title)

    def show_page(self, title: str) -> None:
        """Show (and refresh) the page with this title."""
        page = self.page(title)
        if self.currentWidget() is page:
            refresh_page(page)
        else:
            self.setCurrentWidget(page)

    def refresh(self) -> None:
        self._refresh_index(self.currentIndex())

    def clear(self) -> None:
        clear_pages(self.pages)

    def focus_first(self) -> None:
        page = self.currentWidget()
        if isinstance(page, SupervisorPage):
            page.focus_first()

    def _refresh_index(self, index: int) -> None:
        page = self.widget(index)
        if page is not None:
            refresh_page(page)
