"""Markdown from banks rendered safely: no HTML, no scripts, no remote or outside files.

Bank text is untrusted. Qt's rich text would otherwise load ``<img src="/etc/...">``, ``file://``
URLs or remote images; here only image files inside the bank's own folder are ever read, plus
inline ``data:image/svg+xml`` / ``data:image/png`` images (the app's generated diagrams), which
touch neither the disk nor the network.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


INLINE_TYPES = ("image/svg+xml", "image/png")
MAX_INLINE_BYTES = 512 * 1024


def inline_image(url: QUrl) -> QImage | None:
    """The picture of a ``data:`` image URL, or None when it is not an inline image we accept."""
    if url.scheme() != "data":
        return None
    head, _, payload = url.toString(QUrl.ComponentFormattingOption.FullyEncoded).partition(",")
    mime, _, encoding = head.removeprefix("data:").partition(";")
    if mime not in INLINE_TYPES or encoding != "base64" or len(payload) > MAX_INLINE_BYTES * 4 // 3:
        return QImage()
    data = QByteArray.fromBase64(QByteArray(payload.encode("ascii", "replace")))
    return QImage.fromData(data)  # the format is sniffed: only image decoders run


def safe_image_path(base_dir: Path | None, url: QUrl) -> Path | None:
    """The file an image URL may load, or None: relative paths inside ``base_dir`` only."""
    if base_dir is None or url.scheme() or url.isLocalFile() or url.host():
        return None
    raw = url.path()
    if not raw or raw.startswith(("/", "\\\\")):
        return None
    base = base_dir.resolve()
    target = (base / raw).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


class SafeTextBrowser(QTextBrowser):
    """A read-only Markdown view whose images come only from the bank's folder."""

    def __init__(self, parent: QWidget | None = None, base_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.base_dir = base_dir
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_markdown(self, text: str, base_dir: Path | None = None) -> None:
        if base_dir is not None:
            self.base_dir = base_dir
        self.document().setMarkdown(text, MARKDOWN_FEATURES)
        self._fit()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            qurl = QUrl(url) if isinstance(url, str) else url
            inline = inline_image(qurl)
            if inline is not None:
                return inline
            path = safe_image_path(self.base_dir, qurl)
            if path is None:
                return QImage()
            return QImage(str(path))
        return QByteArray()  # nothing else (style sheets, HTML) is ever loaded

    def _fit(self) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 4
        self.setFixedHeight(max(height, 24))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()
