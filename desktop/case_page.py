"""One case: reference, name hidden behind a toggle, the person's age route, screening sessions,
what must be passed on with the referral target, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui, wording
from desktop.i18n import tr, trn
from desktop.notes_view import NotesView
from desktop.ops import Operations
from desktop.safeguarding_panel import SafeguardingPanel
from screening_tools.domain import AnswerState, Case, CaseDetail, Screening
from screening_tools.errors import ScreeningError
from screening_tools.flow import AgeStatus, Route, ScreeningFlow, route_for_age
from screening_tools.service import InstrumentFit, ScreeningService

ADULT_INSTRUMENT = "adult-indicators"
CHILD_INSTRUMENT = "child-indicators"
PRELIMINARY_SCREEN = "preliminary-screen"
STARTABLE = (ADULT_INSTRUMENT, CHILD_INSTRUMENT, PRELIMINARY_SCREEN)
_ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Loaded:
    detail: CaseDetail
    titles: dict[str, tuple[str, int | None]]  # instrument id -> (title, item count)
    flows: dict[int, ScreeningFlow]  # screening id -> its session flow
    # item id -> (instrument id, worker wording in English); translated when shown
    item_texts: dict[str, tuple[str, str]] = field(default_factory=dict)


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
        # The fit warning the worker has seen, for which instrument: starting it then goes ahead.
        self._fit_seen: tuple[str, InstrumentFit] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 24)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.back_button = ui.link_button(tr("← All cases"), tr("Back to all cases"))
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.title = ui.heading(tr("Case"))
        layout.addWidget(self.title)
        self.meta = ui.paragraph(muted=True)
        layout.addWidget(self.meta)

        name_row = QHBoxLayout()
        self.name_label = ui.paragraph(tr(wording.CASE_NAME_HIDDEN), muted=True)
        self.name_label.setAccessibleName(tr("Name"))
        self.name_toggle = ui.button(tr("Show name"), tr("Show name and contact"))
        self.name_toggle.setCheckable(True)
        name_row.addWidget(self.name_toggle)
        name_row.addWidget(self.name_label, 1)
        layout.addLayout(name_row)
        layout.addSpacing(6)

        # The columns scroll as one, so a large text size never squeezes or clips them.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("page")
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)

        sessions, left = ui.card(name="panel")
        left.setSpacing(8)
        left.addWidget(ui.heading(tr("Screening sessions"), level=2))
        age_row = QHBoxLayout()
        self.age = ui.combo_box(
            tr("The person's age"), [(value, tr(label)) for value, label in wording.AGE_CHOICES]
        )
        age_row.addWidget(ui.field_label(tr("Age"), self.age))
        age_row.addWidget(self.age)
        self.route = ui.paragraph(muted=True)
        self.route.setAccessibleName(tr("Route"))
        age_row.addWidget(self.route, 1)
        left.addLayout(age_row)
        self.screenings = QListWidget()
        self.screenings.setAccessibleName(tr("Screening sessions for this case"))
        self.screenings.setWordWrap(True)
        self.screenings.setSpacing(2)
        self.screenings.setMinimumHeight(140)
        self.screenings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.addWidget(self.screenings, 1)
        self.no_screenings = ui.paragraph(tr(wording.SCREENINGS_EMPTY), muted=True)
        left.addWidget(self.no_screenings)
        open_row = QHBoxLayout()
        self.open_button = ui.button(tr("Open session"), tr("Open the selected session"))
        open_row.addWidget(self.open_button)
        open_row.addStretch(1)
        left.addLayout(open_row)
        left.addSpacing(4)
        left.addWidget(ui.heading(tr("Start a screening"), level=2))
        left.addWidget(ui.paragraph(tr(wording.START_HELP), muted=True))
        start_row = QHBoxLayout()
        self.instrument = ui.combo_box(tr("Checklist to use"), [(i, i) for i in STARTABLE])
        start_row.addWidget(ui.field_label(tr("Checklist"), self.instrument))
        start_row.addWidget(self.instrument, 1)
        self.start_button = ui.button(tr("Start screening"), primary=True)
        start_row.addWidget(self.start_button)
        left.addLayout(start_row)
        self.fit_warning = ui.banner(name="warning", accessible_name=tr("Checklist warning"))
        self.fit_text = self.fit_warning.findChild(QLabel)
        fit_buttons = QHBoxLayout()
        fit_buttons.setContentsMargins(0, 0, 0, 0)
        self.use_suggested_button = ui.button(tr("Use the child indicators instead"), primary=True)
        fit_buttons.addWidget(self.use_suggested_button)
        fit_buttons.addStretch(1)
        fit_layout = self.fit_warning.layout()
        if isinstance(fit_layout, QVBoxLayout):
            fit_layout.addLayout(fit_buttons)
        left.addWidget(self.fit_warning)
        columns.addWidget(sessions, 3, Qt.AlignmentFlag.AlignTop)

        right = QVBoxLayout()
        right.setSpacing(16)
        self.safeguarding = SafeguardingPanel()
        right.addWidget(self.safeguarding)
        notes, notes_layout = ui.card(name="panel")
        notes_layout.addWidget(ui.heading(tr("Notes"), level=2))
        self.notes = NotesView(tr("Notes for this case"))
        self.notes.setMinimumHeight(140)
        notes_layout.addWidget(self.notes, 1)
        self.note_editor = ui.text_box(
            tr("New note"),
            tr("Write a note (optional). Record what you saw, not conclusions."),
            lines=3,
        )
        notes_layout.addWidget(self.note_editor)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_note_button = ui.button(tr("Save note"))
        save_row.addWidget(self.save_note_button)
        notes_layout.addLayout(save_row)
        right.addWidget(notes)
        sharing, sharing_layout = ui.card(name="panel")
        sharing_layout.addWidget(ui.heading(tr("Sharing and referral"), level=2))
        sharing_layout.addWidget(
            ui.paragraph(
                tr(
                    "Nothing leaves this computer except through a referral packet, and only what "
                    "the person agreed to (or the recorded legal basis covers)."
                ),
                muted=True,
            )
        )
        sharing_row = QHBoxLayout()
        self.consent_button = ui.button(tr("Consent…"), tr("Record or withdraw consent to share"))
        self.basis_button = ui.button(
            tr("Child's views / exception…"), tr("Child's views and safeguarding exceptions")
        )
        self.export_button = ui.button(tr("Export referral…"), tr("Export a referral packet"))
        for button in (self.consent_button, self.basis_button, self.export_button):
            sharing_row.addWidget(button)
        sharing_row.addStretch(1)
        sharing_layout.addLayout(sharing_row)
        right.addWidget(sharing)
        right.addStretch(1)
        columns.addLayout(right, 2)

        self.back_button.clicked.connect(self.back)
        self.consent_button.clicked.connect(lambda: self._open_sharing("consent"))
        self.basis_button.clicked.connect(lambda: self._open_sharing("basis"))
        self.export_button.clicked.connect(lambda: self._open_sharing("export"))
        self.name_toggle.toggled.connect(self._show_name)
        self.start_button.clicked.connect(self._start)
        self.open_button.clicked.connect(self._open_current)
        self.screenings.itemActivated.connect(self._open_item)
        self.screenings.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.save_note_button.clicked.connect(self._save_note)
        self.note_editor.textChanged.connect(self._update_buttons)
        # activated: only the worker's own choice, never a change made while loading.
        self.age.activated.connect(self._age_chosen)
        self.instrument.activated.connect(lambda _index: self._check_fit())
        self.use_suggested_button.clicked.connect(self._use_suggested)
        self.safeguarding.mark_passed_on.connect(self._mark_passed_on)
        self.clear()

    # -- loading --------------------------------------------------------------------------

    @property
    def reference(self) -> str | None:
        return self._case.reference if self._case else None

    def chosen_instrument(self) -> str:
        return str(self.instrument.currentData() or ADULT_INSTRUMENT)

    def choose_instrument(self, instrument_id: str) -> None:
        index = self.instrument.findData(instrument_id)
        if index >= 0:
            self.instrument.setCurrentIndex(index)

    def load(self, reference: str) -> None:
        if self.reference != reference:
            self.clear()
        # Every time a case is opened its name starts hidden again.
        self.name_toggle.setChecked(False)
        service = self._service

        def fetch() -> _Loaded:
            detail = service.open_case(reference)
            titles: dict[str, tuple[str, int | None]] = {}
            item_texts: dict[str, tuple[str, str]] = {}
            for instrument_id in {*STARTABLE, *(s.instrument_id for s in detail.screenings)}:
                try:
                    instrument = service.instrument(instrument_id)
                except ScreeningError:
                    titles[instrument_id] = (instrument_id, None)
                    continue
                titles[instrument_id] = (instrument.title, len(instrument.items()))
            # Tasks can come from any instrument (a flagged immediate need, for example).
            for instrument in service.instruments():
                item_texts.update(
                    {i.id: (instrument.id, i.worker_text) for i in instrument.items()}
                )
            flows = {s.id: service.session_flow(s.id) for s in detail.screenings}
            return _Loaded(detail, titles, flows, item_texts)

        self._ops.run(fetch, self._loaded)

    def clear(self) -> None:
        self._case = None
        self._busy = False
        self._fit_seen = None
        self.title.setText(tr("Case"))
        self.meta.clear()
        self.name_toggle.setChecked(False)
        self._show_name(False)
        self.screenings.clear()
        self.notes.clear_notes()
        self.note_editor.clear()
        self.safeguarding.set_content(None, [], {})
        self.fit_warning.hide()
        self.route.clear()
        self._update_buttons()

    def focus_first(self) -> None:
        if self.screenings.count():
            self.screenings.setFocus()
        else:
            self.age.setFocus()

    def _loaded(self, result: Any) -> None:
        assert isinstance(result, _Loaded)
        detail = result.detail
        case = detail.case
        if self._case is None or self._case.reference != case.reference:
            self._fit_seen = None
            self.fit_warning.hide()
        self._case = case
        self.title.setText(tr("Case {reference}").format(reference=case.reference))
        self.meta.setText(
            tr("Created {created} by {worker} · last updated {updated}").format(
                created=texts.local_time(case.created_at),
                worker=case.created_by,
                updated=texts.local_time(case.updated_at),
            )
        )
        self._show_name(self.name_toggle.isChecked())
        index = self.age.findData(detail.age_status)
        self.age.setCurrentIndex(max(index, 0))
        self._show_route(AgeStatus(detail.age_status))
        titles = {
            instrument_id: _title(instrument_id, title, count)
            for instrument_id, (title, count) in result.titles.items()
        }
        for i in range(self.instrument.count()):
            instrument_id = str(self.instrument.itemData(i))
            self.instrument.setItemText(i, titles.get(instrument_id, instrument_id))

        current = self.screenings.currentItem()
        current_id = current.data(_ID_ROLE) if current else None
        self.screenings.clear()
        for screening in detail.screenings:
            _source, count = result.titles.get(
                screening.instrument_id, (screening.instrument_id, None)
            )
            title = titles.get(screening.instrument_id, screening.instrument_id)
            item = QListWidgetItem(
                _describe(screening, title, count, result.flows.get(screening.id))
            )
            item.setData(_ID_ROLE, screening.id)
            self.screenings.addItem(item)
            if screening.id == current_id:
                self.screenings.setCurrentItem(item)
        if self.screenings.currentItem() is None and self.screenings.count():
            self.screenings.setCurrentRow(self.screenings.count() - 1)
        self.notes.set_notes(detail.notes, label_checklist=True, label_kind=True)
        item_texts = {
            item_id: texts.instrument_text(instrument_id, item_id, "worker_text", text)
            for item_id, (instrument_id, text) in result.item_texts.items()
        }
        self.safeguarding.set_content(detail.referral_target, detail.safeguarding_tasks, item_texts)
        self._update_buttons()

    def _open_sharing(self, which: str) -> None:
        from desktop import sharing_entry

        reference = self.reference
        if reference is None:
            return
        opener = {
            "consent": sharing_entry.open_consent,
            "basis": sharing_entry.open_basis,
            "export": sharing_entry.open_export,
        }[which]
        dialog = opener(self, self._service, self._ops, reference)
        dialog.finished.connect(lambda _result: self.load(reference))

    def _update_buttons(self) -> None:
        loaded = self._case is not None and not self._busy
        has_screenings = self.screenings.count() > 0
        self.screenings.setVisible(has_screenings)
        self.no_screenings.setVisible(not has_screenings)
        self.start_button.setEnabled(loaded)
        for button in (self.consent_button, self.basis_button, self.export_button):
            button.setEnabled(loaded)
        self.use_suggested_button.setEnabled(loaded)
        self.age.setEnabled(loaded)
        self.instrument.setEnabled(loaded)
        self.open_button.setEnabled(loaded and self.screenings.currentItem() is not None)
        self.save_note_button.setEnabled(loaded and bool(self.note_editor.toPlainText().strip()))
        has_name = bool(self._case and (self._case.name or self._case.contact))
        self.name_toggle.setEnabled(has_name)

    def _show_name(self, shown: bool) -> None:
        self.name_toggle.setText(tr("Hide name") if shown else tr("Show name"))
        case = self._case
        if case is None or not (case.name or case.contact):
            self.name_label.setText(tr(wording.CASE_NO_NAME) if case else "")
        elif not shown:
            self.name_label.setText(tr(wording.CASE_NAME_HIDDEN))
        else:
            parts = []
            if case.name:
                parts.append(tr("Name: {name}").format(name=case.name))
            if case.contact:
                parts.append(tr("Contact: {contact}").format(contact=case.contact))
            self.name_label.setText("   ·   ".join(parts))

    def _show_route(self, status: AgeStatus) -> None:
        child = route_for_age(status) is Route.CHILD
        self.route.setText(tr(wording.CHILD_ROUTE) if child else tr(wording.ADULT_ROUTE))

    # -- age and the checklist's fit --------------------------------------------------------

    def _age_chosen(self, _index: int) -> None:
        reference = self.reference
        if reference is None:
            return
        status = AgeStatus(str(self.age.currentData()))
        self._show_route(status)
        service = self._service
        self._ops.run(lambda: service.set_age_status(reference, status), lambda _route: None)
        self._check_fit()

    def _check_fit(self) -> None:
        reference = self.reference
        if reference is None:
            return
        instrument_id = self.chosen_instrument()
        service = self._service
        # Queued after any age change, so the core answers for the age just chosen.
        self._ops.run(
            lambda: service.instrument_fit(reference, instrument_id),
            lambda fit: self._show_fit(instrument_id, fit),
        )

    def _show_fit(self, instrument_id: str, fit: InstrumentFit) -> None:
        if instrument_id != self.chosen_instrument():
            return  # the worker has chosen another checklist since
        if fit.warning is None:
            self._fit_seen = None
            self.fit_warning.hide()
            return
        self._fit_seen = (instrument_id, fit)
        if self.fit_text is not None:
            self.fit_text.setText(tr(fit.warning))
        suggested = fit.suggested_instrument_id
        self.use_suggested_button.setVisible(suggested is not None)
        if suggested is not None:
            title = self.instrument.itemText(max(self.instrument.findData(suggested), 0))
            # TRANSLATORS: {checklist} is a checklist's title, e.g. "child indicators".
            text = tr("Use the {checklist} instead").format(checklist=title[:1].lower() + title[1:])
            self.use_suggested_button.setText(text)
            self.use_suggested_button.setAccessibleName(text)
        self.fit_warning.show()

    def _use_suggested(self) -> None:
        if self._fit_seen is None or self._fit_seen[1].suggested_instrument_id is None:
            return
        self.choose_instrument(self._fit_seen[1].suggested_instrument_id)
        self._fit_seen = None
        self.fit_warning.hide()
        self._check_fit()
        self.start_button.setFocus()

    # -- actions --------------------------------------------------------------------------

    def _start(self) -> None:
        reference = self.reference
        if reference is None:
            return
        instrument_id = self.chosen_instrument()
        seen = self._fit_seen is not None and self._fit_seen[0] == instrument_id
        service = self._service

        def start() -> Screening | InstrumentFit:
            # An adult-only checklist for a child is never started before its warning was shown.
            fit = service.instrument_fit(reference, instrument_id)
            if fit.warning is not None and not seen:
                return fit
            return service.start_screening(reference, instrument_id)

        self._set_busy(True)
        self._ops.run(
            start, lambda result: self._started(reference, instrument_id, result), self._failed
        )

    def _started(self, reference: str, instrument_id: str, result: Any) -> None:
        self._set_busy(False)
        if isinstance(result, InstrumentFit):
            self._show_fit(instrument_id, result)
            self.use_suggested_button.setFocus()
            return
        assert isinstance(result, Screening)
        self.open_screening.emit(reference, result.id)

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

    def _mark_passed_on(self, task_id: int) -> None:
        reference = self.reference
        if reference is None:
            return
        service = self._service
        self._ops.run(
            lambda: service.close_safeguarding_task(reference, task_id),
            lambda _none: self.load(reference),
            self._failed,
        )

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


def _title(instrument_id: str, title: str, item_count: int | None) -> str:
    """A checklist's title in the worker's language (its id when it could not be read)."""
    if item_count is None:
        return title
    return texts.instrument_text(instrument_id, "", "title", title)


def _describe(
    screening: Screening, title: str, item_count: int | None, flow: ScreeningFlow | None
) -> str:
    answers = screening.answers.values()
    answered = sum(1 for a in answers if a.state != AnswerState.NOT_ASSESSED)
    concerns = sum(1 for a in answers if a.state.is_concern)
    started = tr("{checklist} — started {time} by {worker}").format(
        checklist=title,
        time=texts.local_time(screening.started_at),
        worker=screening.recorded_by,
    )
    if item_count is not None:
        progress = trn(
            "{answered} of {total} item answered",
            "{answered} of {total} items answered",
            item_count,
        ).format(answered=texts.number(answered), total=texts.number(item_count))
    else:
        progress = trn("{answered} item answered", "{answered} items answered", answered).format(
            answered=texts.number(answered)
        )
    parts = [
        progress,
        trn("{count} observed or disclosed", "{count} observed or disclosed", concerns).format(
            count=texts.number(concerns)
        ),
    ]
    if flow is not None:
        step = tr(wording.STEP_TITLES.get(flow.step.value, flow.step.value))
        if flow.state.no_interview:
            step = tr("{step} (no interview)").format(step=step)
        parts.append(step)
        if flow.state.paused:
            parts.append(tr("paused"))
    return f"{started}\n" + " · ".join(parts)
