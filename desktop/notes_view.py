"""Read-only list of notes, newest last, with date and author; text is escaped, never markup."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop import texts, wording
from desktop.i18n import tr
from screening_tools.domain import Note
from screening_tools.i18n import N_

_KIND = {"disclosure": N_("what the person said"), "observation": N_("observation")}


class NotesView(QTextBrowser):
    def __init__(self, accessible_name: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name or tr("Notes"))
        self.setOpenLinks(False)
        self.document().setDocumentMargin(10)
        self.setMinimumHeight(120)
        self.set_notes([])

    def set_notes(
        self, notes: list[Note], *, label_checklist: bool = False, label_kind: bool = False
    ) -> None:
        # No colours in the markup: the palette (standard or high contrast) colours the text.
        if not notes:
            self.setHtml(f"<p><i>{html.escape(tr(wording.NOTES_EMPTY))}</i></p>")
            return
        parts = []
        for note in notes:
            # One " · "-separated line: when, who, and what kind of note.
            meta_parts = [texts.local_time(note.created_at), note.created_by]
            if label_checklist and note.screening_id is not None:
                meta_parts.append(tr("session note"))
            if label_kind:
                kind = _KIND.get(note.kind)
                meta_parts.append(tr(kind) if kind else note.kind)
            meta = " · ".join(meta_parts)
            body = html.escape(note.body).replace("\n", "<br>")
            parts.append(f"<p style='margin-bottom:10px'><i>{html.escape(meta)}</i><br>{body}</p>")
        self.setHtml("".join(parts))

    def clear_notes(self) -> None:
        self.set_notes([])
