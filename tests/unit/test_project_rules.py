"""Rules of the code base itself: layering and packaging."""

from __future__ import annotations

import ast
from pathlib import Path

import studyapp
from studyapp.paths import builtin_banks_dir, resources_dir

PACKAGE = Path(studyapp.__file__).parent


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _modules_outside(folder: str) -> list[tuple[Path, list[str]]]:
    return [
        (path.relative_to(PACKAGE), _imports(path))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != folder
    ]


def test_qt_is_imported_only_under_gui() -> None:
    qt = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
    offenders = [
        str(rel)
        for rel, names in _modules_outside("gui")
        if any(n.split(".")[0] in qt for n in names)
    ]
    assert offenders == []


def test_sqlalchemy_only_in_storage() -> None:
    offenders = [
        str(rel)
        for rel, names in _modules_outside("storage")
        if any(
            n.split(".")[0] in {"sqlalchemy", "alembic"} or n.startswith("studyapp.storage.models")
            for n in names
        )
    ]
    assert offenders == []


def test_core_never_reads_the_system_clock() -> None:
    allowed = {Path("clock.py"), Path("cli.py")}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel in allowed or rel.parts[0] == "gui":
            continue
        source = path.read_text(encoding="utf-8")
        if any(
            s in source for s in ("datetime.now(", "dt.datetime.now(", "time.time(", "date.today(")
        ):
            offenders.append(str(rel))
    assert offenders == []


def test_builtin_data_ships_inside_the_package() -> None:
    """The banks, outlines and resources resolve from the installed package itself."""
    banks = builtin_banks_dir()
    assert banks.is_dir() and list(banks.rglob("*.yaml"))
    assert list(banks.rglob("*.svg"))
    assert (resources_dir() / "bank.schema.json").is_file()
    assert list((PACKAGE / "outlines").glob("*.yaml"))
    assert (PACKAGE / "storage" / "migrations" / "script.py.mako").is_file()


def test_every_package_is_listed_for_installation() -> None:
    """A package missing from pyproject's list imports from the source tree but not once
    installed: list every folder of studyapp/ that holds Python modules."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(root).parts)
        for p in (root / "studyapp").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_the_desktop_metadata_names_this_version() -> None:
    import re

    root = Path(__file__).resolve().parents[2]
    meta = (root / "packaging" / "linux" / "io.github.studyapp.StudyApp.metainfo.xml").read_text()
    newest = re.search(r'<release version="([^"]+)"', meta)
    assert newest is not None and newest.group(1) == studyapp.__version__
    assert (
        (root / "LICENSE").read_text().startswith("                    GNU GENERAL PUBLIC LICENSE")
    )
