"""Sensitive text on the clipboard is taken back off after a short time, and on lock and quit.

``copy_sensitive(text, seconds=30)`` puts ``text`` on the clipboard and, after ``seconds``,
clears the clipboard if it still holds that text; if the worker has copied something else in the
meantime, that is left alone. ``clear_sensitive()`` does the same check at once (on lock, on
quit, on quick hide).

What is remembered to recognise "our" text is a keyed hash (a key made fresh for each run),
never the text itself, so the guard keeps nothing readable in memory.

The copied data also carries the markers that clipboard managers honour to skip a secret:
``x-kde-passwordManagerHint: secret`` (Klipper, and many Linux clipboard managers), Windows'
``ExcludeClipboardContentFromMonitorProcessing`` / ``CanIncludeInClipboardHistory`` /
``CanUploadToCloudClipboard`` (history and cloud clipboard), and the macOS concealed type.
These are requests, not guarantees: a clipboard manager may ignore them. That is why the text is
also taken back off.

On Windows Qt leaves the clipboard's contents behind when the app quits (OleFlushClipboard), so
clearing on quit matters there; on X11 contents owned by the app vanish with it unless a
clipboard manager copied them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_SECONDS = 30.0

_WINDOWS_MIME = 'application/x-qt-windows-mime;value="{}"'
_DWORD_ZERO = QByteArray(b"\x00\x00\x00\x00")


def _secret_markers() -> dict[str, QByteArray]:
    if sys.platform == "win32":
        return {
            _WINDOWS_MIME.format("ExcludeClipboardContentFromMonitorProcessing"): QByteArray(b"1"),
            _WINDOWS_MIME.format("CanIncludeInClipboardHistory"): _DWORD_ZERO,
            _WINDOWS_MIME.format("CanUploadToCloudClipboard"): _DWORD_ZERO,
        }
    if sys.platform == "darwin":
        return {"application/x-nspasteboard-concealed-type": QByteArray(b"secret")}
    return {"x-kde-passwordManagerHint": QByteArray(b"secret")}


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = secrets.token_bytes(32)
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    def _hash(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()

    @property
    def holding(self) -> bool:
        """Something we copied may still be on the clipboard."""
        return self._digest is not None

    def copy(self, text: str, seconds: float = DEFAULT_SECONDS) -> None:
        clipboard = QGuiApplication.clipboard()
        mime = QMimeData()
        mime.setText(text)
        for kind, value in _secret_markers().items():
            mime.setData(kind, value)
        clipboard.setMimeData(mime, QClipboard.Mode.Clipboard)
        self._digest = self._hash(text)
        self._timer.start(max(0, round(seconds * 1000)))

    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds what we put there. True if it was cleared."""
        self._timer.stop()
        digest, self._digest = self._digest, None
        if digest is None:
            return False
        clipboard = QGuiApplication.clipboard()
        cleared = False
        modes = [QClipboard.Mode.Clipboard]
        if clipboard.supportsSelection():
            modes.append(QClipboard.Mode.Selection)
        for mode in modes:
            current = clipboard.text(mode)
            if current and hmac.compare_digest(self._hash(current), digest):
                clipboard.clear(mode)
                cleared = True
        return cleared


_guard: ClipboardGuard | None = None


def guard() -> ClipboardGuard:
    """The application's one guard; it also clears on quit."""
    global _guard
    if _guard is None:
        app = QCoreApplication.instance()
        _guard = ClipboardGuard(app)
        if app is not None:
            app.aboutToQuit.connect(_guard.clear_if_ours)
            _guard.destroyed.connect(_forget)
    return _guard


def _forget(*_args: object) -> None:
    global _guard
    _guard = None


def copy_sensitive(text: str, seconds: float = DEFAULT_SECONDS) -> None:
    """Put ``text`` on the clipboard; clear it after ``seconds`` if it is still ours."""
    guard().copy(text, seconds)


def clear_sensitive() -> bool:
    """Clear now what ``copy_sensitive`` put on the clipboard, if it is still there."""
    return _guard.clear_if_ours() if _guard is not None else False
