"""Every referral, with its status and a flag when a time target has passed; the chosen one
opens in the referral panel beside the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QWidget,
)

from desktop import ui
from desktop.i18n import tr, trn
from desktop.ops import Operations
from desktop.referral_panel import ReferralPanel
from desktop.style import current_theme
from desktop.supervisor_widgets import Notice, page_frame, status_label, table_widget
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.tracking import ReferralStatus
from screening_tools.vault.supervision_repository import CaseFilter, Referral

INTRO = N_(
    "Referrals from draft to outcome. Choose one to record what happened next; each change is "
    "timed and audited. A flag means a target has passed and someone should look."
)
ALL = ""
TARGET_PASSED = N_("Target passed")


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    route: str
    recipient: str
    target_passed: bool


def load_rows(service: ScreeningService, status: str | None) -> list[ReferralRow]:
    """On the worker: the referrals, their labels, and whether a target has passed.

    The first-decision and recovery targets come from each referral's own history; the referral
    target (from the first concern) from the case list's "past the referral target" filter, so
    the whole list costs two queries, not one per referral.
    """
    from screening_tools.jurisdiction import get_jurisdiction
    from screening_tools.targets import targets_for

    now = datetime.now(UTC)
    pack = get_jurisdiction(service.organisation().jurisdiction_id)
    referrals = service.referrals(status=status or None)
    late = CaseFilter(overdue_before=now)
    passed_refer = {c.reference for c in service.case_page(late, 0, service.count_cases(late))}
    rows = []
    for referral in referrals:
        track = referral.track
        flagged = any(t.overdue for t in targets_for(track, None, pack.targets, now))
        not_sent = track.status in (ReferralStatus.DRAFT, ReferralStatus.SIGNED_OFF)
        flagged = flagged or (not_sent and referral.case_reference in passed_refer)
        route = pack.route(referral.route_id)
        recipient = pack.recipient(referral.recipient_id)
        rows.append(
            ReferralRow(
                referral,
                route.label if route else referral.route_id,
                recipient.name if recipient else referral.recipient_id,
                flagged,
            )
        )
    return rows


class ReferralsPage(QWidget):
    open_case = Signal(str)

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._rows: list[ReferralRow] = []
        layout = page_frame(self, tr("Referrals"), tr(INTRO))

        top = QHBoxLayout()
        self.status_filter = ui.combo_box(
            tr("Show referrals with status"),
            [(ALL, tr("All statuses"))] + [(s.value, status_label(s)) for s in ReferralStatus],
        )
        top.addWidget(ui.field_label(tr("Status"), self.status_filter))
        top.addWidget(self.status_filter)
        top.addStretch(1)
        self.count = ui.paragraph("", muted=True)
        self.count.setWordWrap(False)
        top.addWidget(self.count)
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QHBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = table_widget(
            tr("Referrals"), [tr("Case"), tr("Status"), tr("Targets"), tr("Updated")]
        )
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        left_layout.addWidget(self.table)
        splitter.addWidget(left)
        self.panel = ReferralPanel(service, ops)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        holder.setObjectName("page")
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(*ui.mirrored(12, 0, 8, 0))
        holder_layout.addWidget(self.panel)
        scroll.setWidget(holder)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 480])
        self.panel.setMinimumWidth(420)
        layout.addWidget(splitter, 1)

        self.notice = Notice()
        layout.addWidget(self.notice)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.open_button = ui.button(tr("Open the case"))
        self.open_button.setEnabled(False)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.currentCellChanged.connect(lambda row, *_: self._chosen(row))
        self.open_button.clicked.connect(self._open_case)
        self.panel.changed.connect(self._panel_changed)

    def refresh(self) -> None:
        service, status = self._service, str(self.status_filter.currentData() or "")
        self._ops.run(lambda: load_rows(service, status), self._loaded, self.notice.show_error)

    def clear(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
        self.panel.clear()
        self.count.clear()
        self.notice.clear_notice()

    def focus_first(self) -> None:
        self.table.setFocus()

    def rows(self) -> list[ReferralRow]:
        return list(self._rows)

    def select_referral(self, referral_id: int) -> bool:
        for index, row in enumerate(self._rows):
            if row.referral.id == referral_id:
                self.table.setCurrentCell(index, 0)
                return True
        return False

    def _loaded(self, result: Any, *, reload_panel: bool = True) -> None:
        chosen = (
            self.panel.view.id if self.panel.view and self.panel.view.kind == "referral" else None
        )
        self._rows = list(result)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._rows))
        bold = QFont()
        bold.setBold(True)
        for index, row in enumerate(self._rows):
            r = row.referral
            values = (
                r.case_reference,
                status_label(r.status),
                tr(TARGET_PASSED) if row.target_passed else "",
                ui.local_time(r.updated_at),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.route} → {row.recipient}" if column == 0 else text)
                if column == 2 and row.target_passed:
                    item.setFont(bold)
                    item.setForeground(QBrush(QColor(current_theme().warn_text)))
                    item.setBackground(QBrush(QColor(current_theme().warn_background)))
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        flagged = sum(1 for r in self._rows if r.target_passed)
        total = len(self._rows)
        text = trn("{count} referral", "{count} referrals", total).format(count=ui.number(total))
        if flagged:
            text = trn(
                "{referrals}, {count} with a target passed",
                "{referrals}, {count} with a target passed",
                flagged,
            ).format(referrals=text, count=ui.number(flagged))
        self.count.setText(text)
        self.table.blockSignals(not reload_panel)
        if chosen is None or not self.select_referral(chosen):
            self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        if self.table.currentRow() < 0:
            self.panel.clear()
        self.open_button.setEnabled(self.table.currentRow() >= 0)

    def _chosen(self, row: int) -> None:
        self.open_button.setEnabled(0 <= row < len(self._rows))
        if 0 <= row < len(self._rows):
            self.panel.show_referral(self._rows[row].referral)

    def _panel_changed(self) -> None:
        # The list shows the new status; the panel reloads itself.
        service, status = self._service, str(self.status_filter.currentData() or "")
        self._ops.run(lambda: load_rows(service, status), self._relisted, self.notice.show_error)

    def _relisted(self, result: Any) -> None:
        self._loaded(result, reload_panel=False)

    def _open_case(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._rows):
            self.open_case.emit(self._rows[row].referral.case_reference)
