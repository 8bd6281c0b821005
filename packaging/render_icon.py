"""Render packaging/icon.svg to the bitmap formats each platform wants, with Qt itself.

    python packaging/render_icon.py OUT_DIR

Writes ``OUT_DIR/frontline-screening.png`` (256 px, Linux desktop entry and window icon),
``.ico`` (Windows executable) and ``.icns`` (macOS bundle). Uses QtSvg and Qt's image-format
plugins (ico, icns), so no extra package is needed on any of the three systems.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parent / "icon.svg"
NAME = "frontline-screening"


def render(size: int) -> QImage:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"render_icon: {SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication([])
    image = render(256)
    for suffix in ("png", "ico", "icns"):
        target = out / f"{NAME}.{suffix}"
        if not image.save(str(target)):
            # .ico and .icns need Qt's imageformats plugins; the PNG is the one Linux needs.
            print(f"render_icon: could not write {target}", file=sys.stderr)
            if suffix == "png":
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
