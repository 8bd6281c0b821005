"""The legal bases other than consent (PRODUCT principles 8 and 9):

* Child's views: for a child, or a person whose age is unknown or disputed, the child-protection
  route needs no consent, but the child's views are recorded and go with the referral.
* Safeguarding exception: sharing without consent, only for a serious risk of harm, with a
  written justification; the route opens only once a supervisor has signed it off. It is labelled
  "Shared without consent — exception" wherever it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.sharing_entry import SharingDialog
from screening_tools.domain import Role
from screening_tools.flow import AgeStatus, Route, route_for_age
from screening_tools.i18n import N_
from screening_tools.routing import EXCEPTION_LABEL
from screening_tools.service import ScreeningService
from screening_tools.vault.sharing_repository import SharingException

TITLE = N_("Child's views and safeguarding exceptions")
CHILD_INTRO = N_(
    "For a child, or a person whose age is unknown or disputed, the child-protection route "
    "applies. The child's consent is not required, but their views are recorded and go with the "
    "referral. Write them in the child's own words where you can, or write that they did not "
    "wish to give them."
)
ADULT_NOTE = N_(
    "This case is on the adult route. The child-protection route applies to anyone under 18, or "
    "whose age is unknown or disputed: change the age on the case if that is so."
)
EXCEPTION_INTRO = N_(
    "Only where there is a serious risk of harm to the person or to others, or a child-protection "
    "concern, and asking for consent is not possible or would increase the risk. Write why "
    "sharing without consent is necessary. A supervisor must sign it off before anything can be "
    "exported, and only what the risk requires is shared."
)
JUSTIFICATION_MIN = 20
SIGN_OFF_TEXT = N_(
    "You confirm that the written justification shows a serious risk of harm that makes sharing "
    "without consent necessary. Once signed off, the safeguarding route opens for export and "
    "every packet sent under it is labelled “Shared without consent — exception”, with the "
    "justification and your name.\n\nA sign-off cannot be undone."
)


@dataclass(frozen=True)
class BasisContext:
    exceptions: list[SharingException]
    child_route: bool
    supervisor: bool
    user_name: str


def load_basis_context(service: ScreeningService, reference: str) -> BasisContext:
    """Runs on the worker."""
    detail = service.open_case(reference)
    user = service.current_user
    return BasisContext(
        exceptions=service.sharing_exceptions(reference),
        child_route=route_for_age(AgeStatus(detail.age_status)) is Route.CHILD,
        supervisor=user.role is Role.SUPERVISOR,
        user_name=user.display_name,
    )


def describe_exception(record: SharingException) -> str:
    when = ui.local_time(record.created_at)
    if record.kind == "child_protection":
        recorded = tr("Recorded {when} by {name}").format(when=when, name=record.created_by)
        return f"{recorded}\n{record.text}"
    if record.signed_off and record.signed_off_at is not None:
        status = tr("Signed off {when} by {name}").format(
            when=ui.local_time(record.signed_off_at), name=record.signed_off_by
        )
    else:
        status = tr("Waiting for a supervisor's sign-off: the route stays closed until then")
    requested = tr("Requested {when} by {name} · {status}").format(
        when=when, name=record.created_by, status=status
    )
    return f"{requested}\n{record.text}"


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setMinimumHeight(110)
    return widget


def _tab(tabs: QTabWidget, title: str) -> QVBoxLayout:
    body = QWidget()
    body.setObjectName("page")
    layout = QVBoxLayout(body)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(8)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    tabs.addTab(scroll, title)
    return layout


class BasisDialog(SharingDialog):
    def __init__(
        self,
        parent: QWidget | None,
        service: ScreeningService,
        ops: Operations,
        reference: str,
    ) -> None:
        super().__init__(parent, service, ops, reference, tr(TITLE))
        self.setMinimumSize(640, 520)
        self.resize(860, 700)
        self._context: BasisContext | None = None
        self._saving = False

        holder = QWidget()
        holder.setObjectName("page")
        column = QVBoxLayout(holder)
        column.setContentsMargins(24, 16, 24, 0)
        column.setSpacing(10)
        column.addWidget(ui.heading(tr(TITLE)))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Basis to record"))
        self.tabs.tabBar().setAccessibleName(tr("Basis to record"))
        column.addWidget(self.tabs, 1)
        self.content.addWidget(holder, 1)

        # -- child's views
        layout = _tab(self.tabs, tr("Child's views"))
        layout.addWidget(ui.paragraph(tr(CHILD_INTRO), muted=True))
        self.adult_note = ui.banner(tr(ADULT_NOTE), accessible_name=tr("Adult route"))
        layout.addWidget(self.adult_note)
        layout.addWidget(ui.heading(tr("Recorded so far"), level=2))
        self.views_list = _list(tr("The child's views recorded so far"))
        layout.addWidget(self.views_list)
        self.no_views = ui.paragraph(tr("Nothing recorded yet."), muted=True)
        layout.addWidget(self.no_views)
        self.views = ui.text_box(
            tr("The child's views"),
            tr("What the child said they want, or that they did not wish to give their views"),
            lines=5,
        )
        layout.addWidget(ui.field_label(tr("The child's views"), self.views))
        layout.addWidget(self.views)
        row = QHBoxLayout()
        row.addStretch(1)
        self.record_views_button = ui.button(tr("Record the child's views"), primary=True)
        row.addWidget(self.record_views_button)
        layout.addLayout(row)
        layout.addStretch(1)

        # -- safeguarding exception
        layout = _tab(self.tabs, tr("Safeguarding exception"))
        banner = QFrame()
        banner.setObjectName("mustPassOn")
        inner = QVBoxLayout(banner)
        inner.setContentsMargins(14, 10, 14, 10)
        title = QLabel(tr(EXCEPTION_LABEL))
        title.setObjectName("mustPassOnTitle")
        title.setWordWrap(True)
        title.setAccessibleName(tr(EXCEPTION_LABEL))
        inner.addWidget(title)
        inner.addWidget(ui.paragraph(tr(EXCEPTION_INTRO)))
        layout.addWidget(banner)
        layout.addWidget(ui.heading(tr("Requests"), level=2))
        self.exception_list = _list(tr("Safeguarding exceptions for this case"))
        layout.addWidget(self.exception_list)
        self.no_exceptions = ui.paragraph(tr("No exception requested."), muted=True)
        layout.addWidget(self.no_exceptions)
        sign_row = QHBoxLayout()
        self.sign_off_hint = ui.paragraph(muted=True)
        self.sign_off_hint.setAccessibleName(tr("Sign-off"))
        sign_row.addWidget(self.sign_off_hint, 1)
        self.sign_off_button = ui.button(tr("Sign off…"), tr("Sign off the selected exception"))
        sign_row.addWidget(self.sign_off_button)
        layout.addLayout(sign_row)
        layout.addSpacing(6)
        self.justification = ui.text_box(
            tr("Justification for sharing without consent"),
            tr(
                "What serious risk of harm makes sharing without consent necessary, and why "
                "consent cannot be asked for"
            ),
            lines=5,
        )
        layout.addWidget(
            ui.field_label(tr("Written justification for a new request"), self.justification)
        )
        layout.addWidget(self.justification)
        row = QHBoxLayout()
        self.justification_hint = ui.paragraph(muted=True)
        self.justification_hint.setAccessibleName(tr("Justification length"))
        row.addWidget(self.justification_hint, 1)
        self.request_button = ui.button(tr("Request the exception"), primary=True)
        row.addWidget(self.request_button)
        layout.addLayout(row)
        layout.addStretch(1)

        bar = QFrame()
        bar.setObjectName("actionBar")
        bottom = QHBoxLayout(bar)
        bottom.setContentsMargins(24, 10, 24, 14)
        bottom.addStretch(1)
        self.close_button = ui.button(tr("Close"))
        bottom.addWidget(self.close_button)
        self.content.addWidget(bar)

        self.views.textChanged.connect(self._update)
        self.justification.textChanged.connect(self._update)
        self.exception_list.currentItemChanged.connect(lambda *_: self._update())
        self.record_views_button.clicked.connect(self._record_views)
        self.request_button.clicked.connect(self._request)
        self.sign_off_button.clicked.connect(self._ask_sign_off)
        self.close_button.clicked.connect(self.reject)
        self._update()
        self.run(lambda: load_basis_context(service, reference), self._loaded, self._failed)

    # -- state ----------------------------------------------------------------------------

    def _loaded(self, context: BasisContext) -> None:
        first = self._context is None
        self._context = context
        self._saving = False
        self.adult_note.setVisible(not context.child_route)
        if first and not context.child_route:
            self.tabs.setCurrentIndex(1)
        self.views_list.clear()
        self.exception_list.clear()
        for record in context.exceptions:
            item = QListWidgetItem(describe_exception(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            target = self.views_list if record.kind == "child_protection" else self.exception_list
            target.addItem(item)
        # Select the latest request still waiting for sign-off, else the latest one.
        rows = [
            (self._exception(self.exception_list.item(i)), i)
            for i in range(self.exception_list.count())
        ]
        waiting = [i for record, i in rows if record is not None and not record.signed_off]
        if waiting or rows:
            self.exception_list.setCurrentRow(waiting[-1] if waiting else rows[-1][1])
        self._update()

    def _failed(self, error: Exception) -> None:
        self._saving = False
        self.show_error(error)
        self._update()

    def _exception(self, item: QListWidgetItem | None) -> SharingException | None:
        if item is None or self._context is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((e for e in self._context.exceptions if e.id == wanted), None)

    def selected_exception(self) -> SharingException | None:
        return self._exception(self.exception_list.currentItem())

    def _update(self) -> None:
        loaded = self._context is not None and not self._saving
        self.views_list.setVisible(self.views_list.count() > 0)
        self.no_views.setVisible(self.views_list.count() == 0)
        self.exception_list.setVisible(self.exception_list.count() > 0)
        self.no_exceptions.setVisible(self.exception_list.count() == 0)
        self.record_views_button.setEnabled(loaded and bool(self.views.toPlainText().strip()))
        length = len(self.justification.toPlainText().strip())
        self.request_button.setEnabled(loaded and length >= JUSTIFICATION_MIN)
        if length < JUSTIFICATION_MIN:
            self.justification_hint.setText(
                tr("Write the justification in full (at least a sentence) before requesting.")
            )
        else:
            self.justification_hint.setText("")
        selected = self.selected_exception()
        supervisor = self._context is not None and self._context.supervisor
        can_sign = loaded and supervisor and selected is not None and not selected.signed_off
        self.sign_off_button.setEnabled(can_sign)
        if self._context is not None and not supervisor:
            self.sign_off_hint.setText(tr("Only a supervisor can sign off an exception."))
        elif selected is not None and selected.signed_off:
            self.sign_off_hint.setText(tr("The selected exception is signed off."))
        elif selected is not None:
            self.sign_off_hint.setText(
                tr("Read the justification, then sign off if it is sufficient.")
            )
        else:
            self.sign_off_hint.setText("")

    # -- actions --------------------------------------------------------------------------

    def _record_views(self) -> None:
        text = self.views.toPlainText()
        if not text.strip():
            return
        service, reference = self._service, self.reference

        def record() -> BasisContext:
            service.record_child_views(reference, text)
            return load_basis_context(service, reference)

        self._saving = True
        self._update()
        self.run(
            record,
            lambda context: self._done(context, self.views, tr("The child's views were recorded.")),
            self._failed,
        )

    def _request(self) -> None:
        text = self.justification.toPlainText()
        service, reference = self._service, self.reference

        def request() -> BasisContext:
            service.request_safeguarding_exception(reference, text)
            return load_basis_context(service, reference)

        self._saving = True
        self._update()
        self.run(
            request,
            lambda context: self._done(
                context,
                self.justification,
                tr(
                    "The exception was requested. A supervisor must sign it off before the route "
                    "opens."
                ),
            ),
            self._failed,
        )

    def _done(self, context: BasisContext, editor: QPlainTextEdit, notice: str) -> None:
        self._loaded(context)
        editor.clear()
        self.messages.show_info(notice)

    def _ask_sign_off(self) -> None:
        record = self.selected_exception()
        if record is None or record.signed_off:
            return
        box = QMessageBox(self)
        box.setObjectName("signOffConfirmation")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Sign off"))
        box.setText(tr("Sign off: {label}?").format(label=tr(EXCEPTION_LABEL)))
        box.setInformativeText(tr(SIGN_OFF_TEXT))
        sign = box.addButton(tr("Sign off"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        sign.setAccessibleName(tr("Sign off the exception"))
        cancel.setAccessibleName(tr("Cancel"))
        box.setDefaultButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        exception_id = record.id

        def answered(_result: int) -> None:
            if box.clickedButton() is sign:
                self._sign_off(exception_id)

        box.finished.connect(answered)
        box.open()

    def _sign_off(self, exception_id: int) -> None:
        service, reference = self._service, self.reference

        def sign() -> BasisContext:
            service.sign_off_exception(reference, exception_id)
            return load_basis_context(service, reference)

        self._saving = True
        self._update()
        self.run(sign, self._done_sign_off, self._failed)

    def _done_sign_off(self, context: BasisContext) -> None:
        self._loaded(context)
        self.messages.show_info(
            tr("Signed off. The safeguarding route is open for export, labelled “{label}”.").format(
                label=tr(EXCEPTION_LABEL)
            )
        )
