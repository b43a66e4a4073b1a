"""Waiting for what a real switch does a moment later: a deadline, never a fixed sleep."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def wait_until(check: Callable[[], T], timeout: float, what: str,
               why: Callable[[], str] | None = None, every: float = 0.1) -> T:
    """check()'s first truthy answer within `timeout` seconds, else an AssertionError naming
    `what`, the last answer and, if given, why() (a log tail, what a phone received…)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer:
            return answer
        if time.monotonic() >= deadline:
            detail = f"\n{why()}" if why else ""
            raise AssertionError(f"not within {timeout:.0f} s: {what} (last: {answer!r}){detail}")
        time.sleep(every)
