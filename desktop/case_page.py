"""One case: reference, name hidden behind a toggle, its checklists and notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import ui, wording
from desktop.notes_view import NotesView
from desktop.ops import Operations
from screening_tools.domain import AnswerState, Case, CaseDetail, Screening
from screening_tools.errors import ScreeningError
from screening_tools.service import ScreeningService

ADULT_INSTRUMENT = "adult-indicators"
_ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Loaded:
    detail: CaseDetail
    titles: dict[str, tuple[str, int | None]]  # instrument id -> (title, item count)


class CasePage(QWidget):
    back = Signal()
    open_screening = Signal(str, int)  # case reference, screening id

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._case: Case | None = None
        self._busy = False  # a start or a save is on its way: no double submissions

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 24)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.back_button = ui.button("← All cases", "Back to all cases")
        self.back_button.setObjectName("link")
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.title = ui.heading("Case")
        layout.addWidget(self.title)
        self.meta = ui.paragraph(muted=True)
        layout.addWidget(self.meta)

        name_row = QHBoxLayout()
        self.name_label = ui.paragraph(wording.CASE_NAME_HIDDEN, muted=True)
        self.name_label.setAccessibleName("Name")
        self.name_toggle = ui.button("Show name", "Show name and contact")
        self.name_toggle.setCheckable(True)
        name_row.addWidget(self.name_toggle)
        name_row.addWidget(self.name_label, 1)
        layout.addLayout(name_row)
        layout.addSpacing(6)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        layout.addLayout(columns, 1)

        checklists, left = ui.card(name="panel")
        left.addWidget(ui.heading("Checklists", level=2))
        self.screenings = QListWidget()
        self.screenings.setAccessibleName("Checklists for this case")
        self.screenings.setWordWrap(True)
        self.screenings.setSpacing(2)
        left.addWidget(self.screenings, 1)
        self.no_screenings = ui.paragraph(wording.SCREENINGS_EMPTY, muted=True)
        left.addWidget(self.no_screenings)
        buttons = QHBoxLayout()
        self.open_button = ui.button("Open checklist")
        self.start_button = ui.button("Start adult checklist", primary=True)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        left.addLayout(buttons)
        columns.addWidget(checklists, 3)

        notes, right = ui.card(name="panel")
        right.addWidget(ui.heading("Notes", level=2))
        self.notes = NotesView("Notes for this case")
        right.addWidget(self.notes, 1)
        self.note_editor = ui.text_box(
            "New note",
            "Write a note (optional). Record what you saw or were told, not conclusions.",
        )
        right.addWidget(self.note_editor)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_note_button = ui.button("Save note")
        save_row.addWidget(self.save_note_button)
        right.addLayout(save_row)
        columns.addWidget(notes, 2)

        self.back_button.clicked.connect(self.back)
        self.name_toggle.toggled.connect(self._show_name)
        self.start_button.clicked.connect(self._start)
        self.open_button.clicked.connect(self._open_current)
        self.screenings.itemActivated.connect(self._open_item)
        self.screenings.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.save_note_button.clicked.connect(self._save_note)
        self.note_editor.textChanged.connect(self._update_buttons)
        self.clear()

    # -- loading --------------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        return self._case.reference if self._case else None

    def load(self, reference: str) -> None:
        if self.reference != reference:
            self.clear()
        # Every time a case is opened its name starts hidden again.
        self.name_toggle.setChecked(False)
        service = self._service

        def fetch() -> _Loaded:
            detail = service.open_case(reference)
            titles: dict[str, tuple[str, int | None]] = {}
            for screening in detail.screenings:
                if screening.instrument_id in titles:
                    continue
                try:
                    instrument = service.instrument(screening.instrument_id)
                    titles[screening.instrument_id] = (instrument.title, len(instrument.items()))
                except ScreeningError:
                    titles[screening.instrument_id] = (screening.instrument_id, None)
            return _Loaded(detail, titles)

        self._ops.run(fetch, self._loaded)

    def clear(self) -> None:
        self._case = None
        self._busy = False
        self.title.setText("Case")
        self.meta.clear()
        self.name_toggle.setChecked(False)
        self._show_name(False)
        self.screenings.clear()
        self.notes.clear_notes()
        self.note_editor.clear()
        self._update_buttons()

    def focus_first(self) -> None:
        if self.screenings.count():
            self.screenings.setFocus()
        else:
            self.start_button.setFocus()

    def _loaded(self, result: Any) -> None:
        assert isinstance(result, _Loaded)
        case = result.detail.case
        self._case = case
        self.title.setText(f"Case {case.reference}")
        self.meta.setText(
            f"Created {ui.local_time(case.created_at)} by {case.created_by} · "
            f"last updated {ui.local_time(case.updated_at)}"
        )
        self._show_name(self.name_toggle.isChecked())
        current = self.screenings.currentItem()
        current_id = current.data(_ID_ROLE) if current else None
        self.screenings.clear()
        for screening in result.detail.screenings:
            title, count = result.titles.get(
                screening.instrument_id, (screening.instrument_id, None)
            )
            item = QListWidgetItem(_describe(screening, title, count))
            item.setData(_ID_ROLE, screening.id)
            self.screenings.addItem(item)
            if screening.id == current_id:
                self.screenings.setCurrentItem(item)
        if self.screenings.currentItem() is None and self.screenings.count():
            self.screenings.setCurrentRow(0)
        self.notes.set_notes(result.detail.notes, label_checklist=True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        loaded = self._case is not None and not self._busy
        has_screenings = self.screenings.count() > 0
        self.screenings.setVisible(has_screenings)
        self.no_screenings.setVisible(not has_screenings)
        self.start_button.setEnabled(loaded)
        self.open_button.setEnabled(loaded and self.screenings.currentItem() is not None)
        self.save_note_button.setEnabled(loaded and bool(self.note_editor.toPlainText().strip()))
        has_name = bool(self._case and (self._case.name or self._case.contact))
        self.name_toggle.setEnabled(has_name)

    def _show_name(self, shown: bool) -> None:
        self.name_toggle.setText("Hide name" if shown else "Show name")
        case = self._case
        if case is None or not (case.name or case.contact):
            self.name_label.setText(wording.CASE_NO_NAME if case else "")
        elif not shown:
            self.name_label.setText(wording.CASE_NAME_HIDDEN)
        else:
            parts = []
            if case.name:
                parts.append(f"Name: {case.name}")
            if case.contact:
                parts.append(f"Contact: {case.contact}")
            self.name_label.setText("   ·   ".join(parts))

    # -- actions --------------------------------------------------------------------------

    def _start(self) -> None:
        reference = self.reference
        if reference is None:
            return
        service = self._service
        self._set_busy(True)
        self._ops.run(
            lambda: service.start_screening(reference, ADULT_INSTRUMENT),
            lambda screening: self._started(reference, screening),
            self._failed,
        )

    def _started(self, reference: str, screening: Screening) -> None:
        self._set_busy(False)
        self.open_screening.emit(reference, screening.id)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        self._ops.failed.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _open_current(self) -> None:
        item = self.screenings.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        if self.reference is not None:
            self.open_screening.emit(self.reference, int(item.data(_ID_ROLE)))

    def _save_note(self) -> None:
        reference = self.reference
        body = self.note_editor.toPlainText()
        if reference is None or not body.strip():
            return
        service = self._service
        self._set_busy(True)
        self._ops.run(
            lambda: service.add_note(reference, body),
            lambda _note: self._note_saved(body),
            self._failed,
        )

    def _note_saved(self, body: str) -> None:
        self._set_busy(False)
        # Keep anything typed while the note was being saved.
        if self.note_editor.toPlainText() == body:
            self.note_editor.clear()
        if self.reference is not None:
            self.load(self.reference)


def _describe(screening: Screening, title: str, item_count: int | None) -> str:
    answers = screening.answers.values()
    answered = sum(1 for a in answers if a.state != AnswerState.NOT_ASSESSED)
    concerns = sum(1 for a in answers if a.state.is_concern)
    total = f" of {item_count}" if item_count is not None else ""
    return (
        f"{title} — started {ui.local_time(screening.started_at)} by {screening.recorded_by}\n"
        f"{answered}{total} items answered · {concerns} observed or disclosed"
    )
