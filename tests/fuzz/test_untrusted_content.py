# mypy: disable-error-code="no-untyped-call"
"""Bank and import content written by strangers: no file, remote or script access, no bombs.

Points already covered elsewhere (not repeated here):

- ``tests/gui/test_safe_richtext.py``: ``safe_image_path`` refuses ``..``, absolute, ``file://``,
  ``http://`` and UNC URLs; ``loadResource`` returns no picture for them; raw HTML and
  ``<script>`` stay text; only PNG/SVG ``data:`` images render.
- ``tests/engine/test_report.py::test_html_escapes_bank_text_and_says_the_result_is_an_estimate``:
  the HTML exam report escapes stems, options and explanations.
- ``tests/unit/test_interop_printable.py``: the printable export escapes bank text everywhere,
  reads no image outside the bank folder, and its PDF loads no remote or local image.
- ``tests/unit/test_interop_moodle_xml.py``: a DOCTYPE (internal entity bomb, ``SYSTEM`` DTD)
  is refused with ``file:line:col``; scripts, event handlers and remote/file images are removed.
- ``tests/unit/test_interop_packs.py``: ``..``, ``/abs`` and ``C:/`` members, links, a high-ratio
  bomb, stray file types and non-zip files are refused and nothing is written.
- ``tests/unit/test_yamlio.py::test_billion_laughs_is_refused_quickly``: the YAML parser refuses
  alias expansion past its limit.

What this file adds: the rich-text view watched through its resource hook while it lays out and
paints hostile text (Markdown and HTML), external entities in XML, backslash traversal and a zip
bomb whose header lies about its size, and a billion-laughs *bank file* through the bank loader
with its memory measured.
"""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.banks import load_bank_file
from studyapp.gui import richtext
from studyapp.gui.richtext import SafeTextBrowser
from studyapp.interop.common import ImportOptions
from studyapp.interop.moodle_xml import MoodleXmlError, parse_moodle_xml
from studyapp.interop.packs import PackError, add_pack
from studyapp.paths import user_banks_dir

IMAGE = QTextDocument.ResourceType.ImageResource.value


def _png(path: Path) -> None:
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(path))


class _SpyBrowser(SafeTextBrowser):
    """Records every resource the document asks for and whether a picture came back."""

    def __init__(self, base_dir: Path) -> None:
        super().__init__(base_dir=base_dir)
        self.asked: list[tuple[int, str, bool]] = []

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        result = super().loadResource(kind, url)
        text = url.toString() if isinstance(url, QUrl) else str(url)
        loaded = isinstance(result, QImage) and not result.isNull()
        self.asked.append((int(kind), text, loaded))
        return result


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A bank folder with one good picture, and a secret picture next to it."""
    bank = tmp_path / "bank"
    bank.mkdir()
    _png(bank / "fine.png")
    _png(tmp_path / "secret.png")
    return bank, tmp_path / "secret.png"


def _outside_urls(secret: Path) -> list[str]:
    return [
        "../secret.png",
        str(secret),
        f"file://{secret}",
        "/etc/passwd",
        "/etc/hostname",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.invalid/x.png",
        "//127.0.0.1/share/x.png",
        "qrc:/x.png",
    ]


def _render(view: SafeTextBrowser) -> None:
    """Lay out and paint the document, so that Qt asks for every image it shows."""
    view.resize(500, 400)
    view.document().setTextWidth(480)
    view.document().size()
    view.grab()


def _opened_images(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files richtext hands to QImage to read (the only way it reads a picture file)."""
    opened: list[str] = []

    class SpyImage(QImage):
        def __init__(self, *args: object) -> None:
            if args and isinstance(args[0], str):
                opened.append(args[0])
            super().__init__(*args)

    monkeypatch.setattr(richtext, "QImage", SpyImage)
    return opened


def test_markdown_images_outside_the_bank_are_never_read(
    qtbot: QtBot, hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank, secret = hostile
    opened = _opened_images(monkeypatch)
    view = _SpyBrowser(bank)
    qtbot.addWidget(view)
    bad = _outside_urls(secret)
    view.set_markdown(" ".join(f"![x{i}]({u})" for i, u in enumerate(bad)) + " ![ok](fine.png)")
    _render(view)
    asked = {url: loaded for kind, url, loaded in view.asked if kind == IMAGE}
    assert asked.get("fine.png") is True  # the hook is really on the render path
    for url in bad:
        assert not asked.get(url, False), url
    assert [Path(p) for p in opened] == [(bank / "fine.png").resolve()]
    assert all(kind == IMAGE for kind, _, _ in view.asked)


def test_html_given_to_the_view_cannot_read_files_either(
    qtbot: QtBot, hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if HTML reached the view (it is only fed Markdown), the resource hook refuses."""
    bank, secret = hostile
    opened = _opened_images(monkeypatch)
    view = _SpyBrowser(bank)
    qtbot.addWidget(view)
    imgs = "".join(f'<img src="{u}">' for u in _outside_urls(secret))
    view.setHtml(
        '<p style="background-image: url(/etc/hostname)">'
        f'{imgs}<img src="fine.png"><script>document.write("x")</script></p>'
    )
    _render(view)
    loaded = {url for kind, url, ok in view.asked if ok}
    assert loaded == {"fine.png"}
    assert ("/etc/hostname", False) in {(u, ok) for _, u, ok in view.asked}  # the CSS background
    assert [Path(p) for p in opened] == [(bank / "fine.png").resolve()]
    # A style sheet or any non-image resource is answered with nothing.
    for kind in QTextDocument.ResourceType:
        if kind != QTextDocument.ResourceType.ImageResource:
            assert view.loadResource(kind.value, QUrl("/etc/passwd")) == b"", kind


def test_raw_html_in_bank_markdown_stays_text(qtbot: QtBot, hostile: tuple[Path, Path]) -> None:
    bank, _ = hostile
    view = _SpyBrowser(bank)
    qtbot.addWidget(view)
    raw = (
        '<img src="/etc/passwd"> <script>alert(1)</script> <a href="javascript:alert(1)">x</a> '
        '<iframe src="http://127.0.0.1:9/"></iframe>'
    )
    view.set_markdown(f"Pick one {raw}")
    _render(view)
    text = view.toPlainText()
    assert "<script>alert(1)</script>" in text and '<img src="/etc/passwd">' in text
    assert "<iframe" in text and 'href="javascript:' in text
    assert view.asked == []  # no image element, so nothing was even asked for
    assert "<script" not in view.document().toHtml().replace("&lt;script", "")
    assert not view.openLinks() and not view.openExternalLinks()


# ---------------------------------------------------------------------------- XML


def _moodle(data: bytes) -> object:
    return parse_moodle_xml(data, Path("in.xml"), ImportOptions(default_task="PMP26.PRO.1"))


@pytest.mark.parametrize(
    "xml",
    [
        # an external general entity pointing at a local file
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b"<quiz><question type='essay'><name><text>&xxe;</text></name></question></quiz>",
        # an external parameter entity (out-of-band DTD)
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/x.dtd">'
        b"%dtd;]>\n<quiz/>",
        # a quadratic blow-up: one big entity referenced many times
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "'
        + b"a" * 10_000
        + b'">]>\n<quiz><q>'
        + b"&a;" * 10_000
        + b"</q></quiz>",
    ],
    ids=["external-entity", "parameter-entity", "quadratic-blowup"],
)
def test_xml_entities_are_refused_with_a_location(xml: bytes) -> None:
    with pytest.raises(MoodleXmlError, match=r"in\.xml:\d+:\d+: a DOCTYPE is not allowed"):
        _moodle(xml)


def test_an_undeclared_entity_is_a_located_error_not_a_lookup() -> None:
    with pytest.raises(MoodleXmlError, match=r"in\.xml:1:\d+"):
        _moodle(b"<quiz><question type='essay'><name><text>&xxe;</text></name></question></quiz>")


# ---------------------------------------------------------------------------- zip packs


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_backslash_traversal_is_refused(tmp_path: Path) -> None:
    pack = _zip(tmp_path / "p.zip", {"ok.yaml": b"x", "..\\..\\evil.yaml": b"x"})
    with pytest.raises(PackError, match="leaves the pack"):
        add_pack(pack, tmp_path / "data")
    assert not user_banks_dir(tmp_path / "data").exists()
    assert not (tmp_path / "evil.yaml").exists()


def test_a_bomb_whose_header_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    """5 MB of zeros compressed to a few KB, with both headers claiming the compressed size:
    the ratio check passes, so extraction itself must stop at the declared size."""
    pack = _zip(tmp_path / "bomb.zip", {"bank.yaml": b"\0" * 5_000_000})
    raw = bytearray(pack.read_bytes())
    local = raw.find(b"PK\x03\x04")
    central = raw.find(b"PK\x01\x02")
    (compressed,) = struct.unpack_from("<I", raw, local + 18)
    struct.pack_into("<I", raw, local + 22, compressed)  # uncompressed size, local header
    struct.pack_into("<I", raw, central + 24, compressed)  # uncompressed size, central directory
    pack.write_bytes(bytes(raw))
    with pytest.raises(PackError, match=r"corrupt|could not extract"):
        add_pack(pack, tmp_path / "data")
    banks = user_banks_dir(tmp_path / "data")
    assert not banks.exists() or not any(banks.rglob("*.yaml"))


# ---------------------------------------------------------------------------- YAML aliases


def test_a_billion_laughs_bank_gives_a_located_problem_in_little_memory(tmp_path: Path) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bank = tmp_path / "laughs.yaml"
    bank.write_text("format_version: 1\n" + "\n".join(levels) + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        loaded = load_bank_file(bank)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded.bank is None and not loaded.ok
    errors = [p for p in loaded.problems if p.is_error]
    assert errors and errors[0].path == bank and errors[0].line >= 1
    assert "billion laughs" in errors[0].message
    assert peak < 64 * 1024 * 1024  # 9**9 strings would need gigabytes
