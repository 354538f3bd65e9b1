"""Adding user banks: single files with their images, and untrusted bank packs (.zip)."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from studyapp.banks import load_bank_file
from studyapp.interop.packs import PackError, add_bank_file, add_pack
from studyapp.paths import builtin_banks_dir, user_banks_dir

STARTER = builtin_banks_dir() / "pmp" / "visual-and-cases.yaml"


def _pack(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_bank_file_is_copied_with_the_images_it_uses(tmp_path: Path) -> None:
    added = add_bank_file(STARTER, tmp_path / "data")
    assert added.folder.parent == user_banks_dir(tmp_path / "data")
    assert (added.folder / STARTER.name).is_file()
    copied = {p.relative_to(added.folder).as_posix() for p in added.files}
    assert "images/release-burnup.svg" in copied and "images/s-curve.svg" not in copied
    loaded = load_bank_file(added.folder / STARTER.name)
    assert loaded.bank is not None and not [p for p in loaded.problems if p.is_error]
    # A second copy of the same bank would clash with the first: refused, nothing written.
    with pytest.raises(PackError, match=r"already among your banks.*nothing was added"):
        add_bank_file(STARTER, tmp_path / "data")
    assert len(list(user_banks_dir(tmp_path / "data").iterdir())) == 1


def test_an_invalid_bank_file_is_refused_with_its_first_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nbank: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"bad\.yaml:2:\d+: .*; nothing was added"):
        add_bank_file(bad, tmp_path / "data")
    assert not user_banks_dir(tmp_path / "data").exists()


def test_a_sound_pack_is_extracted_into_its_own_folder(tmp_path: Path) -> None:
    bank = STARTER.read_bytes()
    images = {
        f"pack/images/{p.name}": p.read_bytes() for p in (STARTER.parent / "images").glob("*.svg")
    }
    pack = _pack(
        tmp_path / "team pack.zip", {"pack/visual.yaml": bank, **images, "README.txt": b"hi"}
    )
    added = add_pack(pack, tmp_path / "data")
    assert added.folder.name == "team-pack"
    assert (added.folder / "pack" / "visual.yaml").read_bytes() == bank
    assert not list((tmp_path / "data" / ".incoming").iterdir())  # nothing half-extracted left


@pytest.mark.parametrize(
    ("members", "why"),
    [
        ({"../evil.yaml": b"x"}, "leaves the pack"),
        ({"/etc/evil.yaml": b"x"}, "absolute path"),
        ({"C:/evil.yaml": b"x"}, "absolute path"),
        ({"ok.yaml": b"x", "run.py": b"print(1)"}, "not a bank, an image"),
        ({"notes.txt": b"x"}, "no bank"),
        ({"big.yaml": b"a" * 5_000_000}, "zip bomb"),
    ],
)
def test_unsafe_packs_are_refused_and_nothing_is_written(
    tmp_path: Path, members: dict[str, bytes], why: str
) -> None:
    pack = _pack(tmp_path / "p.zip", members)
    with pytest.raises(PackError, match=why):
        add_pack(pack, tmp_path / "data")
    assert not user_banks_dir(tmp_path / "data").exists()


def test_links_and_non_zip_files_are_refused(tmp_path: Path) -> None:
    pack = tmp_path / "link.zip"
    with zipfile.ZipFile(pack, "w") as z:
        info = zipfile.ZipInfo("bank.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    with pytest.raises(PackError, match="link or special file"):
        add_pack(pack, tmp_path / "data")
    junk = tmp_path / "junk.zip"
    shutil.copy(STARTER, junk)
    with pytest.raises(PackError, match="not a readable zip"):
        add_pack(junk, tmp_path / "data")


def test_the_engine_studies_the_user_banks_next_to_the_built_in_ones(tmp_path: Path) -> None:
    from studyapp.engine import StudyEngine

    data = tmp_path / "data"
    scaffold = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(scaffold.replace("id: good\n", "id: my-bank\n"), encoding="utf-8")
    with StudyEngine.open(data, exam="PMP") as before:
        count = len(before.questions())
    add_bank_file(mine, data)
    with StudyEngine.open(data, exam="PMP") as after:
        ids = {q.bank_id for q in after.questions()}
        assert len(after.questions()) > count and "my-bank" in ids


def test_a_pack_whose_bank_is_invalid_adds_nothing(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "bad.zip", {"bank.yaml": b"format_version: 1\nbank: [1]\n"})
    with pytest.raises(PackError, match=r"bad\.zip/bank\.yaml:2:\d+: .*nothing was added"):
        add_pack(pack, tmp_path / "data")
    assert not list(user_banks_dir(tmp_path / "data").glob("*"))
