"""Expected wait and what callers hear about it: pure functions over queue figures."""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueFigures:
    """Recent figures of one queue (statistics.recent_figures reads them)."""

    agents_serving: int  # logged in and not away
    avg_handle_seconds: float | None  # talk + wrap-up of recently answered calls
    avg_wait_seconds: float | None  # wait of recently answered calls


def expected_wait_seconds(position: int, figures: QueueFigures) -> int | None:
    """Seconds until a caller at `position` (1 = next) is answered; None if unknown.

    With agents and a known handle time, the callers ahead are served `agents` at a time;
    each round takes one average handle time. Without agents, past waits are the best guess.
    """
    if position < 1:
        return 0
    if figures.agents_serving > 0 and figures.avg_handle_seconds:
        rounds = math.ceil(position / figures.agents_serving)
        # The first round is on average half over when the caller arrives.
        return int((rounds - 0.5) * figures.avg_handle_seconds)
    if figures.avg_wait_seconds is not None:
        return int(figures.avg_wait_seconds)
    return None


def wait_phrase(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes = max(1, round(seconds / 60))
    return "less than a minute" if seconds < 60 else (
        "about 1 minute" if minutes == 1 else f"about {minutes} minutes")


def announcement_text(position: int | None, wait: int | None, *, say_position: bool,
                      say_wait: bool, offer_callback: bool) -> str:
    """The periodic announcement; empty when there is nothing to say."""
    parts = []
    if say_position and position:
        parts.append(f"You are number {position} in the queue.")
    if say_wait and wait is not None:
        parts.append(f"The expected waiting time is {wait_phrase(wait)}.")
    if offer_callback:
        parts.append("To hang up and be called back when it is your turn, press 1.")
    return " ".join(parts)
