"""The checklist: items by group, five answers each, saved as you go; guidance beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import ui, wording
from desktop.checklist_item_widget import ChecklistItemWidget
from desktop.guidance_panel import GuidancePanel
from desktop.notes_view import NotesView
from desktop.ops import Operations
from screening_tools.content import Instrument
from screening_tools.domain import AnswerState, Note, Screening
from screening_tools.errors import NotFound
from screening_tools.service import ScreeningService


@dataclass(frozen=True)
class _Loaded:
    screening: Screening
    instrument: Instrument
    notes: list[Note]


class ChecklistPage(QWidget):
    back = Signal(str)  # case reference
    summary_requested = Signal(str, int)  # case reference, screening id

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._reference: str | None = None
        self._screening_id: int | None = None
        self._instrument: Instrument | None = None
        self._items: dict[str, ChecklistItemWidget] = {}
        self._saved: dict[str, AnswerState] = {}
        self._notes: list[Note] = []
        self._pending = 0
        self._current: str | None = None
        self._saving_note = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.setSpacing(8)

        top = QHBoxLayout()
        self.back_button = ui.button("← Back to case", "Back to the case")
        self.back_button.setObjectName("link")
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.save_status = QLabel()
        self.save_status.setObjectName("saveStatus")
        self.save_status.setAccessibleName("Save status")
        top.addWidget(self.save_status)
        top.addSpacing(12)
        self.summary_button = ui.button("Summary", "Show the summary")
        top.addWidget(self.summary_button)
        layout.addLayout(top)

        titles = QHBoxLayout()
        titles.setSpacing(14)
        self.title = ui.heading("Checklist")
        self.title.setWordWrap(False)
        titles.addWidget(self.title)
        self.meta = ui.paragraph(muted=True)
        titles.addWidget(self.meta, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(titles)

        banner = QFrame()
        banner.setObjectName("banner")
        banner_layout = QVBoxLayout(banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        self.caveat = ui.paragraph(selectable=True)
        self.caveat.setAccessibleName("About these indicators")
        banner_layout.addWidget(self.caveat)
        self.banner = banner
        layout.addWidget(banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(14)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        help_text = ui.paragraph(wording.CHECKLIST_HELP, muted=True)
        help_text.setObjectName("fieldHint")
        left_layout.addWidget(help_text)
        self.items_area = QScrollArea()
        self.items_area.setWidgetResizable(True)
        self.items_area.setFrameShape(QFrame.Shape.NoFrame)
        self.items_area.setAccessibleName("Checklist items")
        self.items_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_layout.addWidget(self.items_area, 1)
        self._left = left
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(10)
        self.guidance = GuidancePanel()
        right.setMinimumWidth(280)
        right_layout.addWidget(self.guidance, 1)
        note_card, note_layout = ui.card(name="panel")
        note_layout.setContentsMargins(18, 14, 18, 14)
        note_layout.setSpacing(6)
        note_layout.addWidget(ui.heading("Notes for this checklist", level=2))
        self.notes_view = NotesView("Notes for this checklist")
        self.notes_view.setMinimumHeight(0)
        self.notes_view.setMaximumHeight(96)
        note_layout.addWidget(self.notes_view)
        self.note_editor = ui.text_box(
            "New note for this checklist", "Write a note (optional)", lines=3
        )
        note_layout.addWidget(self.note_editor)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_note_button = ui.button("Save note", "Save note for this checklist")
        save_row.addWidget(self.save_note_button)
        note_layout.addLayout(save_row)
        right_layout.addWidget(note_card, 0)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 420])
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(self._back)
        self.summary_button.clicked.connect(self._summary)
        self.save_note_button.clicked.connect(self._save_note)
        self.note_editor.textChanged.connect(self._update_buttons)
        self.clear()

    # -- loading --------------------------------------------------------------------------

    @property
    def screening_id(self) -> int | None:
        return self._screening_id

    def item_widget(self, item_id: str) -> ChecklistItemWidget:
        return self._items[item_id]

    def item_widgets(self) -> list[ChecklistItemWidget]:
        return list(self._items.values())

    def load(self, reference: str, screening_id: int) -> None:
        self.clear()
        self._reference = reference
        self._screening_id = screening_id
        service = self._service

        def fetch() -> _Loaded:
            detail = service.open_case(reference)
            screening = next((s for s in detail.screenings if s.id == screening_id), None)
            if screening is None:
                raise NotFound("checklist", str(screening_id))
            notes = [n for n in detail.notes if n.screening_id == screening_id]
            return _Loaded(screening, service.instrument(screening.instrument_id), notes)

        self._ops.run(fetch, self._loaded)

    def clear(self) -> None:
        self._reference = None
        self._screening_id = None
        self._instrument = None
        self._items = {}
        self._saved = {}
        self._notes = []
        self._current = None
        self._pending = 0
        self._saving_note = False
        old = self.items_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.title.setText("Checklist")
        self.meta.clear()
        self.caveat.clear()
        self.banner.hide()
        self.guidance.show_item(None)
        self._show_notes()
        self.note_editor.clear()
        self.save_status.clear()
        self._update_buttons()

    def focus_first(self) -> None:
        if self._items:
            first = next(iter(self._items.values()))
            first.buttons[first.state()].setFocus()

    def _loaded(self, result: Any) -> None:
        assert isinstance(result, _Loaded)
        screening, instrument = result.screening, result.instrument
        self._instrument = instrument
        self.title.setText(instrument.title)
        self.meta.setText(
            f"Case {self._reference} · started {ui.local_time(screening.started_at)} "
            f"by {screening.recorded_by} · version {screening.instrument_version}"
        )
        self.caveat.setText(instrument.caveat or "")
        self.banner.setVisible(bool(instrument.caveat))
        self._build_items(instrument)
        for item_id, answer in screening.answers.items():
            widget = self._items.get(item_id)
            if widget is not None:
                widget.set_state(answer.state)
                self._saved[item_id] = answer.state
        self._notes = list(result.notes)
        self._show_notes()
        answered = sum(1 for s in self._saved.values() if s != AnswerState.NOT_ASSESSED)
        self.save_status.setText(f"{answered} of {len(self._items)} answered · all saved")
        self._update_buttons()
        if self._items:
            self._select(next(iter(self._items)))
        self.focus_first()

    def _build_items(self, instrument: Instrument) -> None:
        body = QWidget()
        body.setObjectName("checklistBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 12)
        layout.setSpacing(8)
        number = 0
        for group in instrument.groups:
            heading = QLabel(group.title)
            heading.setObjectName("groupHeading")
            heading.setWordWrap(True)
            heading.setIndent(0)
            layout.addWidget(heading)
            if group.description:
                layout.addWidget(ui.paragraph(group.description, muted=True))
            for item in group.items:
                number += 1
                widget = ChecklistItemWidget(item, number)
                widget.answer_chosen.connect(self._answer_chosen)
                widget.selected.connect(self._select)
                layout.addWidget(widget)
                self._items[item.id] = widget
        layout.addStretch(1)
        self.items_area.setWidget(body)
        # Never scroll sideways: the five answers of an item always fit in one row.
        scrollbar = self.items_area.verticalScrollBar().sizeHint().width()
        self._left.setMinimumWidth(body.minimumSizeHint().width() + scrollbar + 4)

    def _show_notes(self) -> None:
        self.notes_view.set_notes(self._notes)
        self.notes_view.setVisible(bool(self._notes))

    def _update_buttons(self) -> None:
        loaded = self._instrument is not None
        self.summary_button.setEnabled(loaded)
        has_text = bool(self.note_editor.toPlainText().strip())
        self.save_note_button.setEnabled(loaded and has_text and not self._saving_note)

    # -- guidance -------------------------------------------------------------------------

    def select_item(self, item_id: str) -> None:
        """Show an item's guidance and bring it into view."""
        self._select(item_id)
        widget = self._items.get(item_id)
        if widget is not None:
            self.items_area.ensureWidgetVisible(widget, 0, 80)

    def _select(self, item_id: str) -> None:
        if self._instrument is None or item_id == self._current:
            return
        if self._current in self._items:
            self._items[self._current].set_current(False)
        self._current = item_id
        widget = self._items[item_id]
        widget.set_current(True)
        group = self._instrument.group_of(item_id)
        self.guidance.show_item(widget.item, group.title if group else "")

    # -- saving ---------------------------------------------------------------------------

    def _answer_chosen(self, item_id: str, state: object) -> None:
        screening_id = self._screening_id
        if screening_id is None:
            return
        answer = AnswerState(str(state))
        self._pending += 1
        self.save_status.setText("Saving…")
        service = self._service
        self._ops.run(
            lambda: service.record_answer(screening_id, item_id, answer),
            lambda _answer: self._answer_saved(screening_id, item_id, answer),
            lambda error: self._answer_failed(screening_id, item_id, error),
        )

    def _answer_saved(self, screening_id: int, item_id: str, state: AnswerState) -> None:
        if screening_id != self._screening_id:
            return  # another checklist is open now; this one was saved all the same
        self._saved[item_id] = state
        self._pending = max(self._pending - 1, 0)
        if self._pending == 0:
            self.save_status.setText(f"Saved {QTime.currentTime().toString('HH:mm')}")

    def _answer_failed(self, screening_id: int, item_id: str, error: Exception) -> None:
        self._ops.failed.emit(error)
        if screening_id != self._screening_id:
            return
        self._pending = max(self._pending - 1, 0)
        widget = self._items.get(item_id)
        if widget is not None:
            widget.set_state(self._saved.get(item_id, AnswerState.NOT_ASSESSED))
        self.save_status.setText("Not saved")

    def _save_note(self) -> None:
        reference, screening_id = self._reference, self._screening_id
        body = self.note_editor.toPlainText()
        if reference is None or screening_id is None or not body.strip():
            return
        service = self._service
        self._saving_note = True
        self._update_buttons()
        self._ops.run(
            lambda: service.add_note(reference, body, screening_id),
            lambda note: self._note_saved(note, body),
            self._note_failed,
        )

    def _note_failed(self, error: Exception) -> None:
        self._saving_note = False
        self._update_buttons()
        self._ops.failed.emit(error)

    def _note_saved(self, note: Note, body: str) -> None:
        self._saving_note = False
        self._update_buttons()
        self._notes.append(note)
        self._show_notes()
        if self.note_editor.toPlainText() == body:
            self.note_editor.clear()
        self.save_status.setText(f"Note saved {QTime.currentTime().toString('HH:mm')}")

    # -- navigation -----------------------------------------------------------------------

    def _back(self) -> None:
        if self._reference is not None:
            self.back.emit(self._reference)

    def _summary(self) -> None:
        if self._reference is not None and self._screening_id is not None:
            self.summary_requested.emit(self._reference, self._screening_id)
