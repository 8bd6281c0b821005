"""Small factories for the widgets every page uses, so pages stay short and consistent.

Every interactive widget gets an accessible name here, at creation, so none can be forgotten.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str = "", *, muted: bool = False, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setObjectName("muted")
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def field_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setWordWrap(True)
    label.setBuddy(buddy)
    return label


def button(text: str, accessible_name: str | None = None, *, primary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(accessible_name or text.replace("&", ""))
    if primary:
        widget.setObjectName("primary")
        widget.setDefault(False)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def line_edit(accessible_name: str, *, password: bool = False, placeholder: str = "") -> QLineEdit:
    widget = QLineEdit()
    widget.setAccessibleName(accessible_name)
    if placeholder:
        widget.setPlaceholderText(placeholder)
    if password:
        widget.setEchoMode(QLineEdit.EchoMode.Password)
        # No autocompletion, no input-method prediction: a passphrase must not be remembered.
        widget.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
    return widget


def text_box(accessible_name: str, placeholder: str = "", *, lines: int = 4) -> QPlainTextEdit:
    widget = QPlainTextEdit()
    widget.setAccessibleName(accessible_name)
    widget.setPlaceholderText(placeholder)
    widget.setTabChangesFocus(True)  # keyboard users can leave the box with Tab
    height = widget.fontMetrics().lineSpacing() * lines + 18
    widget.setFixedHeight(height)
    return widget


def check_box(text: str, accessible_name: str | None = None) -> QCheckBox:
    widget = QCheckBox(text)
    widget.setAccessibleName(accessible_name or text)
    return widget


def card(parent: QWidget | None = None, *, name: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(10)
    return frame, layout


def centred_column(content: QWidget, width: int = 560) -> QWidget:
    """Put ``content`` in a column ``width`` pixels wide, centred on the page.

    A fixed width (rather than an alignment flag) lets word-wrapped labels report their real
    height, so nothing is clipped; the scroll area keeps small windows usable.
    """
    content.setFixedWidth(width)
    inner = QWidget()
    inner.setObjectName("page")
    column = QVBoxLayout(inner)
    column.setContentsMargins(24, 32, 24, 24)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(content)
    row.addStretch(1)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(2)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    return scroll


def local_time(value: datetime) -> str:
    """A stored UTC time as the worker's local time, e.g. '23 Nov 2025, 14:05'."""
    local = QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000))
    return QLocale().toString(local, "d MMM yyyy, HH:mm")
