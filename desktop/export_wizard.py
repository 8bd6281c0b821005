"""Export a referral packet: choose the recipient → see the route and basis (or why it is blocked
and what would unblock it) → preview the PDF pages → protect and save → result, checked.

The core decides everything (PRODUCT principle 7): which options are open comes from
``export_options``, the preview from ``preview_packet`` (rendered in memory and shown from a
QBuffer, never a temporary file), and the export itself from ``export_packet``, which checks the
basis again at that moment. The written file is then read back and checked by the packet
verifier, and the result shows its SHA-256 and every check.

Routes are listed police-free first; routes that involve the police or immigration are marked.
A safeguarding exception is labelled "Shared without consent — exception" wherever it shows.
Default file names are neutral (a date, nothing about the person).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui
from desktop.i18n import tr, trn
from desktop.ops import Operations
from desktop.pdf_preview import PdfPreview, print_pdf
from desktop.sharing_entry import SharingDialog, open_basis, open_consent
from desktop.style import monospace_font
from screening_tools.consent import CATEGORY_LABELS, DataCategory
from screening_tools.domain import Role
from screening_tools.errors import ScreeningError
from screening_tools.flow import AgeStatus, Route, route_for_age
from screening_tools.i18n import N_
from screening_tools.jurisdiction import Recipient, RouteDef, get_jurisdiction
from screening_tools.referral import packet_file
from screening_tools.referral.manifest import key_id
from screening_tools.referral.model import BASIS_LABELS, BasisKind, PacketContent
from screening_tools.referral.verify import VerifyReport, verify_packet
from screening_tools.routing import EXCEPTION_LABEL
from screening_tools.service import ScreeningService
from screening_tools.service_sharing import ExportOption, ExportResult
from screening_tools.tracking import ReferralStatus

TITLE = N_("Export a referral packet")
STEPS = (
    N_("Choose who receives it"),
    N_("Preview"),
    N_("Protect and save"),
    N_("Saved and checked"),
)
CHOOSE_INTRO = N_(
    "Choose who receives the packet. Only what the legal basis covers goes into it, and the app "
    "checks the basis again at the moment of export. Routes without police come first."
)
NOT_SUPERVISOR = N_(
    "Only a supervisor can export a referral packet. You can see the routes and what would "
    "open them."
)
PROTECT_INTRO = N_(
    "The packet is signed, so the recipient can check nothing was changed. Encrypt it as well "
    "when it travels by e-mail or on a memory stick, so only the recipient can read it."
)
ENCRYPTION_ADVICE = N_(
    "At least 12 characters. Give it to the recipient another way than the file, for example by "
    "phone; never in the same e-mail."
)
KEY_HELP = N_("The recipient's age public key, which starts with “age1”. Ask them for it.")
PERSON_COPY_HELP = N_(
    "The person can have a one-page copy of what was shared, with whom, and how to withdraw, in "
    "their language."
)
# The languages the referral document can be written in (its labels: screening_tools.referral).
DOCUMENT_LANGUAGES = ("en", "ar")
NO_POLICE = N_("No police")
POLICE = N_("Involves the police or immigration")
BASIS_SHORT = {
    BasisKind.CONSENT: N_("With the person's consent"),
    BasisKind.MONITORING_ONLY: N_("Monitoring only: no identifying details"),
    BasisKind.CHILD_PROTECTION: N_("Child protection: the child's views recorded"),
    BasisKind.SAFEGUARDING_EXCEPTION: EXCEPTION_LABEL,
}
VERIFY_NAMES = N_(
    "Names and contacts in the jurisdiction pack may be dated: check them before you send."
)
NONE, KEY, PASSPHRASE = "none", "key", "passphrase"
FIELD_WIDTH = 460
MIN_PASSPHRASE = 12


def neutral_name(prefix: str, suffix: str, today: date | None = None) -> str:
    """A default file name that says nothing about the person: a word and the date."""
    return f"{prefix}-{(today or date.today()).isoformat()}{suffix}"


def tidy(reason: str, names: dict[str, str] | None = None) -> str:
    """The core's reason and its way to unblock, as one clean paragraph, recipients named."""
    text = " ".join(reason.split())
    while ".." in text:
        text = text.replace("..", ".")
    for rid, name in (names or {}).items():
        text = text.replace(f"'{rid}'", name)
    return ui.upper_first(text)


# -- what the wizard reads -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    option: ExportOption
    available: bool
    reason: str
    applies: bool  # the route is for this person's age group

    @property
    def key(self) -> tuple[str, str]:
        return (self.option.route_id, self.option.recipient_id)

    @property
    def basis(self) -> BasisKind:
        return BasisKind(self.option.basis)


@dataclass(frozen=True)
class ExportContext:
    choices: list[Choice]
    routes: dict[str, RouteDef]
    recipients: dict[str, Recipient]
    child_route: bool
    supervisor: bool

    def groups(self) -> list[list[Choice]]:
        """Choices by route: routes for this person first, police-free before the others."""
        by_route: dict[str, list[Choice]] = {}
        for choice in self.choices:
            by_route.setdefault(choice.option.route_id, []).append(choice)
        order = list(by_route)
        return sorted(
            by_route.values(),
            key=lambda group: (
                not group[0].applies,
                group[0].option.involves_police,
                order.index(group[0].option.route_id),
            ),
        )

    def choice(self, key: tuple[str, str]) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


def load_export_context(service: ScreeningService, reference: str) -> ExportContext:
    """Runs on the worker."""
    pack = get_jurisdiction(service.organisation().jurisdiction_id)
    detail = service.open_case(reference)
    child = route_for_age(AgeStatus(detail.age_status)) is Route.CHILD
    audience = {"any", "child" if child else "adult"}
    sign_off_needed = service.require_sign_off()
    signed = {
        (r.route_id, r.recipient_id)
        for r in service.referrals(reference, ReferralStatus.SIGNED_OFF.value)
    }
    names = {r.id: r.name for r in pack.recipients}
    choices = []
    for option in service.export_options(reference):
        route = pack.route(option.route_id)
        applies = route is not None and route.audience.value in audience
        available, reason = option.available, tidy(tr(option.reason), names)
        if available and sign_off_needed and (option.route_id, option.recipient_id) not in signed:
            available = False
            reason = tr(
                "Your organisation requires a supervisor's sign-off before any export. Draft the "
                "referral and ask a supervisor to sign it off."
            )
        choices.append(Choice(option, available, reason, applies))
    return ExportContext(
        choices=choices,
        routes={r.id: r for r in pack.routes},
        recipients={r.id: r for r in pack.recipients},
        child_route=child,
        supervisor=service.current_user.role is Role.SUPERVISOR,
    )


@dataclass
class Checked:
    """The export's result, read back from disk and checked by the verifier."""

    result: ExportResult
    digest: str  # SHA-256 of the bytes on disk
    report: VerifyReport | None  # None when only the recipient can open it
    signer_key: str
    checks: list[tuple[bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        same = self.digest == self.result.file_sha256
        return same and (self.report is None or self.report.ok)


class PersonCopyWriteError(ScreeningError):
    pass


def write_private(path: Path, data: bytes) -> None:
    """Write a file only the worker's account can read."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise PersonCopyWriteError(
            tr(
                "The copy could not be saved in {folder} ({problem}). Choose another folder and "
                "try again."
            ).format(folder=path.parent, problem=exc.strerror or exc)
        ) from None


# -- small widgets ---------------------------------------------------------------------------


def _tag(text: str, warn: bool) -> QLabel:
    label = QLabel(text)
    label.setObjectName("overdue" if warn else "muted")
    label.setAccessibleName(text)
    return label


def exception_banner(detail: str = "") -> QFrame:
    frame = QFrame()
    frame.setObjectName("mustPassOn")
    frame.setAccessibleName(tr(EXCEPTION_LABEL))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    title = QLabel(tr(EXCEPTION_LABEL))
    title.setObjectName("mustPassOnTitle")
    title.setWordWrap(True)
    title.setAccessibleName(tr(EXCEPTION_LABEL))
    layout.addWidget(title)
    if detail:
        layout.addWidget(ui.paragraph(detail))
    return frame


def _page(heading: str) -> tuple[QWidget, QVBoxLayout, QHBoxLayout]:
    page = QWidget()
    page.setObjectName("page")
    outer = QVBoxLayout(page)
    outer.setContentsMargins(24, 14, 24, 0)
    outer.setSpacing(8)
    outer.addWidget(ui.heading(heading))
    bar = QFrame()
    bar.setObjectName("actionBar")
    actions = QHBoxLayout(bar)
    actions.setContentsMargins(0, 10, 0, 14)
    actions.setSpacing(10)
    body = QVBoxLayout()
    body.setSpacing(8)
    outer.addLayout(body, 1)
    outer.addWidget(bar)
    return page, body, actions


def _scroll(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


class RouteGroup(QFrame):
    """One route: its label, basis, police marking, and a choice per recipient."""

    def __init__(self, group: list[Choice], context: ExportContext, buttons: QButtonGroup) -> None:
        super().__init__()
        self.setObjectName("panel")
        first = group[0]
        route = context.routes.get(first.option.route_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(ui.heading(first.option.route_label, level=2))
        tags = QHBoxLayout()
        tags.setSpacing(8)
        police = first.option.involves_police
        basis = tr(BASIS_SHORT[first.basis])
        if police:
            if first.basis is not BasisKind.SAFEGUARDING_EXCEPTION:  # the banner below says it
                tags.addWidget(_tag(basis, False))
            tags.addWidget(_tag(tr(POLICE), True))
        else:
            tags.addWidget(
                _tag(tr("{basis} · {police}").format(basis=basis, police=tr(NO_POLICE)), False)
            )
        tags.addStretch(1)
        layout.addLayout(tags)
        if first.basis is BasisKind.SAFEGUARDING_EXCEPTION:
            layout.addWidget(exception_banner())
        if route is not None:
            layout.addWidget(ui.paragraph(route.description, muted=True))
        shared = len({(c.available, c.reason) for c in group}) == 1
        check_names = False
        self.radios: dict[tuple[str, str], QRadioButton] = {}
        for choice in group:
            recipient = context.recipients.get(choice.option.recipient_id)
            row = QHBoxLayout()
            status = tr("available") if choice.available else tr("blocked")
            radio = ui.radio(
                choice.option.recipient_name,
                tr("{recipient}, {route}: {status}").format(
                    recipient=choice.option.recipient_name,
                    route=first.option.route_label,
                    status=status,
                ),
                choice.reason,
            )
            buttons.addButton(radio)
            self.radios[choice.key] = radio
            row.addWidget(radio, 1)
            state = QLabel(tr("Available") if choice.available else tr("Blocked"))
            state.setObjectName("strength")
            state.setProperty("ok", "true" if choice.available else "false")
            state.setAccessibleName(tr("Status: {status}").format(status=status))
            row.addWidget(state)
            layout.addLayout(row)
            if recipient is not None and recipient.verify_before_use:
                check_names = True
            if not shared and not choice.available:
                layout.addWidget(self._reason(choice.reason))
        if shared and not first.available:
            layout.addWidget(self._reason(first.reason))
        if check_names:
            note = ui.paragraph(tr(VERIFY_NAMES), muted=True)
            note.setObjectName("fieldHint")
            layout.addWidget(note)

    @staticmethod
    def _reason(text: str) -> QLabel:
        label = ui.paragraph(text, selectable=True)
        label.setObjectName("inlineError")
        label.setAccessibleName(tr("Why it is blocked and what would open it"))
        return label


# -- the wizard ------------------------------------------------------------------------------


class ExportWizard(SharingDialog):
    def __init__(
        self,
        parent: QWidget | None,
        service: ScreeningService,
        ops: Operations,
        reference: str,
    ) -> None:
        super().__init__(parent, service, ops, reference, tr(TITLE))
        self.setMinimumSize(820, 600)
        self.resize(1120, 780)
        self._context: ExportContext | None = None
        self._selected: tuple[str, str] | None = None
        self._content: PacketContent | None = None
        self._checked: Checked | None = None
        self._busy = False
        self._passphrase_used: str | None = None

        header = QWidget()
        header.setObjectName("page")
        top = QHBoxLayout(header)
        top.setContentsMargins(24, 12, 24, 0)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepIndicator")
        self.step_label.setAccessibleName(tr("Step"))
        top.addWidget(self.step_label, 1)
        self.content.addWidget(header)
        self.stack = QStackedWidget()
        self.content.addWidget(self.stack, 1)
        self._build_choose()
        self._build_preview()
        self._build_protect()
        self._build_progress()
        self._build_result()
        self._show(self.choose_page)
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build_choose(self) -> None:
        self.choose_page, body, actions = _page(tr(TITLE))
        body.addWidget(ui.paragraph(tr(CHOOSE_INTRO), muted=True))
        self.not_supervisor = ui.banner(
            tr(NOT_SUPERVISOR), name="warning", accessible_name=tr("Only a supervisor can export")
        )
        self.not_supervisor.hide()
        body.addWidget(self.not_supervisor)
        self.groups_holder = QWidget()
        self.groups_holder.setObjectName("page")
        self.groups_layout = QVBoxLayout(self.groups_holder)
        self.groups_layout.setContentsMargins(*ui.mirrored(0, 0, 12, 0))
        self.groups_layout.setSpacing(12)
        self.loading = ui.paragraph(tr("Reading the routes for this case…"), muted=True)
        self.groups_layout.addWidget(self.loading)
        body.addWidget(_scroll(self.groups_holder), 1)
        self.selection = ui.paragraph()
        self.selection.setAccessibleName(tr("Selected recipient"))
        body.addWidget(self.selection)
        self.option_group = QButtonGroup(self)
        self.option_group.buttonToggled.connect(lambda *_: self._choice_changed())
        self.radios: dict[tuple[str, str], QRadioButton] = {}
        self.consent_button = ui.button(tr("Consent…"), tr("Record or withdraw consent"))
        self.basis_button = ui.button(
            tr("Child's views or exception…"),
            tr("Record a child's views or a safeguarding exception"),
        )
        actions.addWidget(self.consent_button)
        actions.addWidget(self.basis_button)
        actions.addStretch(1)
        self.cancel_button = ui.button(tr("Cancel"), tr("Cancel the export"))
        actions.addWidget(self.cancel_button)
        self.preview_button = ui.button(
            tr("Next: preview"), tr("Next: preview the packet"), primary=True
        )
        actions.addWidget(self.preview_button)
        self.stack.addWidget(self.choose_page)
        self.consent_button.clicked.connect(self._open_consent)
        self.basis_button.clicked.connect(self._open_basis)
        self.cancel_button.clicked.connect(self.reject)
        self.preview_button.clicked.connect(self._to_preview)

    def _build_preview(self) -> None:
        self.preview_page, body, actions = _page(tr("Preview"))
        row = QHBoxLayout()
        row.setSpacing(16)
        self.preview = PdfPreview(tr("Preview of the referral document"))
        row.addWidget(self.preview, 3)
        side = QWidget()
        side.setObjectName("page")
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.language = ui.combo_box(
            tr("Language of the document"),
            [(c, name) for c, name in texts.person_languages() if c in DOCUMENT_LANGUAGES],
        )
        column.addWidget(ui.field_label(tr("Language of the document"), self.language))
        column.addWidget(self.language)
        self.preview_status = ui.paragraph(muted=True)
        self.preview_status.setAccessibleName(tr("Preview status"))
        column.addWidget(self.preview_status)
        self.preview_exception = exception_banner(
            tr("No consent: a written justification signed off by a supervisor.")
        )
        column.addWidget(self.preview_exception)
        self.preview_facts = ui.paragraph(selectable=True)
        self.preview_facts.setAccessibleName(tr("Recipient, route and basis"))
        column.addWidget(ui.boxed(self.preview_facts))
        column.addWidget(ui.heading(tr("Included"), level=2))
        self.included = ui.bullet_list([], tr("Included in the packet"))
        column.addWidget(self.included)
        self.left_out_heading = ui.heading(tr("Left out"), level=2)
        column.addWidget(self.left_out_heading)
        self.left_out = ui.bullet_list([], tr("Left out of the packet"))
        column.addWidget(self.left_out)
        column.addStretch(1)
        side_scroll = _scroll(side)
        side_scroll.setFixedWidth(360)
        column.setContentsMargins(*ui.mirrored(0, 0, 14, 0))
        row.addWidget(side_scroll, 0)
        body.addLayout(row, 1)
        self.preview_back = ui.button(tr("Back"), tr("Back to choosing the recipient"))
        actions.addWidget(self.preview_back)
        actions.addStretch(1)
        self.protect_button = ui.button(
            tr("Next: protect and save"), tr("Next: protect and save the packet"), primary=True
        )
        actions.addWidget(self.protect_button)
        self.stack.addWidget(self.preview_page)
        self.language.currentIndexChanged.connect(lambda _i: self._render_preview())
        self.preview_back.clicked.connect(lambda: self._show(self.choose_page))
        self.protect_button.clicked.connect(lambda: self._show(self.protect_page))

    def _build_protect(self) -> None:
        self.protect_page, body, actions = _page(tr("Protect and save"))
        inner = QWidget()
        inner.setObjectName("page")
        column = QVBoxLayout(inner)
        column.setContentsMargins(*ui.mirrored(0, 0, 12, 0))
        column.setSpacing(8)
        column.addWidget(ui.paragraph(tr(PROTECT_INTRO), muted=True))
        self.protect_exception = exception_banner()
        column.addWidget(self.protect_exception)
        self.protect_facts = ui.paragraph(selectable=True)
        self.protect_facts.setAccessibleName(tr("What will be exported"))
        column.addWidget(ui.boxed(self.protect_facts))
        self.protection = QButtonGroup(self)
        self.protect_choices: dict[str, QRadioButton] = {}
        for value, label in (
            (NONE, tr("Signed, not encrypted")),
            (KEY, tr("Encrypted to the recipient's public key")),
            (PASSPHRASE, tr("Encrypted with a passphrase")),
        ):
            radio = ui.radio(label, description=tr("How to protect the file"))
            self.protection.addButton(radio)
            self.protect_choices[value] = radio
            column.addWidget(radio)
            if value == KEY:
                self.key_field = ui.line_edit(tr("Recipient's public key"), placeholder="age1…")
                self.key_field.setMaximumWidth(FIELD_WIDTH + 160)
                self.key_hint = ui.paragraph(tr(KEY_HELP), muted=True)
                self.key_hint.setObjectName("fieldHint")
                self.key_box = self._indented(self.key_field, self.key_hint)
                column.addWidget(self.key_box)
            if value == PASSPHRASE:
                self.pass_first = ui.line_edit(tr("Packet passphrase"), password=True)
                self.pass_second = ui.line_edit(tr("Repeat the packet passphrase"), password=True)
                self.pass_hint = ui.paragraph(tr(ENCRYPTION_ADVICE), muted=True)
                self.pass_hint.setObjectName("fieldHint")
                self.pass_match = ui.paragraph(muted=True)
                self.pass_match.setAccessibleName(tr("Passphrase check"))
                self.pass_box = self._indented(
                    ui.field_label(tr("Passphrase"), self.pass_first),
                    self.pass_first,
                    ui.field_label(tr("Repeat the passphrase"), self.pass_second),
                    self.pass_second,
                    self.pass_hint,
                    self.pass_match,
                )
                for edit in (self.pass_first, self.pass_second):
                    edit.setMaximumWidth(FIELD_WIDTH)
                column.addWidget(self.pass_box)
        self.protect_choices[NONE].setChecked(True)
        column.addStretch(1)
        body.addWidget(_scroll(inner), 1)
        self.protect_back = ui.button(tr("Back"), tr("Back to the preview"))
        actions.addWidget(self.protect_back)
        actions.addStretch(1)
        self.protect_hint = ui.paragraph(muted=True)
        self.protect_hint.setAccessibleName(tr("What is still needed"))
        actions.addWidget(self.protect_hint, 1)
        self.export_button = ui.button(
            tr("Export and save…"), tr("Export and save the packet"), primary=True
        )
        actions.addWidget(self.export_button)
        self.stack.addWidget(self.protect_page)
        self.protection.buttonToggled.connect(lambda *_: self._update())
        for edit in (self.key_field, self.pass_first, self.pass_second):
            edit.textChanged.connect(lambda _t: self._update())
        self.protect_back.clicked.connect(lambda: self._show(self.preview_page))
        self.export_button.clicked.connect(self._export)

    @staticmethod
    def _indented(*widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(*ui.mirrored(28, 0, 0, 6))
        layout.setSpacing(4)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _build_progress(self) -> None:
        self.progress_page, body, _actions = _page(tr("Exporting"))
        self.progress_text = ui.paragraph()
        self.progress_text.setAccessibleName(tr("Export progress"))
        body.addWidget(self.progress_text)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Export progress"))
        self.progress.setTextVisible(False)
        body.addWidget(self.progress)
        body.addStretch(1)
        self.stack.addWidget(self.progress_page)

    def _build_result(self) -> None:
        self.result_page, body, actions = _page(tr("Saved and checked"))
        inner = QWidget()
        inner.setObjectName("page")
        column = QVBoxLayout(inner)
        column.setContentsMargins(*ui.mirrored(0, 0, 12, 0))
        column.setSpacing(8)
        self.result_banner = ui.banner(accessible_name=tr("Export result"))
        self.result_text = self.result_banner.findChild(QLabel)
        column.addWidget(self.result_banner)
        self.result_exception = exception_banner(
            tr(
                "This packet was shared without the person's consent, under a signed-off "
                "safeguarding exception. It says so on its first page."
            )
        )
        column.addWidget(self.result_exception)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        self.result_fields: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(
            (
                ("file", tr("File")),
                ("sha256", tr("SHA-256 of the file")),
                ("recipient", tr("Recipient")),
                ("basis", tr("Basis")),
                ("shared", tr("What was shared")),
                ("protection", tr("Protection")),
                ("signer", tr("Signed with key")),
            )
        ):
            name = QLabel(label)
            name.setObjectName("fieldLabel")
            value = ui.paragraph(selectable=True)
            value.setAccessibleName(label)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.result_fields[key] = value
        self.result_fields["sha256"].setFont(monospace_font(self.font().pointSizeF()))
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        column.addWidget(ui.heading(tr("Checked by the packet verifier"), level=2))
        self.checks = ui.paragraph(selectable=True)
        self.checks.setAccessibleName(tr("Verifier checks"))
        column.addWidget(self.checks)
        column.addWidget(ui.heading(tr("The person's copy"), level=2))
        column.addWidget(ui.paragraph(tr(PERSON_COPY_HELP), muted=True))
        copy_row = QHBoxLayout()
        self.save_copy_button = ui.button(tr("Save the person's copy…"))
        self.print_copy_button = ui.button(tr("Print the person's copy…"))
        copy_row.addWidget(self.save_copy_button)
        copy_row.addWidget(self.print_copy_button)
        copy_row.addStretch(1)
        column.addLayout(copy_row)
        column.addStretch(1)
        body.addWidget(_scroll(inner), 1)
        actions.addStretch(1)
        self.done_button = ui.button(tr("Done"), tr("Close the export"), primary=True)
        actions.addWidget(self.done_button)
        self.stack.addWidget(self.result_page)
        self.save_copy_button.clicked.connect(self._save_copy)
        self.print_copy_button.clicked.connect(self._print_copy)
        self.done_button.clicked.connect(self.accept)

    # -- navigation -----------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        steps = {
            self.choose_page: 0,
            self.preview_page: 1,
            self.protect_page: 2,
            self.progress_page: 3,
            self.result_page: 3,
        }
        index = steps.get(page, 0)
        self.step_label.setText(
            tr("Step {number} of {total} · {title}").format(
                number=ui.number(index + 1), total=ui.number(len(STEPS)), title=tr(STEPS[index])
            )
        )
        if page is self.protect_page:
            self._describe_selection()
        self.stack.setCurrentWidget(page)
        self._update()

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    # -- choosing -------------------------------------------------------------------------

    def reload(self) -> None:
        service, reference = self._service, self.reference
        self._busy = True
        self._update()
        self.run(lambda: load_export_context(service, reference), self._loaded, self._failed)

    def _loaded(self, context: ExportContext) -> None:
        self._busy = False
        self._context = context
        self.not_supervisor.setVisible(not context.supervisor)
        for radio in list(self.option_group.buttons()):
            self.option_group.removeButton(radio)
        while self.groups_layout.count():
            item = self.groups_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.loading:
                widget.deleteLater()
        self.loading.hide()
        self.radios = {}
        groups = context.groups()
        applying = [g for g in groups if g[0].applies]
        others = [g for g in groups if not g[0].applies]
        for group in applying:
            frame = RouteGroup(group, context, self.option_group)
            self.radios.update(frame.radios)
            self.groups_layout.addWidget(frame)
        if others:
            count = len(others)
            if context.child_route:
                label = trn(
                    "Show the {count} route that does not apply to a child or a person of "
                    "unknown age",
                    "Show the {count} routes that do not apply to a child or a person of "
                    "unknown age",
                    count,
                )
            else:
                label = trn(
                    "Show the {count} route that does not apply to an adult",
                    "Show the {count} routes that do not apply to an adult",
                    count,
                )
            self.others_toggle = ui.link_button(
                label.format(count=ui.number(count)),
                tr("Show the routes that do not apply to this person"),
            )
            self.others_toggle.setCheckable(True)
            self.groups_layout.addWidget(self.others_toggle, 0, Qt.AlignmentFlag.AlignLeft)
            self.others_box = QWidget()
            box = QVBoxLayout(self.others_box)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(12)
            for group in others:
                frame = RouteGroup(group, context, self.option_group)
                self.radios.update(frame.radios)
                box.addWidget(frame)
            self.others_box.hide()
            self.others_toggle.toggled.connect(self.others_box.setVisible)
            self.groups_layout.addWidget(self.others_box)
        self.groups_layout.addStretch(1)
        # Keep the worker's choice across a reload, else start on the first open option.
        selected = self._selected
        if selected is None or selected not in self.radios:
            first = next((c.key for g in applying for c in g if c.available), None)
            selected = first
        if selected is not None:
            self.radios[selected].setChecked(True)
        self._choice_changed()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.show_error(error)
        self._update()

    def selected_choice(self) -> Choice | None:
        if self._context is None or self._selected is None:
            return None
        return self._context.choice(self._selected)

    def select(self, route_id: str, recipient_id: str) -> None:
        self.radios[(route_id, recipient_id)].setChecked(True)

    def _choice_changed(self) -> None:
        checked = self.option_group.checkedButton()
        self._selected = next((k for k, r in self.radios.items() if r is checked), None)
        choice = self.selected_choice()
        if choice is None:
            self.selection.setText(tr("Choose a recipient."))
        else:
            text = (
                tr("{recipient} — {route}: available")
                if choice.available
                else tr("{recipient} — {route}: blocked. {reason}")
            )
            self.selection.setText(
                text.format(
                    recipient=choice.option.recipient_name,
                    route=choice.option.route_label,
                    reason=choice.reason,
                )
            )
            recipient = (
                self._context.recipients.get(choice.option.recipient_id) if self._context else None
            )
            if recipient is not None:
                index = self.language.findData(recipient.languages[0])
                self.language.blockSignals(True)
                self.language.setCurrentIndex(max(index, 0))
                self.language.blockSignals(False)
        self._update()

    def _open_consent(self) -> None:
        dialog = open_consent(self, self._service, self._ops, self.reference)
        dialog.finished.connect(lambda _r: self.reload())

    def _open_basis(self) -> None:
        dialog = open_basis(self, self._service, self._ops, self.reference)
        dialog.finished.connect(lambda _r: self.reload())

    # -- preview --------------------------------------------------------------------------

    def _to_preview(self) -> None:
        choice = self.selected_choice()
        if choice is None or not choice.available:
            return
        self._show(self.preview_page)
        self._render_preview()

    def _render_preview(self) -> None:
        choice = self.selected_choice()
        if choice is None or self.current_page() is not self.preview_page:
            return
        service, reference = self._service, self.reference
        route_id, recipient_id = choice.key
        language = str(self.language.currentData() or "en")
        self._content = None
        self.preview.clear()
        self.preview_status.setText(tr("Preparing the preview…"))
        self._busy = True
        self._update()
        self.run(
            lambda: service.preview_packet(reference, route_id, recipient_id, language=language),
            lambda result: self._previewed(choice.key, language, result),
            self._preview_failed,
        )

    def _previewed(self, key: tuple[str, str], language: str, result: Any) -> None:
        self._busy = False
        if key != self._selected or language != self.language.currentData():
            self._update()
            return  # the worker changed the choice meanwhile; that preview is on its way
        content, pdf = result
        assert isinstance(content, PacketContent)
        self._content = content
        pages = self.preview.set_pdf(pdf)
        self.preview_status.setText(
            trn(
                "As it will be sent: {count} page. The basis is checked again at export.",
                "As it will be sent: {count} pages. The basis is checked again at export.",
                pages,
            ).format(count=ui.number(pages))
        )
        exception = content.basis.kind is BasisKind.SAFEGUARDING_EXCEPTION
        self.preview_exception.setVisible(exception)
        self.preview_facts.setText(
            tr("To: {recipient}\nRoute: {route}\nBasis: {basis}").format(
                recipient=content.recipient.name,
                route=content.basis.route_label,
                basis=tr(BASIS_LABELS[content.basis.kind]),
            )
        )
        shared = [tr(CATEGORY_LABELS[c]) for c in content.categories_shared]
        ui.set_bullets(self.included, shared or [tr("Nothing about the person")])
        left = [tr(CATEGORY_LABELS[c]) for c in DataCategory if c not in content.categories_shared]
        ui.set_bullets(self.left_out, left)
        self.left_out_heading.setVisible(bool(left))
        self._update()

    def _preview_failed(self, error: Exception) -> None:
        self._busy = False
        self.preview_status.setText(tr("The preview could not be made."))
        self.show_error(error)
        self._update()

    # -- protect and export ---------------------------------------------------------------

    def protection_mode(self) -> str:
        return next((k for k, r in self.protect_choices.items() if r.isChecked()), NONE)

    def protection_problem(self) -> str:
        mode = self.protection_mode()
        if mode == KEY:
            key = self.key_field.text().strip()
            if not key.startswith("age1"):
                return tr("Paste the recipient's public key (it starts with “age1”).")
        if mode == PASSPHRASE:
            first, second = self.pass_first.text(), self.pass_second.text()
            if len(first) < MIN_PASSPHRASE:
                return tr("Use a passphrase of at least {count} characters.").format(
                    count=ui.number(MIN_PASSPHRASE)
                )
            if first != second:
                return tr("Type the same passphrase twice.")
        return ""

    def _describe_selection(self) -> None:
        content = self._content
        if content is None:
            return
        exception = content.basis.kind is BasisKind.SAFEGUARDING_EXCEPTION
        self.protect_exception.setVisible(exception)
        shared = ui.join_list([tr(CATEGORY_LABELS[c]) for c in content.categories_shared])
        self.protect_facts.setText(
            tr("To: {recipient}\nRoute: {route}\nBasis: {basis}\nIncluded: {included}").format(
                recipient=content.recipient.name,
                route=content.basis.route_label,
                basis=tr(BASIS_LABELS[content.basis.kind]),
                included=shared or tr("nothing"),
            )
        )

    def _export(self) -> None:
        choice = self.selected_choice()
        if choice is None or self._content is None or self.protection_problem() or self._busy:
            return
        mode = self.protection_mode()
        suffix = packet_file.ENCRYPTED_SUFFIX if mode != NONE else packet_file.SUFFIX
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            tr("Save the referral packet"),
            str(Path(folder) / neutral_name("referral", suffix)),
            tr("Referral packet (*{suffix})").format(suffix=suffix),
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.name.endswith(suffix):
            path = path.with_name(path.name + suffix)
        key = self.key_field.text().strip() if mode == KEY else None
        passphrase = self.pass_first.text() if mode == PASSPHRASE else None
        language = str(self.language.currentData() or "en")
        service, reference = self._service, self.reference
        route_id, recipient_id = choice.key
        self._passphrase_used = passphrase
        self.pass_first.clear()
        self.pass_second.clear()
        self._busy = True
        self.progress.setRange(0, 0)
        self.progress_text.setText(
            tr("Checking the basis, gathering what it covers, signing and writing the packet…")
        )
        self._show(self.progress_page)
        self.run(
            lambda: service.export_packet(
                reference,
                route_id,
                recipient_id,
                path,
                language=language,
                encrypt_to=key,
                passphrase=passphrase,
                overwrite=True,
            ),
            lambda result: self._exported(result, key is not None),
            self._export_failed,
        )

    def _exported(self, result: ExportResult, to_key: bool) -> None:
        self.progress_text.setText(
            tr("Written. Reading it back and checking it with the verifier…")
        )
        service = self._service
        passphrase = self._passphrase_used
        self._passphrase_used = None

        def check() -> Checked:
            data = result.path.read_bytes()
            signer = service.public_signing_key()
            report = None
            if not to_key:
                report = verify_packet(data, sender_key=signer, passphrase=passphrase)
            return Checked(result, hashlib.sha256(data).hexdigest(), report, signer)

        self.run(check, self._checked_done, self._export_failed)

    def _export_failed(self, error: Exception) -> None:
        self._busy = False
        self._passphrase_used = None
        self.show_error(error)
        self._show(self.protect_page)

    def _checked_done(self, checked: Checked) -> None:
        self._busy = False
        self._checked = checked
        result, content = checked.result, checked.result.content
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if checked.ok and checked.report is not None:
            headline = tr("The packet was saved and the verifier confirmed it: every check passed.")
            self.result_banner.setObjectName("banner")
        elif checked.ok:
            headline = tr(
                "The packet was saved, encrypted to the recipient's key. Only the recipient can "
                "open it and check its contents; its SHA-256 below is in the export log."
            )
            self.result_banner.setObjectName("banner")
        else:
            headline = tr(
                "The packet was saved, but the verifier found a problem (see below). Do not send "
                "it: export it again."
            )
            self.result_banner.setObjectName("warning")
        self.result_banner.style().unpolish(self.result_banner)
        self.result_banner.style().polish(self.result_banner)
        if self.result_text is not None:
            self.result_text.setText(headline)
        self.result_exception.setVisible(content.basis.kind is BasisKind.SAFEGUARDING_EXCEPTION)
        fields = self.result_fields
        fields["file"].setText(
            tr("{name}\nin {folder}").format(name=result.path.name, folder=result.path.parent)
        )
        fields["sha256"].setText(checked.digest)
        fields["recipient"].setText(f"{content.recipient.name} — {content.basis.route_label}")
        fields["basis"].setText(tr(BASIS_LABELS[content.basis.kind]))
        shared = [tr(CATEGORY_LABELS[c]) for c in content.categories_shared]
        fields["shared"].setText(ui.join_list(shared) or tr("Nothing about the person"))
        if not result.encrypted:
            protection = tr("Signed, not encrypted: anyone with the file can read it.")
        elif checked.report is None:
            protection = tr("Encrypted to the recipient's public key.")
        else:
            protection = tr(
                "Encrypted with a passphrase. Give it to the recipient another way than the file."
            )
        fields["protection"].setText(protection)
        fields["signer"].setText(
            tr(
                "{fingerprint} — tell the recipient this fingerprint another way, so they can "
                "confirm the packet came from you."
            ).format(fingerprint=key_id(checked.signer_key))
        )
        lines = []
        if checked.digest == result.file_sha256:
            lines.append("✓ " + tr("file: the bytes on disk match the SHA-256 in the export log"))
        else:
            lines.append("✗ " + tr("file: the bytes on disk differ from what was exported"))
        if checked.report is None:
            lines.append(
                "– "
                + tr(
                    "contents: encrypted to the recipient's key, so only the recipient can check "
                    "the signature and parts"
                )
            )
        else:
            for check in checked.report.checks:
                mark = "✓" if check.ok else "✗"
                lines.append(f"{mark} {tr(check.name)}: {tr(check.detail)}")
            if checked.report.sender_confirmed:
                lines.append("✓ " + tr("sender: signed with this organisation's key"))
        self.checks.setText("\n".join(lines))
        self._show(self.result_page)
        self.done_button.setFocus()

    # -- the person's copy ----------------------------------------------------------------

    def _person_copy(self, then: Any) -> None:
        if self._checked is None:
            return
        content = self._checked.result.content
        service = self._service
        self._busy = True
        self._update()
        self.run(lambda: service.person_copy_pdf(content), then, self._failed)

    def _save_copy(self) -> None:
        if self._checked is None:
            return
        folder = self._checked.result.path.parent
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            tr("Save the person's copy"),
            str(folder / neutral_name("what-was-shared", ".pdf")),
            tr("PDF document (*.pdf)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if self._checked is None:
            return
        content = self._checked.result.content
        service = self._service

        def save() -> Path:
            write_private(path, service.person_copy_pdf(content))
            return path

        self._busy = True
        self._update()
        self.run(save, self._copy_saved, self._failed)

    def _copy_saved(self, path: Path) -> None:
        self._busy = False
        self._update()
        self.messages.show_info(tr("The person's copy was saved as {name}.").format(name=path.name))

    def _print_copy(self) -> None:
        self._person_copy(self._print_ready)

    def _print_ready(self, data: bytes) -> None:
        self._busy = False
        self._update()
        if print_pdf(data, self):
            self.messages.show_info(tr("The person's copy was sent to the printer."))

    # -- state ----------------------------------------------------------------------------

    def _update(self) -> None:
        context = self._context
        choice = self.selected_choice()
        supervisor = context is not None and context.supervisor
        idle = not self._busy
        self.preview_button.setEnabled(
            idle and supervisor and choice is not None and choice.available
        )
        self.consent_button.setEnabled(idle and context is not None)
        self.basis_button.setEnabled(idle and context is not None)
        self.protect_button.setEnabled(idle and self._content is not None)
        self.language.setEnabled(idle)
        self.preview_back.setEnabled(idle)
        mode = self.protection_mode()
        self.key_box.setVisible(mode == KEY)
        self.pass_box.setVisible(mode == PASSPHRASE)
        first, second = self.pass_first.text(), self.pass_second.text()
        if not second:
            self.pass_match.setText("")
        elif first == second:
            self.pass_match.setText(tr("The passphrases match."))
        else:
            self.pass_match.setText(tr("The passphrases do not match yet."))
        problem = self.protection_problem()
        self.protect_hint.setText(problem)
        self.export_button.setEnabled(idle and self._content is not None and not problem)
        self.protect_back.setEnabled(idle)
        self.save_copy_button.setEnabled(idle and self._checked is not None)
        self.print_copy_button.setEnabled(idle and self._checked is not None)
