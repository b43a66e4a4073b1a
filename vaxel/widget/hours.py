"""Opening hours now and next, as a visitor reads them (pure)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..schedules.rules import ALWAYS_OPEN, OpenState, ScheduleView, is_open


@dataclass(frozen=True)
class NowAndNext:
    """Open or closed now and until when; then the state after that change, until when.
    None instants: no change within the schedule's horizon (or always open)."""

    open: bool
    until: dt.datetime | None
    next_open: bool | None
    next_until: dt.datetime | None
    note: str = ""


def now_and_next(view: ScheduleView | None, now: dt.datetime) -> NowAndNext:
    state: OpenState = ALWAYS_OPEN if view is None else is_open(view, now)
    if state.until is None or view is None:
        return NowAndNext(state.open, None, None, None, state.note)
    following = is_open(view, state.until)
    return NowAndNext(state.open, state.until, following.open, following.until, state.note)
