"""The screening wizard: shows whichever step the core's flow is at, and nothing else decides it.

    safety check → purpose and confidentiality → interpreter → agreement to notes
      → questions → summary → next steps          (or, when it is not right to talk now:
    safety check → immediate needs and support → next steps)

Each step asks the core to record itself; the wizard then reads the session again and shows the
step the returned flow is at. Pause is on every step: the session is saved where it is, and
opening it again from the case resumes there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.confidentiality_step import ConfidentialityStep
from desktop.guidance_panel import review_text
from desktop.i18n import tr
from desktop.immediate_needs_step import ImmediateNeedsStep
from desktop.interpreter_step import InterpreterStep
from desktop.items_step import ItemsStep
from desktop.next_steps_step import NextStepsStep
from desktop.notes_agreement_step import NotesAgreementStep
from desktop.ops import Operations
from desktop.safety_check_step import SafetyCheckStep
from desktop.session_context import SessionContext, read_session
from desktop.step_page import StepPage
from desktop.summary_step import SummaryStep
from screening_tools.flow import ORDER, Route, ScreeningFlow, Step
from screening_tools.service import ScreeningService


class ScreeningWizard(QWidget):
    back = Signal(str)  # case reference
    paused = Signal(str)  # case reference: the session was paused and saved

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._reference: str | None = None
        self._screening_id: int | None = None
        self._context: SessionContext | None = None
        self._lang = texts.SOURCE_LANGUAGE
        self._loading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QWidget()
        header.setObjectName("page")
        rows = QVBoxLayout(header)
        rows.setContentsMargins(32, 10, 32, 2)
        rows.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.pause_button = ui.button(tr("Pause"), tr("Pause the session and return to the case"))
        self.pause_button.setToolTip(
            tr("Save the session where it is; carry on later from the case")
        )
        top.addWidget(self.pause_button)
        self.step_indicator = QLabel()
        self.step_indicator.setObjectName("stepIndicator")
        self.step_indicator.setAccessibleName(tr("Step"))
        top.addWidget(self.step_indicator, 1)
        self.language = ui.combo_box(tr("Person's language"), texts.person_languages())
        language_label = ui.field_label(tr("Person's language"), self.language)
        language_label.setWordWrap(False)
        top.addWidget(language_label)
        top.addWidget(self.language)
        rows.addLayout(top)
        second = QHBoxLayout()
        second.setSpacing(16)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        second.addWidget(self.meta, 1)
        self.review = QLabel()
        self.review.setObjectName("reviewStatus")
        self.review.setAccessibleName(tr("Review status of this checklist"))
        second.addWidget(self.review)
        rows.addLayout(second)
        layout.addWidget(header)

        self.stack = QStackedWidget()
        self.steps: dict[Step, StepPage] = {
            Step.SAFETY_CHECK: SafetyCheckStep(service, ops),
            Step.CONFIDENTIALITY: ConfidentialityStep(service, ops),
            Step.INTERPRETER: InterpreterStep(service, ops),
            Step.NOTES_AGREEMENT: NotesAgreementStep(service, ops),
            Step.ITEMS: ItemsStep(service, ops),
            Step.SUMMARY: SummaryStep(service, ops),
            Step.NEXT_STEPS: NextStepsStep(service, ops),
            Step.IMMEDIATE_NEEDS: ImmediateNeedsStep(service, ops),
        }
        self.placeholder = QWidget()
        self.placeholder.setObjectName("page")
        self.stack.addWidget(self.placeholder)
        for step in self.steps.values():
            self.stack.addWidget(step)
            step.advanced.connect(self._advanced)
            step.finished.connect(self._finished)
        layout.addWidget(self.stack, 1)

        self.pause_button.clicked.connect(self.pause)
        self.language.currentIndexChanged.connect(self._language_changed)
        self.clear()

    # -- reading the session --------------------------------------------------------------

    @property
    def screening_id(self) -> int | None:
        return self._screening_id

    @property
    def context(self) -> SessionContext | None:
        return self._context

    def current_step(self) -> StepPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, StepPage) else None

    def step(self, step: Step) -> StepPage:
        return self.steps[step]

    def load(self, reference: str, screening_id: int) -> None:
        if (reference, screening_id) != (self._reference, self._screening_id):
            self.clear()
        self._reference = reference
        self._screening_id = screening_id
        self._reload()

    def clear(self) -> None:
        self._reference = None
        self._screening_id = None
        self._context = None
        self._loading = False
        for step in self.steps.values():
            step.clear()
        self.stack.setCurrentWidget(self.placeholder)
        self.step_indicator.clear()
        self.meta.clear()
        self.review.clear()
        self.language.blockSignals(True)
        self.language.setCurrentIndex(0)
        self.language.blockSignals(False)
        self._lang = texts.SOURCE_LANGUAGE
        self._update()

    def focus_first(self) -> None:
        step = self.current_step()
        if step is not None:
            step.focus_first()
        else:
            self.pause_button.setFocus()

    def _reload(self) -> None:
        reference, screening_id = self._reference, self._screening_id
        if reference is None or screening_id is None:
            return
        service = self._service
        self._loading = True
        self._update()
        self._ops.run(
            lambda: read_session(service, reference, screening_id),
            self._loaded,
            self._load_failed,
        )

    def _loaded(self, result: Any) -> None:
        assert isinstance(result, SessionContext)
        if (result.reference, result.screening_id) != (self._reference, self._screening_id):
            return
        self._loading = False
        self._context = result
        self._show_header(result)
        page = self.steps[result.flow.step]
        previous = self.stack.currentWidget()
        page.show_context(result, self._lang)
        self.stack.setCurrentWidget(page)
        self._update()
        if previous is not page or self.focusWidget() is None:
            page.focus_first()

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self._update()
        self._ops.failed.emit(error)

    def _show_header(self, context: SessionContext) -> None:
        flow, instrument = context.flow, context.instrument
        title = tr(wording.STEP_TITLES.get(flow.step.value, flow.step.value))
        if flow.step in ORDER:
            position = ORDER.index(flow.step) + 1
            self.step_indicator.setText(
                tr("Step {position} of {count} · {step}").format(
                    position=texts.number(position), count=texts.number(len(ORDER)), step=title
                )
            )
        else:
            self.step_indicator.setText(
                tr("{no_interview} · {step}").format(
                    no_interview=tr(wording.NO_INTERVIEW_STEP), step=title
                )
            )
        values = {
            "reference": context.reference,
            "checklist": texts.own_text(instrument, "title"),
            "version": context.screening.instrument_version,
        }
        if flow.route is Route.CHILD:
            meta = tr("Case {reference} · {checklist} (version {version}) · child route")
        else:
            meta = tr("Case {reference} · {checklist} (version {version})")
        self.meta.setText(meta.format(**values))
        self.review.setText(review_text(instrument.review_status))

    # -- moving on ------------------------------------------------------------------------

    def _advanced(self, _flow: ScreeningFlow) -> None:
        # The flow says where the session is now; read it again and show that step.
        self._reload()

    def _finished(self) -> None:
        if self._reference is not None:
            self.back.emit(self._reference)

    def pause(self) -> None:
        reference, screening_id = self._reference, self._screening_id
        if reference is None or screening_id is None:
            return
        service = self._service
        self.pause_button.setEnabled(False)
        self._ops.run(
            lambda: service.pause_session(screening_id),
            lambda _flow: self._paused(reference),
            self._load_failed,
        )

    def _paused(self, reference: str) -> None:
        if reference != self._reference:
            return
        self.paused.emit(reference)

    def _language_changed(self, _index: int) -> None:
        self._lang = str(self.language.currentData() or texts.SOURCE_LANGUAGE)
        for step in self.steps.values():
            step.set_language(self._lang)

    @property
    def person_language(self) -> str:
        return self._lang

    def _update(self) -> None:
        self.pause_button.setEnabled(self._context is not None and not self._loading)
