"""Markdown from banks rendered safely: no HTML, no scripts, no remote or outside files.

Bank text is untrusted. Qt's rich text would otherwise load ``<img src="/etc/...">``, ``file://``
URLs or remote images; here only image files inside the bank's own folder are ever read.
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
            path = safe_image_path(self.base_dir, QUrl(url) if isinstance(url, str) else url)
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
