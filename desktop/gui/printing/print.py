"""The form on paper or in a PDF: A4 portrait with 15 mm margins."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop.store.atomic import write_atomic

MARGINS_MM = QMarginsF(15, 15, 15, 15)


def build_document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.setPageSize(QSizeF(QPageSize(QPageSize.PageSizeId.A4).sizePoints()))
    return document


def save_pdf(html: str | QTextDocument, path: str | Path, *, title: str = "") -> Path:
    """Write the document as a PDF (A4 portrait, 15 mm margins); returns the path.

    The PDF is made in memory and written atomically, readable by its owner only (desktop.store.atomic): a
    process killed midway leaves no half-written form beside the target."""
    document = build_document(html) if isinstance(html, str) else html
    path = Path(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setCreator("officer-declare")
    if title:
        writer.setTitle(title)
    document.print_(writer)
    del writer  # the PDF is complete once the writer is gone
    data = bytes(buffer.data().data())
    buffer.close()
    if not data:
        raise OSError(f"could not write {path}")
    write_atomic(path, data)
    return path


def print_dialog(parent: QWidget | None, document: str | QTextDocument) -> bool:
    """Ask for a printer (the dialog also offers printing to a PDF file) and print; False when cancelled."""
    if isinstance(document, str):
        document = build_document(document)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document.print_(printer)
    return True
