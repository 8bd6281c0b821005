"""Step 6: what was recorded, per group; the instrument's own guidance; suggested next steps.

It reports what was recorded; it never concludes anything about the person.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from desktop import texts, ui, wording
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.prompt_banner import PromptBanner
from desktop.session_context import SessionContext
from desktop.step_page import StepPage
from screening_tools.domain import AnswerState, GroupSummary, ScreeningSummary
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Instrument

# The answer columns are the answers' own labels (AnswerState.label), in the same order.
COLUMNS = (
    N_("Group"),
    AnswerState.OBSERVED.label,
    AnswerState.DISCLOSED.label,
    AnswerState.NOT_PRESENT.label,
    AnswerState.PREFER_NOT_TO_SAY.label,
    AnswerState.NOT_ASSESSED.label,
)


def _counts(group: GroupSummary) -> list[int]:
    return [
        len(group.observed),
        len(group.disclosed),
        len(group.not_present),
        len(group.prefer_not_to_say),
        len(group.not_assessed),
    ]


class SummaryStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(
            service, ops, tr(wording.STEP_TITLES["summary"]), tr(wording.SUMMARY_INTRO)
        )
        self.summary: ScreeningSummary | None = None
        self.prompts = PromptBanner()
        self.body.addWidget(self.prompts)
        self.no_interview = ui.banner(name="warning", accessible_name=tr("No interview took place"))
        self.body.addWidget(self.no_interview)
        self.caveat = ui.banner(accessible_name=tr("The checklist's own guidance"))
        self.body.addWidget(self.caveat)
        self.on_concern = ui.banner(
            name="warning", accessible_name=tr("Suggested because of a concern")
        )
        self.body.addWidget(self.on_concern)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(tr("Answers by group"))
        self.table.setHorizontalHeaderLabels([tr(column) for column in COLUMNS])
        first = self.table.horizontalHeaderItem(0)
        if first is not None:
            first.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        # Rows grow with the text size (zoom, system setting) instead of clipping it.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName(tr("Select all"))
        self.body.addWidget(self.table)

        self.body.addWidget(ui.heading(tr("Recorded as observed or disclosed"), level=2))
        self.recorded = _rich_label(tr("Items recorded as observed or disclosed"))
        self.body.addWidget(ui.boxed(self.recorded))
        self.skipped_title = ui.heading(tr(wording.SUMMARY_SKIPPED), level=2)
        self.body.addWidget(self.skipped_title)
        self.skipped = ui.bullet_list([], tr(wording.SUMMARY_SKIPPED))
        self.body.addWidget(self.skipped)
        self.body.addWidget(ui.heading(tr("Suggested next steps"), level=2))
        self.next_steps = ui.bullet_list([], tr("Suggested next steps"))
        self.body.addWidget(ui.boxed(self.next_steps))
        self.body.addStretch(1)
        self.continue_button = self.add_action(
            ui.button(tr("Continue to next steps"), primary=True)
        )
        self.continue_button.clicked.connect(
            lambda: self._advance(lambda service, sid: service.to_next_steps(sid))
        )
        self.reset()

    def fill(self, context: SessionContext) -> None:
        self.reset()
        service, screening_id = self._service, context.screening_id
        self._ops.run(
            lambda: service.screening_summary(screening_id),
            lambda summary: self._loaded(screening_id, summary),
        )

    def reset(self) -> None:
        self.summary = None
        self.prompts.clear()
        for frame in (self.no_interview, self.caveat, self.on_concern):
            frame.hide()
        self.table.setRowCount(0)
        self.recorded.clear()
        ui.set_bullets(self.skipped, [])
        self.skipped_title.hide()
        self.skipped.hide()
        ui.set_bullets(self.next_steps, [])

    def focus_first(self) -> None:
        self.continue_button.setFocus()

    def _update(self) -> None:
        self.continue_button.setEnabled(
            self._context is not None and self.summary is not None and not self._busy
        )

    def _loaded(self, screening_id: int, result: Any) -> None:
        context = self._context
        if context is None or context.screening_id != screening_id:
            return
        assert isinstance(result, ScreeningSummary)
        summary, instrument = result, context.instrument
        self.summary = summary
        iid = summary.instrument_id
        self.prompts.set_prompts(summary.safeguarding_prompts)
        _set_banner(self.no_interview, " ".join(tr(reason) for reason in summary.no_interview))
        _set_banner(self.caveat, _own_text(iid, "caveat", summary.caveat))
        _set_banner(self.on_concern, _own_text(iid, "on_concern", summary.on_concern))
        self._fill_table(summary)
        self.recorded.setText(_recorded_html(summary, instrument))
        skipped = [_item_text(instrument, item_id) for item_id in summary.skipped]
        ui.set_bullets(self.skipped, skipped)
        self.skipped_title.setVisible(bool(skipped))
        self.skipped.setVisible(bool(skipped))
        ui.set_bullets(self.next_steps, texts.next_steps(iid, summary.next_steps))
        self._update()

    def _fill_table(self, summary: ScreeningSummary) -> None:
        rows = [(_group_title(summary.instrument_id, g), _counts(g)) for g in summary.groups]
        totals = [sum(counts[i] for _, counts in rows) for i in range(5)]
        rows.append((tr("All groups"), totals))
        self.table.setRowCount(len(rows))
        for row, (title, counts) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(title))
            for column, value in enumerate(counts, start=1):
                cell = QTableWidgetItem(texts.number(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        last = len(rows) - 1
        for column in range(len(COLUMNS)):
            item = self.table.item(last, column)
            if item is None:
                continue
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().sizeHint().height()
        height += sum(self.table.rowHeight(r) for r in range(len(rows))) + 4
        self.table.setFixedHeight(height)


def _set_banner(frame: Any, text: str) -> None:
    label = frame.findChild(QLabel)
    if label is not None:
        label.setText(text)
    frame.setVisible(bool(text))


def _own_text(instrument_id: str, field: str, text: str | None) -> str:
    """The instrument's caveat or prompt on a concern in the worker's language ("" if none)."""
    return texts.instrument_text(instrument_id, "", field, text) if text else ""


def _group_title(instrument_id: str, group: GroupSummary) -> str:
    return texts.instrument_text(instrument_id, f"group:{group.group_id}", "title", group.title)


def _item_text(instrument: Instrument, item_id: str) -> str:
    item = instrument.item(item_id)
    return texts.item_text(instrument.id, item) if item else item_id


def _rich_label(accessible_name: str) -> QLabel:
    # Built only from escaped text, so recorded words can never become markup.
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


def _recorded_html(summary: ScreeningSummary, instrument: Instrument) -> str:
    parts = []
    for group in summary.groups:
        entries = [(AnswerState.OBSERVED, i) for i in group.observed]
        entries += [(AnswerState.DISCLOSED, i) for i in group.disclosed]
        if not entries:
            continue
        lines = [
            f"<li><b>{html.escape(tr(state.label))}</b> — "
            f"{html.escape(_item_text(instrument, item_id))}</li>"
            for state, item_id in entries
        ]
        title = _group_title(instrument.id, group)
        parts.append(
            f"<p style='margin-bottom:2px'><b>{html.escape(title)}</b></p>"
            f"<ul style='margin-left:-20px'>{''.join(lines)}</ul>"
        )
    if not parts:
        return f"<p><i>{html.escape(tr(wording.SUMMARY_NONE))}</i></p>"
    return "".join(parts)
