"""Back up the open vault to a file, and restore a backup (to a new folder, or over this vault
after a confirmation: the core moves the working vault aside, it never deletes it).

File choosers are Qt's own (``DontUseNativeDialog``): the operating system's dialogs add chosen
files to "recent files" lists (GTK's recently-used.xbel, Windows' dialog history), and nothing
the app touches should show up there. Qt's own dialog in turn writes the folders it visited into
Qt's shared settings file (``QtProject.conf``, group ``FileDialog``: ``history``,
``lastVisited``); those two values are put back as they were after each dialog. Default names
are neutral ("backup-2026-01-31.bak"), and no folder or file name is kept in the app's settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from desktop import confirm, ui
from desktop.i18n import tr
from desktop.ops import Operations
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

# TRANSLATORS: a file-dialog filter: keep "(*.bak)", "(*)" and ";;" exactly as they are.
BACKUP_FILTER = N_("Backups (*.bak);;All files (*)")
BACKUP_SAVED = N_(
    "Backup saved and checked: {name} in {folder}. It is encrypted: the same passphrases and "
    "the recovery key open it. Keep it somewhere safe, away from this computer."
)
RESTORE_INTRO = N_(
    "A backup holds the vault as it was when the backup was made. Enter the passphrase of a "
    "user of that backup: it is checked before anything is moved."
)
REPLACE_HELP = N_(
    "The vault on this computer is moved aside into a folder next to it, not deleted, and the "
    "backup takes its place. Anything recorded since the backup was made is then only in the "
    "moved-aside folder."
)
NEW_FOLDER_HELP = N_(
    "The vault on this computer stays as it is. The backup is restored into a new folder "
    "inside the folder you choose."
)

_DIALOG_OPTIONS = QFileDialog.Option.DontUseNativeDialog


_DIALOG_HISTORY = ("FileDialog/history", "FileDialog/lastVisited")


@contextmanager
def forget_dialog_history() -> Iterator[None]:
    """Leave Qt's file-dialog history (shared by every Qt app of this user) as it was."""
    shared = QSettings(QSettings.Scope.UserScope, "QtProject")
    before = {key: shared.value(key) for key in _DIALOG_HISTORY if shared.contains(key)}
    try:
        yield
    finally:
        shared.sync()  # read what the dialog wrote, then undo it
        for key in _DIALOG_HISTORY:
            if key in before:
                shared.setValue(key, before[key])
            else:
                shared.remove(key)
        shared.sync()


def default_backup_name(today: date | None = None) -> str:
    return f"backup-{(today or date.today()):%Y-%m-%d}.bak"


def _start_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def choose_backup_destination(parent: QWidget | None) -> Path | None:
    start = _start_folder() / default_backup_name()
    with forget_dialog_history():
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, tr("Save backup"), str(start), tr(BACKUP_FILTER), "", _DIALOG_OPTIONS
        )
    return Path(chosen) if chosen else None


def choose_backup_file(parent: QWidget | None) -> Path | None:
    with forget_dialog_history():
        chosen, _filter = QFileDialog.getOpenFileName(
            parent,
            tr("Choose a backup"),
            str(_start_folder()),
            tr(BACKUP_FILTER),
            "",
            _DIALOG_OPTIONS,
        )
    return Path(chosen) if chosen else None


def choose_folder(parent: QWidget | None) -> Path | None:
    with forget_dialog_history():
        chosen = QFileDialog.getExistingDirectory(
            parent,
            tr("Choose a folder for the restored vault"),
            str(_start_folder()),
            QFileDialog.Option.ShowDirsOnly | _DIALOG_OPTIONS,
        )
    return Path(chosen) if chosen else None


def new_restore_folder(parent_folder: Path, now: datetime | None = None) -> Path:
    """A folder that does not exist yet, with a neutral name, inside ``parent_folder``.

    Never the chosen folder itself: the core moves a non-empty target aside as a whole."""
    stamp = f"{(now or datetime.now()):%Y-%m-%d-%H%M%S}"
    candidate = parent_folder / f"restored-{stamp}"
    number = 2
    while candidate.exists():
        candidate = parent_folder / f"restored-{stamp}-{number}"
        number += 1
    return candidate


def backup_vault(
    parent: QWidget | None,
    service: ScreeningService,
    ops: Operations,
    notify: Callable[[str], None],
    on_error: Callable[[Exception], None] | None = None,
) -> Path | None:
    """Ask where, then write and check the backup on the worker. Returns the chosen path."""
    dest = choose_backup_destination(parent)
    if dest is None:
        return None
    if dest.suffix == "":
        dest = dest.with_suffix(".bak")

    def done(_meta: object) -> None:
        notify(tr(BACKUP_SAVED).format(name=dest.name, folder=dest.parent))

    ops.run(lambda: service.backup(dest), done, on_error)
    return dest


@dataclass(frozen=True)
class RestoreRequest:
    backup: Path
    passphrase: str
    replace: bool
    target: Path | None  # the new folder, when not replacing


class RestoreDialog(QDialog):
    """Collects what a restore needs; ``requested`` carries a ``RestoreRequest``."""

    requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Restore from a backup"))
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFixedWidth(600)
        self._backup: Path | None = None
        self._folder: Path | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(ui.heading(tr("Restore from a backup"), level=2))
        layout.addWidget(ui.paragraph(tr(RESTORE_INTRO), muted=True))
        layout.addSpacing(4)

        self.file_label = ui.paragraph(tr("No backup chosen yet."), muted=True)
        self.file_label.setAccessibleName(tr("Chosen backup"))
        self.file_button = ui.button(tr("Choose backup…"), tr("Choose the backup file"))
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.file_button)
        layout.addWidget(ui.field_label(tr("Backup file"), self.file_button))
        layout.addLayout(row)

        self.passphrase = ui.line_edit(tr("Passphrase of a user of the backup"), password=True)
        layout.addWidget(ui.field_label(tr("Passphrase"), self.passphrase))
        layout.addWidget(self.passphrase)
        layout.addSpacing(6)

        layout.addWidget(ui.group_heading(tr("Where to")))
        self.new_folder = ui.radio(tr("Restore into a new folder"), description=tr(NEW_FOLDER_HELP))
        self.replace = ui.radio(
            tr("Replace the vault on this computer"), description=tr(REPLACE_HELP)
        )
        self.new_folder.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_folder)
        group.addButton(self.replace)
        layout.addWidget(self.new_folder)
        new_help = ui.paragraph(tr(NEW_FOLDER_HELP), muted=True)
        new_help.setContentsMargins(*ui.mirrored(26, 0, 0, 0))
        layout.addWidget(new_help)
        self.folder_label = ui.paragraph(tr("No folder chosen yet."), muted=True)
        self.folder_label.setAccessibleName(tr("Chosen folder"))
        self.folder_button = ui.button(
            tr("Choose folder…"), tr("Choose a folder for the restored vault")
        )
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(*ui.mirrored(26, 0, 0, 0))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)
        layout.addWidget(self.replace)
        replace_help = ui.paragraph(tr(REPLACE_HELP), muted=True)
        replace_help.setContentsMargins(*ui.mirrored(26, 0, 0, 0))
        layout.addWidget(replace_help)

        self.error = ui.paragraph()
        self.error.setObjectName("inlineError")
        self.error.setAccessibleName(tr("Restore problem"))
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.setObjectName("primary")
        self.restore_button.setAccessibleName(tr("Restore"))
        self.cancel_button.setAccessibleName(tr("Cancel"))
        self.restore_button.clicked.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(buttons)

        self.file_button.clicked.connect(self._choose_file)
        self.folder_button.clicked.connect(self._choose_folder)
        self.passphrase.textChanged.connect(self._update)
        self.new_folder.toggled.connect(self._update)
        self.passphrase.returnPressed.connect(self._restore)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Word-wrapped labels: a dialog does not grow to their height by itself.
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))

    def set_backup(self, path: Path) -> None:
        self._backup = path
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._update()

    def set_folder(self, path: Path) -> None:
        self._folder = path
        self.folder_label.setText(str(path))
        self._update()

    def _choose_file(self) -> None:
        chosen = choose_backup_file(self)
        if chosen is not None:
            self.set_backup(chosen)

    def _choose_folder(self) -> None:
        chosen = choose_folder(self)
        if chosen is not None:
            self.set_folder(chosen)

    def _ready(self) -> bool:
        if self._backup is None or not self.passphrase.text():
            return False
        return self.replace.isChecked() or self._folder is not None

    def _update(self, *_args: object) -> None:
        self.folder_button.setEnabled(self.new_folder.isChecked())
        self.restore_button.setEnabled(self._ready())

    def _restore(self) -> None:
        if not self._ready() or self._backup is None:
            return
        if not self._backup.is_file():
            self.error.setText(tr("That backup file cannot be found. Choose it again."))
            self.error.show()
            return
        replace = self.replace.isChecked()
        if replace and not confirm.ask(
            self,
            tr("Replace this vault?"),
            tr(
                "Replace the vault on this computer with the backup? The current vault will be "
                "moved aside into a folder next to it, not deleted. The app locks first."
            ),
            tr("Replace vault"),
        ):
            return
        target = None if replace or self._folder is None else new_restore_folder(self._folder)
        request = RestoreRequest(self._backup, self.passphrase.text(), replace, target)
        self.passphrase.clear()
        self.accept()
        self.requested.emit(request)


def run_restore(
    service: ScreeningService,
    ops: Operations,
    request: RestoreRequest,
    notify: Callable[[str], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Restore on the worker. The service (or, for a new folder, a throw-away service on that
    folder) is locked again afterwards: the worker unlocks as usual."""
    if request.replace:

        def replace() -> Path:
            try:
                return service.restore(request.backup, request.passphrase, replace=True)
            finally:
                service.lock()

        def replaced(aside: object) -> None:
            if Path(str(aside)) != service.vault_dir:
                notify(
                    tr(
                        "The backup was restored. The vault that was here was moved to "
                        "{folder}. Unlock to continue."
                    ).format(folder=aside)
                )
            else:
                notify(tr("The backup was restored. Unlock to continue."))

        ops.run(replace, replaced, on_error)
        return

    target = request.target
    assert target is not None

    def restore_new() -> Path:
        other = ScreeningService(target)
        try:
            other.restore(request.backup, request.passphrase)
        finally:
            other.lock()
        return target

    def restored(folder: object) -> None:
        notify(
            tr(
                "The backup was restored into {folder}. This vault is unchanged. To open the "
                'restored one, start the app with --vault "{folder}".'
            ).format(folder=folder)
        )

    ops.run(restore_new, restored, on_error)
