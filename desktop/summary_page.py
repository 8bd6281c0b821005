"""Summary of one checklist: counts per group, what was recorded, the caveat and next steps.

It reports what was recorded; it never concludes anything about the person.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import ui, wording
from desktop.ops import Operations
from screening_tools.content import Instrument
from screening_tools.domain import AnswerState, GroupSummary, ScreeningSummary
from screening_tools.service import ScreeningService

_COLUMNS = ("Group", "Observed", "Disclosed", "Not present", "Prefer not to say", "Not assessed")


@dataclass(frozen=True)
class _Loaded:
    summary: ScreeningSummary
    instrument: Instrument


def _counts(group: GroupSummary) -> list[int]:
    return [
        len(group.observed),
        len(group.disclosed),
        len(group.not_present),
        len(group.prefer_not_to_say),
        len(group.not_assessed),
    ]


class SummaryPage(QWidget):
    back = Signal(str, int)  # case reference, screening id

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._reference: str | None = None
        self._screening_id: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        body.setObjectName("page")
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 12, 32, 24)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.back_button = ui.button("← Back to checklist", "Back to the checklist")
        self.back_button.setObjectName("link")
        top.addWidget(self.back_button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(ui.heading("Summary"))
        self.meta = ui.paragraph(muted=True)
        layout.addWidget(self.meta)
        layout.addWidget(ui.paragraph(wording.SUMMARY_INTRO))

        banner = QFrame()
        banner.setObjectName("banner")
        banner_layout = QVBoxLayout(banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        self.caveat = ui.paragraph(selectable=True)
        banner_layout.addWidget(self.caveat)
        self.banner = banner
        layout.addWidget(banner)

        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setAccessibleName("Answers by group")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
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
        self.table.verticalHeader().setDefaultSectionSize(32)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Select all")
        layout.addWidget(self.table)

        layout.addWidget(ui.heading("Recorded as observed or disclosed", level=2))
        self.recorded = _rich_label("Items recorded as observed or disclosed")
        layout.addWidget(self.recorded)

        layout.addWidget(ui.heading("Suggested next steps", level=2))
        self.next_steps = _rich_label("Suggested next steps")
        layout.addWidget(self.next_steps)
        layout.addStretch(1)

        self.back_button.clicked.connect(self._back)
        self.clear()

    def load(self, reference: str, screening_id: int) -> None:
        self.clear()
        self._reference = reference
        self._screening_id = screening_id
        service = self._service

        def fetch() -> _Loaded:
            summary = service.screening_summary(screening_id)
            return _Loaded(summary, service.instrument(summary.instrument_id))

        self._ops.run(fetch, self._loaded)

    def clear(self) -> None:
        self._reference = None
        self._screening_id = None
        self.meta.clear()
        self.caveat.clear()
        self.banner.hide()
        self.table.setRowCount(0)
        self.recorded.clear()
        self.next_steps.clear()

    def focus_first(self) -> None:
        self.back_button.setFocus()

    def _loaded(self, result: Any) -> None:
        assert isinstance(result, _Loaded)
        summary, instrument = result.summary, result.instrument
        self.meta.setText(
            f"{instrument.title} · Case {summary.case_reference} · "
            f"checklist version {summary.instrument_version}"
        )
        self.caveat.setText(summary.caveat)
        self.banner.setVisible(bool(summary.caveat))
        self._fill_table(summary)
        self.recorded.setText(_recorded_html(summary, instrument))
        steps = "".join(
            f"<li style='margin-bottom:4px'>{html.escape(s)}</li>" for s in summary.next_steps
        )
        self.next_steps.setText(f"<ul style='margin-left:-20px'>{steps}</ul>")

    def _fill_table(self, summary: ScreeningSummary) -> None:
        rows = [(g.title, _counts(g)) for g in summary.groups]
        totals = [sum(counts[i] for _, counts in rows) for i in range(5)]
        rows.append(("All groups", totals))
        self.table.setRowCount(len(rows))
        for row, (title, counts) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(title))
            for column, value in enumerate(counts, start=1):
                cell = QTableWidgetItem(str(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        last = len(rows) - 1
        for column in range(len(_COLUMNS)):
            item = self.table.item(last, column)
            if item is None:
                continue
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        height = self.table.horizontalHeader().sizeHint().height()
        height += sum(self.table.rowHeight(r) for r in range(len(rows))) + 4
        self.table.setFixedHeight(height)

    def _back(self) -> None:
        if self._reference is not None and self._screening_id is not None:
            self.back.emit(self._reference, self._screening_id)


def _rich_label(accessible_name: str) -> QLabel:
    # Built only from escaped text, so recorded words can never become markup.
    label = QLabel()
    label.setObjectName("panelText")
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
        lines = []
        for state, item_id in entries:
            item = instrument.item(item_id)
            text = item.worker_text if item else item_id
            lines.append(f"<li><b>{state.label}</b> — {html.escape(text)}</li>")
        parts.append(
            f"<p style='margin-bottom:2px'><b>{html.escape(group.title)}</b></p>"
            f"<ul style='margin-left:-20px'>{''.join(lines)}</ul>"
        )
    if not parts:
        return f"<p style='color:#56616d'>{html.escape(wording.SUMMARY_NONE)}</p>"
    return "".join(parts)
