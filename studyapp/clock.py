"""Time, injected. Logic never asks the system for the time: it is handed a :data:`Clock`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The real clock (aware, UTC). Only the outermost layers (CLI, GUI) pass this in."""
    return dt.datetime.now(dt.UTC)


def fixed_clock(at: dt.datetime) -> Clock:
    """A clock that always answers ``at`` (for tests and reproducible runs)."""
    if at.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return lambda: at


class ManualClock:
    """A clock that moves only when told to (tests, simulations, replays)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("clock times must be timezone-aware")
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)
