"""A learner who studies and sits a mock exam until killed: the subject of the crash tests.

Run as ``python crash_worker.py DATA_DIR SEED [ROLE]``. It opens :class:`StudyEngine` on
``DATA_DIR`` (built-in banks, the real clock), resumes the unfinished mock exam or starts one,
and then loops for ever: a few study answers, then a few mock-exam moves. It prints one line per
step, flushed right after the engine call returned (so everything printed was acknowledged):

* ``ready <mock id> <position> <time used s>`` once open (with the mock exam as resumed);
* ``ack <question id> study <answer id>`` after ``record_answer`` returned;
* ``going <mock id> <index>`` before moving in the mock exam, then
  ``pos <mock id> <index> <time used s>`` once the move is saved;
* ``ack <question id> mock <mock id> <index> <time used s>`` after ``MockSession.answer``;
* ``finishing <mock id>`` before submitting a mock exam, ``finished <mock id>`` after, and then
  ``started <mock id> <position> <time used s>`` for the next one.

``ROLE`` (default ``both``) is ``study`` to answer only study questions (two-instance tests).
Any exception is printed as ``error <type> <message>`` and exits 3.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from studyapp.engine import MockSession, StudyEngine


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def used(mock: MockSession) -> str:
    return repr(mock.state.time_used_s)


def new_mock(engine: StudyEngine, rng: random.Random) -> MockSession:
    if rng.random() < 0.5:
        return engine.start_mock("full")
    return engine.start_mock("mini", questions=rng.randint(5, 12))


def mock_step(engine: StudyEngine, mock: MockSession, rng: random.Random) -> MockSession:
    start, end = mock.section_range()
    open_items = [i for i in range(start, end) if not mock.item(i).answered]
    if not open_items:
        if mock.next_break() is not None:
            say(f"going {mock.id} {end}")
            mock.end_section(take_break=False)
            say(f"pos {mock.id} {mock.position} {used(mock)}")
            return mock
        say(f"finishing {mock.id}")
        mock.finish()
        say(f"finished {mock.id}")
        mock = new_mock(engine, rng)
        say(f"started {mock.id} {mock.position} {used(mock)}")
        return mock
    index = rng.choice(open_items) if rng.random() < 0.7 else rng.randrange(start, end)
    say(f"going {mock.id} {index}")
    mock.go(index)
    say(f"pos {mock.id} {index} {used(mock)}")
    view = mock.question(index)
    mock.answer(index, view.correct_response())
    say(f"ack {view.id} mock {mock.id} {index} {used(mock)}")
    return mock


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1])
    rng = random.Random(int(argv[2]))
    role = argv[3] if len(argv) > 3 else "both"
    engine = StudyEngine.open(data_dir, exam="PMP", timezone=dt.UTC)
    try:
        mock: MockSession | None = None
        if role == "both":
            mock = engine.unfinished_mock() or new_mock(engine, rng)
            say(f"ready {mock.id} {mock.position} {used(mock)}")
        else:
            say("ready")
        while True:
            picks = engine.next_session(size=rng.randint(1, 4), beyond_goal=True)
            for pick in picks:
                q = pick.question
                result = engine.record_answer(
                    q.id, q.correct_response(), duration_s=rng.uniform(5, 90)
                )
                say(f"ack {q.id} study {result.answer_id}")
            if mock is not None:
                for _ in range(rng.randint(1, 3)):
                    mock = mock_step(engine, mock, rng)
    except Exception as exc:  # reported to the test, which fails on it
        say(f"error {type(exc).__name__} {exc}")
        return 3
    finally:
        engine.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
