"""Pieces the supervisor pages share: a page frame, a read-only table, a notice line, file
choosers and status words.

Like ``desktop.ui``, every interactive widget made here gets its accessible name at creation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.i18n import tr
from desktop.messages import describe_error
from screening_tools.tracking import ReferralStatus

ROW_HEIGHT = 34


def page_frame(widget: QWidget, title: str, intro: str = "") -> QVBoxLayout:
    """Give ``widget`` the look of a page (heading, muted intro) and return its layout.

    Texts here and in the other helpers are shown as given: pass them through ``tr``."""
    widget.setObjectName("page")
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(32, 20, 32, 20)
    layout.setSpacing(10)
    layout.addWidget(ui.heading(title))
    if intro:
        layout.addWidget(ui.paragraph(intro, muted=True))
    return layout


def setup_table(view: QTableView, accessible_name: str, *, stretch: bool = True) -> None:
    """A read-only, single-row-selection table in the app's quiet style."""
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if stretch:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    for corner in view.findChildren(QAbstractButton):
        corner.setAccessibleName(tr("Select all"))


def table_widget(accessible_name: str, headers: list[str], *, stretch: bool = True) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    setup_table(table, accessible_name, stretch=stretch)
    return table


class Notice(QFrame):
    """One line under a form for the result of the last action: an error (in a tinted box) or
    a short note. The padding comes from a layout, not the style sheet, so it holds when the
    kind changes."""

    def __init__(self, accessible_name: str | None = None) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setAccessibleName(accessible_name or tr("Result"))
        self._layout.addWidget(self._label)
        self._set_kind("info")
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def kind(self) -> str:
        return "error" if self.objectName() == "warning" else "info"

    def show_error(self, error: BaseException) -> None:
        self._set_kind("error")
        self._show(describe_error(error))

    def show_problem(self, text: str) -> None:
        """A problem already put into words (and into the interface language)."""
        self._set_kind("error")
        self._show(text)

    def show_info(self, text: str) -> None:
        self._set_kind("info")
        self._show(text)

    def clear_notice(self) -> None:
        self._label.clear()
        self.hide()

    def _set_kind(self, kind: str) -> None:
        error = kind == "error"
        self.setObjectName("warning" if error else "")
        self._label.setObjectName("" if error else "muted")
        self._layout.setContentsMargins(*((12, 8, 12, 8) if error else (0, 0, 0, 0)))
        for widget in (self, self._label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _show(self, text: str) -> None:
        self._label.setText(text)
        self.show()


def button_row(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    if stretch_first:
        row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    if not stretch_first:
        row.addStretch(1)
    return row


def name_parts(widget: QWidget, accessible_name: str) -> None:
    """Name a composite widget and the editable parts it makes for itself (a spin box's or a
    date edit's line edit, a search box's clear button)."""
    widget.setAccessibleName(accessible_name)
    for edit in widget.findChildren(QLineEdit):
        edit.setAccessibleName(accessible_name)
    for button in widget.findChildren(QToolButton):
        button.setAccessibleName(tr("Clear: {name}").format(name=accessible_name))


def status_label(status: str | ReferralStatus) -> str:
    """A referral status in plain words, capitalised for a list or a button."""
    try:
        text = tr(ReferralStatus(status).label)
    except ValueError:
        text = str(status).replace("_", " ")
    return ui.upper_first(text)


def choose_open_file(parent: QWidget, title: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(path) if path else None


def choose_save_file(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None
