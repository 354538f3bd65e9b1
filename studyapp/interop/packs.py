"""User banks: adding a bank file or a bank pack (.zip of YAML and images) to the data folder.

User banks live in ``<data dir>/banks/``, one folder per added bank or pack, and are studied next
to the built-in ones. A pack is untrusted: extraction refuses absolute paths, ``..`` parts,
links and special files, files of other kinds than banks and images, oversized members and
archives that expand too much (zip bombs); nothing is written unless the whole pack is sound.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from studyapp.errors import StudyAppError
from studyapp.paths import user_banks_dir

ALLOWED_SUFFIXES = {".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".md", ".txt"}
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 200  # uncompressed / compressed, per member


class PackError(StudyAppError):
    """A bank pack that cannot be added, with the reason."""


@dataclass(frozen=True)
class Added:
    folder: Path
    files: tuple[Path, ...]


def _safe_name(name: str, pack: Path) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise PackError(f"{pack}: member {name!r} has an absolute path; refused")
    if ".." in path.parts:
        raise PackError(f"{pack}: member {name!r} leaves the pack's folder; refused")
    return path


def check_pack(pack: Path) -> list[zipfile.ZipInfo]:
    """The members to extract, after every check; raises PackError with the first problem."""
    try:
        archive = zipfile.ZipFile(pack)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackError(f"{pack}: not a readable zip file ({exc})") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackError(f"{pack}: {len(infos)} members; at most {MAX_MEMBERS} are accepted")
    members, total = [], 0
    for info in infos:
        name = info.filename
        _safe_name(name, pack)
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise PackError(f"{pack}: member {name!r} is a link or special file; refused")
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise PackError(f"{pack}: member {name!r} is encrypted; refused")
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise PackError(
                f"{pack}: member {name!r} is not a bank, an image or a text file; refused"
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise PackError(f"{pack}: member {name!r} is {info.file_size:,} bytes; too large")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise PackError(f"{pack}: member {name!r} expands too much (a zip bomb?); refused")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackError(f"{pack}: the pack expands beyond {MAX_TOTAL_BYTES:,} bytes; refused")
        members.append(info)
    if not any(PurePosixPath(i.filename).suffix.lower() in (".yaml", ".yml") for i in members):
        raise PackError(f"{pack}: no bank (.yaml) inside")
    return members


def _free_folder(parent: Path, name: str) -> Path:
    base = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip("-.") or "bank"
    folder, n = parent / base, 2
    while folder.exists():
        folder = parent / f"{base}-{n}"
        n += 1
    return folder


def add_pack(pack: Path, data_dir: Path) -> Added:
    """Extract a checked pack into a new folder of the user banks."""
    members = check_pack(pack)
    target = _free_folder(user_banks_dir(data_dir), pack.stem)
    # Extracted beside the banks folder, not inside it, and moved in only when whole: the app
    # never reads a half-extracted pack, even after a crash.
    tmp = data_dir / ".incoming" / target.name
    tmp.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    written = []
    try:
        with zipfile.ZipFile(pack) as archive:
            for info in members:
                dest = tmp.joinpath(*PurePosixPath(info.filename).parts)
                if not dest.resolve().is_relative_to(tmp.resolve()):
                    raise PackError(f"{pack}: member {info.filename!r} leaves the folder")
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, dest.open("wb") as out:
                    copied = 0
                    while chunk := src.read(1 << 16):
                        copied += len(chunk)
                        if copied > info.file_size:  # the header lied about the size
                            raise PackError(f"{pack}: member {info.filename!r} is corrupt")
                        out.write(chunk)
                written.append(target.joinpath(*PurePosixPath(info.filename).parts))
        _check_banks(sorted(tmp.rglob("*.y*ml")), data_dir, pack)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(target)
    except (OSError, zipfile.BadZipFile) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PackError(f"{pack}: could not extract ({exc}); nothing was added") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Added(target, tuple(written))


def _user_bank_ids(data_dir: Path) -> dict[str, Path]:
    """The bank ids already among the user's banks (read from their headers)."""
    from studyapp.banks import load_bank_file

    found: dict[str, Path] = {}
    folder = user_banks_dir(data_dir)
    if folder.is_dir():
        for path in sorted(folder.rglob("*.y*ml")):
            loaded = load_bank_file(path)
            if loaded.bank is not None:
                found.setdefault(loaded.bank.bank.id, path)
    return found


def _check_banks(paths: list[Path], data_dir: Path, source: Path) -> None:
    """Every bank about to be added must validate and have an id the user does not have yet."""
    from studyapp.banks import load_bank_file

    taken = _user_bank_ids(data_dir)
    for path in paths:
        loaded = load_bank_file(path)
        errors = [p for p in loaded.problems if p.is_error]
        if errors:
            where = str(errors[0]).replace(str(path.parent), source.name, 1)
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise PackError(f"{where}{more}; nothing was added")
        if loaded.bank is not None and loaded.bank.bank.id in taken:
            raise PackError(
                f"{source}: bank {loaded.bank.bank.id!r} is already among your banks "
                f"({taken[loaded.bank.bank.id]}); remove that one first, or give this one "
                "another id; nothing was added"
            )


def add_bank_file(bank: Path, data_dir: Path) -> Added:
    """Copy one bank file, with the images it uses from its folder, into the user banks."""
    from studyapp.banks import load_bank_file

    loaded = load_bank_file(bank)
    if loaded.bank is None:
        first = next((p for p in loaded.problems if p.is_error), None)
        why = str(first) if first else f"{bank}: not a bank"
        raise PackError(f"{why}; nothing was added")
    _check_banks([bank], data_dir, bank)
    images: set[str] = set()
    for q in loaded.bank.questions:
        images.update(q.images)
        image = getattr(q, "image", None)
        if image:
            images.add(image)
    for s in loaded.bank.scenarios:
        images.update(s.images)
    target = _free_folder(user_banks_dir(data_dir), bank.stem)
    target.mkdir(parents=True)
    written = [target / bank.name]
    shutil.copy2(bank, written[0])
    base = bank.parent.resolve()
    for rel in sorted(images):
        source = (bank.parent / rel).resolve()
        if source.is_relative_to(base) and source.is_file():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
            written.append(dest)
    return Added(target, tuple(written))
