"""Text size (in-app zoom on top of the system's own text size) and high contrast.

Declared once, with defaults, here. Kept in ``QSettings`` when one is given: these are the
worker's display preferences and say nothing about anyone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication

from desktop.style import apply_style

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
DEFAULT_ZOOM = 1.0
_ZOOM_KEY = "view/zoom"
_CONTRAST_KEY = "view/high_contrast"


class ViewSettings(QObject):
    changed = Signal()

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._zoom = DEFAULT_ZOOM
        self._high_contrast = False
        if store is not None:
            self._zoom = _nearest(_as_float(store.value(_ZOOM_KEY, DEFAULT_ZOOM)))
            self._high_contrast = str(store.value(_CONTRAST_KEY, "false")).lower() == "true"

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    def zoom_in(self) -> None:
        index = ZOOM_STEPS.index(self._zoom)
        self._set(zoom=ZOOM_STEPS[min(index + 1, len(ZOOM_STEPS) - 1)])

    def zoom_out(self) -> None:
        index = ZOOM_STEPS.index(self._zoom)
        self._set(zoom=ZOOM_STEPS[max(index - 1, 0)])

    def reset_zoom(self) -> None:
        self._set(zoom=DEFAULT_ZOOM)

    def set_high_contrast(self, on: bool) -> None:
        self._set(high_contrast=bool(on))

    def apply(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app, scale=self._zoom, high_contrast=self._high_contrast)

    def _set(self, *, zoom: float | None = None, high_contrast: bool | None = None) -> None:
        new_zoom = self._zoom if zoom is None else zoom
        new_contrast = self._high_contrast if high_contrast is None else high_contrast
        if (new_zoom, new_contrast) == (self._zoom, self._high_contrast):
            return
        self._zoom, self._high_contrast = new_zoom, new_contrast
        if self._store is not None:
            self._store.setValue(_ZOOM_KEY, self._zoom)
            self._store.setValue(_CONTRAST_KEY, "true" if self._high_contrast else "false")
        self.apply()
        self.changed.emit()


def _as_float(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return DEFAULT_ZOOM


def _nearest(value: float) -> float:
    return min(ZOOM_STEPS, key=lambda step: abs(step - value))
