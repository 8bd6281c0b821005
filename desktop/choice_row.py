"""One question with a few explicit answers side by side, e.g. Yes / No / Not asked.

The question and the answers' labels are shown as given: the caller passes them in the worker's
language. ``YES_NO`` and ``YES_NO_NOT_ASKED`` hold the English source labels; pass them through
``translated()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QRadioButton, QVBoxLayout, QWidget

from desktop import ui
from desktop.flow_layout import FlowLayout
from desktop.i18n import tr
from screening_tools.i18n import N_

YES_NO = (("yes", N_("Yes")), ("no", N_("No")))
YES_NO_NOT_ASKED = (("yes", N_("Yes")), ("no", N_("No")), ("not_asked", N_("Not asked")))


def translated(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(value, label) pairs with each label in the worker's language."""
    return [(value, tr(label)) for value, label in choices]


class ChoiceRow(QFrame):
    chosen = Signal(str, str)  # key, value — only on the worker's action

    def __init__(
        self,
        key: str,
        question: str,
        choices: Sequence[tuple[str, str]] | None = None,
        *,
        value: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("checklistItem")
        self.setAccessibleName(question)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(6)
        self.question = ui.paragraph(question)
        layout.addWidget(self.question)
        row = FlowLayout(spacing=4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        if choices is None:
            choices = translated(YES_NO)
        self._values = [v for v, _ in choices]
        self.buttons: dict[str, QRadioButton] = {}
        for index, (choice, label) in enumerate(choices):
            button = ui.radio(label, description=question)
            self.group.addButton(button, index)
            self.buttons[choice] = button
            row.add_widget(button)
        layout.addLayout(row)
        if value is not None:
            self.set_value(value)
        # idClicked fires for clicks and keyboard choices, never for set_value().
        self.group.idClicked.connect(lambda index: self.chosen.emit(self.key, self._values[index]))

    def value(self) -> str | None:
        index = self.group.checkedId()
        return self._values[index] if index >= 0 else None

    def set_value(self, value: str | None) -> None:
        if value is None or value not in self.buttons:
            # An exclusive group cannot be emptied directly.
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
            return
        self.buttons[value].setChecked(True)
