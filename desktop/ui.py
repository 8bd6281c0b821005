"""Small factories for the widgets every page uses, so pages stay short and consistent.

Every interactive widget gets an accessible name here, at creation, so none can be forgotten.
Texts are shown as given: callers pass them through ``desktop.i18n.tr`` (translating here would
translate recorded words and already translated texts again).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime

from babel.lists import format_list
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.combo_box import ComboBox
from desktop.i18n import current
from desktop.text_box import TextBox
from screening_tools.i18n import PSEUDO_LOCALE, SOURCE_LOCALE


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


def text_box(accessible_name: str, placeholder: str = "", *, lines: int = 4) -> TextBox:
    widget = TextBox(lines)
    widget.setAccessibleName(accessible_name)
    widget.setPlaceholderText(placeholder)
    return widget


def link_button(text: str, accessible_name: str | None = None) -> QPushButton:
    widget = button(text, accessible_name)
    widget.setObjectName("link")
    return widget


def combo_box(accessible_name: str, choices: Sequence[tuple[str, str]] = ()) -> QComboBox:
    """A drop-down of (value, label) pairs; the value is the item's data."""
    widget = ComboBox()
    widget.setAccessibleName(accessible_name)
    for value, label in choices:
        widget.addItem(label, value)
    return widget


def group_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("groupHeading")
    label.setWordWrap(True)
    label.setIndent(0)
    return label


def radio(text: str, accessible_name: str | None = None, description: str = "") -> QRadioButton:
    widget = QRadioButton(text)
    widget.setAccessibleName(accessible_name or text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)
    return widget


def banner(text: str = "", *, name: str = "banner", accessible_name: str = "") -> QFrame:
    """A tinted box with one paragraph; its label is ``frame.findChild(QLabel)``."""
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    label = paragraph(text, selectable=True)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    layout.addWidget(label)
    return frame


def boxed(content: QWidget, name: str = "panel") -> QFrame:
    """``content`` in a white box. (Padding on a word-wrapped label itself can clip its last
    line; a frame around it cannot.)"""
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 8, 14, 8)
    layout.addWidget(content)
    return frame


def bullet_list(lines: Sequence[str], accessible_name: str) -> QLabel:
    """Escaped lines as a bulleted rich-text label: recorded words can never become markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    set_bullets(label, lines)
    return label


def set_bullets(label: QLabel, lines: Sequence[str]) -> None:
    items = "".join(f"<li style='margin-bottom:4px'>{html.escape(line)}</li>" for line in lines)
    label.setText(f"<ul style='margin-left:-20px'>{items}</ul>" if lines else "")


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


def mirrored(start: int, top: int, end: int, bottom: int) -> tuple[int, int, int, int]:
    """Margins given by the leading (``start``) and trailing (``end``) side, as Qt's
    ``setContentsMargins`` takes them (left, top, right, bottom). Qt does not mirror margins
    for a right-to-left layout, and widgets are built after the interface language is set."""
    if QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return end, top, start, bottom
    return start, top, end, bottom


def local_time(value: datetime) -> str:
    """A stored UTC time as the worker's local time, in the interface language."""
    from desktop.texts import local_time as _local_time  # one format for the whole app

    return _local_time(value)


def local_date(value: date, fmt: str = "medium") -> str:
    """A calendar date in the interface language (e.g. 'Jan 31, 2026', '31 janv. 2026')."""
    return current().format_date(value, fmt)


def number(value: float) -> str:
    """A count or number with the interface language's digits and separators."""
    return current().format_number(value)


def upper_first(text: str) -> str:
    """``text`` with its first letter in capitals (direction marks before it are skipped)."""
    for index, char in enumerate(text):
        if char.isalnum():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def join_list(items: Sequence[str]) -> str:
    """'a, b and c' in the interface language's own way of listing."""
    items = [item for item in items if item]
    if not items:
        return ""
    locale = current().locale
    return format_list(items, locale=SOURCE_LOCALE if locale == PSEUDO_LOCALE else locale)
