"""HTML → PDF with Qt's rich-text engine (works with the offscreen platform, no browser needed).

Used for the printable exam (:func:`studyapp.interop.printable.printable_html`). The page is A4
with 15 mm margins. ``QTextDocument`` understands a subset of HTML/CSS: it honours
``page-break-before: always`` on block elements (the answer key and the rationales start on new
pages), but not ``break-inside: avoid``, so a long question may still be split across pages.

Images: only inline ``data:image/...;base64`` images are drawn (the printable page embeds its
pictures that way); any other URL, local file or remote, is never loaded.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from studyapp.errors import StudyAppError

#: Largest inline image decoded (bytes of the decoded payload).
MAX_IMAGE_BYTES = 2 * 1024 * 1024
_IMAGE_MIMES = ("image/svg+xml", "image/png", "image/jpeg", "image/gif")

_app: QGuiApplication | None = None


class PdfError(StudyAppError):
    """The PDF could not be written."""


class _SafeDocument(QTextDocument):
    """A text document that draws inline ``data:`` images only and never reads files or URLs."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = QUrl(name) if isinstance(name, str) else name
        if kind != QTextDocument.ResourceType.ImageResource.value or url.scheme() != "data":
            return None
        raw = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        head, _, payload = raw.removeprefix("data:").partition(",")
        mime, _, encoding = head.partition(";")
        if mime not in _IMAGE_MIMES or encoding != "base64":
            return None
        if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
            return None
        try:
            data = base64.b64decode(QUrl.fromPercentEncoding(payload.encode("ascii")))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image


def _ensure_app() -> None:
    """Text layout needs a Qt application; make one (offscreen works) when none is running. It is
    a full QApplication so that widgets can still be used in the same process afterwards."""
    global _app
    if QGuiApplication.instance() is None:
        if not any(os.environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a PDF needs no screen
        from PySide6.QtWidgets import QApplication

        _app = QApplication([])


def html_to_pdf(html: str, out: Path) -> None:
    """Render ``html`` to the A4 PDF file ``out``; raises :class:`PdfError` when it cannot."""
    _ensure_app()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb"):
            pass  # fail early, with a clear message, when the file cannot be written
    except OSError as exc:
        raise PdfError(f"{out}: cannot write the PDF: {exc}") from exc
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle("StudyApp")
    writer.setCreator("StudyApp")
    doc = _SafeDocument()
    doc.setHtml(html)
    doc.print_(writer)
    del writer  # closes and flushes the file
    try:
        ok = out.stat().st_size > 0 and out.read_bytes()[:5] == b"%PDF-"
    except OSError:
        ok = False
    if not ok:
        raise PdfError(f"{out}: the PDF could not be written")
