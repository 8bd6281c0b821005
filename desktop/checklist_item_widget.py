"""One checklist item: the worker's wording beside the person's wording, the answers (Not
assessed by default), and Skip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui, wording
from desktop.flow_layout import FlowLayout
from desktop.i18n import tr
from screening_tools.domain import AnswerState

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Item

STATES = tuple(AnswerState)  # order: Not assessed, Observed, Disclosed, Not present, Prefer not
OBSERVATION_STATES = (AnswerState.NOT_ASSESSED, AnswerState.OBSERVED, AnswerState.NOT_PRESENT)


class ChecklistItemWidget(QFrame):
    answer_chosen = Signal(str, object)  # item id, AnswerState — only on the worker's action
    selected = Signal(str)  # item id
    skip_requested = Signal(str)  # item id
    show_requested = Signal(str)  # item id: show the person's wording full screen

    def __init__(
        self,
        item: Item,
        number: int,
        *,
        instrument_id: str,
        states: Sequence[AnswerState] = STATES,
        lang: str = texts.SOURCE_LANGUAGE,
        can_skip: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.instrument_id = instrument_id
        self._states = tuple(states)
        self._skipped = False
        self.setObjectName("checklistItem")
        self.setProperty("current", "false")
        worker_text = texts.item_text(instrument_id, item)
        self.worker_text = worker_text
        self.setAccessibleName(worker_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(6)

        texts_row = QHBoxLayout()
        texts_row.setSpacing(16)
        text = ui.paragraph(
            tr("{number}.  {text}").format(number=texts.number(number), text=worker_text)
        )
        texts_row.addWidget(text, 3, Qt.AlignmentFlag.AlignTop)
        self.person_caption: QLabel | None = None
        self.person_label: QLabel | None = None
        self.show_button: QPushButton | None = None
        if item.person_text is not None:
            column = QVBoxLayout()
            column.setSpacing(2)
            self.person_caption = QLabel()
            self.person_caption.setObjectName("caption")
            column.addWidget(self.person_caption)
            self.person_label = ui.paragraph(selectable=True)
            self.person_label.setObjectName("personText")
            column.addWidget(self.person_label)
            self.show_button = ui.link_button(
                tr(wording.SHOW_TO_PERSON),
                tr("Show to person: {item}").format(item=worker_text),
            )
            self.show_button.clicked.connect(lambda: self.show_requested.emit(self.item.id))
            self.show_button.installEventFilter(self)
            column.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
            texts_row.addLayout(column, 2)
        layout.addLayout(texts_row)

        # Answers wrap onto a second line rather than run out of sight at a large text size.
        row = FlowLayout(spacing=4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[AnswerState, QRadioButton] = {}
        for index, state in enumerate(self._states):
            radio = ui.radio(tr(state.label), description=worker_text)
            self.group.addButton(radio, index)
            self.buttons[state] = radio
            radio.installEventFilter(self)
            row.add_widget(radio)
        self.skipped_tag = QLabel(tr("Skipped"))
        self.skipped_tag.setObjectName("skippedTag")
        self.skipped_tag.hide()
        row.add_widget(self.skipped_tag)
        self.skip_button: QPushButton | None = None
        if can_skip:
            self.skip_button = ui.button(tr("Skip"), tr("Skip: {item}").format(item=worker_text))
            self.skip_button.installEventFilter(self)
            self.skip_button.clicked.connect(lambda: self.skip_requested.emit(self.item.id))
            row.add_widget(self.skip_button)
        layout.addLayout(row)
        self.buttons[AnswerState.NOT_ASSESSED].setChecked(True)
        # idClicked fires for clicks and keyboard choices, never for set_state().
        self.group.idClicked.connect(self._chosen)
        self.set_language(lang)

    def state(self) -> AnswerState:
        return self._states[max(self.group.checkedId(), 0)]

    def set_state(self, state: AnswerState) -> None:
        button = self.buttons.get(state)
        if button is not None:
            button.setChecked(True)

    def is_skipped(self) -> bool:
        return self._skipped

    def set_skipped(self, skipped: bool) -> None:
        self._skipped = skipped
        self.skipped_tag.setVisible(skipped)
        if self.skip_button is not None:
            self.skip_button.setVisible(not skipped)

    def set_language(self, lang: str) -> None:
        words = texts.person_wording(self.instrument_id, self.item, lang)
        if words is None or self.person_label is None or self.person_caption is None:
            return
        text, note = words
        self.person_caption.setText(
            tr("To ask — {language}").format(language=texts.language_name(lang))
        )
        quoted = tr("“{text}”").format(text=text)
        self.person_label.setText(quoted + (f"\n{note}" if note else ""))

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
        self.answer_chosen.emit(self.item.id, self._states[index])
