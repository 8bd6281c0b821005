"""The supervisor's case list as a lazily loaded table model: a page at a time, off the UI thread.

The model holds only the pages the view has asked for. ``set_filter`` drops them and asks the
worker for the first page (and, after it, the count); the view then calls ``canFetchMore`` and
``fetchMore`` as the user scrolls toward the end, and each further page is appended when it
arrives. A page is fetched on the ops worker like every other service call, so 50,000 cases open
as fast as one page does and the window never waits for the database.

Columns: reference, last updated, checklists, observed or disclosed. Never a name: a
``CaseSummary`` has no field that could hold one.

Every request carries the generation it was made for: a page that arrives after the filter
changed (or after ``clear`` on lock) is dropped, so rows of an old search never mix with a new
one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from desktop import ui
from desktop.i18n import tr
from desktop.ops import Operations
from screening_tools.domain import CaseSummary
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.vault.supervision_repository import CaseFilter

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
# Ask for the next page when the view shows a row this close to the end of what is loaded, so
# the next page is usually there before the user reaches it.
PREFETCH_MARGIN = 60
REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 1

# Marked here, translated when the view asks for them (after the language was chosen).
HEADERS = (N_("Reference"), N_("Last updated"), N_("Checklists"), N_("Observed or disclosed"))
_TOOLTIPS = (
    N_("The case's neutral reference"),
    N_("When anything in the case last changed (your local time)"),
    N_("How many checklists were started for this case"),
    N_("How many checklist items were recorded as observed or disclosed"),
)


class PagedCaseModel(QAbstractTableModel):
    """A table of case summaries loaded page by page through ``Operations``.

    Signals: ``loading_changed(bool)`` while a page is on its way; ``total_changed(int)`` when
    the number of matching cases is known (-1 while it is not); ``page_loaded(int)`` with the
    number of rows now loaded; ``failed(Exception)`` when a page could not be read.
    """

    loading_changed = Signal(bool)
    total_changed = Signal(int)
    page_loaded = Signal(int)
    failed = Signal(object)

    def __init__(
        self,
        service: ScreeningService,
        ops: Operations,
        *,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._ops = ops
        self._page_size = max(1, page_size)
        self._filter = CaseFilter()
        self._rows: list[CaseSummary] = []
        self._generation = 0
        self._pending = False  # a page request is on the worker
        self._exhausted = True  # nothing (more) to fetch until a filter is set
        self._total: int | None = None
        self._prefetch_queued = False

    # -- what the page uses ---------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def page_size(self) -> int:
        return self._page_size

    def set_filter(self, case_filter: CaseFilter) -> None:
        """Show the cases ``case_filter`` matches: drop the loaded rows, fetch the first page."""
        self._filter = case_filter
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._pending = False
        self._total = None
        self.endResetModel()
        self.total_changed.emit(-1)
        self._request_page()
        generation, service = self._generation, self._service
        self._ops.run(
            lambda: service.count_cases(case_filter),
            lambda total: self._counted(generation, total),
            lambda error: self._failed(generation, error),
        )

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def clear(self) -> None:
        """Forget every row (on lock): results still on their way are dropped too."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._exhausted = True
        self._total = None
        was_pending, self._pending = self._pending, False
        self.endResetModel()
        if was_pending:
            self.loading_changed.emit(False)
        self.total_changed.emit(-1)

    def total(self) -> int | None:
        """How many cases match the filter, once the count has come back."""
        return self._total

    def is_loading(self) -> bool:
        return self._pending

    def summary_at(self, row: int) -> CaseSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def reference_at(self, row: int) -> str | None:
        summary = self.summary_at(row)
        return None if summary is None else summary.reference

    # -- lazy loading -----------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._pending

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request_page()

    def _request_page(self) -> None:
        generation, offset = self._generation, len(self._rows)
        service, case_filter, limit = self._service, self._filter, self._page_size
        self._pending = True
        self.loading_changed.emit(True)
        self._ops.run(
            lambda: service.case_page(case_filter, offset, limit),
            lambda page: self._arrived(generation, offset, page),
            lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, offset: int, page: Any) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        rows: list[CaseSummary] = list(page)
        self._pending = False
        self._exhausted = len(rows) < self._page_size
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if self._exhausted and self._total is None:
            self._set_total(len(self._rows))
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(self._rows))

    def _counted(self, generation: int, total: Any) -> None:
        if generation == self._generation:
            self._set_total(int(total))

    def _set_total(self, total: int) -> None:
        self._total = total
        self.total_changed.emit(total)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        if self._pending:
            self._pending = False
            self.loading_changed.emit(False)
        self._exhausted = True  # do not retry in a loop; refresh() starts again
        self.failed.emit(error)

    def _maybe_prefetch(self, row: int) -> None:
        if self._prefetch_queued or not self.canFetchMore():
            return
        if row >= len(self._rows) - PREFETCH_MARGIN:
            # Not from inside data(): a view must not see rows inserted while it paints.
            self._prefetch_queued = True
            QTimer.singleShot(0, self._prefetch)

    def _prefetch(self) -> None:
        self._prefetch_queued = False
        self.fetchMore()

    # -- the table ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            self._maybe_prefetch(index.row())
            if column == 0:
                return case.reference
            if column == 1:
                return ui.local_time(case.updated_at)
            return ui.number(case.screening_count if column == 2 else case.concern_count)
        if role == REFERENCE_ROLE:
            return case.reference
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignCenter if column >= 2 else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(_TOOLTIPS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignCenter if section >= 2 else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None
