"""A drop-down whose arrow is drawn in the text colour, so it shows in every theme."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPolygonF
from PySide6.QtWidgets import QComboBox


class ComboBox(QComboBox):
    ARROW_AREA = 26

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The style sheet removes the style's own arrow, whose colours vanish on black.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Text))
        size = max(4.0, self.fontMetrics().height() / 4)
        centre = QPointF(self.width() - self.ARROW_AREA / 2 - 2, self.height() / 2)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x() - size, centre.y() - size / 2),
                    QPointF(centre.x() + size, centre.y() - size / 2),
                    QPointF(centre.x(), centre.y() + size / 2 + 1),
                ]
            )
        )
        painter.end()
