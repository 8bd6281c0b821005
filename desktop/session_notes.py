"""Notes in a session: what the worker observed (always allowed) and what the person said
(only once the limits of confidentiality were explained and the person agreed to notes)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.i18n import tr
from desktop.notes_view import NotesView
from desktop.ops import Operations
from desktop.session_context import SessionContext
from screening_tools.domain import Note
from screening_tools.service import ScreeningService


class SessionNotes(QFrame):
    saved = Signal(object)  # Note
    status = Signal(str)

    def __init__(
        self, service: ScreeningService, ops: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._service = service
        self._ops = ops
        self._context: SessionContext | None = None
        self._notes: list[Note] = []
        self._saving = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(ui.heading(tr(wording.NOTES_HEADING), level=2))
        self.notes_view = NotesView(tr(wording.NOTES_HEADING))
        self.notes_view.setMinimumHeight(0)
        self.notes_view.setMaximumHeight(110)
        layout.addWidget(self.notes_view)

        self.observation_editor = ui.text_box(
            tr("New note: what you observed, and minimal facts"),
            tr("What you saw, and minimal facts (optional)"),
            lines=2,
        )
        self.save_observation_button = ui.button(tr("Save"), tr("Save the observation note"))
        layout.addWidget(ui.field_label(tr(wording.OBSERVATION_NOTE), self.observation_editor))
        layout.addLayout(_editor_row(self.observation_editor, self.save_observation_button))

        self.disclosure_editor = ui.text_box(
            tr("New note: what the person said"),
            tr("In the person's own words where you can (optional)"),
            lines=2,
        )
        self.save_disclosure_button = ui.button(
            tr("Save"), tr("Save the note of what the person said")
        )
        layout.addWidget(ui.field_label(tr(wording.DISCLOSURE_NOTE), self.disclosure_editor))
        self.disclosure_closed = ui.paragraph(muted=True)
        self.disclosure_closed.setObjectName("fieldHint")
        self.disclosure_closed.setAccessibleName(tr("Why notes of what the person said are closed"))
        layout.addWidget(self.disclosure_closed)
        layout.addLayout(_editor_row(self.disclosure_editor, self.save_disclosure_button))
        layout.addStretch(1)

        self.observation_editor.textChanged.connect(self._update)
        self.disclosure_editor.textChanged.connect(self._update)
        self.save_observation_button.clicked.connect(lambda: self._save(disclosure=False))
        self.save_disclosure_button.clicked.connect(lambda: self._save(disclosure=True))
        self.clear()

    @property
    def disclosure_allowed(self) -> bool:
        return self._context is not None and self._context.flow.can_save_disclosure_notes

    def load(self, context: SessionContext) -> None:
        self._context = context
        self._notes = list(context.notes)
        self._saving = False
        self._show_notes()
        flow = context.flow
        if flow.can_save_disclosure_notes:
            reason = ""
        elif flow.state.no_interview:
            reason = tr(wording.DISCLOSURE_CLOSED_NO_INTERVIEW)
        elif flow.state.notes_agreed is False:
            reason = tr(wording.DISCLOSURE_CLOSED_NO_AGREEMENT)
        else:
            reason = tr(wording.DISCLOSURE_CLOSED_NOT_YET)
        self.disclosure_closed.setText(reason)
        self.disclosure_closed.setVisible(bool(reason))
        self.disclosure_editor.setAccessibleDescription(reason)
        if reason:
            self.disclosure_editor.clear()
        self._update()

    def clear(self) -> None:
        self._context = None
        self._notes = []
        self._saving = False
        self._show_notes()
        self.observation_editor.clear()
        self.disclosure_editor.clear()
        self.disclosure_closed.hide()
        self._update()

    def _show_notes(self) -> None:
        self.notes_view.set_notes(self._notes, label_kind=True)
        self.notes_view.setVisible(bool(self._notes))

    def _update(self) -> None:
        loaded = self._context is not None and not self._saving
        allowed = self.disclosure_allowed
        self.observation_editor.setEnabled(self._context is not None)
        self.disclosure_editor.setEnabled(allowed)
        self.save_observation_button.setEnabled(
            loaded and bool(self.observation_editor.toPlainText().strip())
        )
        self.save_disclosure_button.setEnabled(
            loaded and allowed and bool(self.disclosure_editor.toPlainText().strip())
        )

    def _save(self, *, disclosure: bool) -> None:
        context = self._context
        editor = self.disclosure_editor if disclosure else self.observation_editor
        body = editor.toPlainText()
        if context is None or not body.strip() or (disclosure and not self.disclosure_allowed):
            return
        reference, screening_id = context.reference, context.screening_id
        service = self._service
        self._saving = True
        self._update()
        self._ops.run(
            lambda: service.add_note(reference, body, screening_id, disclosure=disclosure),
            lambda note: self._saved(screening_id, note, editor, body),
            self._failed,
        )

    def _saved(self, screening_id: int, note: Note, editor: QPlainTextEdit, body: str) -> None:
        self._saving = False
        if self._context is None or self._context.screening_id != screening_id:
            return
        self._notes.append(note)
        self._show_notes()
        # Keep anything typed while the note was being saved.
        if editor.toPlainText() == body:
            editor.clear()
        self._update()
        self.status.emit(tr("Note saved {time}").format(time=texts.clock_time()))
        self.saved.emit(note)

    def _failed(self, error: Exception) -> None:
        self._saving = False
        self._update()
        self._ops.failed.emit(error)


def _editor_row(editor: QPlainTextEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(editor, 1)
    row.addWidget(button)
    return row
