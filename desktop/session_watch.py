"""Lock when the machine goes to sleep or the session is locked, where the platform reports it.

Sources, each used where it is available (``SessionWatch.sources`` lists those in use):

``app-state``
    ``QGuiApplication.applicationStateChanged`` to ``ApplicationSuspended``. Only mobile-style
    platforms report it; desktop platforms report Active/Inactive, which is not a reason to lock.
``logind`` (Linux, system D-Bus, QtDBus is part of PySide6-Essentials)
    ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` just before suspend or hibernate;
    ``org.freedesktop.login1.Session.Lock`` on this session (``loginctl lock-session``, many
    desktops), and the session's ``LockedHint`` turning true (set by GNOME, KDE and other screen
    lockers). Only signals sent by the owner of ``org.freedesktop.login1`` are accepted. The
    session is found from ``XDG_SESSION_ID``; without it, ``Lock`` of any session is taken.
``screensaver`` (Linux, session D-Bus)
    ``ActiveChanged(true)`` from ``org.freedesktop.ScreenSaver`` (KDE and others) and
    ``org.gnome.ScreenSaver`` (GNOME).
``windows`` (Windows; not testable on the Linux machine this was written on)
    ``WM_POWERBROADCAST``/``PBT_APMSUSPEND`` and ``WM_WTSSESSION_CHANGE``/``WTS_SESSION_LOCK``
    through a native event filter, after ``WTSRegisterSessionNotification`` for the window.
``clock``
    Everywhere, as a backstop: a timer ticks every few seconds and compares the wall clock and
    the monotonic clock with the expected interval. A tick that comes very late means the
    machine was asleep (or the process was stopped), and the app locks as it wakes up — before
    the worker's first click. This matters because Qt timers run on a monotonic clock that
    stops during suspend on Linux and macOS: without this, a laptop closed for a night would
    wake up with the idle timer where it was and the vault still open.

macOS has no source here beyond the clock (NSWorkspace sleep and screen-lock notifications need
PyObjC, which the app does not ship); the idle lock and the clock backstop still apply.

All of this degrades quietly: no bus, no logind, no permission — that source is simply not used.
Nothing is logged except which sources are in use (no content, nothing about anyone).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
LOGIN1_SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "org.gnome.ScreenSaver"),
)

CLOCK_TICK_SECONDS = 5.0
CLOCK_GAP_SECONDS = 30.0
DEBOUNCE_SECONDS = 1.0

try:  # QtDBus ships with PySide6-Essentials on Linux; keep the import optional all the same.
    from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant
except ImportError:  # pragma: no cover - depends on the installed wheel
    QDBusConnection = None  # type: ignore[assignment,misc]


def session_object_path(session_id: str | None) -> str | None:
    """logind's object path for a session id, escaped as systemd's ``bus_label_escape`` does:
    every character other than a-z, A-Z, 0-9 (and a leading digit) becomes ``_xx`` in hex."""
    if not session_id:
        return None
    escaped = []
    for index, char in enumerate(session_id):
        if char.isascii() and (char.isalpha() or (index > 0 and char.isdigit())):
            escaped.append(char)
        else:
            escaped.extend(f"_{byte:02x}" for byte in char.encode("utf-8"))
    return f"{LOGIN1_PATH}/session/{''.join(escaped)}"


class SessionWatch(QObject):
    """Calls ``lock_callback`` when a source reports sleep or a locked session.

    ``active`` (optional) is asked first; when it returns False nothing is done (e.g. the vault
    is already locked). ``locked`` is emitted with the reason each time the callback is called.
    """

    locked = Signal(str)

    def __init__(
        self,
        lock_callback: Callable[[], None],
        parent: QObject | None = None,
        *,
        active: Callable[[], bool] | None = None,
        window: QWidget | None = None,
        use_dbus: bool = True,
        system_bus: Any = None,
        session_bus: Any = None,
        session_id: str | None = None,
        clock_tick_seconds: float = CLOCK_TICK_SECONDS,
        clock_gap_seconds: float = CLOCK_GAP_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._lock = lock_callback
        self._active = active
        self._last_lock = -1e9
        self.sources: list[str] = []
        self._session_path: str | None = None
        self._native_filter: QAbstractNativeEventFilter | None = None
        self._system_bus: Any = None
        self._session_bus: Any = None

        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
            self.sources.append("app-state")

        if (
            use_dbus
            and QDBusConnection is not None
            and sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
        ):
            sid = session_id if session_id is not None else os.environ.get("XDG_SESSION_ID")
            self._watch_logind(system_bus, sid)
            self._watch_screensaver(session_bus)

        if sys.platform == "win32" and window is not None:
            self._watch_windows(window)

        self._tick = clock_tick_seconds
        self._gap = clock_gap_seconds
        self._wall = time.time()
        self._mono = time.monotonic()
        self._clock = QTimer(self)
        self._clock.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._clock.setInterval(max(1, round(clock_tick_seconds * 1000)))
        self._clock.timeout.connect(self._check_clock)
        self._clock.start()
        self.sources.append("clock")
        log.info("Session watch: %s", ", ".join(self.sources))

    # -- locking --------------------------------------------------------------------------

    def trigger(self, reason: str) -> None:
        now = time.monotonic()
        if now - self._last_lock < DEBOUNCE_SECONDS:
            return  # one sleep often arrives as several signals
        if self._active is not None and not self._active():
            return
        self._last_lock = now
        self._lock()
        self.locked.emit(reason)

    def stop(self) -> None:
        self._clock.stop()
        if self._native_filter is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._native_filter)
            self._native_filter = None

    # -- Qt application state -------------------------------------------------------------

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.trigger("app-suspended")

    # -- the clock backstop ---------------------------------------------------------------

    def _check_clock(self) -> None:
        wall, mono = time.time(), time.monotonic()
        late = max(wall - self._wall, mono - self._mono) - self._tick
        self._wall, self._mono = wall, mono
        if late > self._gap:
            self.trigger("resumed")

    # -- D-Bus: logind and screen savers --------------------------------------------------

    def _watch_logind(self, bus: Any, session_id: str | None) -> None:
        bus = bus if bus is not None else QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        ok = bus.connect(
            LOGIN1,
            LOGIN1_PATH,
            LOGIN1_MANAGER,
            "PrepareForSleep",
            self,
            SLOT("_on_login1(QDBusMessage)"),
        )
        self._session_path = session_object_path(session_id)
        # Without a known session, Lock of any session is taken: locking too often is safe.
        path = self._session_path or ""
        ok = (
            bus.connect(
                LOGIN1, path, LOGIN1_SESSION, "Lock", self, SLOT("_on_login1(QDBusMessage)")
            )
            and ok
        )
        if self._session_path is not None:
            ok = (
                bus.connect(
                    LOGIN1,
                    self._session_path,
                    PROPERTIES,
                    "PropertiesChanged",
                    self,
                    SLOT("_on_session_properties(QDBusMessage)"),
                )
                and ok
            )
        if ok:
            self._system_bus = bus
            self.sources.append("logind")

    def _watch_screensaver(self, bus: Any) -> None:
        bus = bus if bus is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        ok = False
        for service, interface in SCREENSAVERS:
            ok = (
                bus.connect(
                    service,
                    "",
                    interface,
                    "ActiveChanged",
                    self,
                    SLOT("_on_screensaver(QDBusMessage)"),
                )
                or ok
            )
        if ok:
            self._session_bus = bus
            self.sources.append("screensaver")

    # Slots receive the whole message: typed D-Bus slots abort the process (qFatal) when a
    # signal's arguments do not demarshal to the slot's types; a message cannot fail that way.
    # (Type names as strings: the class must load even where QtDBus is missing.)

    @Slot("QDBusMessage")
    def _on_login1(self, message: Any) -> None:
        member = message.member()
        arguments = message.arguments()
        if member == "PrepareForSleep":
            if arguments and arguments[0] is True:
                self.trigger("suspend")
        elif member == "Lock":
            self.trigger("session-locked")

    @Slot("QDBusMessage")
    def _on_session_properties(self, message: Any) -> None:
        # The changed-properties map arrives as a QDBusArgument PySide6 cannot read, so ask
        # for LockedHint itself, without blocking.
        arguments = message.arguments()
        if not arguments or arguments[0] != LOGIN1_SESSION or self._session_path is None:
            return
        call = QDBusMessage.createMethodCall(LOGIN1, self._session_path, PROPERTIES, "Get")
        call.setArguments([LOGIN1_SESSION, "LockedHint"])
        self._system_bus.callWithCallback(
            call,
            self,
            SLOT("_on_locked_hint(QDBusMessage)"),
            SLOT("_on_dbus_error(QDBusError)"),
            2000,
        )

    @Slot("QDBusMessage")
    def _on_locked_hint(self, message: Any) -> None:
        arguments = message.arguments()
        value = arguments[0] if arguments else None
        if isinstance(value, QDBusVariant):
            value = value.variant()
        if value is True:
            self.trigger("session-locked")

    @Slot("QDBusError")
    def _on_dbus_error(self, _error: Any) -> None:
        return  # logind went away or refused: nothing to do, the other sources remain

    @Slot("QDBusMessage")
    def _on_screensaver(self, message: Any) -> None:
        arguments = message.arguments()
        if message.member() == "ActiveChanged" and arguments and arguments[0] is True:
            self.trigger("screensaver")

    # -- Windows --------------------------------------------------------------------------

    def _watch_windows(self, window: QWidget) -> None:  # pragma: no cover - Windows only
        if sys.platform != "win32":
            return
        try:
            import ctypes

            hwnd = int(window.winId())
            if not ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, 0):
                log.info("Session watch: session notifications not available")
            native = _WindowsPowerFilter(self.trigger)
            app = QCoreApplication.instance()
            if app is None:
                return
            app.installNativeEventFilter(native)
            self._native_filter = native
            self.sources.append("windows")
        except (OSError, AttributeError):
            log.info("Session watch: Windows notifications not available")


class _WindowsPowerFilter(QAbstractNativeEventFilter):  # pragma: no cover - Windows only
    WM_POWERBROADCAST = 0x0218
    PBT_APMSUSPEND = 0x0004
    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7

    def __init__(self, trigger: Callable[[str], None]) -> None:
        super().__init__()
        self._trigger = trigger

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        if sys.platform == "win32" and bytes(event_type) == b"windows_generic_MSG":
            import ctypes.wintypes

            msg = ctypes.wintypes.MSG.from_address(int(message))
            if msg.message == self.WM_POWERBROADCAST and msg.wParam == self.PBT_APMSUSPEND:
                self._trigger("suspend")
            elif msg.message == self.WM_WTSSESSION_CHANGE and msg.wParam == self.WTS_SESSION_LOCK:
                self._trigger("session-locked")
        return False, 0


def install_session_watch(
    window: QWidget,
    lock_callback: Callable[[], None],
    *,
    active: Callable[[], bool] | None = None,
    **options: Any,
) -> SessionWatch:
    """Watch for sleep and session lock, calling ``lock_callback`` (e.g. ``window.lock``)."""
    return SessionWatch(lock_callback, window, active=active, window=window, **options)
