"""The person card: only the words meant for the person, large, filling the screen. Esc closes.

It is a child of the main window, so locking the app closes it like any other dialog, and its
title is the app's fixed title: nothing about the person appears in a window switcher.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr


class PersonCard(QDialog):
    def __init__(
        self,
        paragraphs: Sequence[str],
        note: str | None = None,
        *,
        right_to_left: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(wording.APP_TITLE))
        # Not modal: the app-wide Lock shortcut (Ctrl+L) must still work while the card is up.
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName(tr("Text for the person"))
        if right_to_left:
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("page")
        column = QVBoxLayout(body)
        column.setContentsMargins(64, 48, 64, 24)
        column.setSpacing(28)
        column.addStretch(1)
        self.labels: list[QLabel] = []
        for text in paragraphs:
            label = ui.paragraph(text)
            label.setObjectName("personCardText")
            label.setAccessibleName(text)
            column.addWidget(label)
            self.labels.append(label)
        self.note = ui.paragraph(note or "")
        self.note.setObjectName("personCardNote")
        self.note.setVisible(bool(note))
        column.addWidget(self.note)
        column.addStretch(2)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.setContentsMargins(24, 8, 24, 16)
        hint = ui.paragraph(tr(wording.PERSON_CARD_HINT), muted=True)
        row.addWidget(hint)
        row.addStretch(1)
        self.close_button = ui.button(tr("Close"), tr("Close the text for the person"))
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        outer.addLayout(row)

    def text(self) -> str:
        return "\n\n".join(label.text() for label in self.labels)

    @classmethod
    def present(
        cls,
        parent: QWidget,
        paragraphs: Sequence[str],
        note: str | None = None,
        *,
        right_to_left: bool = False,
    ) -> PersonCard:
        card = cls(paragraphs, note, right_to_left=right_to_left, parent=parent.window())
        card.setWindowState(Qt.WindowState.WindowFullScreen)
        card.show()
        card.activateWindow()
        card.close_button.setFocus()
        return card
