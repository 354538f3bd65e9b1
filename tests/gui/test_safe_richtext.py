# mypy: disable-error-code="no-untyped-call"
"""Bank text cannot make Qt read files outside the bank's folder or fetch anything remote."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.gui.richtext import SafeTextBrowser, safe_image_path


def _png(path: Path) -> None:
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(path))


def test_only_relative_images_inside_the_bank_folder(qtbot: QtBot, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    (bank / "images").mkdir(parents=True)
    _png(bank / "images" / "ok.png")
    _png(tmp_path / "secret.png")
    assert safe_image_path(bank, QUrl("images/ok.png")) == (bank / "images" / "ok.png").resolve()
    for bad in (
        "../secret.png",
        "/etc/passwd",
        str(tmp_path / "secret.png"),
        "file:///etc/hosts",
        "http://example.invalid/x.png",
        "images/missing.png",
        "//host/share/x.png",
    ):
        assert safe_image_path(bank, QUrl(bad)) is None, bad


def test_browser_refuses_outside_resources_and_html(qtbot: QtBot, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    _png(tmp_path / "secret.png")
    _png(bank / "fine.png")
    view = SafeTextBrowser(base_dir=bank)
    qtbot.addWidget(view)
    view.set_markdown(
        f"![a](../secret.png) ![b]({tmp_path / 'secret.png'}) ![c](file://{tmp_path}/secret.png) "
        '![d](fine.png) <img src="../secret.png"> <script>alert(1)</script>'
    )
    kind = QTextDocument.ResourceType.ImageResource.value

    def image(url: str) -> QImage:
        loaded = view.loadResource(kind, QUrl(url))
        assert isinstance(loaded, QImage)
        return loaded

    assert image("../secret.png").isNull()
    assert image(f"file://{tmp_path}/secret.png").isNull()
    assert not image("fine.png").isNull()
    # Raw HTML stays text: no <img> element and no script is interpreted.
    assert "<script>" in view.toPlainText()
    assert '<img src="../secret.png">' in view.toPlainText()


def test_inline_svg_diagrams_render_and_other_data_urls_do_not(qtbot: QtBot) -> None:
    """Generated network diagrams come inline as data: URLs; only SVG and PNG images pass."""
    import base64

    from studyapp.generators import generate
    from studyapp.gui.richtext import inline_image

    g = generate("schedule.critical_path", 5)
    url = g.stem.split("](", 1)[1].split(")", 1)[0]
    assert url.startswith("data:image/svg+xml;base64,")
    picture = inline_image(QUrl(url))
    assert picture is not None and not picture.isNull() and picture.width() >= 360
    view = SafeTextBrowser()
    qtbot.addWidget(view)
    view.set_markdown(g.stem)
    assert view.document().size().height() > picture.height()  # the diagram is laid out
    html = base64.b64encode(b"<html><body>x</body></html>").decode()
    for bad in (f"data:text/html;base64,{html}", "data:image/svg+xml,<svg/>", "data:,x"):
        refused = inline_image(QUrl(bad))
        assert refused is not None and refused.isNull(), bad
    assert inline_image(QUrl("images/ok.png")) is None  # not inline: the bank-folder rules apply
