"""StudyEngine: the headless study API used by the GUI, the CLI and the simulators.

    engine = StudyEngine.open(data_dir, exam="PMP")
    for pick in engine.next_session(size=20):
        ...show pick.question, collect a response...
        result = engine.record_answer(pick.question.id, response, duration_s=42.0)

Everything the engine decides is computed from the injected clock and the study history in the
database; every answer is committed before ``record_answer`` returns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import threading
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fsrs import Card

from studyapp.banks import BankCache, Problem, validate_paths
from studyapp.banks import model as m
from studyapp.banks.glossary import Term
from studyapp.banks.loader import LoadedBank
from studyapp.clock import Clock, system_clock
from studyapp.errors import DiskFullError, StorageError, StudyAppError
from studyapp.exam.mock import (
    DrawItem,
    ExamBreakRule,
    MockExam,
    MockExamError,
    MockItem,
    MockSpec,
    MockState,
    draw_questions,
    full_spec,
    mini_spec,
)
from studyapp.exam.scoring import MockResult, score_mock
from studyapp.outlines import Outline, current_outline
from studyapp.paths import builtin_banks_dir, default_bank_paths, default_cache_dir
from studyapp.scheduler import memory
from studyapp.scheduler.grading import ResponseError, correct_response, grade, guess_rate
from studyapp.scheduler.mastery import (
    DIFFICULTY_B,
    EXAM_ITEM_GUESS,
    MAX_REPEAT_WEIGHT,
    MIN_REPEAT_WEIGHT,
    MasteryModel,
)
from studyapp.scheduler.plan import Plan, TaskStatus, build_plan
from studyapp.scheduler.readiness import Readiness, compute_readiness
from studyapp.scheduler.session import Item, ItemHistory, build_session
from studyapp.storage.db import Database, open_database
from studyapp.storage.repo import (
    ReviewedAnswer,
    answered_question_ids,
    create_mock,
    get_setting,
    last_mock_question_ids,
    load_flashcards,
    load_history,
    load_unfinished_mock,
    question_hash,
    save_flashcard_review,
    save_mock,
    save_reviewed_answer,
    set_setting,
    start_study_session,
    sync_bank,
)

DEFAULT_DAILY_GOAL = 30

__all__ = [
    "AnswerResult",
    "MockExamError",
    "MockSession",
    "OptionView",
    "QuestionView",
    "ResponseError",
    "SessionPick",
    "StudyEngine",
    "UnknownQuestionError",
]


class UnknownQuestionError(StudyAppError):
    """An answer for a question id that is not in the open banks."""


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str


@dataclass(frozen=True)
class QuestionView:
    """A question as the GUI and simulators see it (``model`` holds every bank field)."""

    id: str
    type: str
    stem: str
    options: tuple[OptionView, ...]
    task: str
    tasks: tuple[str, ...]
    task_name: str
    domain: str
    domain_name: str
    difficulty: int
    approach: str
    bank_id: str
    bank_path: Path
    scenario: m.Scenario | None
    model: m.Question = field(repr=False)
    family: str | None = None  # the generator family of a formula question

    def correct_response(self) -> Any:
        return correct_response(self.model)

    @property
    def prompts(self) -> tuple[OptionView, ...]:
        if isinstance(self.model, m.MatchingQuestion):
            return tuple(OptionView(p.id, p.text) for p in self.model.prompts)
        return ()


@dataclass(frozen=True)
class BankInfo:
    """One bank or glossary file as the engine found it."""

    path: Path
    id: str
    title: str
    kind: str  # "bank" or "glossary"
    exam: str
    outline: str
    questions: int  # written questions (formula families not counted)
    families: int
    builtin: bool
    studied: bool  # its questions (or terms) are in use for the exam being studied
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


def _bank_info(loaded: LoadedBank, exam: str, outline: str) -> BankInfo:
    builtin = loaded.path.resolve().is_relative_to(builtin_banks_dir().resolve())
    problems = tuple(loaded.problems)
    if loaded.glossary is not None:
        g = loaded.glossary
        return BankInfo(
            loaded.path,
            g.glossary.id,
            g.glossary.title,
            "glossary",
            "PMP, CAPM",
            "",
            len(g.terms),
            0,
            builtin,
            loaded.ok,
            problems,
        )
    if loaded.bank is None:
        return BankInfo(
            loaded.path,
            loaded.path.stem,
            loaded.path.name,
            "bank",
            "",
            "",
            0,
            0,
            builtin,
            False,
            problems,
        )
    b = loaded.bank
    studied = loaded.ok and b.bank.exam == exam and b.bank.outline == outline
    return BankInfo(
        loaded.path,
        b.bank.id,
        b.bank.title,
        "bank",
        b.bank.exam,
        b.bank.outline,
        len(b.questions),
        len(b.generators),
        builtin,
        studied,
        problems,
    )


@dataclass(frozen=True)
class SessionPick:
    question: QuestionView
    reason: str


@dataclass(frozen=True)
class AnswerResult:
    question_id: str
    correct: bool
    score: float
    correct_response: Any
    explanation: str
    rationales: dict[str, str]
    references: tuple[str, ...]
    rating: str
    answer_id: int


@dataclass
class _ItemStats:
    attempts: int = 0
    last_seen: dt.datetime | None = None
    last_correct: bool = False


class StudyEngine:
    """One learner's study state for one exam. Thread-safe."""

    def __init__(
        self,
        db: Database,
        outline: Outline,
        questions: dict[str, QuestionView],
        problems: list[Problem],
        clock: Clock,
        timezone: dt.tzinfo | None,
    ) -> None:
        self.db = db
        self.outline = outline
        self.exam = outline.exam
        self.bank_problems = problems
        self._clock = clock
        self._tz = timezone
        self._lock = threading.RLock()
        self._questions = questions
        self._items = [
            Item(q.id, q.task, DIFFICULTY_B[q.difficulty], guess_rate(q.model), q.family)
            for q in questions.values()
        ]
        self._task_weight: dict[str, float] = {}
        self._task_domain: dict[str, str] = {}
        for d in outline.domains:
            for t in d.tasks:
                self._task_weight[t.code] = d.weight / 100.0 / len(d.tasks)
                self._task_domain[t.code] = d.code
        self._task_names = {t.code: t.name for _, t in outline.tasks()}
        self._epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        self._session_id: int | None = None
        self._terms: dict[str, Term] = {}
        self._flashcards: dict[str, Card] | None = None
        self._banks: list[BankInfo] = []
        self._reload_history()

    def _reload_history(self) -> None:
        """Rebuild every in-memory model from the answers on disk (on open, and after a failed
        transaction so that memory never runs ahead of what was saved)."""
        self._mastery = MasteryModel(self._task_weight)
        self._stats: dict[str, _ItemStats] = defaultdict(_ItemStats)
        self._cards: dict[str, Card] = {}
        # One FSRS card per task, reviewed on each day the task is practised: how durable the
        # learner's knowledge of the task is (spacing of practice), used to project readiness.
        self._task_cards: dict[str, Card] = {}
        self._first_by_domain: Counter[str] = Counter()
        self._per_day: Counter[dt.date] = Counter()
        self._load_history()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        exam: str = "PMP",
        banks: Sequence[Path | str] | None = None,
        clock: Clock | None = None,
        *,
        timezone: dt.tzinfo | None = None,
    ) -> StudyEngine:
        """Open the learner's data in ``data_dir`` for ``exam`` ("PMP" or "CAPM").

        ``banks`` are bank files or folders; by default the built-in banks and the learner's own
        (``<data_dir>/banks``, see :mod:`studyapp.interop.packs`). Only banks written for
        the exam's current outline are studied; other banks are reported in ``bank_problems``.
        ``timezone`` sets where a study day starts (default: the computer's local time).
        """
        clock = clock or system_clock
        data_dir = Path(data_dir)
        outline = current_outline(exam)
        db = open_database(data_dir, clock)
        try:
            paths = (
                [Path(p) for p in banks]
                if banks is not None
                else default_bank_paths(data_dir, exam)
            )
            report = validate_paths(paths, cache=BankCache(default_cache_dir(data_dir) / "banks"))
            problems = report.all_problems()
            questions: dict[str, QuestionView] = {}
            terms: dict[str, Term] = {}
            infos = [_bank_info(loaded, exam, outline.id) for loaded in report.banks]
            for loaded in report.banks:
                if loaded.glossary is not None and loaded.ok:
                    for term in loaded.glossary.terms:
                        if exam in term.exams:
                            terms.setdefault(term.id, term)
                    continue
                bank = loaded.bank
                if bank is None or not loaded.ok or bank.bank.exam != exam:
                    continue
                if bank.bank.outline != outline.id:
                    problems.append(
                        Problem(
                            loaded.path,
                            1,
                            1,
                            f"bank {bank.bank.id!r} is written for outline {bank.bank.outline}; "
                            f"studying uses {outline.id}, so it is left out",
                            "warning",
                        )
                    )
                    continue
                bank = _with_generated(bank, answered_question_ids(db))
                sync_bank(db, bank, source_path=str(loaded.path), sha256=loaded.sha256)
                scenarios = {s.id: s for s in bank.scenarios}
                families = {g.id for g in bank.generators}
                for q in bank.questions:
                    view = _view(q, bank, loaded.path, outline, scenarios)
                    family, _, k = q.id.rpartition(".")
                    if family in families and k.isdigit():
                        view = dataclasses.replace(view, family=family)
                    questions[q.id] = view
            engine = cls(db, outline, questions, problems, clock, timezone)
            engine._terms = dict(sorted(terms.items(), key=lambda kv: kv[1].term.casefold()))
            engine._banks = infos
            return engine
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StudyEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_history(self) -> None:
        history = load_history(self.db)
        known = {
            qid: (meta.tasks, DIFFICULTY_B.get(meta.difficulty, 0.0), meta.guess)
            for qid, meta in history.questions.items()
        }
        for row in history.answers:
            self._apply(
                row.question_id,
                row.answered_at,
                row.score,
                row.correct,
                row.evidence_weight,
                known.get(row.question_id),
            )
        for qid, state in history.cards.items():
            self._cards[qid] = memory.card_from_dict(state)

    def _apply(
        self,
        qid: str,
        at: dt.datetime,
        score: float,
        correct: bool,
        weight: float,
        known: tuple[tuple[str, ...], float, float] | None,
    ) -> None:
        """Fold one answer into the in-memory state (used on open and after each answer)."""
        view = self._questions.get(qid)
        if view is not None:
            tasks, b, c = view.tasks, DIFFICULTY_B[view.difficulty], guess_rate(view.model)
        elif known is not None:  # a question of a bank that is no longer loaded: still counts
            tasks, b, c = known
        else:
            tasks, b, c = (), 0.0, EXAM_ITEM_GUESS
        stats = self._stats[qid]
        repeat = stats.attempts > 0
        day = (at - self._epoch).total_seconds() / 86400.0
        self._mastery.observe(
            tasks, correct=score, b=b, c=c, day=day, weight=weight, first=not repeat
        )
        if not repeat and tasks:
            domain = self._task_domain.get(tasks[0])
            if domain is not None:
                self._first_by_domain[domain] += 1
        for code in tasks:
            card = self._task_cards.get(code)
            if (
                card is None
                or card.last_review is None
                or (
                    self._local_date(at) != self._local_date(card.last_review)
                    and at > card.last_review
                )
            ):
                rating = memory.Rating.Good if score >= 0.5 else memory.Rating.Again
                self._task_cards[code], _ = memory.review(
                    card or memory.new_card(code, at), rating, at, 0.0
                )
        stats.attempts += 1
        stats.last_seen = at if stats.last_seen is None else max(stats.last_seen, at)
        stats.last_correct = correct
        self._per_day[self._local_date(at)] += 1

    # ------------------------------------------------------------------ settings
    def _local_date(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self._tz).date()

    def today(self) -> dt.date:
        return self._local_date(self._clock())

    @property
    def exam_date(self) -> dt.date | None:
        value = get_setting(self.db, f"{self.exam}.exam_date")
        return dt.date.fromisoformat(value) if isinstance(value, str) else None

    def set_exam_date(self, date: dt.date | None) -> None:
        set_setting(self.db, f"{self.exam}.exam_date", None if date is None else date.isoformat())

    @property
    def daily_goal(self) -> int:
        value = get_setting(self.db, f"{self.exam}.daily_goal", DEFAULT_DAILY_GOAL)
        return int(value) if isinstance(value, int) and value > 0 else DEFAULT_DAILY_GOAL

    def set_daily_goal(self, questions_per_day: int) -> None:
        if not isinstance(questions_per_day, int) or not 1 <= questions_per_day <= 500:
            raise ValueError("the daily goal is a number of questions from 1 to 500")
        set_setting(self.db, f"{self.exam}.daily_goal", questions_per_day)

    def answered_today(self) -> int:
        with self._lock:
            return self._per_day[self.today()]

    def days_left(self) -> int | None:
        date = self.exam_date
        return None if date is None else (date - self.today()).days

    # ------------------------------------------------------------------ questions
    def questions(self) -> list[QuestionView]:
        return list(self._questions.values())

    def question(self, question_id: str) -> QuestionView:
        try:
            return self._questions[question_id]
        except KeyError:
            raise UnknownQuestionError(f"unknown question id {question_id!r}") from None

    # ------------------------------------------------------------------ sessions
    def next_session(self, size: int = 20, *, beyond_goal: bool = False) -> list[SessionPick]:
        """The next questions to study, each with the reason it was picked.

        A session never holds more than what is left of today's goal unless ``beyond_goal``;
        once the goal is met it is empty unless ``beyond_goal``.
        """
        with self._lock:
            now = self._clock()
            if not beyond_goal:
                size = min(size, max(0, self.daily_goal - self._per_day[self._local_date(now)]))
            days_left = self.days_left()
            if days_left is not None and days_left < 0:
                days_left = None
            seed = zlib.crc32(f"{now.isoformat()}|{sum(self._per_day.values())}".encode())
            picks = build_session(
                items=self._items,
                history=self._history(),
                mastery=self._mastery,
                task_weight=self._task_weight,
                task_names=self._task_names,
                now=now,
                days_left=days_left,
                size=size,
                rng=random.Random(seed),
            )
            if picks:
                self._session_id = start_study_session(
                    self.db, kind="study", exam=self.exam, planned=len(picks)
                )
            return [SessionPick(self._questions[p.question_id], p.reason) for p in picks]

    def _history(self) -> dict[str, ItemHistory]:
        out: dict[str, ItemHistory] = {}
        for qid, st in self._stats.items():
            if st.attempts and st.last_seen is not None and qid in self._questions:
                out[qid] = ItemHistory(
                    st.attempts, st.last_seen, st.last_correct, self._cards.get(qid)
                )
        return out

    def record_answer(
        self,
        question_id: str,
        response: Any,
        duration_s: float,
        confidence: int | None = None,
    ) -> AnswerResult:
        """Grade and store one answer; it is committed to disk before this returns.

        An unknown question id, a response of the wrong shape, a negative duration or a
        confidence outside 1–3 raise an error and write nothing.
        """
        view = self._questions.get(question_id)
        if view is None:
            raise UnknownQuestionError(f"unknown question id {question_id!r}; nothing was saved")
        if (
            not isinstance(duration_s, (int, float))
            or not math.isfinite(duration_s)
            or duration_s < 0
        ):
            raise ValueError("duration_s must be a number of seconds ≥ 0")
        if confidence is not None and confidence not in (1, 2, 3):
            raise ValueError("confidence is 1 (guess), 2 (fairly sure) or 3 (certain)")
        return self._record(view, response, float(duration_s), confidence, None)

    def _record(
        self,
        view: QuestionView,
        response: Any,
        duration_s: float,
        confidence: int | None,
        at: dt.datetime | None,
        session_id: int | None = None,
    ) -> AnswerResult:
        question_id = view.id
        result = grade(view.model, response)
        stored_response = _jsonable(response)
        with self._lock:
            now = self._clock() if at is None else at
            fmt = self.outline.exam_format
            rating = memory.rating_for(
                correct=result.correct,
                confidence=confidence,
                duration_s=float(duration_s),
                expected_s=fmt.minutes * 60 / fmt.questions,
            )
            previous = self._cards.get(question_id)
            weight = 1.0
            if self._stats.get(question_id) is not None and self._stats[question_id].attempts:
                remembered = memory.retrievability(previous, now) if previous else 0.0
                weight = max(MIN_REPEAT_WEIGHT, MAX_REPEAT_WEIGHT * (1.0 - remembered))
            card = previous or memory.new_card(question_id, now)
            new_card, log = memory.review(card, rating, now, float(duration_s))
            answer_id = self._save_answer(
                ReviewedAnswer(
                    question_id=question_id,
                    content_hash=question_hash(view.model),
                    session_id=self._session_id if session_id is None else session_id,
                    answered_at=now,
                    response=stored_response,
                    correct=result.correct,
                    score=result.score,
                    duration_s=float(duration_s),
                    confidence=confidence,
                    evidence_weight=weight,
                    card_state=memory.card_to_dict(new_card),
                    card_due=new_card.due,
                    rating=int(log["rating"]),
                    duration_ms=int(log["review_duration"] or 0),
                )
            )
            # Committed: now the in-memory state may follow (a failed save changed nothing).
            self._cards[question_id] = new_card
            self._apply(question_id, now, result.score, result.correct, weight, None)
        q = view.model
        rationales = {o.id: o.rationale for o in getattr(q, "options", [])}
        return AnswerResult(
            question_id=question_id,
            correct=result.correct,
            score=result.score,
            correct_response=correct_response(q),
            explanation=q.explanation,
            rationales=rationales,
            references=tuple(q.references),
            rating=rating.name,
            answer_id=answer_id,
        )

    def _save_answer(self, answer: ReviewedAnswer) -> int:
        """Commit one answer; a storage failure says plainly that this answer was not saved."""
        try:
            return save_reviewed_answer(self.db, answer)
        except DiskFullError as exc:
            raise DiskFullError(
                f"The disk holding {self.db.path.parent} is full, so this answer was not saved. "
                "Free some space and answer again; everything saved before is kept."
            ) from exc
        except StorageError as exc:
            raise type(exc)(
                f"{exc} This answer was not saved: answer it again once that is fixed; "
                "everything saved before is kept."
            ) from exc

    # ------------------------------------------------------------------ prediction
    def readiness(self) -> Readiness:
        with self._lock:
            now = self._clock()
            exam_date = self.exam_date
            at = now
            if exam_date is not None and exam_date > self.today():
                at = dt.datetime.combine(exam_date, dt.time(9), tzinfo=dt.UTC)
            retention = {
                code: memory.retrievability(card, at) for code, card in self._task_cards.items()
            }
            est = self.outline.exam_format.estimates
            return compute_readiness(
                outline=self.outline,
                mastery=self._mastery,
                retention=retention,
                first_attempts_by_domain=self._first_by_domain,
                pass_mark=est.pass_mark,
                thresholds=est.thresholds(),
                seed=sum(self._per_day.values()),
            )

    def plan(self) -> Plan:
        with self._lock:
            fresh: Counter[str] = Counter(
                q.task
                for q in self._questions.values()
                if self._stats.get(q.id) is None or self._stats[q.id].attempts == 0
            )
            tasks = [
                TaskStatus(
                    code,
                    self._task_names[code],
                    self._task_weight[code],
                    self._mastery.tasks[code].first_attempts,
                    self._mastery.ability(code).expected_p(),
                    fresh[code],
                )
                for code in self._task_weight
            ]
            fmt = self.outline.exam_format
            return build_plan(
                today=self.today(),
                exam_date=self.exam_date,
                daily_goal=self.daily_goal,
                tasks=tasks,
                mock_questions=fmt.questions,
                done_today=self._per_day[self.today()],
            )

    # ------------------------------------------------------------------ mock exams
    def start_mock(self, kind: str = "full", questions: int | None = None) -> MockSession:
        """Start a mock exam in the real format (``full``) or a shorter ``mini`` one.

        Questions are drawn by domain weight, avoiding the previous mock's where the banks allow.
        Refused while another mock exam is unfinished (resume or abandon it first).
        """
        with self._lock:
            if load_unfinished_mock(self.db, self.exam) is not None:
                raise MockExamError("a mock exam is already in progress: resume or abandon it")
            fmt = self.outline.exam_format
            if kind == "full":
                spec = full_spec(fmt)
            elif kind == "mini":
                spec = mini_spec(fmt, questions or 60)
            else:
                raise ValueError("kind is 'full' or 'mini'")
            now = self._clock()
            items = [
                DrawItem(q.id, q.task, q.domain, q.scenario.id if q.scenario else None, q.family)
                for q in self._questions.values()
            ]
            rng = random.Random(zlib.crc32(f"mock|{now.isoformat()}".encode()))
            drawn = draw_questions(
                items, self.outline, spec, rng, last_mock_question_ids(self.db, self.exam)
            )
            exam = MockExam.start(spec, drawn, now)
            mock_id = create_mock(
                self.db, exam=self.exam, outline=self.outline.id, state=exam.state
            )
            return MockSession(self, mock_id, exam)

    def unfinished_mock(self) -> MockSession | None:
        """The mock exam left unfinished (app closed or crashed), ready to resume."""
        with self._lock:
            found = load_unfinished_mock(self.db, self.exam)
            if found is None:
                return None
            mock_id, state = found
            exam = MockExam(state)
            exam.resume(self._clock())
            return MockSession(self, mock_id, exam)

    def daily_history(self, days: int = 30) -> list[tuple[dt.date, int]]:
        """Questions answered per day over the last ``days`` days (oldest first)."""
        with self._lock:
            today = self.today()
            return [
                (d, self._per_day[d])
                for d in (today - dt.timedelta(days=n) for n in range(days - 1, -1, -1))
            ]

    def flagged(self) -> set[str]:
        value = get_setting(self.db, f"{self.exam}.flagged", [])
        return {str(v) for v in value} if isinstance(value, list) else set()

    def set_flagged(self, question_id: str, flagged: bool) -> None:
        """Flag a question to come back to it (kept across sessions)."""
        self.question(question_id)  # unknown ids are refused
        current = self.flagged()
        current.add(question_id) if flagged else current.discard(question_id)
        set_setting(self.db, f"{self.exam}.flagged", sorted(current))

    def practised_tasks(self) -> set[str]:
        with self._lock:
            return {code for code, a in self._mastery.tasks.items() if a.answers}

    # ------------------------------------------------------------------ banks
    def banks(self) -> list[BankInfo]:
        """Every bank and glossary file read at opening, studied or not, with its problems."""
        return list(self._banks)

    # ------------------------------------------------------------------ glossary flashcards
    def terms(self) -> list[Term]:
        """Glossary terms for this exam, alphabetically."""
        return list(self._terms.values())

    def term(self, term_id: str) -> Term:
        try:
            return self._terms[term_id]
        except KeyError:
            raise UnknownQuestionError(f"unknown term {term_id!r}") from None

    def search_terms(self, text: str) -> list[Term]:
        """Terms whose name, definition or example contains every word of ``text``."""
        words = text.casefold().split()
        return [
            t
            for t in self._terms.values()
            if all(w in f"{t.term} {t.definition} {t.example}".casefold() for w in words)
        ]

    def _cards_for_terms(self) -> dict[str, Card]:
        if self._flashcards is None:
            self._flashcards = {
                tid: memory.card_from_dict(state) for tid, state in load_flashcards(self.db).items()
            }
        return self._flashcards

    def next_flashcards(self, size: int = 20) -> list[Term]:
        """Due cards first (most forgotten first), then new terms of the weakest tasks."""
        with self._lock:
            now = self._clock()
            cards = self._cards_for_terms()
            due = sorted(
                (memory.retrievability(c, now), tid)
                for tid, c in cards.items()
                if tid in self._terms and c.due <= now
            )
            picks = [tid for _, tid in due[:size]]
            if len(picks) < size:
                mastery = {
                    code: self._mastery.ability(code).expected_p() for code in self._task_weight
                }

                def weakness(t: Term) -> float:
                    ps = [mastery[c] for c in t.tasks if c in mastery]
                    return min(ps) if ps else 1.0

                new = sorted(
                    (t for t in self._terms.values() if t.id not in cards),
                    key=lambda t: (weakness(t), t.term.casefold()),
                )
                picks.extend(t.id for t in new[: size - len(picks)])
            return [self._terms[tid] for tid in picks]

    def review_flashcard(self, term_id: str, rating: str) -> dt.datetime:
        """Record how well a term was recalled (again, hard, good, easy); returns when it is due."""
        self.term(term_id)
        try:
            fsrs_rating = memory.Rating[rating.capitalize()]
        except KeyError:
            raise ValueError("rating is one of: again, hard, good, easy") from None
        with self._lock:
            now = self._clock()
            cards = self._cards_for_terms()
            card = cards.get(term_id) or memory.new_card(term_id, now)
            new, _ = memory.review(card, fsrs_rating, now, 0.0)
            save_flashcard_review(
                self.db,
                term_id,
                state=memory.card_to_dict(new),
                due=new.due,
                rating=int(fsrs_rating),
            )
            cards[term_id] = new
            return new.due

    def flashcards_due(self) -> int:
        with self._lock:
            now = self._clock()
            return sum(
                1
                for tid, c in self._cards_for_terms().items()
                if tid in self._terms and c.due <= now
            )

    def task_mastery(self) -> dict[str, float]:
        """P(right) on a fresh question now, per task (for heatmaps)."""
        with self._lock:
            return {code: self._mastery.ability(code).expected_p() for code in self._task_weight}


class MockSession:
    """A mock exam being sat. Every change is saved before the call returns."""

    def __init__(self, engine: StudyEngine, mock_id: int, exam: MockExam) -> None:
        self.engine = engine
        self.id = mock_id
        self._exam = exam

    # -- reading ---------------------------------------------------------------
    @property
    def state(self) -> MockState:
        return self._exam.snapshot()

    @property
    def spec(self) -> MockSpec:
        return self._exam.state.spec

    @property
    def position(self) -> int:
        return self._exam.state.position

    @property
    def status(self) -> str:
        return self._exam.state.status

    def __len__(self) -> int:
        return len(self._exam.state.items)

    def question(self, index: int) -> QuestionView:
        return self.engine.question(self._exam.state.items[index].question_id)

    def item(self, index: int) -> MockItem:
        return self._exam.state.items[index]

    def can_visit(self, index: int) -> bool:
        return self._exam.state.status == "in_progress" and self._exam.can_visit(index)

    def section_range(self) -> tuple[int, int]:
        return self._exam.section_range()

    def time_left_s(self) -> float:
        return self._exam.time_left_s(self.engine._clock())

    def break_left_s(self) -> float:
        return self._exam.break_left_s(self.engine._clock())

    def next_break(self) -> ExamBreakRule | None:
        return self._exam.next_break()

    def review(self, which: str = "all") -> list[int]:
        return self._exam.review(which)

    # -- acting (each saved at once) --------------------------------------------
    def _now(self) -> dt.datetime:
        now = self.engine._clock()
        if self._exam.expired(now):
            self.finish()
            raise MockExamError("time is up: the exam was submitted")
        return now

    def _save(self, *items: int) -> None:
        save_mock(self.engine.db, self.id, self._exam.state, items)

    def go(self, index: int) -> None:
        self._exam.go(index, self._now())
        self._save()

    def answer(self, index: int, response: Any) -> None:
        """Store a response (checked for shape, not graded: no feedback during an exam)."""
        if response is not None:
            grade(self.question(index).model, response)  # raises ResponseError if malformed
        self._exam.answer(index, _jsonable(response), self._now())
        self._save(index)

    def flag(self, index: int, flagged: bool = True) -> None:
        self._exam.flag(index, flagged, self._now())
        self._save(index)

    def strike(self, index: int, option_id: str, struck: bool = True) -> None:
        self._exam.strike(index, option_id, struck, self._now())
        self._save(index)

    def tick(self) -> None:
        """Save the clock (the GUI calls this every few seconds); submits when time is up."""
        if self._exam.state.status == "done":
            return
        now = self.engine._clock()
        if self._exam.state.status == "on_break" and self._exam.break_left_s(now) <= 0:
            self._exam.end_break(now)
        if self._exam.expired(now):
            self.finish()
            return
        self._exam.time_left_s(now)
        self._save()

    def end_section(self, take_break: bool) -> None:
        self._exam.end_section(self._now(), take_break=take_break)
        self._save()

    def end_break(self) -> None:
        self._exam.end_break(self.engine._clock())
        self._save()

    def finish(self) -> MockResult:
        """Submit: score it and add every answer to the study history."""
        engine = self.engine
        with engine._lock:
            if self._exam.state.status != "done":
                now = engine._clock()
                before = (self._exam.state.status, self._exam.state.finished_at)
                try:
                    # One transaction: the exam is marked done together with every answer it
                    # adds to the history, so a crash or a full disk leaves either a mock that
                    # resumes with its answers, or a complete submission.
                    with engine.db.transaction():
                        self._exam.finish(now)
                        self._save(*range(len(self._exam.state.items)))
                        for item in self._exam.state.items:
                            if item.response is None:
                                continue
                            view = engine._questions.get(item.question_id)
                            if view is None:
                                continue
                            try:
                                engine._record(
                                    view, item.response, item.time_s, None, item.answered_at or now
                                )
                            except ResponseError:
                                continue
                except BaseException:
                    # Nothing reached the disk: put memory back as the disk has it.
                    self._exam.state.status, self._exam.state.finished_at = before
                    engine._reload_history()
                    raise
            return self.result()

    def result(self) -> MockResult:
        engine = self.engine
        questions = {
            item.question_id: (
                engine.question(item.question_id).model,
                engine.question(item.question_id).task,
                engine.question(item.question_id).domain,
            )
            for item in self._exam.state.items
        }
        return score_mock(self._exam.state, questions, engine.outline)

    def abandon(self) -> None:
        """Give up this mock exam: it is kept, marked abandoned, and not scored."""
        self._exam.state.status = "abandoned"
        self._exam.state.finished_at = self.engine._clock()
        self._save()


#: Fresh instances kept ready for each generator family, beyond those already answered.
FRESH_INSTANCES = 8


def _with_generated(bank: m.Bank, answered: set[str]) -> m.Bank:
    """The bank with each generator family expanded into concrete, reproducible questions.

    Instance ``k`` of family ``fam`` is question ``fam.k``, built from seed ``k``: the same
    question every time, so history stays linked. A family always has ``FRESH_INSTANCES`` more
    instances beyond the highest one the learner has answered, so there is always a fresh one.
    """
    if not bank.generators:
        return bank
    from studyapp.generators import REGISTRY, generate

    extra: list[m.Question] = []
    for entry in bank.generators:
        if entry.generator not in REGISTRY:
            continue
        used = [
            int(qid.rsplit(".", 1)[1])
            for qid in answered
            if qid.startswith(f"{entry.id}.") and qid.rsplit(".", 1)[1].isdigit()
        ]
        for k in range(max(used, default=-1) + 1 + FRESH_INSTANCES):
            try:
                g = generate(entry.generator, k, entry.ranges())
            except ValueError:  # ranges the validator reported, or no usable numbers: left out
                break
            q = g.to_question(f"{entry.id}.{k}", choice=entry.form == "choice")
            update: dict[str, Any] = {"difficulty": entry.difficulty}
            if entry.tasks:
                update["tasks"] = list(entry.tasks)
            extra.append(q.model_copy(update=update))
    return bank.model_copy(update={"questions": [*bank.questions, *extra]})


def bank_question_view(q: m.Question, bank: m.Bank, path: Path, outline: Outline) -> QuestionView:
    """A question of a bank file as the screens show it (for previews outside a study run)."""
    return _view(q, bank, path, outline, {s.id: s for s in bank.scenarios})


def _view(
    q: m.Question, bank: m.Bank, path: Path, outline: Outline, scenarios: dict[str, m.Scenario]
) -> QuestionView:
    task = q.tasks[0]
    domain = outline.domain_of(task)
    task_obj = outline.task(task)
    options = tuple(OptionView(o.id, o.text) for o in getattr(q, "options", []))
    return QuestionView(
        id=q.id,
        type=q.type,
        stem=q.stem,
        options=options,
        task=task,
        tasks=tuple(q.tasks),
        task_name=task_obj.name if task_obj else task,
        domain=domain.code if domain else "",
        domain_name=domain.name if domain else "",
        difficulty=q.difficulty,
        approach=q.approach,
        bank_id=bank.bank.id,
        bank_path=path,
        scenario=scenarios.get(q.scenario) if q.scenario else None,
        model=q,
    )


def _jsonable(response: Any) -> Any:
    if isinstance(response, tuple):
        return list(response)
    if isinstance(response, dict):
        return {str(k): v for k, v in response.items()}
    return response
