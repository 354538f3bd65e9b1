"""UI preferences (theme, font size), kept with QSettings.

Study settings (exam, exam date, daily goal) live in the study database; these belong to the
computer, not to the learner's progress, so they stay out of backups and restores.

    ui = UiSettings()                      # QSettings("StudyApp", "StudyApp")
    ui.apply(app)                          # apply_theme with the saved theme and font size
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from studyapp.gui.theme import Colors, apply_theme

ORGANISATION = "StudyApp"
APPLICATION = "StudyApp"
THEMES = ("system", "light", "dark")
THEME_NAMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
FONT_MIN_PT = 9
FONT_MAX_PT = 18
DEFAULT_THEME = "system"
DEFAULT_FONT_PT = 11

_THEME_KEY = "ui/theme"
_FONT_KEY = "ui/font_pt"


def resolved_theme(pref: str) -> str:
    """The theme to draw for a preference: "light" or "dark" ("system" follows the platform)."""
    if pref in ("light", "dark"):
        return pref
    if QGuiApplication.instance() is None:
        return "light"
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


class UiSettings:
    """Typed access to the UI preferences; every setter writes through at once."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANISATION, APPLICATION)

    @property
    def theme(self) -> str:
        """ "system", "light" or "dark" (anything else saved falls back to "system")."""
        value = self.qsettings.value(_THEME_KEY, DEFAULT_THEME)
        return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME

    def set_theme(self, theme: str) -> None:
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
        self.qsettings.setValue(_THEME_KEY, theme)
        self.qsettings.sync()

    @property
    def font_pt(self) -> int:
        """The base font size in points, FONT_MIN_PT–FONT_MAX_PT."""
        value = self.qsettings.value(_FONT_KEY, DEFAULT_FONT_PT)
        try:
            pt = int(str(value))
        except ValueError:
            return DEFAULT_FONT_PT
        return min(FONT_MAX_PT, max(FONT_MIN_PT, pt))

    def set_font_pt(self, pt: int) -> None:
        if not isinstance(pt, int) or not FONT_MIN_PT <= pt <= FONT_MAX_PT:
            raise ValueError(f"the font size is {FONT_MIN_PT}–{FONT_MAX_PT} points, not {pt!r}")
        self.qsettings.setValue(_FONT_KEY, pt)
        self.qsettings.sync()

    def resolved_theme(self) -> str:
        return resolved_theme(self.theme)

    def apply(self, app: QApplication) -> Colors:
        """Apply the saved theme and font size to ``app``."""
        return apply_theme(app, self.resolved_theme(), self.font_pt)
