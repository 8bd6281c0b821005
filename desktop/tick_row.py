"""A tick box with a long, wrapping label; clicking the label ticks it too."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QWidget

from desktop import ui


class TickRow(QFrame):
    toggled = Signal(str, bool)  # key, ticked — only on the worker's action

    def __init__(self, key: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.label = ui.paragraph(text)
        self.label.setBuddy(self.box)
        layout.addWidget(self.label, 1)
        self.box.clicked.connect(lambda checked: self.toggled.emit(self.key, bool(checked)))

    def is_ticked(self) -> bool:
        return self.box.isChecked()

    def set_ticked(self, ticked: bool) -> None:
        self.box.setChecked(ticked)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return
        super().mousePressEvent(event)
