"""Show a PDF held in memory: QPdfDocument reads it from a QBuffer, so no file is ever written
(PRODUCT principle 10: nothing readable at rest, temporary files included).

Also prints one from memory, page by page, through the system's print dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import ui
from desktop.i18n import tr, trn


def load_pdf(document: QPdfDocument, data: bytes) -> QBuffer:
    """Load ``data`` into ``document`` from memory. Keep the returned buffer alive as long as
    the document is used: QPdfDocument reads from it."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


class PdfPreview(QWidget):
    """A scrolling view of every page, with a page count and a fit-to-width / actual-size switch."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.pages_label = QLabel()
        self.pages_label.setObjectName("muted")
        self.pages_label.setAccessibleName(tr("Number of pages"))
        top.addWidget(self.pages_label, 1)
        self.fit_button = ui.button(tr("Actual size"), tr("Show the pages at their actual size"))
        self.fit_button.setCheckable(True)
        top.addWidget(self.fit_button)
        layout.addLayout(top)
        self.view = QPdfView(self)
        self.view.setAccessibleName(accessible_name)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        layout.addWidget(self.view, 1)
        self.fit_button.toggled.connect(self._zoom)
        self.clear()

    def set_pdf(self, data: bytes) -> int:
        """Show ``data``; returns the number of pages (0 when it could not be read)."""
        self.clear()
        self._buffer = load_pdf(self.document, data)
        count = self.page_count()
        if count:
            self.pages_label.setText(
                trn("{count} page", "{count} pages", count).format(count=ui.number(count))
            )
        else:
            self.pages_label.setText(tr("The document could not be shown."))
        self.view.pageNavigator().jump(0, QPointF(0, 0))
        return count

    def page_count(self) -> int:
        if self.document.status() is not QPdfDocument.Status.Ready:
            return 0
        return int(self.document.pageCount())

    def clear(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            # Overwrite what the buffer held before letting it go.
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None
        self.pages_label.setText("")

    def _zoom(self, actual: bool) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom if actual else QPdfView.ZoomMode.FitToWidth)
        if actual:
            self.view.setZoomFactor(1.0)
        self.fit_button.setText(tr("Fit to width") if actual else tr("Actual size"))
        self.fit_button.setAccessibleName(
            tr("Fit the pages to the width")
            if actual
            else tr("Show the pages at their actual size")
        )


def print_pdf(data: bytes, parent: QWidget | None = None) -> bool:
    """Ask where to print, then print ``data`` from memory. False when cancelled or unreadable."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    document = QPdfDocument()
    buffer = load_pdf(document, data)
    try:
        if document.status() is not QPdfDocument.Status.Ready or document.pageCount() < 1:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        # A neutral document name: it shows in print queues.
        printer.setDocName("Frontline Screening")
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("Print"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for index in range(document.pageCount()):
                if index:
                    printer.newPage()
                area = painter.viewport()
                page = document.pagePointSize(index)
                size = QSize(int(page.width()), int(page.height()))
                size.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                image = document.render(index, size)
                painter.drawImage(QRect(area.topLeft(), size), image)
        finally:
            painter.end()
        return True
    finally:
        document.close()
        buffer.close()
        buffer.setData(QByteArray())
