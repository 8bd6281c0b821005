"""One referral: where it stands, what may happen next, its history and its time targets.

The buttons are exactly the statuses the core's lifecycle allows next (``allowed_next``); the
core records each change with its time and who made it, and audits it. The jurisdiction's time
targets are shown as targets, never as anything stricter: a passed target is flagged so someone
looks at the referral, and nothing is blocked by it.

The same panel tracks a packet imported into the inbox, "like any other referral".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.flow_layout import FlowLayout
from desktop.i18n import tr, trn
from desktop.ops import Operations
from desktop.supervisor_widgets import Notice, name_parts, status_label
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.targets import TargetStatus
from screening_tools.tracking import NOTE_MAX_CHARS, ReferralStatus, ReferralTrack
from screening_tools.vault.supervision_repository import Referral

S = ReferralStatus

# Buttons read as actions where the status itself does not.
_ACTION_WORDS = {
    S.SIGNED_OFF: N_("Sign off"),
    S.DRAFT: N_("Return to draft"),
    S.SENT: N_("Mark as sent"),
    S.CLOSED: N_("Close"),
}
TARGETS_INTRO = N_(
    "Targets from the jurisdiction pack. A target that has passed is flagged so someone looks at "
    "the referral; nothing is blocked by it."
)


@dataclass(frozen=True)
class TrackView:
    """What the panel shows, whatever is being tracked (a referral or an imported packet)."""

    kind: str  # "referral" | "inbox"
    id: int
    title: str
    subtitle: str
    track: ReferralTrack
    targets: tuple[TargetStatus, ...]
    can_extend: bool  # the core takes an "extended to" date and a curtailment for this kind


def action_text(status: ReferralStatus) -> str:
    words = _ACTION_WORDS.get(status)
    return tr(words) if words else status_label(status)


def target_state(target: TargetStatus, now: datetime | None = None) -> str:
    """Where a target stands, in plain words (never stricter than "target passed")."""
    if target.met_at is not None:
        when = ui.local_time(target.met_at)
        text = tr("Met {when}, after the target") if target.met_late else tr("Met {when}")
        return text.format(when=when)
    if target.stopped_at is not None:
        return tr("No longer applies: the referral stopped {when}").format(
            when=ui.local_time(target.stopped_at)
        )
    remaining = target.remaining
    if remaining is None:
        remaining = target.due_at - (now or datetime.now(UTC))
    if target.overdue:
        return tr("Target passed {time} ago").format(time=_span(-remaining))
    return tr("{time} left").format(time=_span(remaining))


def _span(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return tr("less than an hour")
    if hours < 48:
        return trn("{count} hour", "{count} hours", hours).format(count=ui.number(hours))
    days = hours // 24
    return trn("{count} day", "{count} days", days).format(count=ui.number(days))


class _TargetRow(QFrame):
    def __init__(self, target: TargetStatus) -> None:
        super().__init__()
        self.setObjectName("warning" if target.overdue else "panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.label = ui.paragraph(tr(target.label))
        self.label.setObjectName("fieldLabel")
        layout.addWidget(self.label)
        due = tr("Target time: {when}").format(when=ui.local_time(target.due_at))
        if target.extended_to is not None:
            due = tr("{due} (extended to {date})").format(
                due=due, date=ui.local_date(target.extended_to)
            )
        if target.curtailed:
            due = tr("{due} (ended early)").format(due=due)
        self.due = ui.paragraph(due)
        self.due.setObjectName("targetDue")
        self.due.setProperty("overdue", "true" if target.overdue else "false")
        layout.addWidget(self.due)
        self.state = ui.paragraph(target_state(target))
        self.state.setObjectName("targetDue" if not target.overdue else "overdueText")
        self.state.setProperty("overdue", "true" if target.overdue else "false")
        if target.overdue:
            self.state.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.state)
        self.setAccessibleName(f"{tr(target.label)}. {due}. {self.state.text()}")
        self.overdue = target.overdue


class ReferralPanel(QWidget):
    """Shows one referral (or imported packet); ``changed`` fires after a status is recorded."""

    changed = Signal()

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._view: TrackView | None = None
        self._busy = False
        self._history_lines: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = ui.heading(tr("No referral chosen"), level=2)
        layout.addWidget(self.title)
        self.subtitle = ui.paragraph("", muted=True)
        layout.addWidget(self.subtitle)
        self.status = ui.paragraph("")
        self.status.setObjectName("fieldLabel")
        self.status.setAccessibleName(tr("Current status"))
        layout.addWidget(self.status)

        layout.addWidget(ui.group_heading(tr("Targets")))
        layout.addWidget(ui.paragraph(tr(TARGETS_INTRO), muted=True))
        self._targets_box = QVBoxLayout()
        self._targets_box.setSpacing(6)
        layout.addLayout(self._targets_box)
        self.no_targets = ui.paragraph(tr("No target applies yet."), muted=True)
        layout.addWidget(self.no_targets)
        self.target_rows: list[_TargetRow] = []

        layout.addWidget(ui.group_heading(tr("Record what happened next")))
        self.note = ui.line_edit(
            tr("Note about the referral's progress"),
            placeholder=tr("Optional note on the referral's progress (nothing about the person)"),
        )
        self.note.setMaxLength(NOTE_MAX_CHARS)
        layout.addWidget(self.note)
        extras = QHBoxLayout()
        self.extension_label = QLabel(tr("Recovery period extended to"))
        extras.addWidget(self.extension_label)
        self.extension = QDateEdit()
        name_parts(self.extension, tr("Recovery period extended to"))
        self.extension.setCalendarPopup(True)
        self.extension.setDisplayFormat("d MMM yyyy")
        self.extension_label.setBuddy(self.extension)
        extras.addWidget(self.extension)
        self.curtailed = ui.check_box(tr("The recovery period ended early (curtailed)"))
        extras.addWidget(self.curtailed)
        extras.addStretch(1)
        layout.addLayout(extras)
        holder = QWidget()
        self._buttons = FlowLayout(holder, spacing=8)
        layout.addWidget(holder)
        self.status_buttons: dict[ReferralStatus, QPushButton] = {}
        self.no_next = ui.paragraph(tr("This referral is closed: nothing follows."), muted=True)
        layout.addWidget(self.no_next)
        self.notice = Notice(tr("Result of the last change"))
        layout.addWidget(self.notice)

        layout.addWidget(ui.group_heading(tr("History")))
        self.history = ui.bullet_list([], tr("Status history, newest first"))
        layout.addWidget(self.history)
        layout.addStretch(1)
        self._show_extras(False, False)
        self.clear()

    # -- what to show -------------------------------------------------------------------------

    @property
    def view(self) -> TrackView | None:
        return self._view

    def show_referral(self, referral: Referral) -> None:
        service = self._service

        def load() -> TrackView:
            from screening_tools.jurisdiction import get_jurisdiction

            targets = service.referral_targets(referral.id)
            pack = get_jurisdiction(service.organisation().jurisdiction_id)
            route = pack.route(referral.route_id)
            recipient = pack.recipient(referral.recipient_id)
            subtitle = tr("{route} → {recipient}. Drafted by {name}, {when}.").format(
                route=route.label if route else referral.route_id,
                recipient=recipient.name if recipient else referral.recipient_id,
                name=referral.created_by,
                when=ui.local_time(referral.created_at),
            )
            return TrackView(
                "referral",
                referral.id,
                tr("Referral for case {reference}").format(reference=referral.case_reference),
                subtitle,
                referral.track,
                tuple(targets),
                True,
            )

        self._load(load)

    def show_inbox_item(self, item: dict[str, Any]) -> None:
        service = self._service

        def load() -> TrackView:
            from screening_tools.jurisdiction import get_jurisdiction
            from screening_tools.targets import targets_for

            track = item["track"]
            assert isinstance(track, ReferralTrack)
            pack = get_jurisdiction(service.organisation().jurisdiction_id)
            targets = targets_for(track, None, pack.targets, datetime.now(UTC))
            imported = item.get("imported_at")
            when = ui.local_time(imported) if isinstance(imported, datetime) else "?"
            confirmed = (
                tr("Imported {when}; sender confirmed by their key.")
                if item.get("sender_confirmed")
                else tr("Imported {when}; sender not confirmed.")
            )
            return TrackView(
                "inbox",
                int(item["id"]),
                tr("Imported packet {packet}").format(packet=item.get("packet_id", "")),
                confirmed.format(when=when),
                track,
                tuple(targets),
                False,
            )

        self._load(load)

    def clear(self) -> None:
        self._view = None
        self.title.setText(tr("No referral chosen"))
        self.title.setAccessibleName(tr("No referral chosen"))
        self.subtitle.setText(tr("Choose a referral in the list to see where it stands."))
        self.status.clear()
        self._set_targets(())
        self._set_buttons([])
        self.no_next.hide()
        self._history_lines = []
        ui.set_bullets(self.history, [])
        self.note.clear()
        self.notice.clear_notice()
        self._show_extras(False, False)

    def _load(self, fetch: Callable[[], TrackView]) -> None:
        self.notice.clear_notice()
        self._ops.run(fetch, self._shown, self.notice.show_error)

    def _shown(self, result: Any) -> None:
        view: TrackView = result
        self._view = view
        self.title.setText(view.title)
        self.title.setAccessibleName(view.title)
        self.subtitle.setText(view.subtitle)
        self.status.setText(tr("Status: {status}").format(status=status_label(view.track.status)))
        self._set_targets(view.targets)
        allowed = view.track.allowed_next()
        if not view.can_extend:
            # The inbox records a status and a note only; an extension needs its date.
            allowed = [s for s in allowed if s is not S.RECOVERY_EXTENDED]
        self._set_buttons(allowed)
        self.no_next.setVisible(not allowed)
        self._show_extras(
            view.can_extend and S.RECOVERY_EXTENDED in allowed,
            view.can_extend and S.RECOVERY_ENDED in allowed,
        )
        self._fill_history(view.track)

    def _set_targets(self, targets: tuple[TargetStatus, ...]) -> None:
        for row in self.target_rows:
            self._targets_box.removeWidget(row)
            row.setParent(None)  # gone from the page now, not at the next event loop turn
            row.deleteLater()
        self.target_rows = [_TargetRow(t) for t in targets]
        for row in self.target_rows:
            self._targets_box.addWidget(row)
        self.no_targets.setVisible(not targets and self._view is not None)

    def _set_buttons(self, statuses: list[ReferralStatus]) -> None:
        while (item := self._buttons.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.status_buttons = {}
        for status in statuses:
            text = action_text(status)
            button = ui.button(
                text, tr("Change the status to: {status}").format(status=status_label(status))
            )
            button.setToolTip(
                tr("Record that the referral is now: {status}").format(status=tr(status.label))
            )
            button.clicked.connect(lambda _checked=False, s=status: self.change_status(s))
            self._buttons.add_widget(button)
            self.status_buttons[status] = button

    def _show_extras(self, extension: bool, curtail: bool) -> None:
        self.extension_label.setVisible(extension)
        self.extension.setVisible(extension)
        if extension:
            self.extension.setDate(QDate.currentDate().addDays(30))
        self.curtailed.setVisible(curtail)
        self.curtailed.setChecked(False)

    def _fill_history(self, track: ReferralTrack) -> None:
        lines = []
        for event in reversed(track.history):  # newest first
            line = tr("{when}: {status}, by {name}").format(
                when=ui.local_time(event.at), status=status_label(event.status), name=event.by
            )
            if event.extension_until is not None:
                line = tr("{line}; extended to {date}").format(
                    line=line, date=ui.local_date(event.extension_until)
                )
            if event.curtailed:
                line = tr("{line}; ended early").format(line=line)
            if event.note:
                line = tr("{line}. Note: {note}").format(line=line, note=event.note)
            lines.append(line)
        self._history_lines = lines
        ui.set_bullets(self.history, lines)

    def history_lines(self) -> list[str]:
        """The history as shown, newest first, in plain text."""
        return list(self._history_lines)

    # -- changing the status ----------------------------------------------------------------

    def change_status(self, status: ReferralStatus) -> None:
        view = self._view
        if view is None or self._busy:
            return
        note = self.note.text().strip() or None
        service = self._service
        extension: date | None = None
        if status is S.RECOVERY_EXTENDED:
            extension = self.extension.date().toPython()  # type: ignore[assignment]
        curtailed = status is S.RECOVERY_ENDED and self.curtailed.isChecked()

        if view.kind == "referral":

            def apply() -> None:
                service.update_referral(
                    view.id, status, note=note, extension_until=extension, curtailed=curtailed
                )
        else:

            def apply() -> None:
                service.update_inbox(view.id, status, note)

        self._busy = True
        self._set_enabled(False)
        self._ops.run(apply, lambda _r: self._changed(view, status), self._change_failed)

    def _changed(self, view: TrackView, status: ReferralStatus) -> None:
        self._busy = False
        self._set_enabled(True)
        self.note.clear()
        service = self._service
        if view.kind == "referral":

            def reload() -> Referral | None:
                return next((r for r in service.referrals() if r.id == view.id), None)

            self._ops.run(reload, self._reloaded_referral, self.notice.show_error)
        else:

            def reload_item() -> dict[str, Any] | None:
                return next((i for i in service.inbox() if i["id"] == view.id), None)

            self._ops.run(reload_item, self._reloaded_item, self.notice.show_error)
        self.notice.show_info(tr("Recorded: {status}.").format(status=status_label(status)))
        self.changed.emit()

    def _reloaded_referral(self, referral: Any) -> None:
        if referral is not None:
            self.show_referral(referral)
            self.notice.show_info(
                tr("Recorded: {status}.").format(status=status_label(referral.track.status))
            )

    def _reloaded_item(self, item: Any) -> None:
        if item is not None:
            self.show_inbox_item(item)
            self.notice.show_info(
                tr("Recorded: {status}.").format(status=status_label(item["track"].status))
            )

    def _change_failed(self, error: Exception) -> None:
        self._busy = False
        self._set_enabled(True)
        self.notice.show_error(error)

    def _set_enabled(self, enabled: bool) -> None:
        for button in self.status_buttons.values():
            button.setEnabled(enabled)
