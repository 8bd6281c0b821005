"""Step 4: did the person agree to notes? Either answer is fine; "no" keeps disclosure notes
closed for the session, and observations stay possible."""

from __future__ import annotations

from desktop import texts, ui, wording
from desktop.choice_row import YES_NO, ChoiceRow, translated
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.session_context import SCRIPT, SessionContext
from desktop.step_page import StepPage
from screening_tools.service import ScreeningService

SCRIPT_NOTES_ITEM = "script.notes"


class NotesAgreementStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service,
            ops,
            tr(wording.STEP_TITLES["notes_agreement"]),
            tr(wording.NOTES_AGREEMENT_INTRO),
        )
        self.reminder_caption = ui.paragraph()
        self.reminder_caption.setObjectName("caption")
        self.body.addWidget(self.reminder_caption)
        self.reminder = ui.paragraph(selectable=True)
        self.reminder.setObjectName("personText")
        self.reminder.setAccessibleName(tr("What you might say"))
        self.body.addWidget(self.reminder)
        self.body.addSpacing(6)
        self.choice = ChoiceRow("notes", tr(wording.NOTES_AGREEMENT_QUESTION), translated(YES_NO))
        self.choice.chosen.connect(lambda *_: self._update())
        self.body.addWidget(self.choice)
        self.body.addStretch(1)
        self.continue_button = self.add_action(ui.button(tr("Continue"), primary=True))
        self.continue_button.clicked.connect(self._continue)

    def fill(self, context: SessionContext) -> None:
        self.choice.set_value(None)
        self.apply_language()

    def apply_language(self) -> None:
        context = self._context
        script = context.tool(SCRIPT) if context else None
        item = script.item(SCRIPT_NOTES_ITEM) if script else None
        words = texts.person_wording(script.id, item, self._lang) if script and item else None
        self.reminder_caption.setText(
            tr("You might say — {language}").format(language=texts.language_name(self._lang))
        )
        if words is not None:
            text, note = words
            quoted = tr("“{text}”").format(text=text)
            self.reminder.setText(quoted + (f"\n{note}" if note else ""))
        self.reminder.setVisible(words is not None)
        self.reminder_caption.setVisible(words is not None)

    def reset(self) -> None:
        self.choice.set_value(None)

    def focus_first(self) -> None:
        self.choice.buttons["yes"].setFocus()

    def _update(self) -> None:
        ready = self._context is not None and not self._busy
        self.continue_button.setEnabled(ready and self.choice.value() is not None)

    def _continue(self) -> None:
        value = self.choice.value()
        if value is None:
            return
        agreed = value == "yes"
        self._advance(lambda service, sid: service.record_notes_agreement(sid, agreed))
