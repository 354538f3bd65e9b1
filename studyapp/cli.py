"""The ``studyapp`` command.

``studyapp`` alone opens the app; ``studyapp bank validate|stats|schema`` are the trainer's tools.
No traceback ever reaches the user: known problems print their message, anything unexpected is
logged to a file in the data folder and summarised in one line.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studyapp import __version__
from studyapp.clock import system_clock
from studyapp.errors import StudyAppError
from studyapp.paths import (
    DATA_DIR_ENV,
    default_bank_paths,
    default_cache_dir,
    default_data_dir,
)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_ERROR = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="Prepare for PMI's CAPM and PMP exams.",
    )
    parser.add_argument("--version", action="version", version=f"StudyApp {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a window: database, banks, a session and a mock "
        "exam, in a temporary folder; exit 0 when all is well",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"folder for the study database and backups (default: ${DATA_DIR_ENV} or "
        f"{default_data_dir()})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="open the desktop app (the default)")
    sub.add_parser("status", help="show the data folder, database and built-in banks")
    prev = sub.add_parser(
        "preview", help="open one question of a bank file in a window, as learners see it"
    )
    prev.add_argument("file", type=Path, metavar="FILE")
    prev.add_argument("--id", required=True, dest="question_id", help="the question's id")
    hist = sub.add_parser("history", help="export your answer history as CSV")
    hist.add_argument("out", type=Path, metavar="OUT.csv")
    hist.add_argument("--exam", choices=("PMP", "CAPM"), help="default: the exam you study")
    hist.add_argument("--force", action="store_true", help="overwrite OUT.csv if it exists")

    bank = sub.add_parser("bank", help="tools for question-bank authors")
    bank_sub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    validate = bank_sub.add_parser(
        "validate",
        help="check bank files or folders and report every problem as file:line:col",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.add_argument(
        "--no-cache", action="store_true", help="re-parse every file even if it is unchanged"
    )
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    validate.add_argument(
        "--no-warnings", action="store_true", help="print errors only, not warnings"
    )

    lint = bank_sub.add_parser(
        "lint", help="quality warnings beyond validity (answer balance, duplicates, ...)"
    )
    lint.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    stats = bank_sub.add_parser(
        "stats", help="count questions per domain and task against the outline's weights"
    )
    stats.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    gens = bank_sub.add_parser(
        "generators", help="list the formula generators a bank can use, with their parameters"
    )
    gens.add_argument("name", nargs="?", help="show one generator and a sample question")
    gens.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")

    imp = bank_sub.add_parser(
        "import", help="convert a GIFT, Moodle XML or CSV file into a bank (lists what was lost)"
    )
    imp.add_argument("source", type=Path, metavar="FILE")
    imp.add_argument("--to", type=Path, required=True, metavar="OUT.yaml", help="bank to write")
    imp.add_argument("--format", choices=("gift", "xml", "csv"), help="default: from the ending")
    imp.add_argument("--exam", choices=("PMP", "CAPM"), default="PMP")
    imp.add_argument("--outline", help="outline id (default: the exam's current outline)")
    imp.add_argument("--default-task", metavar="CODE", help="task code for unmapped questions")
    imp.add_argument(
        "--categories", type=Path, metavar="MAP.yaml", help="category → task code mapping"
    )
    imp.add_argument(
        "--columns", type=Path, metavar="MAP.yaml", help="spreadsheet column mapping (CSV only)"
    )
    imp.add_argument("--id", dest="bank_id", help="bank id (default: from the file name)")
    imp.add_argument("--title", help="bank title")
    imp.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")

    exp = bank_sub.add_parser(
        "export", help="write banks as GIFT, Moodle XML, CSV, an Anki deck or a printable exam"
    )
    exp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    exp.add_argument(
        "--format", required=True, choices=("gift", "xml", "csv", "anki", "html", "pdf")
    )
    exp.add_argument("--to", type=Path, required=True, metavar="OUT")
    exp.add_argument("--ids", help="only these question ids (comma-separated)")
    exp.add_argument("--title", help="title of a printable exam")
    exp.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    new = bank_sub.add_parser("new", help="start a bank: one example of each question type")
    new.add_argument("name", help="bank id, also the file name (NAME.yaml)")
    new.add_argument("--exam", choices=("PMP", "CAPM"), default="PMP")
    new.add_argument("--to", type=Path, metavar="FILE", help="default: NAME.yaml here")

    add = bank_sub.add_parser(
        "add", help="add a bank file or a bank pack (.zip) to your own banks in the data folder"
    )
    add.add_argument("source", type=Path, metavar="FILE")

    schema = bank_sub.add_parser("schema", help="print the JSON Schema of the bank format")
    schema.add_argument("-o", "--output", type=Path, help="write to this file instead")
    schema.add_argument(
        "--glossary", action="store_true", help="the glossary's schema instead of the bank's"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args)
    except StudyAppError as exc:
        print(f"studyapp: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: log it, never show a traceback
        log = _log_crash(args, exc)
        where = f"; details were written to {log}" if log else ""
        print(f"studyapp: internal error ({type(exc).__name__}: {exc}){where}", file=sys.stderr)
        return EXIT_ERROR


def _generators(args: argparse.Namespace) -> int:
    import re

    from studyapp.generators import REGISTRY, generate

    names = sorted(REGISTRY)
    if args.name is not None:
        if args.name not in REGISTRY:
            print(f"studyapp: unknown generator {args.name!r}; known: {', '.join(names)}")
            return EXIT_USAGE
        names = [args.name]
    for name in names:
        spec = REGISTRY[name]
        form = "choice only" if spec.choice_only else "numeric or choice"
        print(f"{name}  {spec.title}  [{', '.join(spec.tasks)}; {form}]")
        for key, p in spec.params.items():
            print(
                f"    {key}: [{_num(p.low)}, {_num(p.high)}]  (allowed {_num(p.minimum)}–"
                f"{_num(p.maximum)}, step {_num(p.step)})  {p.help}"
            )
    if args.name is not None:
        g = generate(args.name, args.seed)
        stem = re.sub(r"\(data:image/[^)]*\)", "(diagram)", g.stem)
        print(f"\nSample (seed {args.seed}):\n{stem}\n\nAnswer: {g.answer_label or _num(g.answer)}")
        print(f"Worked solution: {g.explanation}")
    else:
        print(
            "\nIn a bank: generators: [{id: my-family, generator: NAME, params: {PARAM: "
            "[low, high]}}]. `studyapp bank generators NAME` shows one with a sample."
        )
    return EXIT_OK


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise StudyAppError(f"{path} exists; choose another name or add --force to replace it")


def _import(args: argparse.Namespace) -> int:
    from studyapp.interop import import_file, load_category_map, write_imported
    from studyapp.interop.common import ImportOptions
    from studyapp.outlines import current_outline

    _refuse_overwrite(args.to, args.force)
    options = ImportOptions(
        exam=args.exam,
        outline=args.outline or current_outline(args.exam).id,
        bank_id=args.bank_id,
        title=args.title,
        default_task=args.default_task,
        category_tasks=load_category_map(args.categories) if args.categories else {},
    )
    result = import_file(args.source, options, args.format, args.columns)
    for item in [*result.skipped, *result.notes]:
        print(item)
    print(result.summary())
    if not result.questions:
        print(f"studyapp: nothing to write: {args.to} was not created", file=sys.stderr)
        return EXIT_ERROR
    written = write_imported(result, options, args.to)
    print(f"wrote {args.to} ({len(result.questions)} questions)")
    for line in written.to_fill:
        print(line)
    for p in written.problems:
        print(p)
    if written.to_fill or written.problems:
        hint = " (--default-task CODE gives a task to questions without one)"
        print(
            f"{len(written.to_fill)} field(s) to fill in and {len(written.problems)} other "
            "problem(s) before the bank validates" + (hint if written.tasks_missing else "")
        )
    else:
        print("the bank validates")
    return EXIT_OK


def _selected_banks(paths: list[Path], ids: str | None) -> tuple[list[tuple[Any, Path]], Any]:
    from studyapp.banks import validate_paths

    report = validate_paths(paths)
    errors = [p for p in report.all_problems() if p.is_error]
    for p in errors:
        print(p, file=sys.stderr)
    if errors:
        raise StudyAppError(f"{len(errors)} problem(s) in the banks: fix them before exporting")
    wanted = {i.strip() for i in ids.split(",")} if ids else None
    banks = []
    glossary = None
    for loaded in report.banks:
        if loaded.glossary is not None:
            glossary = loaded.glossary
        if loaded.bank is None:
            continue
        bank = loaded.bank
        if wanted is not None:
            bank = bank.model_copy(
                update={"questions": [q for q in bank.questions if q.id in wanted]}
            )
        if bank.questions:
            banks.append((bank, loaded.path))
    if wanted is not None:
        found = {q.id for b, _ in banks for q in b.questions}
        missing = sorted(wanted - found)
        if missing:
            raise StudyAppError(f"no such question id(s): {', '.join(missing)}")
    return banks, glossary


def _export(args: argparse.Namespace) -> int:
    from studyapp.interop.export import export_banks

    _refuse_overwrite(args.to, args.force)
    banks, glossary = _selected_banks(args.paths, args.ids)
    for line in export_banks(banks, args.format, args.to, glossary=glossary, title=args.title):
        print(line)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from studyapp.interop.scaffold import scaffold_bank

    out = args.to or Path(f"{args.name}.yaml")
    _refuse_overwrite(out, False)
    try:
        from studyapp.paths import resources_dir

        text = scaffold_bank(
            args.name, args.exam, schema=(resources_dir() / "bank.schema.json").as_uri()
        )
    except ValueError as exc:
        raise StudyAppError(str(exc)) from exc
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: edit it, then run: studyapp bank validate {out}")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from studyapp.interop.packs import add_bank_file, add_pack

    data_dir = _data_dir(args)
    source: Path = args.source
    added = (
        add_pack(source, data_dir)
        if source.suffix.lower() == ".zip"
        else add_bank_file(source, data_dir)
    )
    print(f"added {len(added.files)} file(s) to {added.folder}")
    print("the app studies them from its next start; 'studyapp status' lists every bank")
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    if _no_display():
        return EXIT_USAGE
    from studyapp.gui.preview import run_preview

    return run_preview(args.file, args.question_id)


def _history(args: argparse.Namespace) -> int:
    from studyapp.engine import StudyEngine
    from studyapp.interop.history import history_csv
    from studyapp.storage.db import open_database
    from studyapp.storage.repo import get_setting

    _refuse_overwrite(args.out, args.force)
    data_dir = _data_dir(args)
    exam = args.exam
    if exam is None:
        db = open_database(data_dir, system_clock)
        try:
            exam = get_setting(db, "app.exam") or "PMP"
        finally:
            db.close()
    with StudyEngine.open(data_dir, exam=exam) as engine:
        text = history_csv(engine)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} answers)")
    return EXIT_OK


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _data_dir(args: argparse.Namespace) -> Path:
    return args.data_dir if args.data_dir is not None else default_data_dir()


def _log_crash(args: argparse.Namespace, exc: BaseException) -> Path | None:
    try:
        folder = _data_dir(args) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "crash.log"
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {system_clock().isoformat()} StudyApp {__version__}\n")
            f.write("".join(traceback.format_exception(exc)))
        return log
    except OSError:
        return None


def _self_test() -> int:
    """Everything a start needs, headless, in a throw-away data folder (used on frozen builds)."""
    import tempfile
    import time

    from studyapp.engine import StudyEngine
    from studyapp.storage.db import head_revision

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="studyapp-self-test-") as tmp:
        for exam in ("PMP", "CAPM"):
            with StudyEngine.open(Path(tmp), exam=exam) as engine:
                errors = [p for p in engine.bank_problems if p.is_error]
                if errors:
                    for p in errors:
                        print(p, file=sys.stderr)
                    raise StudyAppError(
                        f"self-test: {len(errors)} problem(s) in the built-in banks"
                    )
                picks = engine.next_session(20, beyond_goal=True)
                if not picks:
                    raise StudyAppError(f"self-test: no {exam} session could be built")
                q = picks[0].question
                engine.record_answer(q.id, q.correct_response(), 30)
                mock = engine.start_mock("full")
                first = mock.question(0)
                mock.answer(0, first.correct_response())
                print(
                    f"self-test: {exam}: {len(engine.questions())} questions, "
                    f"{len(engine.terms())} glossary terms, a session of {len(picks)}, "
                    f"a mock exam of {len(mock)} questions"
                )
                mock.abandon()
        print(f"self-test: database schema {head_revision()}: ok")
    print(f"self-test passed in {time.perf_counter() - start:.2f} s")
    return EXIT_OK


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.self_test:
        return _self_test()
    if args.command is None or args.command == "gui":
        return _gui(args)
    if args.command == "status":
        return _status(args)
    if args.command == "bank":
        if args.bank_command == "validate":
            return _validate(args)
        if args.bank_command == "lint":
            return _lint(args)
        if args.bank_command == "stats":
            return _stats(args)
        if args.bank_command == "schema":
            return _schema(args)
        if args.bank_command == "generators":
            return _generators(args)
        if args.bank_command == "import":
            return _import(args)
        if args.bank_command == "export":
            return _export(args)
        if args.bank_command == "new":
            return _new(args)
        if args.bank_command == "add":
            return _add(args)
    if args.command == "history":
        return _history(args)
    if args.command == "preview":
        return _preview(args)
    parser.print_help()
    return EXIT_USAGE


def _validate(args: argparse.Namespace) -> int:
    from studyapp.banks import BankCache, validate_paths

    cache = None if args.no_cache else BankCache(default_cache_dir(args.data_dir) / "banks")
    report = validate_paths(args.paths, cache=cache)
    for problem in report.all_problems():
        if args.no_warnings and not problem.is_error:
            continue
        print(problem)
    errors, warnings = report.error_count, report.warning_count
    if not args.quiet:
        files = len(report.banks)
        summary = (
            f"{files} file{'s' if files != 1 else ''}, {report.question_count} "
            f"question{'s' if report.question_count != 1 else ''}: "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
        print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors or not report.banks else EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from studyapp.banks.lint import lint_paths

    problems, warnings = lint_paths(args.paths)
    errors = [p for p in problems if p.is_error]
    for p in [*errors, *warnings]:
        print(p)
    print(
        f"{len(warnings)} lint warning{'s' if len(warnings) != 1 else ''}"
        + (f", {len(errors)} validation error(s): run 'studyapp bank validate'" if errors else ""),
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if errors or warnings else EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from studyapp.banks import BankCache, validate_paths
    from studyapp.banks.stats import format_stats, outline_stats
    from studyapp.outlines import load_outlines

    report = validate_paths(args.paths, cache=BankCache(default_cache_dir(args.data_dir) / "banks"))
    banks = [b.bank for b in report.banks if b.bank is not None]
    errors = report.error_count
    if errors:
        print(
            f"{errors} problem(s) found; run 'studyapp bank validate' for details. "
            "Counting the banks that loaded.",
            file=sys.stderr,
        )
    used = [o for o in load_outlines().values() if any(b.bank.outline == o.id for b in banks)]
    if not used:
        print("no questions found", file=sys.stderr)
        return EXIT_PROBLEMS
    print("\n\n".join(format_stats(outline_stats(o, banks)) for o in used))
    return EXIT_PROBLEMS if errors else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from studyapp.banks.schema import bank_json_schema_text, glossary_json_schema_text

    text = glossary_json_schema_text() if args.glossary else bank_json_schema_text()
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise StudyAppError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    return EXIT_OK


def _no_display() -> bool:
    """True (after saying so) when a window cannot be shown: Linux without a display."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "studyapp: no display found for the desktop app. Run it in a desktop session, or use "
            "'studyapp status' and 'studyapp bank ...' from a terminal.",
            file=sys.stderr,
        )
        return True
    return False


def _gui(args: argparse.Namespace) -> int:
    if _no_display():
        return EXIT_USAGE
    try:
        from studyapp.gui.launch import run
    except ImportError as exc:
        raise StudyAppError(
            f"the desktop app needs PySide6, which is not installed ({exc})"
        ) from exc
    return run(_data_dir(args))


def _status(args: argparse.Namespace) -> int:
    from studyapp.banks import BankCache, validate_paths
    from studyapp.storage.db import open_database
    from studyapp.storage.repo import answer_count, sync_bank

    data_dir = _data_dir(args)
    db = open_database(data_dir, system_clock)
    try:
        cache = BankCache(default_cache_dir(args.data_dir) / "banks")
        report = validate_paths(default_bank_paths(data_dir), cache=cache)
        for loaded in report.banks:
            if loaded.ok and loaded.bank is not None:
                sync_bank(db, loaded.bank, source_path=str(loaded.path), sha256=loaded.sha256)
        print(f"StudyApp {__version__}")
        print(f"data folder:  {data_dir}")
        print(f"database:     {db.path} (schema {db.revision()}, {answer_count(db)} answers)")
        if db.backup_path is not None:
            print(f"backup taken before upgrading: {db.backup_path}")
        for loaded in report.banks:
            if loaded.glossary is not None:
                g = loaded.glossary
                print(f"glossary:     {g.glossary.id}: {len(g.terms)} terms")
            if loaded.bank is not None:
                b = loaded.bank.bank
                state = "ok" if loaded.ok else "has problems"
                print(
                    f"bank:         {b.id} ({b.exam}, {b.outline}): "
                    f"{len(loaded.bank.questions)} questions, {state}"
                )
        for problem in report.all_problems():
            print(problem, file=sys.stderr)
    finally:
        db.close()
    return EXIT_OK
