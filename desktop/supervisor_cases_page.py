"""All cases, for a supervisor: search, filters and sort over a list that loads as it scrolls.

The search box asks the vault's full-text index (case references and notes) once typing pauses;
the filters narrow by referral route, referral status, a passed referral target and the worker
who owns the case. Only references and counts are listed, never a name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QTableView, QWidget

from desktop import ui
from desktop.i18n import tr, trn
from desktop.ops import Operations
from desktop.paged_case_model import PagedCaseModel
from desktop.supervisor_widgets import (
    Notice,
    name_parts,
    page_frame,
    setup_table,
    status_label,
)
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.service_admin import NotPermitted
from screening_tools.tracking import ReferralStatus
from screening_tools.vault.supervision_repository import SEARCH_CAP, CaseFilter

SEARCH_DELAY_MS = 300  # wait for a pause in typing before asking the index
ANY = ""

INTRO = N_(
    "Every case in the vault, by reference. Search looks in case references and notes; the "
    "filters narrow the list. Double-click a case, or press Enter, to open it."
)
SORTS = (
    ("updated", N_("Last updated, newest first")),
    ("created", N_("Created, newest first")),
    ("reference", N_("Reference, A to Z")),
)


class _CaseTable(QTableView):
    """Enter opens the current row, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SupervisorCasesPage(QWidget):
    open_case = Signal(str)

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        layout = page_frame(self, tr("All cases"), tr(INTRO))

        self.search = ui.line_edit(
            tr("Search cases"),
            placeholder=tr("Search references and notes (at least one whole word)"),
        )
        self.search.setClearButtonEnabled(True)
        name_parts(self.search, tr("Search cases"))
        layout.addWidget(self.search)

        filters = QGridLayout()
        filters.setHorizontalSpacing(12)
        filters.setVerticalSpacing(4)
        self.route = ui.combo_box(tr("Filter by referral route"), [(ANY, tr("Any route"))])
        self.status = ui.combo_box(
            tr("Filter by referral status"),
            [(ANY, tr("Any referral status"))]
            + [(s.value, status_label(s)) for s in ReferralStatus],
        )
        self.worker = ui.combo_box(tr("Filter by worker"), [(ANY, tr("Any worker"))])
        self.sort = ui.combo_box(tr("Sort cases by"), [(key, tr(label)) for key, label in SORTS])
        for column, (text, widget) in enumerate(
            (
                (tr("Referral route"), self.route),
                (tr("Referral status"), self.status),
                (tr("Worker"), self.worker),
                (tr("Sort by"), self.sort),
            )
        ):
            filters.addWidget(ui.field_label(text, widget), 0, column)
            filters.addWidget(widget, 1, column)
            filters.setColumnStretch(column, 1)
        layout.addLayout(filters)

        row = QHBoxLayout()
        self.overdue = ui.check_box(
            tr("Only cases past the referral target, not yet sent"),
            tr("Only cases past the referral target"),
        )
        row.addWidget(self.overdue)
        row.addStretch(1)
        self.count = ui.paragraph("", muted=True)
        self.count.setAccessibleName(tr("How many cases are shown"))
        row.addWidget(self.count)
        layout.addLayout(row)

        self.model = PagedCaseModel(service, ops, parent=self)
        self.table = _CaseTable()
        self.table.setModel(self.model)
        setup_table(self.table, tr("Cases"))
        layout.addWidget(self.table, 1)

        self.notice = Notice()
        layout.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.clear_button = ui.link_button(tr("Clear search and filters"))
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        self.open_button = ui.button(tr("Open case"), primary=True)
        self.open_button.setEnabled(False)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filters)
        for combo in (self.route, self.status, self.worker, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.overdue.toggled.connect(lambda _on: self.apply_filters())
        self.clear_button.clicked.connect(self.reset_filters)
        self.open_button.clicked.connect(self._open_current)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.table.selectionModel().currentRowChanged.connect(self._update_open_button)
        self.model.modelReset.connect(self._update_open_button)
        self.model.total_changed.connect(lambda _t: self._update_count())
        self.model.page_loaded.connect(self._page_loaded)
        self.model.loading_changed.connect(lambda _b: self._update_count())
        self.model.failed.connect(self.notice.show_error)
        self._update_count()

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the filter choices (routes, workers) and the list as the filters stand."""
        service = self._service

        def options() -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
            from screening_tools.jurisdiction import get_jurisdiction

            pack = get_jurisdiction(service.organisation().jurisdiction_id)
            try:
                users = [(u.id, u.display_name) for u in service.users()]
            except NotPermitted:
                users = []  # a worker sees no worker filter; the core decides
            return [(r.id, r.label) for r in pack.routes], users

        self._ops.run(options, self._options_loaded, self.notice.show_error)
        self.apply_filters()

    def clear(self) -> None:
        """Forget everything shown (on lock), the search words too."""
        self._debounce.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.notice.clear_notice()
        self._update_count()

    def focus_first(self) -> None:
        self.search.setFocus()

    def current_filter(self) -> CaseFilter:
        text = self.search.text().strip()
        owner = self.worker.currentData()
        return CaseFilter(
            search=text or None,
            route_id=self.route.currentData() or None,
            referral_status=self.status.currentData() or None,
            owner_id=int(owner) if owner not in (None, ANY) else None,
            # Any time will do: the core replaces it with "now minus the referral target".
            overdue_before=datetime.now(UTC) if self.overdue.isChecked() else None,
            sort=str(self.sort.currentData() or "updated"),
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.notice.clear_notice()
        self.model.set_filter(self.current_filter())

    def reset_filters(self) -> None:
        widgets = (self.search, self.route, self.status, self.worker, self.sort, self.overdue)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.route, self.status, self.worker, self.sort):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def _options_loaded(self, result: Any) -> None:
        routes, users = result
        _refill(self.route, tr("Any route"), routes)
        _refill(self.worker, tr("Any worker"), users)
        self.worker.setEnabled(bool(users))

    def _update_count(self) -> None:
        loaded, total = self.model.rowCount(), self.model.total()
        searching = bool(self.model.case_filter.search)
        if total is None:
            text = tr("Searching…") if searching else tr("Loading…")
        elif total == 0:
            text = tr("No cases match") if searching or self._filtered() else tr("No cases yet")
        elif loaded >= total:
            text = trn("{count} case", "{count} cases", total).format(count=ui.number(total))
        else:
            text = trn(
                "Showing {loaded} of {count} case; scroll for more",
                "Showing {loaded} of {count} cases; scroll for more",
                total,
            ).format(loaded=ui.number(loaded), count=ui.number(total))
        if searching and total is not None and total >= SEARCH_CAP:
            text = tr(
                "{count_text}. Search shows the best {cap} matches: add a word to narrow it"
            ).format(count_text=text, cap=ui.number(SEARCH_CAP))
        self.count.setText(text)

    def _page_loaded(self, rows: int) -> None:
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))  # Enter opens it at once
        self._update_count()

    def _filtered(self) -> bool:
        f = self.model.case_filter
        return any(
            v is not None for v in (f.route_id, f.referral_status, f.owner_id, f.overdue_before)
        )

    def _update_open_button(self, *_args: object) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    # -- opening a case ---------------------------------------------------------------------

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        reference = self.model.reference_at(row)
        if reference is not None:
            self.open_case.emit(reference)


def _refill(combo: Any, any_label: str, choices: list[tuple[Any, str]]) -> None:
    """Replace a filter's choices, keeping the current one when it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_label, ANY)
    for value, label in choices:
        combo.addItem(label, value)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)
    if index < 0 and current not in (None, ANY):
        combo.currentIndexChanged.emit(0)  # the chosen value is gone: show the list without it
