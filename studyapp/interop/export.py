"""Writing banks in another tool's format: one entry point for the command line and the app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from studyapp.banks import model as m
from studyapp.banks.glossary import Glossary
from studyapp.errors import StudyAppError

#: Export formats, their usual file endings and what they are called in a file dialog.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "gift": (".gift", "Moodle GIFT"),
    "xml": (".xml", "Moodle XML"),
    "csv": (".csv", "Spreadsheet (CSV)"),
    "anki": (".apkg", "Anki deck"),
    "html": (".html", "Printable exam (HTML)"),
    "pdf": (".pdf", "Printable exam (PDF)"),
}


def export_banks(
    banks: Sequence[tuple[m.Bank, Path]],
    fmt: str,
    out: Path,
    *,
    glossary: Glossary | None = None,
    title: str | None = None,
) -> list[str]:
    """Write ``banks`` (each with its file, for images) to ``out`` in ``fmt``.

    Returns one line per question or feature that could not be carried across, then a summary
    line. Raises :class:`StudyAppError` when nothing can be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise StudyAppError(f"unknown export format {fmt!r}: {', '.join(EXPORT_FORMATS)}")
    if not banks and fmt != "anki":
        raise StudyAppError("no questions to export")
    lost: list[tuple[str, str]] = []
    lines: list[str] = []
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "gift":
            from studyapp.interop.gift import to_gift

            parts = []
            for bank, _path in banks:
                text, dropped = to_gift(bank)
                parts.append(text)
                lost += dropped
            out.write_text("\n\n".join(parts), encoding="utf-8")
        elif fmt == "xml":
            from studyapp.interop import merge_moodle_quizzes
            from studyapp.interop.moodle_xml import to_moodle_xml

            docs = []
            for bank, path in banks:
                text, dropped = to_moodle_xml(bank, path.parent)
                docs.append(text)
                lost += dropped
            out.write_text(merge_moodle_quizzes(docs), encoding="utf-8")
        elif fmt == "csv":
            from studyapp.interop.spreadsheet import questions_to_csv

            texts = [questions_to_csv(bank) for bank, _ in banks]
            body = texts[0] + "".join(t.split("\n", 1)[1] for t in texts[1:])
            out.write_text(body, encoding="utf-8-sig")  # the BOM tells Excel it is UTF-8
        elif fmt == "anki":
            from studyapp.interop.anki import export_anki

            lines.append(str(export_anki(banks, out, glossary)))
        else:
            from studyapp.interop.printable import printable_html

            questions = [(q, path) for bank, path in banks for q in bank.questions]
            subtitle = ", ".join(dict.fromkeys(bank.bank.title for bank, _ in banks))
            html = printable_html(questions, title or "Practice exam", subtitle)
            if fmt == "html":
                out.write_text(html, encoding="utf-8")
            else:
                from studyapp.gui.pdf import html_to_pdf

                html_to_pdf(html, out)
    except OSError as exc:
        raise StudyAppError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    count = sum(len(bank.questions) for bank, _ in banks)
    lines = [f"{qid}: not carried across: {why}" for qid, why in lost] + lines
    lines.append(f"wrote {out} (from {count} questions, {EXPORT_FORMATS[fmt][1]})")
    return lines
