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

from studyapp import __version__
from studyapp.clock import system_clock
from studyapp.errors import StudyAppError
from studyapp.paths import DATA_DIR_ENV, builtin_banks_dir, default_cache_dir, default_data_dir

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
        "--data-dir",
        type=Path,
        help=f"folder for the study database and backups (default: ${DATA_DIR_ENV} or "
        f"{default_data_dir()})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="open the desktop app (the default)")
    sub.add_parser("status", help="show the data folder, database and built-in banks")

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


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
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
            f"{files} file{'s' if files != 1 else ''}, {report.question_count} questions: "
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


def _gui(args: argparse.Namespace) -> int:
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
        report = validate_paths([builtin_banks_dir()], cache=cache)
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
