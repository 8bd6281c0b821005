"""Step 1: is it right to talk now? Three explicit Yes / No answers, and how to get ready."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop import texts, ui, wording
from desktop.choice_row import ChoiceRow
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.session_context import SAFETY_CHECK, SessionContext
from desktop.step_page import StepPage
from screening_tools.service import ScreeningService

SAFE_TO_TALK = "safety.safe-to-talk"
IN_CRISIS = "safety.in-crisis"
IN_CONTROL = "safety.in-control"
GATE = (SAFE_TO_TALK, IN_CRISIS, IN_CONTROL)


class SafetyCheckStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service, ops, tr(wording.STEP_TITLES["safety_check"]), tr(wording.SAFETY_INTRO)
        )
        self.rows: dict[str, ChoiceRow] = {}
        for item_id in GATE:
            row = ChoiceRow(item_id, "")
            row.chosen.connect(lambda *_: self._update())
            self.rows[item_id] = row
            self.body.addWidget(row)
        self.body.addSpacing(8)
        self.preparation_title = ui.heading(tr(wording.SAFETY_PREPARATION), level=2)
        self.body.addWidget(self.preparation_title)
        self.preparation_intro = ui.paragraph(muted=True)
        self.body.addWidget(self.preparation_intro)
        self.preparation = ui.bullet_list([], tr(wording.SAFETY_PREPARATION))
        self.body.addWidget(self.preparation)
        self.caveat = ui.banner(accessible_name=tr("Why this comes first"))
        self.body.addWidget(self.caveat)
        self.body.addStretch(1)
        self.continue_button = self.add_action(ui.button(tr("Continue"), primary=True))
        self.continue_button.clicked.connect(self._continue)

    def fill(self, context: SessionContext) -> None:
        instrument = context.tool(SAFETY_CHECK)
        for item_id, row in self.rows.items():
            item = instrument.item(item_id)
            question = texts.item_text(instrument.id, item) if item else item_id
            row.question.setText(question)
            row.setAccessibleName(question)
            for button in row.buttons.values():
                button.setAccessibleDescription(question)
            row.set_value(None)  # no answer is assumed: each one is chosen
        gate = instrument.group_of(SAFE_TO_TALK)
        preparation = [g for g in instrument.groups if g is not gate]
        iid = instrument.id
        first = preparation[0] if preparation else None
        self.preparation_title.setText(texts.group_text(iid, first) if first else "")
        self.preparation_intro.setText(texts.group_text(iid, first, "description") if first else "")
        ui.set_bullets(
            self.preparation, [texts.item_text(iid, i) for g in preparation for i in g.items]
        )
        label = self.caveat.findChild(QLabel)
        if label is not None:
            label.setText(texts.own_text(instrument, "caveat"))
        self.caveat.setVisible(bool(instrument.caveat))

    def reset(self) -> None:
        for row in self.rows.values():
            row.set_value(None)

    def focus_first(self) -> None:
        first = self.rows[SAFE_TO_TALK].buttons["yes"]
        first.setFocus()

    def answers(self) -> dict[str, bool | None]:
        return {
            key: None if row.value() is None else row.value() == "yes"
            for key, row in self.rows.items()
        }

    def _update(self) -> None:
        complete = all(row.value() is not None for row in self.rows.values())
        self.continue_button.setEnabled(self._context is not None and complete and not self._busy)

    def _continue(self) -> None:
        answers = self.answers()
        if any(value is None for value in answers.values()):
            return
        safe, crisis, control = (bool(answers[key]) for key in GATE)
        self._advance(
            lambda service, sid: service.record_safety_check(
                sid, safe_to_talk=safe, in_crisis=crisis, in_control=control
            )
        )
