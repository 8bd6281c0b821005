"""The audit log (supervisor): every entry of the hash-chained log, and whether the chain checks
out. Where it breaks (an entry changed, removed or moved after it was written), the banner says
so in words and those rows are highlighted and marked in their own column, so the warning does
not depend on colour alone.

The core checks the role (``audit_report``) and verifies the chain; this page only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.messages import describe_error
from desktop.ops import Operations
from desktop.style import current_theme
from screening_tools.service import ScreeningService
from screening_tools.service_admin import AuditReport
from screening_tools.vault.audit import AuditEntry, AuditProblem

AUDIT_INTRO = (
    "Everything done in this vault, in order. Each entry carries a fingerprint of the one "
    "before it, so an entry that is changed, removed or moved afterwards breaks the chain."
)
ACTION_LABELS = {
    "vault_created": "Vault created",
    "unlock": "Unlocked",
    "failed_unlock": "Failed unlock attempts",
    "lock": "Locked",
    "case_created": "Case created",
    "case_opened": "Case opened",
    "answer_changed": "Checklist answer changed",
    "response_changed": "Response changed",
    "note_added": "Note added",
    "consent_recorded": "Consent recorded",
    "consent_withdrawn": "Consent withdrawn",
    "exception_recorded": "Safeguarding exception recorded",
    "sign_off": "Signed off",
    "export": "Referral packet exported",
    "referral_changed": "Referral updated",
    "packet_imported": "Packet imported",
    "user_added": "User added",
    "user_removed": "User removed",
    "passphrase_changed": "Passphrase changed",
    "passphrase_reset": "Passphrase reset with the recovery key",
    "settings_changed": "Settings changed",
    "backup": "Backup made",
    "restore": "Restored from backup",
}
PROBLEM_LABELS = {"changed": "Changed", "removed": "Entries missing before", "reordered": "Moved"}
COLUMNS = ("#", "When", "Who", "What", "Case", "Details", "Check")
CHECK_COLUMN = COLUMNS.index("Check")


def _detail_text(detail: dict[str, Any], users: dict[int, str]) -> str:
    parts = []
    for key, value in sorted(detail.items()):
        if key == "user_id" and isinstance(value, int):
            key, value = "user", users.get(value, f"removed user {value}")
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif value is None:
            value = "none"
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


@dataclass(frozen=True)
class _Row:
    entry: AuditEntry
    problem: AuditProblem | None


class AuditModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        self._users: dict[int, str] = {}

    def set_report(self, report: AuditReport, users: dict[int, str]) -> None:
        self.beginResetModel()
        problems = {p.seq: p for p in report.problems}
        self._rows = [_Row(e, problems.get(e.seq)) for e in report.entries]
        self._users = dict(users)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._users = {}
        self.endResetModel()

    def problem_rows(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if row.problem is not None]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        theme = current_theme()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.problem.message.capitalize() if row.problem else (text or None)
            return text
        # In high contrast the warning background is the page's own black: use the accent.
        tinted = theme.warn_background != theme.surface
        if role == Qt.ItemDataRole.BackgroundRole and row.problem is not None:
            return QBrush(QColor(theme.warn_background if tinted else theme.accent))
        if role == Qt.ItemDataRole.ForegroundRole and row.problem is not None:
            return QBrush(QColor(theme.warn_text if tinted else theme.on_accent))
        if role == Qt.ItemDataRole.FontRole and row.problem is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(row, index.column())
            if row.problem is not None and index.column() == 0:
                return f"{text}, problem: {row.problem.message}"
            return text
        return None

    def _text(self, row: _Row, column: int) -> str:
        entry = row.entry
        if column == 0:
            return str(entry.seq)
        if column == 1:
            return ui.local_time(entry.at)
        if column == 2:
            if entry.user_id is None:
                return "—"
            return self._users.get(entry.user_id, f"Removed user {entry.user_id}")
        if column == 3:
            return ACTION_LABELS.get(entry.action, entry.action.replace("_", " ").capitalize())
        if column == 4:
            return entry.subject
        if column == 5:
            return _detail_text(entry.detail, self._users)
        if row.problem is None:
            return "OK"
        return f"⚠ {PROBLEM_LABELS.get(row.problem.kind, row.problem.kind.capitalize())}"


class AuditPage(QWidget):
    back = Signal()

    def __init__(
        self, service: ScreeningService, ops: Operations, *, back_text: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self.report: AuditReport | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        if back_text:
            self.back_button = ui.link_button(back_text)
            self.back_button.clicked.connect(self.back)
            back_row = QHBoxLayout()
            back_row.addWidget(self.back_button)
            back_row.addStretch(1)
            layout.addLayout(back_row)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(ui.heading("Audit log"))
        titles.addWidget(ui.paragraph(AUDIT_INTRO, muted=True))
        top.addLayout(titles, 1)
        self.refresh_button = ui.button("Check again", "Read and check the audit log again")
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        self.result = ui.banner("Checking the log…", accessible_name="Audit check result")
        self.result_label = self.result.findChild(QLabel)
        layout.addWidget(self.result)

        self.model = AuditModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit log entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Details"), QHeaderView.ResizeMode.Stretch)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Select all")
        layout.addWidget(self.table, 1)

        self.refresh_button.clicked.connect(self.refresh)

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self._service

        def load() -> tuple[AuditReport, dict[int, str]]:
            report = service.audit_report()
            return report, {u.id: u.display_name for u in service.users()}

        self.refresh_button.setEnabled(False)
        self._ops.run(load, self._loaded, self._failed)

    def clear(self) -> None:
        self.report = None
        self.model.clear()
        self._set_result("Checking the log…", ok=None)

    def focus_first(self) -> None:
        self.table.setFocus()

    def _loaded(self, result: Any) -> None:
        report, users = result
        assert isinstance(report, AuditReport)
        self.report = report
        self.model.set_report(report, users)
        self.refresh_button.setEnabled(True)
        count = len(report.entries)
        if report.intact:
            checked = f"all {count} entries check out" if count != 1 else "its one entry checks out"
            self._set_result(
                f"The log is intact: {checked}, each one against the one before.", ok=True
            )
            self.table.scrollToBottom()
            return
        problems = "; ".join(p.message for p in report.problems[:5])
        more = len(report.problems) - 5
        if more > 0:
            problems += f"; and {more} more"
        self._set_result(
            "The log has been tampered with: "
            f"{problems}. The rows where the chain breaks are highlighted and marked “⚠”. "
            "Keep this computer as it is and tell whoever is responsible for data protection.",
            ok=False,
        )
        first = self.model.problem_rows()[0] if self.model.problem_rows() else 0
        index = self.model.index(first, 0)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        # Current (for the keyboard) but not selected: a selection would hide the highlight.
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self._set_result(describe_error(error), ok=False)

    def _set_result(self, text: str, *, ok: bool | None) -> None:
        if self.result_label is not None:
            self.result_label.setText(text)
        # Same frame, another look: "banner" (info) when intact or pending, "warning" if not.
        name = "warning" if ok is False else "banner"
        if self.result.objectName() != name:
            self.result.setObjectName(name)
            self.result.style().unpolish(self.result)
            self.result.style().polish(self.result)
        self.result.setProperty("intact", "unknown" if ok is None else str(ok).lower())

    @property
    def result_text(self) -> str:
        return self.result_label.text() if self.result_label is not None else ""
