"""Light and dark themes: a calm palette, generous spacing, readable type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    window: str
    surface: str
    border: str
    text: str
    muted: str
    accent: str
    accent_text: str
    good: str
    bad: str
    warn_bg: str


LIGHT = Colors(
    "#f5f6f8",
    "#ffffff",
    "#dde1e7",
    "#1d2330",
    "#5b6474",
    "#2f6fdb",
    "#ffffff",
    "#1f7a4d",
    "#b3261e",
    "#fff4d6",
)
DARK = Colors(
    "#17191d",
    "#212429",
    "#33373e",
    "#e6e8eb",
    "#a3a9b3",
    "#6ea0ff",
    "#0d1117",
    "#5fcf95",
    "#ff8a80",
    "#3a3320",
)


def colors(name: str) -> Colors:
    return DARK if name == "dark" else LIGHT


def stylesheet(c: Colors, base_pt: int) -> str:
    big = base_pt + 2
    huge = base_pt + 12
    return f"""
    QWidget {{ color: {c.text}; }}
    QMainWindow, QDialog, #page {{ background: {c.window}; }}
    #nav {{ background: {c.surface}; border-right: 1px solid {c.border}; }}
    #nav QPushButton {{ text-align: left; padding: 10px 16px; border: none; border-radius: 8px;
        background: transparent; font-size: {base_pt}pt; }}
    #nav QPushButton:checked {{ background: {c.accent}; color: {c.accent_text}; font-weight: 600; }}
    #nav QPushButton:hover:!checked {{ background: {c.border}; }}
    #nav QPushButton#link {{ color: {c.muted}; padding: 4px 16px; font-size: {base_pt - 1}pt; }}
    #nav QPushButton#link:hover {{ color: {c.accent}; background: transparent; }}
    #appTitle {{ font-size: {big}pt; font-weight: 700; padding: 8px 16px 16px 16px; }}
    #card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 12px; }}
    #cardTitle {{ color: {c.muted}; font-size: {base_pt - 1}pt; font-weight: 600; }}
    #bigNumber {{ font-size: {huge}pt; font-weight: 700; }}
    #muted, #hint {{ color: {c.muted}; }}
    #pageTitle {{ font-size: {base_pt + 8}pt; font-weight: 700; }}
    #questionHeader {{ color: {c.muted}; font-weight: 600; }}
    #stem, #scenario {{ background: transparent; font-size: {big}pt; }}
    #scenario {{ background: {c.surface}; border-left: 4px solid {c.accent}; padding: 8px; }}
    #optionRow {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px; }}
    #optionRow:hover {{ border-color: {c.accent}; }}
    #optionRow[mark="right"] {{ border: 2px solid {c.good}; }}
    #optionRow[mark="wrong"] {{ border: 2px solid {c.bad}; }}
    #feedback {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 12px; }}
    #verdictRight {{ color: {c.good}; font-size: {big}pt; font-weight: 700; }}
    #verdictWrong {{ color: {c.bad}; font-size: {big}pt; font-weight: 700; }}
    #banner {{ background: {c.warn_bg}; border: 1px solid {c.border}; border-radius: 8px; }}
    QPushButton {{ padding: 8px 16px; border-radius: 8px; border: 1px solid {c.border};
        background: {c.surface}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton:checked {{ background: {c.accent}; color: {c.accent_text}; border: none; }}
    QPushButton#primary {{ background: {c.accent}; color: {c.accent_text}; border: none;
        font-weight: 600; padding: 10px 22px; }}
    QPushButton:disabled {{ color: {c.muted}; }}
    QPushButton#primary:disabled {{ background: {c.border}; color: {c.muted}; }}
    QProgressBar {{ border: none; border-radius: 5px; background: {c.border}; height: 10px;
        text-align: center; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 5px; }}
    QLineEdit, QListWidget {{
        padding: 6px 8px; border: 1px solid {c.border}; border-radius: 6px;
        background: {c.surface}; }}
    QComboBox, QDoubleSpinBox, QSpinBox, QDateEdit {{ min-height: 26px; }}
    QScrollArea {{ border: none; background: transparent; }}
    QRadioButton::indicator, QCheckBox::indicator, QAbstractItemView::indicator {{
        width: 14px; height: 14px; border: 2px solid {c.muted}; background: {c.surface}; }}
    QRadioButton::indicator {{ border-radius: 9px; }}
    QCheckBox::indicator, QAbstractItemView::indicator {{ border-radius: 4px; }}
    QRadioButton::indicator:checked {{ border: 2px solid {c.accent};
        background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
            stop:0 {c.accent}, stop:0.5 {c.accent}, stop:0.62 {c.surface}, stop:1 {c.surface}); }}
    QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
        border: 2px solid {c.accent}; background: {c.accent}; }}
    QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{ border-color: {c.border}; }}
    QRadioButton::indicator:focus, QCheckBox::indicator:focus {{ border-color: {c.accent}; }}
    QPushButton#navCell {{ padding: 2px; font-size: {base_pt - 1}pt; border-radius: 6px; }}
    QPushButton#navCell:disabled {{ background: {c.window}; color: {c.muted};
        border: 1px dashed {c.border}; }}
    """


def apply_theme(app: QApplication, name: str, base_pt: int = 11) -> Colors:
    c = colors(name)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(c.window))
    palette.setColor(QPalette.ColorRole.Base, QColor(c.surface))
    palette.setColor(QPalette.ColorRole.Text, QColor(c.text))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(c.text))
    palette.setColor(QPalette.ColorRole.Button, QColor(c.surface))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(c.text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(c.accent))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(c.accent_text))
    # Outlines of radio buttons, check boxes and frames (Fusion draws them from these roles).
    for role in (QPalette.ColorRole.Mid, QPalette.ColorRole.Dark, QPalette.ColorRole.Shadow):
        palette.setColor(role, QColor(c.muted))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(c.muted))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(c.surface))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(c.text))
    app.setStyle("Fusion")
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(base_pt)
    app.setFont(font)
    app.setStyleSheet(stylesheet(c, base_pt))
    return c
