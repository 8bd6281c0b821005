"""Review and sign-off: checklists and draft referrals waiting for a supervisor.

Sign off, or return with a comment saying what needs changing (the core refuses a return with
no comment). The organisation setting that requires sign-off before any packet export is here
too, where the supervisor who signs off can see it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QTableWidgetItem, QWidget

from desktop import ui
from desktop.i18n import current, tr
from desktop.ops import Operations
from desktop.supervisor_widgets import Notice, page_frame, table_widget
from screening_tools.errors import ScreeningError
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.service_supervision import ReviewItem
from screening_tools.tracking import ReferralStatus

INTRO = N_(
    "Checklists and draft referrals waiting for review. Open the case to read what was "
    "recorded, then sign off, or return it with a comment saying what needs changing."
)
EMPTY = N_("Nothing is waiting for review.")
REQUIRE_TEXT = N_("Require a supervisor's sign-off before any referral packet is exported")
REFERRAL_RETURN_NOTE = N_(
    "A draft referral is still with the worker who drafted it, so there is nothing to return. "
    "Sign it off when it is right, or close it from Referrals if it should not go ahead."
)
_KIND_LABELS = {"screening": N_("Checklist"), "referral": N_("Draft referral")}


def load_queue(
    service: ScreeningService,
) -> tuple[list[ReviewItem], bool, dict[tuple[str, int], str]]:
    """On the worker: the queue, the sign-off setting, and each item's details in words
    (checklist titles; route and recipient names from the jurisdiction pack)."""
    from screening_tools.jurisdiction import get_jurisdiction

    items = service.review_queue()
    required = service.require_sign_off()
    pack = get_jurisdiction(service.organisation().jurisdiction_id)
    referrals = {r.id: r for r in service.referrals(status=ReferralStatus.DRAFT.value)}
    details: dict[tuple[str, int], str] = {}
    for item in items:
        if item.kind == "screening":
            # An instrument no longer bundled keeps its id.
            with contextlib.suppress(ScreeningError):
                title = str(service.instrument(item.what).title)
                details[(item.kind, item.id)] = current().instrument_text(
                    item.what, "", "title", title
                )
        elif (referral := referrals.get(item.id)) is not None:
            route = pack.route(referral.route_id)
            recipient = pack.recipient(referral.recipient_id)
            details[(item.kind, item.id)] = (
                f"{route.label if route else referral.route_id} → "
                f"{recipient.name if recipient else referral.recipient_id}"
            )
    return items, required, details


class ReviewQueuePage(QWidget):
    open_case = Signal(str)
    reviewed = Signal(str, int, bool)  # kind, id, signed off (False: returned)

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._items: list[ReviewItem] = []
        self._busy = False
        layout = page_frame(self, tr("Review and sign-off"), tr(INTRO))

        self.require = ui.check_box(
            tr(REQUIRE_TEXT), tr("Require sign-off before any packet export")
        )
        self.require.setEnabled(False)  # until the setting has been read
        layout.addWidget(self.require)

        self.table = table_widget(
            tr("Waiting for review"), [tr("What"), tr("Case"), tr("Details"), tr("Recorded by")]
        )
        layout.addWidget(self.table, 1)
        self.empty = ui.paragraph(tr(EMPTY), muted=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        self.comment = ui.text_box(
            tr("Review comment"),
            tr(
                "Comment: what needs changing (needed to return a checklist), or a note with "
                "the sign-off"
            ),
            lines=3,
        )
        layout.addWidget(ui.field_label(tr("Comment"), self.comment))
        layout.addWidget(self.comment)
        self.referral_note = ui.paragraph(tr(REFERRAL_RETURN_NOTE), muted=True)
        layout.addWidget(self.referral_note)
        self.notice = Notice(tr("Result of the last review"))
        layout.addWidget(self.notice)

        row = QHBoxLayout()
        self.open_button = ui.button(tr("Open the case"))
        row.addWidget(self.open_button)
        row.addStretch(1)
        self.return_button = ui.button(tr("Return with comment"))
        self.sign_off_button = ui.button(tr("Sign off"), primary=True)
        row.addWidget(self.return_button)
        row.addWidget(self.sign_off_button)
        layout.addLayout(row)

        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.comment.textChanged.connect(self._update_buttons)
        self.sign_off_button.clicked.connect(lambda: self.review(approve=True))
        self.return_button.clicked.connect(lambda: self.review(approve=False))
        self.open_button.clicked.connect(self._open_case)
        self.require.toggled.connect(self._require_toggled)
        self._update_buttons()
        self._update_empty()

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self._service
        self._ops.run(lambda: load_queue(service), self._loaded, self.notice.show_error)

    def clear(self) -> None:
        self._items = []
        self.table.setRowCount(0)
        self.comment.clear()
        self.notice.clear_notice()
        self._update_empty()
        self._update_buttons()

    def focus_first(self) -> None:
        self.table.setFocus()

    def items(self) -> list[ReviewItem]:
        return list(self._items)

    def current_item(self) -> ReviewItem | None:
        row = self.table.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def select(self, kind: str, item_id: int) -> bool:
        for row, item in enumerate(self._items):
            if item.kind == kind and item.id == item_id:
                self.table.setCurrentCell(row, 0)
                return True
        return False

    def _loaded(self, result: Any) -> None:
        items, required, details = result
        current = self.current_item()
        self._items = list(items)
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            values = (
                tr(_KIND_LABELS[item.kind]) if item.kind in _KIND_LABELS else item.kind,
                item.case_reference,
                details.get((item.kind, item.id), item.what),
                item.by,
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        if not (current and self.select(current.kind, current.id)) and self._items:
            self.table.setCurrentCell(0, 0)
        self.require.blockSignals(True)
        self.require.setChecked(bool(required))
        self.require.setEnabled(True)
        self.require.blockSignals(False)
        self._update_empty()
        self._update_buttons()

    def _update_empty(self) -> None:
        empty = not self._items
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)

    def _update_buttons(self) -> None:
        item = self.current_item()
        idle = not self._busy
        referral = item is not None and item.kind == "referral"
        self.sign_off_button.setEnabled(idle and item is not None)
        self.open_button.setEnabled(item is not None)
        has_comment = bool(self.comment.toPlainText().strip())
        self.return_button.setEnabled(idle and item is not None and not referral and has_comment)
        self.return_button.setToolTip(
            tr(REFERRAL_RETURN_NOTE)
            if referral
            else ("" if has_comment else tr("Write what needs changing first"))
        )
        self.referral_note.setVisible(referral)

    # -- actions ----------------------------------------------------------------------------

    def review(self, *, approve: bool) -> None:
        item = self.current_item()
        if item is None or self._busy:
            return
        comment = self.comment.toPlainText().strip()
        service = self._service
        if item.kind == "screening":

            def act() -> None:
                service.review_screening(item.id, approve=approve, comment=comment)
        elif approve:

            def act() -> None:
                service.update_referral(item.id, ReferralStatus.SIGNED_OFF, note=comment or None)
        else:
            self.notice.show_info(tr(REFERRAL_RETURN_NOTE))
            return
        self._busy = True
        self._update_buttons()
        self._ops.run(act, lambda _r: self._done(item, approve), self._failed)

    def _done(self, item: ReviewItem, approve: bool) -> None:
        self._busy = False
        self.comment.clear()
        if item.kind == "referral":
            text = (
                tr("The draft referral for case {reference} was signed off.")
                if approve
                else tr("The draft referral for case {reference} was returned with your comment.")
            )
        else:
            text = (
                tr("The checklist for case {reference} was signed off.")
                if approve
                else tr("The checklist for case {reference} was returned with your comment.")
            )
        self.notice.show_info(text.format(reference=item.case_reference))
        self.reviewed.emit(item.kind, item.id, approve)
        service = self._service
        self._ops.run(lambda: load_queue(service), self._loaded, self.notice.show_error)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._update_buttons()
        self.notice.show_error(error)

    def _require_toggled(self, required: bool) -> None:
        service = self._service

        def reverted(error: Exception) -> None:
            self.require.blockSignals(True)
            self.require.setChecked(not required)
            self.require.blockSignals(False)
            self.notice.show_error(error)

        def saved(_result: object) -> None:
            self.notice.show_info(
                tr("Packets can now be exported only after a supervisor's sign-off.")
                if required
                else tr("Packets can be exported without a supervisor's sign-off.")
            )

        self._ops.run(lambda: service.set_require_sign_off(required), saved, reverted)

    def _open_case(self) -> None:
        item = self.current_item()
        if item is not None:
            self.open_case.emit(item.case_reference)
