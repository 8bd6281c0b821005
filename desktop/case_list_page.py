"""The case list: references and counts only; new case; open a case with double-click or Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui, wording
from desktop.case_list_model import CaseListModel
from desktop.i18n import tr
from desktop.new_case_dialog import NewCaseDialog
from desktop.ops import Operations
from screening_tools.service import ScreeningService
from screening_tools.vault.supervision_repository import CaseFilter


class _CaseTable(QTableView):
    """A table where Enter opens the current row, like a double-click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


PAGE = 200


class CaseListPage(QWidget):
    open_case = Signal(str)

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(ui.heading(tr("Cases")))
        titles.addWidget(ui.paragraph(tr(wording.CASES_INTRO), muted=True))
        top.addLayout(titles, 1)
        self.new_button = ui.button(tr("New case…"), tr("New case"), primary=True)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        self.search = ui.line_edit(
            tr("Search cases"), placeholder=tr("Search by reference or words in notes")
        )
        layout.addWidget(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # wait for a pause in typing
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.model = CaseListModel()
        self.table = _CaseTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Cases"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName(tr("Select all"))
        layout.addWidget(self.table, 1)

        self.more = ui.paragraph(
            tr(
                "Showing the {count} most recently updated cases. Search to find any other case."
            ).format(count=texts.number(PAGE)),
            muted=True,
        )
        self.more.setVisible(False)
        layout.addWidget(self.more)

        self.empty = ui.paragraph(tr(wording.CASES_EMPTY), muted=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = ui.button(tr("Open case"))
        self.open_button.setEnabled(False)
        row.addWidget(self.open_button)
        layout.addLayout(row)

        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(self._open_current)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.table.selectionModel().currentRowChanged.connect(self._update_open_button)
        self.model.modelReset.connect(self._update_empty)
        self._update_empty()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        # One page, never the whole vault: 50,000 cases must open as fast as 50.
        service = self._service
        text = self.search.text().strip() or None
        self._ops.run(lambda: service.case_page(CaseFilter(search=text), 0, PAGE), self._loaded)

    def clear(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.more.setVisible(False)
        self.model.clear()

    def focus_first(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    def _loaded(self, cases: Any) -> None:
        self.model.set_cases(cases)
        self.more.setVisible(len(cases) >= PAGE and not self.search.text().strip())
        if self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_open_button()

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)

    def _update_open_button(self, *_args: object) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    # -- actions --------------------------------------------------------------------------

    def new_case(self) -> None:
        dialog = NewCaseDialog(self.window())
        dialog.accepted.connect(lambda: self._create(*dialog.values()))
        dialog.open()

    def _create(self, name: str | None, contact: str | None) -> None:
        service = self._service
        self._ops.run(
            lambda: service.new_case(name=name, contact=contact),
            lambda case: self.open_case.emit(case.reference),
        )

    def _open_current(self) -> None:
        index: QModelIndex = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        reference = self.model.reference_at(row)
        if reference is not None:
            self.open_case.emit(reference)
