"""Running a flow: hand each command to `perform` and send its result back in."""
from __future__ import annotations

from typing import Callable, Generator

from .commands import Command


class CallEnded(Exception):
    """Raised by `perform` when the caller has hung up; the flow is closed, not resumed."""


def drive(flow: Generator[Command, object, object], perform: Callable[[Command], object]) -> None:
    try:
        command = next(flow)
        while True:
            try:
                result = perform(command)
            except CallEnded:
                flow.close()
                return
            command = flow.send(result)
    except StopIteration:
        return
