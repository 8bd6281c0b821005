"""Step 7: next steps. The instrument's prompt on a concern, its suggested next steps, and what
matters for a referral: immediate needs, services needed, suspected exploitation types and
security concerns. Everything here is optional."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from desktop import texts, ui, wording
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.prompt_banner import PromptBanner
from desktop.response_list import ResponseList
from desktop.session_context import (
    EXPLOITATION_TYPES,
    IMMEDIATE_NEEDS,
    SECURITY_CONCERNS,
    SERVICES_NEEDED,
    SessionContext,
)
from desktop.step_page import StepPage
from screening_tools.domain import ScreeningSummary
from screening_tools.service import ScreeningService


class NextStepsStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service, ops, tr(wording.STEP_TITLES["next_steps"]), tr(wording.NEXT_STEPS_INTRO)
        )
        self.prompts = PromptBanner()
        self.body.addWidget(self.prompts)
        self.on_concern = ui.banner(
            name="warning", accessible_name=tr("Suggested because of a concern")
        )
        self.body.addWidget(self.on_concern)
        self.body.addWidget(ui.heading(tr("Suggested next steps"), level=2))
        self.next_steps = ui.bullet_list([], tr("Suggested next steps"))
        self.body.addWidget(ui.boxed(self.next_steps))
        self.lists: dict[str, ResponseList] = {}
        for instrument_id in (
            IMMEDIATE_NEEDS,
            SERVICES_NEEDED,
            EXPLOITATION_TYPES,
            SECURITY_CONCERNS,
        ):
            self.body.addSpacing(10)
            responses = ResponseList(service, ops, instrument_id)
            responses.status.connect(self.status.setText)
            responses.flagged.connect(lambda _item: self._refresh_prompts())
            self.body.addWidget(responses)
            self.lists[instrument_id] = responses
        self.body.addStretch(1)
        self.done_button = self.add_action(
            ui.button(
                tr("Return to the case"), tr("Finish for now and return to the case"), primary=True
            )
        )
        self.done_button.clicked.connect(self.finished)

    def fill(self, context: SessionContext) -> None:
        self.prompts.set_prompts(context.open_prompts())
        for responses in self.lists.values():
            responses.load(context)
        service, screening_id = self._service, context.screening_id
        self._ops.run(
            lambda: service.screening_summary(screening_id),
            lambda summary: self._loaded(screening_id, summary),
        )

    def reset(self) -> None:
        self.prompts.clear()
        self.on_concern.hide()
        ui.set_bullets(self.next_steps, [])
        for responses in self.lists.values():
            responses.clear()

    def focus_first(self) -> None:
        self.done_button.setFocus()

    def _update(self) -> None:
        self.done_button.setEnabled(self._context is not None)

    def _loaded(self, screening_id: int, result: Any) -> None:
        if self._context is None or self._context.screening_id != screening_id:
            return
        assert isinstance(result, ScreeningSummary)
        iid = result.instrument_id
        label = self.on_concern.findChild(QLabel)
        if label is not None:
            label.setText(
                texts.instrument_text(iid, "", "on_concern", result.on_concern)
                if result.on_concern
                else ""
            )
        self.on_concern.setVisible(bool(result.on_concern))
        ui.set_bullets(self.next_steps, texts.next_steps(iid, result.next_steps))
        self.prompts.set_prompts(result.safeguarding_prompts)

    def _refresh_prompts(self) -> None:
        # A "yes" on a flagged item opened a safeguarding task: show its prompt now.
        context = self._context
        if context is None:
            return
        service, screening_id = self._service, context.screening_id
        self._ops.run(
            lambda: service.screening_summary(screening_id),
            lambda summary: self._loaded(screening_id, summary),
        )
