"""When the safety check says "not now": no questions. Why no interview took place, the
person's immediate needs and support, and — optional — what the worker observed."""

from __future__ import annotations

from desktop import texts, ui, wording
from desktop.checklist_item_widget import OBSERVATION_STATES
from desktop.i18n import tr
from desktop.item_list import ItemList
from desktop.ops import Operations
from desktop.prompt_banner import PromptBanner
from desktop.response_list import ResponseList
from desktop.session_context import IMMEDIATE_NEEDS, SAFETY_CHECK, SessionContext
from desktop.session_notes import SessionNotes
from desktop.step_page import StepPage
from screening_tools.domain import Answer, ScreeningSummary
from screening_tools.flow import NO_INTERVIEW_TEXT
from screening_tools.service import ScreeningService


class ImmediateNeedsStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service,
            ops,
            tr(wording.STEP_TITLES["immediate_needs"]),
            tr(wording.IMMEDIATE_NEEDS_INTRO),
        )
        self.intro.setObjectName("")  # the reasons matter: full-strength text
        self.reasons = ui.bullet_list([], tr("Why no interview took place"))
        self.body.addWidget(ui.boxed(self.reasons))
        self.prompts = PromptBanner()
        self.body.addWidget(self.prompts)
        self.support_title = ui.heading(tr(wording.IMMEDIATE_NEEDS_SUPPORT), level=2)
        self.body.addWidget(self.support_title)
        self.support = ui.bullet_list([], tr(wording.IMMEDIATE_NEEDS_SUPPORT))
        self.body.addWidget(self.support)
        self.body.addSpacing(6)
        self.needs = ResponseList(service, ops, IMMEDIATE_NEEDS)
        self.needs.status.connect(self.status.setText)
        self.needs.flagged.connect(lambda _item: self._refresh_prompts())
        self.body.addWidget(self.needs)
        self.body.addSpacing(10)

        self.observations_toggle = ui.button(tr(wording.OBSERVATIONS_TOGGLE))
        self.observations_toggle.setCheckable(True)
        self.body.addWidget(self.observations_toggle)
        self.observations_help = ui.paragraph(tr(wording.OBSERVATION_HELP), muted=True)
        self.body.addWidget(self.observations_help)
        self.observations = ItemList(service, ops, states=OBSERVATION_STATES, can_skip=False)
        self.observations.status.connect(self.status.setText)
        self.observations.saved.connect(self._saved)
        self.body.addWidget(self.observations)
        self.notes = SessionNotes(service, ops)
        self.notes.status.connect(self.status.setText)
        self.body.addWidget(self.notes)
        self.body.addStretch(1)
        self.continue_button = self.add_action(
            ui.button(tr("Continue to next steps"), primary=True)
        )
        self.continue_button.clicked.connect(
            lambda: self._advance(lambda service, sid: service.to_next_steps(sid))
        )
        self.observations_toggle.toggled.connect(self._show_observations)
        self._show_observations(False)

    def fill(self, context: SessionContext) -> None:
        flow = context.flow
        ui.set_bullets(self.reasons, [tr(NO_INTERVIEW_TEXT[r]) for r in flow.state.no_interview])
        safety = context.tool(SAFETY_CHECK)
        needs = context.tool(IMMEDIATE_NEEDS)
        support = texts.next_steps(safety.id, list(safety.next_steps)) + texts.next_steps(
            needs.id, list(needs.next_steps)
        )
        ui.set_bullets(self.support, support)
        self.support_title.setVisible(bool(support))
        self.prompts.set_prompts(context.open_prompts())
        self.needs.load(context)
        self.observations.load(context, self._lang)
        self.notes.load(context)
        observed = self.observations.answered_count() > 0
        self.observations_toggle.setChecked(observed)
        self._show_observations(observed)

    def apply_language(self) -> None:
        self.observations.set_language(self._lang)

    def reset(self) -> None:
        ui.set_bullets(self.reasons, [])
        ui.set_bullets(self.support, [])
        self.prompts.clear()
        self.needs.clear()
        self.observations.clear()
        self.notes.clear()
        self.observations_toggle.setChecked(False)

    def focus_first(self) -> None:
        rows = list(self.needs.rows.values())
        if rows:
            first = rows[0]
            first.buttons[first.value() or "not_asked"].setFocus()
        else:
            self.continue_button.setFocus()

    def _update(self) -> None:
        self.continue_button.setEnabled(self._context is not None and not self._busy)

    def _show_observations(self, shown: bool) -> None:
        self.observations_help.setVisible(shown)
        self.observations.setVisible(shown)
        self.observations_toggle.setText(
            tr("Hide the list of signs") if shown else tr(wording.OBSERVATIONS_TOGGLE)
        )

    def _saved(self, answer: Answer) -> None:
        if answer.prompts:
            self.prompts.add(answer.prompts)

    def _refresh_prompts(self) -> None:
        # A "yes" on a flagged need opened a safeguarding task: show its prompt now.
        context = self._context
        if context is None:
            return
        service, screening_id = self._service, context.screening_id
        self._ops.run(
            lambda: service.screening_summary(screening_id),
            lambda summary: self._prompts_loaded(screening_id, summary),
        )

    def _prompts_loaded(self, screening_id: int, summary: ScreeningSummary) -> None:
        if self._context is not None and self._context.screening_id == screening_id:
            self.prompts.set_prompts(summary.safeguarding_prompts)
