"""Step 3: the person's language and who interprets. Relatives, friends and companions are refused
by the core, with its reason shown here; the session stays on this step."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout

from desktop import texts, ui, wording
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.response_list import ResponseList
from desktop.session_context import INTERPRETER_CHECKS, SessionContext
from desktop.step_page import StepPage
from screening_tools.flow import REFUSED_INTERPRETERS, InterpreterRefused, InterpreterType
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

INTERPRETER_CHOICES = (
    (InterpreterType.NOT_NEEDED, N_("Not needed: we share a language well")),
    (InterpreterType.PROFESSIONAL_IN_PERSON, N_("Professional interpreter, in person")),
    (InterpreterType.PROFESSIONAL_PHONE, N_("Professional interpreter, by phone")),
    (InterpreterType.PROFESSIONAL_VIDEO, N_("Professional interpreter, by video")),
    (InterpreterType.FAMILY_MEMBER, N_("A family member")),
    (InterpreterType.FRIEND, N_("A friend")),
    (InterpreterType.COMPANION, N_("Someone who came with the person")),
    (InterpreterType.UNKNOWN_PERSON, N_("Someone else, or not known")),
)


class InterpreterStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service, ops, tr(wording.STEP_TITLES["interpreter"]), tr(wording.INTERPRETER_INTRO)
        )
        self.language = ui.line_edit(
            tr("The person's language"), placeholder=tr("For example: Romanian")
        )
        self.language.setMaximumWidth(420)
        self.body.addWidget(ui.field_label(tr("The person's language"), self.language))
        self.body.addWidget(self.language)
        self.body.addSpacing(6)
        self.body.addWidget(ui.heading(tr("Who interprets?"), level=2))
        self.group = QButtonGroup(self)
        self.choices: dict[InterpreterType, QRadioButton] = {}
        choices = QVBoxLayout()
        choices.setSpacing(0)
        for index, (kind, label) in enumerate(INTERPRETER_CHOICES):
            button = ui.radio(tr(label), description=tr("Who interprets?"))
            self.group.addButton(button, index)
            self.choices[kind] = button
            choices.addWidget(button)
        self.body.addLayout(choices)
        self.refusal = ui.paragraph()
        self.refusal.setObjectName("inlineError")
        self.refusal.setAccessibleName(tr("Interpreter not accepted"))
        self.refusal.hide()
        self.body.addWidget(self.refusal)
        self.body.addSpacing(10)
        self.checks = ResponseList(
            service, ops, INTERPRETER_CHECKS, title=tr(wording.INTERPRETER_CHECKS), describe=False
        )
        self.checks.status.connect(self.status.setText)
        self.body.addWidget(self.checks)
        self.body.addStretch(1)
        self.continue_button = self.add_action(ui.button(tr("Continue"), primary=True))
        self.continue_button.clicked.connect(self._continue)
        self.group.idClicked.connect(lambda _id: self._chosen())

    def fill(self, context: SessionContext) -> None:
        self.refusal.hide()
        self.checks.load(context)
        self.apply_language()

    def apply_language(self) -> None:
        # Offer the language chosen for the person's wording, unless one was typed already.
        if not self.language.text().strip() and self._lang != texts.SOURCE_LANGUAGE:
            self.language.setText(texts.language_name(self._lang))

    def reset(self) -> None:
        self.language.clear()
        self.group.setExclusive(False)
        for button in self.choices.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.refusal.clear()
        self.refusal.hide()
        self.checks.clear()

    def focus_first(self) -> None:
        self.language.setFocus()

    def chosen_kind(self) -> InterpreterType | None:
        index = self.group.checkedId()
        return INTERPRETER_CHOICES[index][0] if index >= 0 else None

    def _chosen(self) -> None:
        self.refusal.hide()
        self._update()

    def _update(self) -> None:
        ready = self._context is not None and not self._busy
        self.continue_button.setEnabled(ready and self.chosen_kind() is not None)

    def _continue(self) -> None:
        kind = self.chosen_kind()
        if kind is None:
            return
        language = self.language.text()
        self._advance(
            lambda service, sid: service.record_interpreter(sid, language, kind),
            self._refused,
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, InterpreterRefused):
            self._ops.failed.emit(error)
            return
        # The core's own reason, shown beside the choice; the session stays on this step.
        self.refusal.setText(tr(REFUSED_INTERPRETERS.get(error.kind, str(error))))
        self.refusal.show()
        button = self.choices.get(error.kind)
        if button is not None:
            button.setFocus()
