"""The packet inbox: import referral packets from field laptops, see how each was verified, and
track each like any other referral.

A packet is verified first (container, signature, each part's hash, schemas; decrypted when it
was encrypted to a passphrase), and the checks are shown whatever the outcome. Only a packet
that passes every check is imported. Giving the sender's public key confirms who signed it;
without it, the signature is checked but the signer is only named by its key id.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.referral_panel import ReferralPanel
from desktop.style import current_theme
from desktop.supervisor_widgets import (
    Notice,
    choose_open_file,
    page_frame,
    status_label,
    table_widget,
)
from screening_tools.errors import ScreeningError
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

INTRO = N_(
    "Referral packets brought from field laptops. Each is verified before it is imported; "
    "then track it here like any other referral."
)
PACKET_FILTERS = N_("Referral packets (*.fspacket *.zip *.age);;All files (*)")
NO_CHECKS_YET = N_("Import a packet to see its checks here.")
PASSED, FAILED = N_("✓ Passed"), N_("✗ Failed")


def verify_and_import(
    service: ScreeningService, path: Path, sender_key: str | None, passphrase: str | None
) -> tuple[dict[str, Any], int | None]:
    """On the worker: the verification report, and the inbox id when the packet was imported.

    Verified here first so that a packet that fails still shows every check; the core verifies
    again on import and refuses anything that does not pass.
    """
    from screening_tools.referral.verify import verify_packet

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScreeningError(
            tr("Cannot read {name}: {problem}.").format(name=Path(path).name, problem=exc.strerror)
        ) from None
    report = verify_packet(data, sender_key=sender_key, passphrase=passphrase)
    if not report.ok:
        return report.to_json(), None
    result = service.import_packet(path, sender_key=sender_key, passphrase=passphrase)
    imported = result["report"]
    assert isinstance(imported, dict)
    return imported, int(str(result["id"]))


def report_summary(report: dict[str, Any], imported: bool) -> str:
    if not imported:
        failed = ui.join_list([str(p) for p in report.get("failed_parts", [])])
        return tr("Not imported: the packet did not verify ({failed}).").format(
            failed=failed or tr("no checks ran")
        )
    if report.get("sender_confirmed"):
        return tr("Verified and imported. The sender's key matches the signature.")
    return tr(
        "Verified and imported. The signature is valid, but no sender key was given: signed by "
        "key {key}. Compare it with the sender's key."
    ).format(key=report.get("signer_key_id"))


class InboxPage(QWidget):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._items: list[dict[str, Any]] = []
        self._busy = False
        layout = page_frame(self, tr("Packet inbox"), tr(INTRO))

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        self.sender_key = ui.line_edit(
            tr("Sender's public key (optional)"),
            placeholder=tr("Paste the field laptop's public key to confirm who signed the packet"),
        )
        self.passphrase = ui.line_edit(
            tr("Packet passphrase (only if it was encrypted with one)"), password=True
        )
        form.addWidget(ui.field_label(tr("Sender's public key (optional)"), self.sender_key), 0, 0)
        form.addWidget(self.sender_key, 1, 0)
        form.addWidget(
            ui.field_label(tr("Packet passphrase (if encrypted)"), self.passphrase), 0, 1
        )
        form.addWidget(self.passphrase, 1, 1)
        self.import_button = ui.button(tr("Import packet…"), tr("Import packet"), primary=True)
        form.addWidget(self.import_button, 1, 2)
        form.setColumnStretch(0, 3)
        form.setColumnStretch(1, 2)
        layout.addLayout(form)
        self.notice = Notice(tr("Import result"))
        layout.addWidget(self.notice)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(ui.heading(tr("Verification"), level=2))
        self.verdict = Notice(tr("Verification result"))
        self.verdict.show_info(tr(NO_CHECKS_YET))
        left_layout.addWidget(self.verdict)
        self.checks = table_widget(
            tr("Verification checks"), [tr("Check"), tr("Result"), tr("Detail")]
        )
        self.checks.setWordWrap(True)
        checks_header = self.checks.horizontalHeader()
        for column in (0, 1):
            checks_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.checks.setMinimumHeight(140)
        left_layout.addWidget(self.checks, 3)
        left_layout.addWidget(ui.heading(tr("Imported packets"), level=2))
        self.table = table_widget(
            tr("Imported packets"), [tr("Packet"), tr("Imported"), tr("Sender"), tr("Status")]
        )
        packets_header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            packets_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        left_layout.addWidget(self.table, 2)
        splitter.addWidget(left)

        self.panel = ReferralPanel(service, ops)
        holder = QWidget()
        holder.setObjectName("page")
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(*ui.mirrored(12, 0, 8, 0))
        holder_layout.addWidget(self.panel)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.import_button.clicked.connect(self._choose_packet)
        self.table.currentCellChanged.connect(lambda row, *_: self._chosen(row))
        self.panel.changed.connect(self._relist)

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._ops.run(self._service.inbox, self._loaded, self.notice.show_error)

    def clear(self) -> None:
        self._items = []
        self.table.setRowCount(0)
        self.checks.setRowCount(0)
        self.verdict.show_info(tr(NO_CHECKS_YET))
        self.sender_key.clear()
        self.passphrase.clear()
        self.panel.clear()
        self.notice.clear_notice()

    def focus_first(self) -> None:
        self.import_button.setFocus()

    def items(self) -> list[dict[str, Any]]:
        return list(self._items)

    def select_item(self, inbox_id: int) -> bool:
        for row, item in enumerate(self._items):
            if item["id"] == inbox_id:
                self.table.setCurrentCell(row, 0)
                return True
        return False

    def _loaded(self, result: Any, *, select: int | None = None, reload_panel: bool = True) -> None:
        chosen = self.panel.view.id if self.panel.view and self.panel.view.kind == "inbox" else None
        self._items = list(result)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            imported = item.get("imported_at")
            values = (
                str(item.get("packet_id", "")),
                ui.local_time(imported) if isinstance(imported, datetime) else "",
                tr("Confirmed") if item.get("sender_confirmed") else tr("Not confirmed"),
                status_label(str(item.get("status", ""))),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.get("packet_id", "")) if column == 0 else text)
                self.table.setItem(row, column, cell)
        target = select if select is not None else chosen
        self.table.blockSignals(not reload_panel and select is None)
        if target is None or not self.select_item(target):
            self.table.setCurrentCell(-1, -1)
            self.panel.clear()
        self.table.blockSignals(False)

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self._items):
            item = self._items[row]
            self.panel.show_inbox_item(item)
            verification = item.get("verification")
            if isinstance(verification, dict):
                self._show_checks(verification, imported=True)

    def _relist(self) -> None:
        self._ops.run(
            self._service.inbox,
            lambda r: self._loaded(r, reload_panel=False),
            self.notice.show_error,
        )

    # -- import -------------------------------------------------------------------------------

    def _choose_packet(self) -> None:
        path = choose_open_file(self, tr("Import a referral packet"), tr(PACKET_FILTERS))
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        if self._busy:
            return
        service = self._service
        key = self.sender_key.text().strip() or None
        passphrase = self.passphrase.text() or None
        self._busy = True
        self.import_button.setEnabled(False)
        self.notice.clear_notice()
        self._ops.run(
            lambda: verify_and_import(service, path, key, passphrase),
            self._imported,
            self._import_failed,
        )

    def _imported(self, result: Any) -> None:
        report, inbox_id = result
        self._busy = False
        self.import_button.setEnabled(True)
        self.passphrase.clear()
        self._show_checks(report, imported=inbox_id is not None)
        if inbox_id is not None:
            self.notice.show_info(tr("The packet was imported. Its status is tracked below."))
            self._ops.run(
                self._service.inbox,
                lambda r: self._loaded(r, select=inbox_id),
                self.notice.show_error,
            )
        else:
            self.notice.show_info(tr("The packet was not imported."))

    def _import_failed(self, error: Exception) -> None:
        self._busy = False
        self.import_button.setEnabled(True)
        self.passphrase.clear()
        self.notice.show_error(error)

    def _show_checks(self, report: dict[str, Any], *, imported: bool) -> None:
        summary = report_summary(report, imported)
        if imported:
            self.verdict.show_info(summary)
        else:
            self.verdict.show_problem(summary)
        checks = report.get("checks") or []
        self.checks.setRowCount(len(checks))
        for row, check in enumerate(checks):
            ok = bool(check.get("ok"))
            for column, text in enumerate(
                (
                    tr(str(check.get("name", ""))),
                    tr(PASSED) if ok else tr(FAILED),
                    tr(str(check.get("detail", ""))),
                )
            ):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if not ok:
                    cell.setForeground(QBrush(QColor(current_theme().warn_text)))
                    cell.setBackground(QBrush(QColor(current_theme().warn_background)))
                self.checks.setItem(row, column, cell)
        self.checks.resizeRowsToContents()
