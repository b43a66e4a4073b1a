"""A call to a fax mailbox: answer, receive the fax, hang up."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generator

from ..callflow.commands import Answer, Command, Hangup
from ..callflow.context import CallContext, CallData
from ..routing.destinations import Destination


@dataclass(frozen=True)
class ReceiveFax:
    """→ FaxResult (performed by fs_control.features.fax with FreeSWITCH's rxfax)."""

    service_id: int
    caller_number: str = ""


def fax_flow(ctx: CallContext, call_data: CallData, target: str) -> Generator[Command, object,
                                                                           Destination | None]:
    yield Answer()
    yield ReceiveFax(int(target), ctx.caller_number)
    yield Hangup()
    return None
