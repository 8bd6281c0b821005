"""Consent to share: who answered, how, in which language, with which interpreter and witness,
and exactly what may be shared with whom, for which purpose, until when (PRODUCT principle 6).

The scope is a matrix: data categories (rows) by recipients (columns); a tick shows in every cell
that would be shared. Police or immigration sharing is its own question and starts at "No";
recipients reached only through a route that involves them stay closed until it is "Yes". The
person may decline: that is recorded too, and opens the monitoring-only notification.

Before anything is saved the dialog reads the scope back in plain words, with its fingerprint
(the core stores it, and any later change needs the person to agree again). A consent can be
withdrawn after a confirmation that says later exports under it are blocked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui
from desktop.choice_row import ChoiceRow
from desktop.flow_layout import FlowLayout
from desktop.i18n import tr, trn
from desktop.ops import Operations
from desktop.sharing_entry import SharingDialog
from desktop.style import current_theme
from desktop.tick_row import TickRow
from screening_tools.consent import (
    CATEGORY_LABELS,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    DataCategory,
    Purpose,
)
from screening_tools.flow import AgeStatus, InterpreterType, Route, route_for_age
from screening_tools.i18n import N_
from screening_tools.jurisdiction import JurisdictionPack, get_jurisdiction
from screening_tools.referral.model import BasisKind
from screening_tools.routing import recipients_for
from screening_tools.service import ScreeningService

TITLE = N_("Consent to share")
INTRO = N_(
    "Ask the person in their own language, with an independent interpreter if needed. Explain "
    "what would be shared, with whom and why. Nothing leaves this computer until a packet is "
    "exported, and the person can withdraw at any time."
)
CHILD_NOTE = N_(
    "This case is on the child route. A child's consent is not needed for a child-protection "
    "referral: record the child's views instead (Child's views and exceptions)."
)
SCRIPT_MISSING = N_(
    "No session of this case records that the limits of confidentiality were explained. Explain "
    "them first: a consent recorded before that is kept, but no referral can rely on it."
)
MATRIX_HELP = N_(
    "Tick what may be shared (rows) and with whom (columns). A tick appears in every cell that "
    "will be shared. Leave anything the person did not agree to unticked."
)
POLICE_QUESTION = N_("May anything be shared with the police or immigration?")
POLICE_HELP = N_(
    "Ask this separately. It stays “No” unless the person clearly says yes: a route to support "
    "that involves no police is always available."
)
POLICE_ONLY = N_("only through a route that involves the police or immigration")
CONFIRM_INTRO = N_(
    "Read this back to the person and check it is exactly what they agreed to. A saved record "
    "cannot be changed: if anything differs later, ask again and record a new answer."
)
RECORDS_INTRO = N_(
    "The most recent answer decides what can be exported. Withdrawing a consent blocks every "
    "later export under it."
)
WITHDRAW_TEXT = N_(
    "From now on no packet can be exported under this consent: later exports to {who} are "
    "blocked. Packets already sent are not recalled; tell those recipients if the person asks.\n\n"
    "This cannot be undone. If the person agrees again later, record a new consent. A "
    "monitoring-only notification with no identifying details stays possible."
)
INTERPRETER_NOTE = N_("A family member, friend or companion cannot interpret for consent.")

GIVERS = (
    (ConsentGiver.PERSON, N_("The person themselves")),
    (ConsentGiver.GUARDIAN, N_("A parent or guardian")),
    (ConsentGiver.REPRESENTATIVE, N_("A legal representative")),
)
METHODS = ((ConsentMethod.VERBAL, N_("Verbally")), (ConsentMethod.WRITTEN, N_("In writing")))
INTERPRETERS = (
    (InterpreterType.NOT_NEEDED, N_("No interpreter: we share a language well")),
    (InterpreterType.PROFESSIONAL_IN_PERSON, N_("Professional interpreter, in person")),
    (InterpreterType.PROFESSIONAL_PHONE, N_("Professional interpreter, by phone")),
    (InterpreterType.PROFESSIONAL_VIDEO, N_("Professional interpreter, by video")),
)
OTHER_LANGUAGE = "other"
PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.SUPPORT_REFERRAL: N_("A referral for support"),
    Purpose.CHILD_PROTECTION: N_("Child protection"),
    Purpose.MONITORING: N_("Monitoring only (counted, not identified)"),
    Purpose.SAFEGUARDING: N_("Safeguarding (a serious risk of harm)"),
}
GIVER_WORDS = {
    ConsentGiver.PERSON: N_("the person themselves"),
    ConsentGiver.GUARDIAN: N_("a parent or guardian"),
    ConsentGiver.REPRESENTATIVE: N_("a legal representative"),
}


# -- what the dialog reads -------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientColumn:
    id: str
    name: str
    police_only: bool  # every consent route that reaches it involves the police or immigration


@dataclass(frozen=True)
class ConsentContext:
    pack: JurisdictionPack
    columns: list[RecipientColumn]
    purposes: list[Purpose]
    records: list[ConsentRecord]
    child_route: bool
    script_delivered: bool
    language: str | None  # the language recorded in the latest session, as typed there
    interpreter: str | None


def consent_columns(pack: JurisdictionPack) -> list[RecipientColumn]:
    """Recipients a consent can name, those reachable without police first."""
    reach: dict[str, list[bool]] = {}
    names: dict[str, str] = {}
    for route in pack.routes:
        if route.basis is not BasisKind.CONSENT:
            continue
        for recipient in recipients_for(pack, route):
            reach.setdefault(recipient.id, []).append(route.involves_police)
            names[recipient.id] = recipient.name
    columns = [RecipientColumn(rid, names[rid], all(flags)) for rid, flags in reach.items()]
    return sorted(columns, key=lambda c: c.police_only)


def consent_purposes(pack: JurisdictionPack) -> list[Purpose]:
    found: list[Purpose] = []
    for route in pack.routes:
        if route.basis is BasisKind.CONSENT:
            found += [p for p in route.purposes if p not in found]
    return found


def load_consent_context(service: ScreeningService, reference: str) -> ConsentContext:
    """Runs on the worker: everything the dialog shows, in one go."""
    pack = get_jurisdiction(service.organisation().jurisdiction_id)
    detail = service.open_case(reference)
    flows = [service.session_flow(s.id) for s in detail.screenings]
    languages = [f.state.interpreter_language for f in flows if f.state.interpreter_language]
    interpreters = [f.state.interpreter.value for f in flows if f.state.interpreter]
    return ConsentContext(
        pack=pack,
        columns=consent_columns(pack),
        purposes=consent_purposes(pack),
        records=service.consents(reference),
        child_route=route_for_age(AgeStatus(detail.age_status)) is Route.CHILD,
        script_delivered=any(f.state.confidentiality_delivered_at for f in flows),
        language=languages[-1] if languages else None,
        interpreter=interpreters[-1] if interpreters else None,
    )


# -- plain words -----------------------------------------------------------------------------


def _join(items: Sequence[str]) -> str:
    return ui.join_list(items)


def _giver(given_by: ConsentGiver, role: str = "") -> str:
    who = tr(GIVER_WORDS[given_by])
    if given_by is not ConsentGiver.PERSON and role.strip():
        who = tr("{who} ({role})").format(who=who, role=role.strip())
    return who


def describe_scope(
    scope: ConsentScope,
    names: dict[str, str],
    *,
    decision: ConsentDecision,
    given_by: ConsentGiver,
    giver_role: str = "",
    expires_on: date | None = None,
) -> list[str]:
    """The scope as sentences a worker can read back to the person (in the interface
    language: the worker or the interpreter puts them into the person's language)."""
    who = _giver(given_by, giver_role)
    if decision is ConsentDecision.DECLINED:
        return [
            tr("The answer was given by {who}: they do not agree to a referral.").format(who=who),
            tr("Nothing will be shared with their consent."),
            tr(
                "A monitoring-only notification is still possible: it is counted, and carries no "
                "name, contact details, address, exact location or free text."
            ),
        ]
    order = {rid: index for index, rid in enumerate(names)}
    recipients = [names.get(r, r) for r in sorted(scope.recipients, key=lambda r: order.get(r, 0))]
    shared = [tr(CATEGORY_LABELS[c]) for c in DataCategory if c in scope.categories]
    kept = [tr(CATEGORY_LABELS[c]) for c in DataCategory if c not in scope.categories]
    purposes = [tr(PURPOSE_LABELS[p]) for p in Purpose if p in scope.purposes]
    lines = [
        tr("The answer was given by {who}.").format(who=who),
        tr("Shared with: {recipients}.").format(recipients=_join(recipients) or tr("nobody yet")),
        tr("What is shared: {categories}.").format(categories=_join(shared) or tr("nothing yet")),
    ]
    if kept:
        lines.append(tr("Not shared: {categories}.").format(categories=_join(kept)))
    lines.append(
        tr("What for: {purposes}.").format(purposes=_join(purposes) or tr("no purpose chosen yet"))
    )
    if scope.police_immigration_sharing:
        lines.append(
            tr("Police or immigration: yes. Where a route involves them, they may receive it.")
        )
    else:
        lines.append(
            tr(
                "Police or immigration: no. Nothing goes to them under this consent, and routes "
                "that involve them stay closed."
            )
        )
    if expires_on is None:
        lines.append(tr("This holds until the person withdraws it."))
    else:
        lines.append(
            tr(
                "This holds until {date}, or until the person withdraws it if that is sooner."
            ).format(date=ui.local_date(expires_on, "long"))
        )
    return lines


def describe_record(record: ConsentRecord, names: dict[str, str], current: bool) -> str:
    when = ui.local_time(record.obtained_at)
    if record.withdrawn_at is not None:
        status = tr("withdrawn {when} by {name}").format(
            when=ui.local_time(record.withdrawn_at), name=record.withdrawn_by
        )
    elif record.expires_at is not None and record.expires_at <= datetime.now(UTC):
        status = tr("expired")
    else:
        status = tr("current") if current else tr("replaced by a later answer")
    head = (
        tr("Agreed — {when}, recorded by {name} · {status}")
        if record.decision is ConsentDecision.GIVEN
        else tr("Declined — {when}, recorded by {name} · {status}")
    )
    lines = [
        head.format(when=when, name=record.obtained_by, status=status),
        tr("Given by {who}, {method}, in {language}").format(
            who=_giver(record.given_by, record.giver_role or ""),
            method=tr(dict(METHODS)[record.method]).lower(),
            language=texts.language_name(record.language),
        ),
    ]
    if record.decision is ConsentDecision.GIVEN:
        recipients = [names.get(r, r) for r in sorted(record.scope.recipients)]
        count = len(record.scope.categories)
        kinds = trn("{count} kind of information", "{count} kinds of information", count).format(
            count=ui.number(count)
        )
        police = tr("yes") if record.scope.police_immigration_sharing else tr("no")
        lines.append(
            tr("With {recipients} · {kinds} · police or immigration: {police}").format(
                recipients=_join(recipients), kinds=kinds, police=police
            )
        )
    return "\n".join(lines)


# -- the scope matrix ------------------------------------------------------------------------


COLUMN_WIDTH = 104  # seven recipients and the row labels fit the dialog's default width
FIELD_WIDTH = 460


def _fit_height(label: QLabel, width: int) -> None:
    """Give a word-wrapped label in a grid the height its text needs at ``width``."""
    rect = label.fontMetrics().boundingRect(
        QRect(0, 0, width, 10_000),
        int(Qt.TextFlag.TextWordWrap) | int(label.alignment().value),
        label.text(),
    )
    label.setFixedSize(width, rect.height() + 2)


class ColumnHeader(QFrame):
    """A recipient's column: a tick box above its name; clicking the name ticks it too."""

    toggled = Signal(str, bool)  # recipient id, ticked — only on the worker's action

    def __init__(self, column: RecipientColumn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = column.id
        self.setObjectName("matrixHeader")
        self.setFixedWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addStretch(1)
        self.box = QCheckBox()
        self.box.setAccessibleName(tr("Share with {name}").format(name=column.name))
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignHCenter)
        self.labels: list[QLabel] = []
        lines = [column.name] + ([tr(POLICE_ONLY)] if column.police_only else [])
        for index, text in enumerate(lines):
            label = QLabel(text)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            if index:
                label.setObjectName("fieldHint")
            self.labels.append(label)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.clicked.connect(lambda checked: self.toggled.emit(self.key, bool(checked)))
        self.fit()

    def fit(self) -> None:
        for label in self.labels:
            _fit_height(label, COLUMN_WIDTH - 6)

    def is_ticked(self) -> bool:
        return self.box.isChecked()

    def set_ticked(self, ticked: bool) -> None:
        self.box.setChecked(ticked)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()


class ScopeMatrix(QWidget):
    """Rows: data categories. Columns: recipients. Ticks on both axes; cells show the product."""

    changed = Signal()  # a tick changed by the worker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("What may be shared, with whom"))
        theme = current_theme()
        self.setStyleSheet(
            f"QLabel#cellOn {{ color: {theme.ok}; font-weight: 700; }}"
            f"QLabel#cellOff {{ color: {theme.muted}; }}"
            f"QFrame#matrixStripe {{ background: {theme.background}; border-radius: 4px; }}"
            f"QFrame#matrixHeader {{ border-bottom: 1px solid {theme.border}; }}"
            f"QLabel:disabled, QCheckBox:disabled {{ color: {theme.disabled_text}; }}"
            f"QLabel#fieldHint {{ color: {theme.muted}; }}"
        )
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(0)
        self._grid.setVerticalSpacing(0)
        self.rows: dict[DataCategory, TickRow] = {}
        self.columns: dict[str, ColumnHeader] = {}
        self._police_only: set[str] = set()
        self._cells: dict[tuple[DataCategory, str], QLabel] = {}
        self._police_allowed = False

    def set_columns(self, columns: Sequence[RecipientColumn]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.clear()
        self.columns.clear()
        self._cells.clear()
        self._police_only = {c.id for c in columns if c.police_only}
        corner = ui.paragraph(tr("Rows: what is shared.\nColumns: with whom."), muted=True)
        corner.setAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
        self._grid.addWidget(corner, 0, 0, Qt.AlignmentFlag.AlignBottom)
        for col, column in enumerate(columns, start=1):
            header = ColumnHeader(column)
            header.toggled.connect(lambda _key, _on: self._ticked())
            self.columns[column.id] = header
            self._grid.addWidget(header, 0, col, Qt.AlignmentFlag.AlignBottom)
        for row, category in enumerate(DataCategory, start=1):
            if row % 2:
                # A light band behind every other row, so a row can be followed across.
                stripe = QFrame()
                stripe.setObjectName("matrixStripe")
                self._grid.addWidget(stripe, row, 0, 1, len(columns) + 1)
            label = tr(CATEGORY_LABELS[category])
            tick = TickRow(category.value, label)
            tick.box.setAccessibleName(tr("Share: {category}").format(category=label))
            tick.setMinimumWidth(224)
            tick.toggled.connect(lambda _key, _on: self._ticked())
            self.rows[category] = tick
            self._grid.addWidget(tick, row, 0)
            for col, column in enumerate(columns, start=1):
                cell = QLabel()
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setFixedWidth(COLUMN_WIDTH)
                self._cells[(category, column.id)] = cell
                self._grid.addWidget(cell, row, col)
        self._grid.setColumnStretch(0, 1)
        self.set_police_allowed(self._police_allowed)

    def _ticked(self) -> None:
        self.refresh()
        self.changed.emit()

    def set_police_allowed(self, allowed: bool) -> None:
        self._police_allowed = allowed
        for rid in self._police_only:
            header = self.columns[rid]
            if not allowed:
                header.set_ticked(False)
            header.setEnabled(allowed)
            header.setToolTip(
                "" if allowed else tr("Needs “Yes” to the police or immigration question")
            )
        self.refresh()

    def categories(self) -> frozenset[DataCategory]:
        return frozenset(c for c, tick in self.rows.items() if tick.is_ticked())

    def recipients(self) -> frozenset[str]:
        return frozenset(
            r for r, header in self.columns.items() if header.is_ticked() and header.isEnabled()
        )

    def set_scope(self, categories: frozenset[DataCategory], recipients: frozenset[str]) -> None:
        for category, tick in self.rows.items():
            tick.set_ticked(category in categories)
        for rid, header in self.columns.items():
            header.set_ticked(rid in recipients and header.isEnabled())
        self.refresh()

    def cell_shared(self, category: DataCategory, recipient: str) -> bool:
        return self._cells[(category, recipient)].objectName() == "cellOn"

    def refresh(self) -> None:
        categories, recipients = self.categories(), self.recipients()
        for (category, rid), cell in self._cells.items():
            on = self.isEnabled() and category in categories and rid in recipients
            cell.setObjectName("cellOn" if on else "cellOff")
            cell.setText("✓" if on else "·")
            cell.setAccessibleName(
                (
                    tr("{category} to {recipient}: shared")
                    if on
                    else tr("{category} to {recipient}: not shared")
                ).format(category=tr(CATEGORY_LABELS[category]), recipient=rid)
            )
            cell.style().unpolish(cell)
            cell.style().polish(cell)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange and self._cells:
            self.refresh()


# -- the dialog ------------------------------------------------------------------------------


def _section(title: str, help_text: str = "") -> tuple[QFrame, QVBoxLayout]:
    frame, layout = ui.card(name="panel")
    layout.setContentsMargins(18, 12, 18, 14)
    layout.setSpacing(6)
    layout.addWidget(ui.heading(title, level=2))
    if help_text:
        layout.addWidget(ui.paragraph(help_text, muted=True))
    return frame, layout


def _scroll(content: QWidget) -> QScrollArea:
    holder = QScrollArea()
    holder.setWidgetResizable(True)
    holder.setFrameShape(QFrame.Shape.NoFrame)
    holder.setWidget(content)
    return holder


def _action_bar() -> tuple[QFrame, QHBoxLayout]:
    bar = QFrame()
    bar.setObjectName("actionBar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 10, 24, 14)
    row.setSpacing(10)
    return bar, row


class ConsentDialog(SharingDialog):
    def __init__(
        self,
        parent: QWidget | None,
        service: ScreeningService,
        ops: Operations,
        reference: str,
    ) -> None:
        super().__init__(parent, service, ops, reference, tr(TITLE))
        self.setMinimumSize(760, 560)
        self.resize(1080, 760)
        self._context: ConsentContext | None = None
        self._saving = False
        self.stack = QStackedWidget()
        self.content.addWidget(self.stack, 1)
        self._build_records_page()
        self._build_form_page()
        self._build_confirm_page()
        self.stack.setCurrentWidget(self.loading_page)
        self._update()
        self.run(lambda: load_consent_context(service, reference), self._loaded, self._failed)

    # -- building -------------------------------------------------------------------------

    def _build_records_page(self) -> None:
        self.loading_page = QWidget()
        self.loading_page.setObjectName("page")
        loading = QVBoxLayout(self.loading_page)
        loading.setContentsMargins(24, 20, 24, 20)
        loading.addWidget(ui.heading(tr(TITLE)))
        loading.addWidget(ui.paragraph(tr("Opening the consent records…"), muted=True))
        loading.addStretch(1)
        self.stack.addWidget(self.loading_page)

        self.records_page = QWidget()
        self.records_page.setObjectName("page")
        layout = QVBoxLayout(self.records_page)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(8)
        layout.addWidget(ui.heading(tr("Consent records")))
        layout.addWidget(ui.paragraph(tr(RECORDS_INTRO), muted=True))
        self.records = QListWidget()
        self.records.setAccessibleName(tr("Consent records for this case"))
        self.records.setWordWrap(True)
        self.records.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.records, 1)
        bar, row = _action_bar()
        row.setContentsMargins(0, 10, 0, 14)
        self.withdraw_button = ui.button(
            tr("Withdraw consent…"), tr("Withdraw the selected consent")
        )
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        self.close_button = ui.button(tr("Close"))
        row.addWidget(self.close_button)
        self.new_button = ui.button(tr("Record a new answer"), primary=True)
        row.addWidget(self.new_button)
        layout.addWidget(bar)
        self.stack.addWidget(self.records_page)
        self.records.currentItemChanged.connect(lambda *_: self._update())
        self.withdraw_button.clicked.connect(self._ask_withdraw)
        self.close_button.clicked.connect(self.reject)
        self.new_button.clicked.connect(self._new_answer)

    def _build_form_page(self) -> None:
        self.form_page = QWidget()
        self.form_page.setObjectName("page")
        outer = QVBoxLayout(self.form_page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        body = QWidget()
        body.setObjectName("page")
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(12)
        column.addWidget(ui.heading(tr(TITLE)))
        column.addWidget(ui.paragraph(tr(INTRO), muted=True))
        self.child_note = ui.banner(tr(CHILD_NOTE), accessible_name=tr("Child route"))
        column.addWidget(self.child_note)
        self.script_warning = ui.banner(
            tr(SCRIPT_MISSING), name="warning", accessible_name=tr("Confidentiality not explained")
        )
        column.addWidget(self.script_warning)

        answer, layout = _section(tr("The person's answer"))
        self.decision_group = QButtonGroup(self)
        self.decisions: dict[ConsentDecision, QRadioButton] = {}
        for index, (decision, label) in enumerate(
            (
                (ConsentDecision.GIVEN, tr("They agree to share, as set out below")),
                (
                    ConsentDecision.DECLINED,
                    tr("They decline: nothing is shared with their consent"),
                ),
            )
        ):
            button = ui.radio(label, description=tr("The person's answer"))
            self.decision_group.addButton(button, index)
            self.decisions[decision] = button
            layout.addWidget(button)
        # Under the radio button (whose text cannot wrap), so a long translation wraps here.
        declined_note = ui.paragraph(
            tr("A monitoring-only notification without identifying details stays possible."),
            muted=True,
        )
        declined_note.setObjectName("fieldHint")
        declined_note.setContentsMargins(*ui.mirrored(26, 0, 0, 0))
        layout.addWidget(declined_note)
        column.addWidget(answer)

        who, layout = _section(tr("Who answers"))
        self.giver_group = QButtonGroup(self)
        self.givers: dict[ConsentGiver, QRadioButton] = {}
        # Answers in rows that wrap: a radio button's text does not, and a long translation
        # would otherwise widen the whole form.
        givers_box = QWidget()
        givers_row = FlowLayout(givers_box, spacing=16)
        for index, (giver, label) in enumerate(GIVERS):
            button = ui.radio(tr(label), description=tr("Who answers"))
            self.giver_group.addButton(button, index)
            self.givers[giver] = button
            givers_row.add_widget(button)
        layout.addWidget(givers_box)
        self.givers[ConsentGiver.PERSON].setChecked(True)
        self.giver_role = ui.line_edit(
            tr("Role of the guardian or representative"),
            placeholder=tr("For example: legal guardian, solicitor"),
        )
        self.giver_role_label = ui.field_label(
            tr("Their role (needed for a guardian or representative)"), self.giver_role
        )
        layout.addWidget(self.giver_role_label)
        layout.addWidget(self.giver_role)
        column.addWidget(who)

        how, layout = _section(tr("How it was asked"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.method_group = QButtonGroup(self)
        self.methods: dict[ConsentMethod, QRadioButton] = {}
        methods_box = QWidget()
        method_row = FlowLayout(methods_box, spacing=16)
        for index, (method, label) in enumerate(METHODS):
            button = ui.radio(tr(label), description=tr("How the answer was given"))
            self.method_group.addButton(button, index)
            self.methods[method] = button
            method_row.add_widget(button)
        self.methods[ConsentMethod.VERBAL].setChecked(True)
        method_label = QLabel(tr("Answer given"))
        method_label.setObjectName("fieldLabel")
        grid.addWidget(method_label, 0, 0)
        grid.addWidget(methods_box, 0, 1)
        self.language = ui.combo_box(
            tr("Language used"),
            [*texts.person_languages(), (OTHER_LANGUAGE, tr("Another language"))],
        )
        self.other_language = ui.line_edit(
            tr("Name of the other language"), placeholder=tr("Which language?")
        )
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addWidget(self.other_language)
        language_row.addStretch(1)
        grid.addWidget(ui.field_label(tr("Language used"), self.language), 1, 0)
        grid.addLayout(language_row, 1, 1)
        self.interpreter = ui.combo_box(
            tr("Interpreter"), [(k.value, tr(t)) for k, t in INTERPRETERS]
        )
        grid.addWidget(ui.field_label(tr("Interpreter"), self.interpreter), 2, 0)
        grid.addWidget(self.interpreter, 2, 1)
        interpreter_note = ui.paragraph(tr(INTERPRETER_NOTE), muted=True)
        interpreter_note.setObjectName("fieldHint")
        grid.addWidget(interpreter_note, 3, 1)
        self.witness = ui.line_edit(
            tr("Witness (optional)"), placeholder=tr("Name or role of a witness, if there was one")
        )
        grid.addWidget(ui.field_label(tr("Witness"), self.witness), 4, 0)
        grid.addWidget(self.witness, 4, 1)
        for field in (self.language, self.interpreter, self.witness):
            field.setMaximumWidth(FIELD_WIDTH)
        self.other_language.setMaximumWidth(FIELD_WIDTH // 2)
        self.giver_role.setMaximumWidth(FIELD_WIDTH)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        column.addWidget(how)

        self.scope_section, layout = _section(tr("What may be shared, with whom"), tr(MATRIX_HELP))
        self.matrix = ScopeMatrix()
        self.matrix.changed.connect(self._form_changed)
        layout.addWidget(self.matrix)
        layout.addSpacing(6)
        layout.addWidget(ui.heading(tr("For what purpose"), level=2))
        self.purposes: dict[Purpose, QCheckBox] = {}
        purposes_box = QWidget()
        self.purpose_row = FlowLayout(purposes_box, spacing=16)
        layout.addWidget(purposes_box)
        layout.addSpacing(6)
        self.police = ChoiceRow(
            "police", tr(POLICE_QUESTION), (("no", tr("No")), ("yes", tr("Yes")))
        )
        self.police.set_value("no")
        layout.addWidget(self.police)
        police_help = ui.paragraph(tr(POLICE_HELP), muted=True)
        police_help.setObjectName("fieldHint")
        layout.addWidget(police_help)
        layout.addSpacing(6)
        until_row = QHBoxLayout()
        self.expires = ui.check_box(
            tr("The consent ends on a date"), tr("The consent ends on a date")
        )
        self.expiry_date = QDateEdit()
        self.expiry_date.setAccessibleName(tr("Date the consent ends"))
        editor = self.expiry_date.findChild(QLineEdit)
        if editor is not None:
            editor.setAccessibleName(tr("Date the consent ends"))
        self.expiry_date.setCalendarPopup(True)
        self.expiry_date.setDisplayFormat("d MMM yyyy")
        tomorrow = QDate.currentDate().addDays(1)
        self.expiry_date.setMinimumDate(tomorrow)
        self.expiry_date.setDate(QDate.currentDate().addMonths(6))
        until_row.addWidget(self.expires)
        until_row.addWidget(self.expiry_date)
        until_row.addStretch(1)
        layout.addLayout(until_row)
        column.addWidget(self.scope_section)

        summary, layout = _section(tr("In plain words"))
        self.summary = ui.bullet_list([], tr("What will be shared, with whom"))
        layout.addWidget(self.summary)
        column.addWidget(summary)
        column.addStretch(1)
        outer.addWidget(_scroll(body), 1)

        bar, row = _action_bar()
        self.form_hint = ui.paragraph(muted=True)
        self.form_hint.setAccessibleName(tr("What is still needed"))
        row.addWidget(self.form_hint, 1)
        self.form_cancel = ui.button(tr("Cancel"), tr("Cancel without saving"))
        row.addWidget(self.form_cancel)
        self.review_button = ui.button(tr("Review before saving"), primary=True)
        row.addWidget(self.review_button)
        outer.addWidget(bar)
        self.stack.addWidget(self.form_page)

        self.decision_group.idClicked.connect(lambda _i: self._form_changed())
        self.giver_group.idClicked.connect(lambda _i: self._form_changed())
        self.method_group.idClicked.connect(lambda _i: self._form_changed())
        self.giver_role.textChanged.connect(self._form_changed)
        self.language.currentIndexChanged.connect(lambda _i: self._form_changed())
        self.other_language.textChanged.connect(self._form_changed)
        self.police.chosen.connect(lambda _k, _v: self._police_changed())
        self.expires.toggled.connect(lambda _on: self._form_changed())
        self.expiry_date.dateChanged.connect(lambda _d: self._form_changed())
        self.form_cancel.clicked.connect(self._cancel_form)
        self.review_button.clicked.connect(self._review)

    def _build_confirm_page(self) -> None:
        self.confirm_page = QWidget()
        self.confirm_page.setObjectName("page")
        outer = QVBoxLayout(self.confirm_page)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        body.setObjectName("page")
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(10)
        column.addWidget(ui.heading(tr("Read this back before saving")))
        column.addWidget(ui.paragraph(tr(CONFIRM_INTRO), muted=True))
        self.confirm_text = ui.bullet_list([], tr("What will be recorded"))
        column.addWidget(ui.boxed(self.confirm_text))
        self.confirm_details = ui.paragraph(muted=True, selectable=True)
        self.confirm_details.setAccessibleName(tr("How the answer was given"))
        column.addWidget(self.confirm_details)
        self.fingerprint = ui.paragraph(muted=True, selectable=True)
        self.fingerprint.setAccessibleName(tr("Fingerprint of what was agreed"))
        column.addWidget(self.fingerprint)
        column.addStretch(1)
        outer.addWidget(_scroll(body), 1)
        bar, row = _action_bar()
        row.addStretch(1)
        self.back_button = ui.button(tr("Back to change"), tr("Back to change the answer"))
        row.addWidget(self.back_button)
        self.save_button = ui.button(tr("Record consent"), primary=True)
        row.addWidget(self.save_button)
        outer.addWidget(bar)
        self.stack.addWidget(self.confirm_page)
        self.back_button.clicked.connect(lambda: self.stack.setCurrentWidget(self.form_page))
        self.save_button.clicked.connect(self._save)

    # -- loading --------------------------------------------------------------------------

    def _loaded(self, context: ConsentContext) -> None:
        first = self._context is None
        self._context = context
        self._fill_records(context)
        if first:
            self._fill_form(context)
        if first and not context.records:
            self.stack.setCurrentWidget(self.form_page)
        else:
            self.stack.setCurrentWidget(self.records_page)
        self._update()

    def _failed(self, error: Exception) -> None:
        self._saving = False
        self.show_error(error)
        self._update()

    def _names(self) -> dict[str, str]:
        if self._context is None:
            return {}
        columns = {c.id: c.name for c in self._context.columns}
        return {**columns, **{r.id: r.name for r in self._context.pack.recipients}}

    def _fill_records(self, context: ConsentContext) -> None:
        self.records.clear()
        names = self._names()
        for index, record in enumerate(context.records):
            current = index == len(context.records) - 1
            item = QListWidgetItem(describe_record(record, names, current))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.records.addItem(item)
        if self.records.count():
            self.records.setCurrentRow(self.records.count() - 1)

    def _fill_form(self, context: ConsentContext) -> None:
        self.matrix.set_columns(context.columns)
        for purpose in context.purposes:
            label = tr(PURPOSE_LABELS[purpose])
            box = ui.check_box(label, tr("Purpose: {purpose}").format(purpose=label))
            box.toggled.connect(lambda _on: self._form_changed())
            self.purposes[purpose] = box
            self.purpose_row.add_widget(box)
        if len(context.purposes) == 1:
            # Only one purpose is possible here: say it rather than make the worker find it.
            self.purposes[context.purposes[0]].setChecked(True)
        self.child_note.setVisible(context.child_route)
        self.script_warning.setVisible(not context.script_delivered)
        self._prefill_language(context.language)
        if context.interpreter is not None:
            index = self.interpreter.findData(context.interpreter)
            if index >= 0:
                self.interpreter.setCurrentIndex(index)
        self.decisions[ConsentDecision.GIVEN].setChecked(True)
        self._police_changed()

    def _prefill_language(self, typed: str | None) -> None:
        if not typed:
            return
        wanted = typed.strip().lower()
        for i in range(self.language.count()):
            code = str(self.language.itemData(i))
            if wanted in (code, texts.language_name(code).lower()):
                self.language.setCurrentIndex(i)
                return
        self.language.setCurrentIndex(self.language.findData(OTHER_LANGUAGE))
        self.other_language.setText(typed.strip())

    # -- the form -------------------------------------------------------------------------

    def decision(self) -> ConsentDecision:
        for decision, button in self.decisions.items():
            if button.isChecked():
                return decision
        return ConsentDecision.GIVEN

    def giver(self) -> ConsentGiver:
        for giver, button in self.givers.items():
            if button.isChecked():
                return giver
        return ConsentGiver.PERSON

    def method(self) -> ConsentMethod:
        for method, button in self.methods.items():
            if button.isChecked():
                return method
        return ConsentMethod.VERBAL

    def language_code(self) -> str:
        value = str(self.language.currentData() or "")
        if value == OTHER_LANGUAGE:
            return self.other_language.text().strip()
        return value

    def police_allowed(self) -> bool:
        return self.police.value() == "yes"

    def expires_on(self) -> date | None:
        if not self.expires.isChecked():
            return None
        chosen = self.expiry_date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def scope(self) -> ConsentScope:
        if self.decision() is ConsentDecision.DECLINED:
            return ConsentScope(
                categories=frozenset(), recipients=frozenset(), purposes=frozenset()
            )
        return ConsentScope(
            categories=self.matrix.categories(),
            recipients=self.matrix.recipients(),
            purposes=frozenset(p for p, box in self.purposes.items() if box.isChecked()),
            police_immigration_sharing=self.police_allowed(),
        )

    def missing(self) -> list[str]:
        """What must still be filled in before the answer can be reviewed."""
        needs = []
        if self.giver() is not ConsentGiver.PERSON and not self.giver_role.text().strip():
            needs.append(tr("the role of the guardian or representative"))
        if not self.language_code():
            needs.append(tr("the language used"))
        if self.decision() is ConsentDecision.GIVEN:
            scope = self.scope()
            if not scope.categories:
                needs.append(tr("what may be shared"))
            if not scope.recipients:
                needs.append(tr("who may receive it"))
            if not scope.purposes:
                needs.append(tr("the purpose"))
        return needs

    def summary_lines(self) -> list[str]:
        return describe_scope(
            self.scope(),
            self._names(),
            decision=self.decision(),
            given_by=self.giver(),
            giver_role=self.giver_role.text(),
            expires_on=self.expires_on(),
        )

    def _police_changed(self) -> None:
        self.matrix.set_police_allowed(self.police_allowed())
        self._form_changed()

    def _form_changed(self) -> None:
        given = self.decision() is ConsentDecision.GIVEN
        self.scope_section.setEnabled(given)
        self.matrix.refresh()
        acting_for = self.giver() is not ConsentGiver.PERSON
        self.giver_role.setVisible(acting_for)
        self.giver_role_label.setVisible(acting_for)
        self.other_language.setVisible(self.language.currentData() == OTHER_LANGUAGE)
        self.expiry_date.setEnabled(self.expires.isChecked())
        ui.set_bullets(self.summary, self.summary_lines())
        self._update()

    def _update(self) -> None:
        loaded = self._context is not None and not self._saving
        needs = self.missing() if loaded else []
        self.form_hint.setText(
            tr("Still needed: {items}.").format(items=_join(needs)) if needs else ""
        )
        self.review_button.setEnabled(loaded and not needs)
        self.save_button.setEnabled(loaded)
        self.back_button.setEnabled(loaded)
        declined = self.decision() is ConsentDecision.DECLINED
        label = tr("Record that they declined") if declined else tr("Record consent")
        self.save_button.setText(label)
        self.save_button.setAccessibleName(label)
        record = self.selected_record()
        self.withdraw_button.setEnabled(
            loaded
            and record is not None
            and record.active
            and record.decision is ConsentDecision.GIVEN
        )
        self.new_button.setEnabled(loaded)

    def _new_answer(self) -> None:
        """A new answer starts from the latest consent, so asking again after a change only
        needs the change; nothing is saved until the worker reviews and records it."""
        self.messages.clear()
        latest = self._context.records[-1] if self._context and self._context.records else None
        if latest is not None and latest.decision is ConsentDecision.GIVEN:
            self.decisions[ConsentDecision.GIVEN].setChecked(True)
            scope = latest.scope
            self.police.set_value("yes" if scope.police_immigration_sharing else "no")
            self.matrix.set_police_allowed(scope.police_immigration_sharing)
            self.matrix.set_scope(scope.categories, scope.recipients)
            for purpose, box in self.purposes.items():
                box.setChecked(purpose in scope.purposes)
        self._form_changed()
        self.stack.setCurrentWidget(self.form_page)

    def _cancel_form(self) -> None:
        if self._context is not None and self._context.records:
            self.stack.setCurrentWidget(self.records_page)
        else:
            self.reject()

    def _review(self) -> None:
        if self.missing():
            return
        ui.set_bullets(self.confirm_text, self.summary_lines())
        interpreter = self.interpreter.currentText()
        witness = self.witness.text().strip()
        witness = tr("witnessed by {name}").format(name=witness) if witness else tr("no witness")
        language = self.language_code()
        how = tr(dict(METHODS)[self.method()]).lower()
        self.confirm_details.setText(
            tr("Answer given {method}, in {language}; {interpreter}; {witness}.").format(
                method=how,
                language=texts.language_name(language),
                interpreter=f"{interpreter[:1].lower()}{interpreter[1:]}",
                witness=witness,
            )
        )
        self.fingerprint.setText(
            tr(
                "Fingerprint of this scope: {fingerprint}. It is stored with the record; the "
                "export is refused if what would be shared no longer matches it."
            ).format(fingerprint=self.scope().fingerprint()[:16])
        )
        self._update()
        self.stack.setCurrentWidget(self.confirm_page)
        self.save_button.setFocus()

    def _save(self) -> None:
        if self._saving or self.missing():
            return
        service, reference = self._service, self.reference
        decision, giver, method = self.decision(), self.giver(), self.method()
        scope = self.scope()
        language = self.language_code()
        interpreter = str(self.interpreter.currentData())
        role = self.giver_role.text().strip() if giver is not ConsentGiver.PERSON else None
        witness = self.witness.text().strip() or None
        ends = self.expires_on()
        # Valid through the whole of the chosen day, where the worker is.
        expires_at = (
            datetime.combine(ends + timedelta(days=1), time.min).astimezone().astimezone(UTC)
            if ends
            else None
        )

        def save() -> ConsentContext:
            service.record_consent(
                reference,
                decision=decision,
                given_by=giver,
                method=method,
                language=language,
                interpreter=interpreter,
                scope=scope,
                giver_role=role,
                witness=witness,
                expires_at=expires_at,
            )
            return load_consent_context(service, reference)

        self._saving = True
        self._update()
        self.run(save, lambda context: self._saved(context, decision), self._failed)

    def _saved(self, context: ConsentContext, decision: ConsentDecision) -> None:
        self._saving = False
        self._loaded(context)
        self.messages.show_info(
            tr("The person's consent was recorded.")
            if decision is ConsentDecision.GIVEN
            else tr("The person's decision to decline was recorded.")
        )

    # -- withdrawal -----------------------------------------------------------------------

    def selected_record(self) -> ConsentRecord | None:
        item = self.records.currentItem()
        if item is None or self._context is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self._context.records if r.id == wanted), None)

    def _ask_withdraw(self) -> None:
        record = self.selected_record()
        if record is None or record.id is None:
            return
        names = self._names()
        who = _join([names.get(r, r) for r in sorted(record.scope.recipients)]) or tr("anyone")
        box = QMessageBox(self)
        box.setObjectName("withdrawConfirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Withdraw consent"))
        box.setText(tr("Withdraw this consent?"))
        box.setInformativeText(tr(WITHDRAW_TEXT).format(who=who))
        withdraw = box.addButton(tr("Withdraw consent"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        withdraw.setAccessibleName(tr("Withdraw consent"))
        keep.setAccessibleName(tr("Keep the consent"))
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        consent_id = record.id

        def answered(_result: int) -> None:
            if box.clickedButton() is withdraw:
                self._withdraw(consent_id)

        box.finished.connect(answered)
        box.open()

    def _withdraw(self, consent_id: int) -> None:
        service, reference = self._service, self.reference

        def withdraw() -> ConsentContext:
            service.withdraw_consent(reference, consent_id)
            return load_consent_context(service, reference)

        self._saving = True
        self._update()
        self.run(withdraw, self._withdrawn, self._failed)

    def _withdrawn(self, context: ConsentContext) -> None:
        self._saving = False
        self._loaded(context)
        self.messages.show_info(
            tr("The consent was withdrawn. Later exports under it are blocked from now on.")
        )
