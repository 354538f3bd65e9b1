"""Two copies of StudyApp on one data folder run side by side and lose nothing.

The chosen behaviour (see the docstring of :mod:`studyapp.storage.db`): no single-instance lock;
SQLite WAL, ``BEGIN IMMEDIATE`` transactions and a busy timeout let both copies write safely.
Two worker processes (``crash_worker.py``) start at the same moment on the same folder (so they
also race to create, migrate and fill the database), answer study questions as fast as they
can, then are stopped; every answer each acknowledged must be on disk, the file must pass
``PRAGMA integrity_check``, and neither may have met "database is locked" (or any error).

The default suite runs 2 rounds of about 1.5 s; ``STUDYAPP_HEAVY=1`` runs 6 rounds of 5 s.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from studyapp.storage.db import DB_FILENAME

HEAVY = os.environ.get("STUDYAPP_HEAVY") == "1"
ROUNDS, SECONDS = (6, 5.0) if HEAVY else (2, 1.5)
WORKER = Path(__file__).with_name("crash_worker.py")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


class Worker:
    def __init__(self, data: Path, seed: int, role: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(data), str(seed), role],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith(("ready", "error")):
                self.ready.set()
        self.ready.set()

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self.reader.join(30)
        assert self.proc.stderr is not None and self.proc.stdout is not None
        err = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        return err


def test_two_copies_answering_at_once_keep_every_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    acked: dict[int, str] = {}
    per_round: list[tuple[int, int]] = []
    for round_ in range(ROUNDS):
        # "both": one copy also sits a mock exam; "study": the other only answers questions
        workers = [
            Worker(data, 1000 + round_, "both"),
            Worker(data, 2000 + round_, "study"),
        ]
        for w in workers:
            assert w.ready.wait(120), "a copy did not start"
        time.sleep(SECONDS)
        errors = [w.stop() for w in workers]
        counts = []
        for w, stderr in zip(workers, errors, strict=True):
            failures = [line for line in w.lines if line.startswith("error")]
            assert not failures, f"a copy failed: {failures}\n{stderr}"
            assert "database is locked" not in stderr and "Traceback" not in stderr, stderr
            mine = 0
            for line in w.lines:
                word, *rest = line.split()
                if word == "ack" and rest[1] == "study":
                    aid = int(rest[2])
                    assert aid not in acked, f"answer id {aid} given to both copies"
                    acked[aid] = rest[0]
                    mine += 1
            counts.append(mine)
        per_round.append((counts[0], counts[1]))
        assert all(counts), f"a copy answered nothing while the other ran: {counts}"

        conn = sqlite3.connect(data / DB_FILENAME)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = dict(conn.execute("SELECT id, question_id FROM answer").fetchall())
            (questions,) = conn.execute("SELECT count(*) FROM question").fetchone()
            (distinct,) = conn.execute("SELECT count(DISTINCT id) FROM question").fetchone()
        finally:
            conn.close()
        lost = {aid: qid for aid, qid in acked.items() if stored.get(aid) != qid}
        assert not lost, f"answers lost: {lost}"
        assert questions == distinct > 0
    print(f"two copies, {ROUNDS} rounds: answers per copy {per_round}, {len(acked)} kept")
