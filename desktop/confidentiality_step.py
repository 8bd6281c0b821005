"""Step 2: why we are talking, and the limits of confidentiality, read to the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop import texts, ui, wording
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.person_card import PersonCard
from desktop.session_context import SCRIPT, SessionContext
from desktop.step_page import StepPage
from screening_tools.flow import Route
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Item


class ConfidentialityStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service, ops, tr(wording.STEP_TITLES["confidentiality"]), tr(wording.SCRIPT_INTRO)
        )
        self.script = QWidget()
        self.grid = QGridLayout(self.script)
        self.grid.setContentsMargins(0, 6, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        self.body.addWidget(self.script)
        self.body.addStretch(1)
        self._instrument_id = SCRIPT
        self._items: list[Item] = []
        self._person_labels: list[QLabel] = []
        self.person_caption = QLabel()
        self.show_button = self.add_action(
            ui.button(tr(wording.SHOW_TO_PERSON), tr("Show the script to the person, full screen"))
        )
        self.delivered_button = self.add_action(
            ui.button(tr(wording.SCRIPT_DELIVERED), primary=True)
        )
        self.show_button.clicked.connect(self._show_to_person)
        self.delivered_button.clicked.connect(
            lambda: self._advance(
                lambda service, sid: service.record_confidentiality_delivered(sid)
            )
        )

    def fill(self, context: SessionContext) -> None:
        self.reset()
        instrument = context.tool(SCRIPT)
        self._instrument_id = instrument.id
        child = context.flow.route is Route.CHILD
        worker_caption = QLabel(tr(wording.SCRIPT_WORKER_COLUMN))
        worker_caption.setObjectName("caption")
        self.person_caption = QLabel()
        self.person_caption.setObjectName("caption")
        self.grid.addWidget(worker_caption, 0, 0)
        self.grid.addWidget(self.person_caption, 0, 1)
        row = 1
        for group in instrument.groups:
            items = [i for i in group.items if child or i.audience != "child"]
            if not items:
                continue
            title = texts.group_text(instrument.id, group)
            self.grid.addWidget(ui.group_heading(title), row, 0, 1, 2)
            row += 1
            for item in items:
                top = Qt.AlignmentFlag.AlignTop
                worker = ui.paragraph(texts.item_text(instrument.id, item), muted=True)
                self.grid.addWidget(worker, row, 0, top)
                person = ui.paragraph(selectable=True)
                person.setObjectName("personText")
                self.grid.addWidget(person, row, 1, top)
                self._items.append(item)
                self._person_labels.append(person)
                row += 1
        self.apply_language()

    def apply_language(self) -> None:
        self.person_caption.setText(
            tr("To read aloud — {language}").format(language=texts.language_name(self._lang))
        )
        for item, label in zip(self._items, self._person_labels, strict=True):
            words = texts.person_wording(self._instrument_id, item, self._lang)
            if words is not None:
                text, note = words
                label.setText(text + (f"\n{note}" if note else ""))

    def reset(self) -> None:
        self._items = []
        self._person_labels = []
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def focus_first(self) -> None:
        self.delivered_button.setFocus()

    def person_paragraphs(self) -> tuple[list[str], str | None]:
        paragraphs: list[str] = []
        note: str | None = None
        for item in self._items:
            words = texts.person_wording(self._instrument_id, item, self._lang)
            if words is not None:
                paragraphs.append(words[0])
                note = note or words[1]
        return paragraphs, note

    def _update(self) -> None:
        ready = self._context is not None and not self._busy
        self.delivered_button.setEnabled(ready)
        self.show_button.setEnabled(ready and bool(self._items))

    def _show_to_person(self) -> None:
        paragraphs, note = self.person_paragraphs()
        if paragraphs:
            PersonCard.present(
                self, paragraphs, note, right_to_left=texts.is_right_to_left(self._lang, note)
            )
