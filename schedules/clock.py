"""Scheduler time: the real clock, a clock that moves only when told (tests), an accelerated one (soak runs), the
choice of one from TENDERWATCH_CLOCK, and APScheduler 3 made to read it."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from common.clock import SHANGHAI, utc_now
from schedules.plan import ScheduleError


class RealClock:
    def now(self) -> datetime:
        return utc_now()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class FakeClock:
    """Time that moves only when told (tests)."""

    def __init__(self, start: datetime):
        self.t = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self.t

    def advance(self, delta: timedelta) -> None:
        self.t += delta

    def sleep(self, seconds: float) -> None:
        self.advance(timedelta(seconds=seconds))


class AcceleratedClock:
    """Scheduler time that starts at ``start`` and runs ``speed`` times faster than the wall clock (soak runs)."""

    def __init__(self, start: datetime, speed: float):
        self.start, self.speed, self.t0 = start.astimezone(timezone.utc), speed, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.t0) * self.speed)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds / self.speed)


def clock_from_env() -> RealClock | AcceleratedClock:
    """TENDERWATCH_CLOCK=2026-11-30T01:59+08:00*60 runs scheduler time from that moment, 60 times faster (the soak
    bench and the kill test use it); unset, the real clock."""
    spec = os.environ.get("TENDERWATCH_CLOCK")
    if not spec:
        return RealClock()
    start, _, speed = spec.partition("*")
    try:
        return AcceleratedClock(datetime.fromisoformat(start), float(speed or 1))
    except ValueError as exc:
        raise ScheduleError(f"TENDERWATCH_CLOCK is not START[*SPEED]: {spec!r}") from exc


def beijing(t: datetime) -> datetime:
    """A scheduler time as the store keeps it: Beijing wall time, naive."""
    return t.astimezone(SHANGHAI).replace(tzinfo=None)


@contextmanager
def apscheduler_time(clock) -> None:  # noqa: ANN001
    """APScheduler 3 reads datetime.now() itself; within this block it reads the scheduler's clock instead."""
    import apscheduler.executors.base as executors_base
    import apscheduler.schedulers.base as schedulers_base

    class ClockDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            t = clock.now()
            return t.astimezone(tz) if tz else t.astimezone(SHANGHAI).replace(tzinfo=None)

    saved = schedulers_base.datetime, executors_base.datetime
    schedulers_base.datetime = executors_base.datetime = ClockDatetime
    try:
        yield
    finally:
        schedulers_base.datetime, executors_base.datetime = saved
