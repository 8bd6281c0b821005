"""The look: a calm, light, neutral theme on the Fusion style (same on every platform)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

INK = "#1f2933"
MUTED = "#56616d"
BACKGROUND = "#f3f4f6"
SURFACE = "#ffffff"
BORDER = "#d9dee4"
ACCENT = "#2f6690"
ACCENT_DARK = "#24506f"

STYLESHEET = f"""
QWidget {{ color: {INK}; }}
QMainWindow, QDialog, QWidget#page {{ background: {BACKGROUND}; }}
QScrollArea, QScrollArea > QWidget > QWidget#checklistBody {{ background: transparent; }}
QLabel#heading {{ font-size: 17pt; font-weight: 600; }}
QLabel#subheading {{ font-size: 12pt; font-weight: 600; }}
QLabel#groupHeading {{ font-size: 12pt; font-weight: 600; padding: 12px 0 0 0; }}
QWidget#guidanceBody {{ background: {SURFACE}; }}
QLabel#appName {{ color: {MUTED}; font-weight: 600; padding-right: 14px; }}
QLabel#caption {{ color: {MUTED}; font-weight: 600; }}
QLabel#inlineError {{
    background: #fbf1e2; border: 1px solid #e6c893; border-radius: 6px; padding: 8px 10px;
    color: #4a3000;
}}
QLabel#personText {{
    background: #f4f7f9; border-left: 3px solid #9fb3c4; padding: 6px 10px; font-style: italic;
}}
QLabel#panelText {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 10px 14px;
}}
QLabel#reviewStatus {{ color: #7a5417; }}
QLabel#guidanceItem {{ font-weight: 600; }}
QLabel#muted, QLabel#fieldHint {{ color: {MUTED}; }}
QLabel#fieldLabel {{ font-weight: 600; }}
QLabel#recoveryKey {{
    background: {SURFACE}; border: 1px dashed #9fb3c4; border-radius: 6px; padding: 14px;
}}
QLabel#strength[ok="true"] {{ color: #2e6b3a; }}
QLabel#strength[ok="false"] {{ color: #7a5417; }}
QLabel#saveStatus {{ color: {MUTED}; }}
QFrame#card, QFrame#panel {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
}}
QFrame#banner {{
    background: #eaf1f6; border: 1px solid #c8d9e6; border-radius: 6px;
}}
QFrame#checklistItem {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px;
}}
QFrame#checklistItem[current="true"] {{ border: 2px solid {ACCENT}; background: #f7fafc; }}
QFrame#messageBar {{ border-radius: 6px; }}
QFrame#messageBar[kind="error"] {{ background: #fbf1e2; border: 1px solid #e6c893; }}
QFrame#messageBar[kind="info"] {{ background: #eaf1f6; border: 1px solid #c8d9e6; }}
QPushButton {{
    padding: 6px 16px; border: 1px solid #b9c2cc; border-radius: 6px; background: {SURFACE};
    min-height: 20px;
}}
QPushButton:hover {{ background: #eef2f5; }}
QPushButton:focus {{ border: 1px solid {ACCENT}; background: #eef4f9; }}
QPushButton:disabled {{ color: #98a1ab; border-color: #d5dae0; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton#primary:hover, QPushButton#primary:focus {{
    background: {ACCENT_DARK}; border-color: #17364d;
}}
QPushButton#primary:disabled {{ background: #aebfcd; border-color: #aebfcd; color: #f4f7f9; }}
QPushButton#link {{
    border: none; background: transparent; color: {ACCENT}; padding: 2px 0;
    text-decoration: underline;
}}
QPushButton#link:focus {{ color: {ACCENT_DARK}; }}
QLineEdit, QPlainTextEdit, QTextBrowser, QListWidget, QTableView {{
    background: {SURFACE}; border: 1px solid #bfc7d0; border-radius: 6px;
}}
QLineEdit {{ padding: 6px 8px; }}
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QTableView:focus {{
    border: 1px solid {ACCENT};
}}
QTableView::item {{ padding: 0 10px; }}
QListWidget::item {{ padding: 8px 6px; border-bottom: 1px solid #eceff2; }}
QTableView, QListWidget {{
    selection-background-color: #d6e4ef; selection-color: {INK};
    alternate-background-color: #f8f9fb;
}}
QHeaderView::section {{
    background: #eef0f3; border: none; border-bottom: 1px solid {BORDER};
    padding: 6px 13px; font-weight: 600;
}}
QToolBar {{
    background: {SURFACE}; border-bottom: 1px solid {BORDER}; padding: 4px 10px; spacing: 6px;
}}
QToolBar QToolButton {{ padding: 5px 12px; border-radius: 6px; }}
QToolBar QToolButton:hover, QToolBar QToolButton:focus {{ background: #e7edf2; }}
QToolButton#lockButton {{ border: 1px solid #b9c2cc; font-weight: 600; padding: 5px 16px; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QRadioButton {{ spacing: 6px; padding: 3px 6px 3px 2px; }}
QRadioButton:focus {{ background: #e4edf4; border-radius: 4px; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle {{ background: #c3cad2; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:hover {{ background: #a9b3bd; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""


def apply_style(app: QApplication) -> None:
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7b8591"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def monospace_font(point_size: float) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font
