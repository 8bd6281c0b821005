"""The look: a calm, light theme on the Fusion style (same on every platform), and a
high-contrast theme (white and yellow on black) for low vision or bright sunlight.

Text size follows the system font, never smaller than 10.5 pt, times the in-app zoom; headings
are sized relative to it, so zooming scales everything together.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

MIN_POINT_SIZE = 10.5


@dataclass(frozen=True)
class Theme:
    name: str
    ink: str
    muted: str
    background: str
    surface: str
    border: str
    accent: str
    accent_dark: str
    on_accent: str  # text on an accent background (primary buttons, selections)
    control_border: str
    input_border: str
    hover: str
    focus_background: str
    disabled_text: str
    disabled_border: str
    primary_disabled: str
    warn_background: str
    warn_border: str
    warn_text: str
    info_background: str
    info_border: str
    person_background: str
    person_border: str
    review: str
    ok: str
    selection: str
    selection_text: str
    alternate_row: str
    header_background: str
    line: str
    current_item: str
    placeholder: str
    scrollbar: str
    scrollbar_hover: str
    alert_background: str
    alert_border: str
    focus_width: int = 1


STANDARD = Theme(
    name="standard",
    ink="#1f2933",
    muted="#56616d",
    background="#f3f4f6",
    surface="#ffffff",
    border="#d9dee4",
    accent="#2f6690",
    accent_dark="#24506f",
    on_accent="#ffffff",
    control_border="#b9c2cc",
    input_border="#bfc7d0",
    hover="#eef2f5",
    focus_background="#eef4f9",
    disabled_text="#7b8591",
    disabled_border="#d5dae0",
    primary_disabled="#aebfcd",
    warn_background="#fbf1e2",
    warn_border="#e6c893",
    warn_text="#4a3000",
    info_background="#eaf1f6",
    info_border="#c8d9e6",
    person_background="#f4f7f9",
    person_border="#9fb3c4",
    review="#7a5417",
    ok="#2e6b3a",
    selection="#d6e4ef",
    selection_text="#1f2933",
    alternate_row="#f8f9fb",
    header_background="#eef0f3",
    line="#eceff2",
    current_item="#f7fafc",
    placeholder="#6b7580",
    scrollbar="#c3cad2",
    scrollbar_hover="#a9b3bd",
    alert_background="#fdf0e6",
    alert_border="#b4530f",
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    ink="#ffffff",
    muted="#e8e8e8",
    background="#000000",
    surface="#000000",
    border="#ffffff",
    accent="#ffd60a",
    accent_dark="#ffe566",
    on_accent="#000000",
    control_border="#ffffff",
    input_border="#ffffff",
    hover="#262626",
    focus_background="#3a3000",
    disabled_text="#bdbdbd",
    disabled_border="#8a8a8a",
    primary_disabled="#8a8a8a",
    warn_background="#000000",
    warn_border="#ffd60a",
    warn_text="#ffffff",
    info_background="#000000",
    info_border="#ffffff",
    person_background="#000000",
    person_border="#ffd60a",
    review="#ffd60a",
    ok="#8cff8c",
    selection="#ffd60a",
    selection_text="#000000",
    alternate_row="#141414",
    header_background="#000000",
    line="#8a8a8a",
    current_item="#1a1a1a",
    placeholder="#cfcfcf",
    scrollbar="#bdbdbd",
    scrollbar_hover="#ffffff",
    alert_background="#000000",
    alert_border="#ffd60a",
    focus_width=2,
)

_current = STANDARD


def current_theme() -> Theme:
    return _current


def base_point_size() -> float:
    """The system's own text size (its accessibility setting), never below a readable minimum."""
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return max(system, MIN_POINT_SIZE)


def _pt(value: float) -> str:
    return f"{value:.1f}pt"


def stylesheet(theme: Theme, point_size: float, *, right_to_left: bool = False) -> str:
    """The style sheet. Qt does not mirror a style sheet's left and right: the few rules that
    name a side take the interface's leading or trailing side (``right_to_left``)."""
    t = theme
    fw = t.focus_width
    start, end = ("right", "left") if right_to_left else ("left", "right")
    css = f"""
QWidget {{ color: {t.ink}; }}
QMainWindow, QDialog, QWidget#page {{ background: {t.background}; }}
QScrollArea, QScrollArea > QWidget > QWidget#checklistBody {{ background: transparent; }}
QLabel#heading {{ font-size: {_pt(point_size * 1.6)}; font-weight: 600; }}
QLabel#subheading {{ font-size: {_pt(point_size * 1.15)}; font-weight: 600; }}
QLabel#groupHeading {{
    font-size: {_pt(point_size * 1.15)}; font-weight: 600; padding: 12px 0 0 0;
}}
QWidget#guidanceBody {{ background: {t.surface}; }}
QLabel#appName {{ color: {t.muted}; font-weight: 600; padding-{end}: 14px; }}
QLabel#caption {{ color: {t.muted}; font-weight: 600; }}
QLabel#inlineError {{
    background: {t.warn_background}; border: 1px solid {t.warn_border}; border-radius: 6px;
    padding: 8px 10px; color: {t.warn_text};
}}
QLabel#personText {{
    background: {t.person_background}; border-{start}: 3px solid {t.person_border};
    padding: 6px 10px;
}}
QLabel#panelText {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px; padding: 10px 14px;
}}
QLabel#reviewStatus {{ color: {t.review}; }}
QLabel#guidanceItem {{ font-weight: 600; }}
QLabel#muted, QLabel#fieldHint {{ color: {t.muted}; }}
QLabel#fieldLabel {{ font-weight: 600; }}
QLabel#recoveryKey {{
    background: {t.surface}; border: 1px dashed {t.person_border}; border-radius: 6px;
    padding: 14px;
}}
QLabel#strength[ok="true"] {{ color: {t.ok}; }}
QLabel#strength[ok="false"] {{ color: {t.review}; }}
QLabel#saveStatus {{ color: {t.muted}; }}
QLabel#stepIndicator {{ color: {t.muted}; font-weight: 600; }}
QLabel#skippedTag {{ color: {t.review}; font-weight: 600; }}
QLabel#targetDue[overdue="true"] {{ color: {t.warn_text}; font-weight: 600; }}
QLabel#overdue {{
    background: {t.warn_background}; border: 1px solid {t.warn_border}; border-radius: 6px;
    padding: 6px 10px; color: {t.warn_text};
}}
QLabel#personCardText {{ font-size: {_pt(point_size * 2.4)}; }}
QLabel#personCardNote {{ color: {t.muted}; font-size: {_pt(point_size * 1.2)}; }}
QFrame#card, QFrame#panel {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px;
}}
QFrame#banner {{
    background: {t.info_background}; border: 1px solid {t.info_border}; border-radius: 6px;
}}
QFrame#warning {{
    background: {t.warn_background}; border: 1px solid {t.warn_border}; border-radius: 6px;
}}
QFrame#mustPassOn {{
    background: {t.alert_background}; border: 2px solid {t.alert_border}; border-radius: 6px;
}}
QLabel#mustPassOnTitle {{ font-size: {_pt(point_size * 1.15)}; font-weight: 700; }}
QFrame#checklistItem {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px;
}}
QFrame#checklistItem[current="true"] {{
    border: 2px solid {t.accent}; background: {t.current_item};
}}
QFrame#task {{ border-bottom: 1px solid {t.line}; }}
QFrame#messageBar {{ border-radius: 6px; }}
QFrame#messageBar[kind="error"] {{
    background: {t.warn_background}; border: 1px solid {t.warn_border};
}}
QFrame#messageBar[kind="info"] {{
    background: {t.info_background}; border: 1px solid {t.info_border};
}}
QPushButton {{
    padding: 6px 16px; border: 1px solid {t.control_border}; border-radius: 6px;
    background: {t.surface}; min-height: 20px;
}}
QPushButton:hover {{ background: {t.hover}; }}
QPushButton:focus {{ border: {fw}px solid {t.accent}; background: {t.focus_background}; }}
QPushButton:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}
QPushButton#primary {{ background: {t.accent}; color: {t.on_accent}; border-color: {t.accent}; }}
QPushButton#primary:hover, QPushButton#primary:focus {{
    background: {t.accent_dark}; border-color: {t.ink};
}}
QPushButton#primary:disabled {{
    background: {t.primary_disabled}; border-color: {t.primary_disabled}; color: {t.on_accent};
}}
QPushButton#link {{
    border: none; background: transparent; color: {t.accent}; padding: 2px 0;
    text-decoration: underline;
}}
QPushButton#link:focus {{ color: {t.accent_dark}; background: {t.focus_background}; }}
QLineEdit, QPlainTextEdit, QTextBrowser, QListWidget, QTableView, QComboBox {{
    background: {t.surface}; border: 1px solid {t.input_border}; border-radius: 6px;
}}
QPlainTextEdit:disabled, QLineEdit:disabled {{
    color: {t.disabled_text}; border-color: {t.disabled_border}; background: {t.background};
}}
QLineEdit {{ padding: 6px 8px; }}
QComboBox {{ padding: 5px 30px 5px 8px; min-height: 20px; }}
QComboBox::drop-down {{ border: none; width: 26px; }}
QComboBox::down-arrow {{ image: none; width: 0; height: 0; }}
QComboBox QAbstractItemView {{
    background: {t.surface}; color: {t.ink};
    selection-background-color: {t.selection}; selection-color: {t.selection_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QTableView:focus, QComboBox:focus {{
    border: {fw}px solid {t.accent};
}}
QTableView::item {{ padding: 0 10px; }}
QListWidget::item {{ padding: 8px 6px; border-bottom: 1px solid {t.line}; }}
QTableView, QListWidget {{
    selection-background-color: {t.selection}; selection-color: {t.selection_text};
    alternate-background-color: {t.alternate_row};
}}
QListWidget::item:selected, QTableView::item:selected {{
    background: {t.selection}; color: {t.selection_text};
}}
QHeaderView::section {{
    background: {t.header_background}; border: none; border-bottom: 1px solid {t.border};
    padding: 6px 13px; font-weight: 600;
}}
QToolBar {{
    background: {t.surface}; border-bottom: 1px solid {t.border}; padding: 4px 10px; spacing: 6px;
}}
QToolBar QToolButton {{ padding: 5px 12px; border-radius: 6px; }}
QToolBar QToolButton:hover, QToolBar QToolButton:focus {{ background: {t.hover}; }}
QToolButton#lockButton {{
    border: 1px solid {t.control_border}; font-weight: 600; padding: 5px 16px;
}}
QMenuBar {{ background: {t.surface}; border-bottom: 1px solid {t.line}; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {t.selection}; color: {t.selection_text}; }}
QMenu {{ background: {t.surface}; border: 1px solid {t.border}; }}
QMenu::item {{ padding: 5px 24px 5px 22px; }}
QMenu::item:selected {{ background: {t.selection}; color: {t.selection_text}; }}
QStatusBar {{ background: {t.surface}; border-top: 1px solid {t.border}; color: {t.muted}; }}
QRadioButton, QCheckBox {{ spacing: 6px; padding: 3px 6px 3px 2px; }}
QRadioButton:focus, QCheckBox:focus {{ background: {t.focus_background}; border-radius: 4px; }}
QRadioButton:disabled, QCheckBox:disabled {{ color: {t.disabled_text}; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle {{ background: {t.scrollbar}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:hover {{ background: {t.scrollbar_hover}; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""
    if theme is HIGH_CONTRAST:
        # Fusion draws radio and check indicators with outlines derived from the window colour,
        # which vanish on black: draw them here, white rings and yellow fills.
        size = max(14, round(point_size * 1.35))
        css += f"""
QRadioButton::indicator, QCheckBox::indicator {{
    width: {size}px; height: {size}px; border: 2px solid {t.ink}; background: {t.background};
}}
QRadioButton::indicator {{ border-radius: {size // 2 + 2}px; }}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator:checked {{
    background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {t.accent}, stop:0.55 {t.accent}, stop:0.6 {t.background}, stop:1 {t.background});
}}
QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent}; }}
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{
    border-color: {t.disabled_border};
}}
"""
    return css


def palette_for(theme: Theme) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for colour_role, value in (
        (role.Window, theme.background),
        (role.Base, theme.surface),
        (role.AlternateBase, theme.alternate_row),
        (role.Button, theme.surface),
        (role.Text, theme.ink),
        (role.WindowText, theme.ink),
        (role.ButtonText, theme.ink),
        (role.BrightText, theme.ink),
        (role.ToolTipBase, theme.surface),
        (role.ToolTipText, theme.ink),
        (role.Highlight, theme.accent),
        (role.HighlightedText, theme.on_accent),
        (role.PlaceholderText, theme.placeholder),
        (role.Link, theme.accent),
        (role.Light, theme.surface),
        (role.Midlight, theme.line),
        (role.Mid, theme.control_border),
        (role.Dark, theme.control_border),
        (role.Shadow, theme.border),
    ):
        palette.setColor(colour_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(theme.disabled_text))
    return palette


def apply_style(app: QApplication, *, scale: float = 1.0, high_contrast: bool = False) -> None:
    global _current
    theme = HIGH_CONTRAST if high_contrast else STANDARD
    _current = theme
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None and app.style().name().lower() != "fusion":
        app.setStyle(fusion)
    app.setPalette(palette_for(theme))
    point_size = base_point_size() * scale
    font = QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)
    # Applied again by each main window as it is built, after the interface language was set.
    right_to_left = app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    app.setStyleSheet(stylesheet(theme, point_size, right_to_left=right_to_left))


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor | str, second: QColor | str) -> float:
    """WCAG contrast ratio, 1 to 21: 4.5 is enough for body text, 7 for enhanced contrast."""
    a = relative_luminance(QColor(first))
    b = relative_luminance(QColor(second))
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def monospace_font(point_size: float) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font
