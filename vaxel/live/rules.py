"""Pure decisions of the live view (plain values in, plain values out)."""
from __future__ import annotations


def unattended(waiting: int, logged_in: int) -> bool:
    """Callers wait and nobody is logged in to take them: the queue needs someone now."""
    return waiting > 0 and logged_in == 0


def clock(seconds: int) -> str:
    """A duration as a wall clock shows it: 0:07, 12:30, 1:02:03."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
