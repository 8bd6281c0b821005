"""One checklist item: the worker-facing text and the five answers, Not assessed by default."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from desktop import ui
from screening_tools.content import Item
from screening_tools.domain import AnswerState

STATES = list(AnswerState)  # order: Not assessed, Observed, Disclosed, Not present, Prefer not


class ChecklistItemWidget(QFrame):
    answer_chosen = Signal(str, object)  # item id, AnswerState — only on the worker's action
    selected = Signal(str)  # item id

    def __init__(self, item: Item, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("checklistItem")
        self.setProperty("current", "false")
        self.setAccessibleName(item.worker_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(6)
        text = ui.paragraph(f"{number}.  {item.worker_text}")
        layout.addWidget(text)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[AnswerState, QRadioButton] = {}
        for index, state in enumerate(STATES):
            radio = QRadioButton(state.label)
            radio.setAccessibleName(state.label)
            radio.setAccessibleDescription(item.worker_text)
            self.group.addButton(radio, index)
            self.buttons[state] = radio
            radio.installEventFilter(self)
            row.addWidget(radio)
        row.addStretch(1)
        layout.addLayout(row)
        self.buttons[AnswerState.NOT_ASSESSED].setChecked(True)
        # idClicked fires for clicks and keyboard choices, never for set_state().
        self.group.idClicked.connect(self._chosen)

    def state(self) -> AnswerState:
        return STATES[max(self.group.checkedId(), 0)]

    def set_state(self, state: AnswerState) -> None:
        self.buttons[state].setChecked(True)

    def set_current(self, current: bool) -> None:
        value = "true" if current else "false"
        if self.property("current") == value:
            return
        self.setProperty("current", value)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.selected.emit(self.item.id)
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Moving into the item with the keyboard shows its guidance, as a click does.
        if event.type() == QEvent.Type.FocusIn:
            self.selected.emit(self.item.id)
        return False

    def _chosen(self, index: int) -> None:
        self.selected.emit(self.item.id)
        self.answer_chosen.emit(self.item.id, STATES[index])
