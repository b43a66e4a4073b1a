"""The caller's name on the ringing phones: before an inbound call's flow starts, the caller
look-up (the company's contacts, then its HTTP directory with its short timeout and cache)
names the number, and the call's `effective_caller_id_name` carries the name to every phone
the flow then rings (bridges, queues, forwards alike).

The name comes from outside (a CRM, a directory), so it is made inert for FreeSWITCH's
variable expansion (vaxel.routing.fstext.display_text) before it reaches the channel.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Generator

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.callflow.context import CallContext
from vaxel.infra.changes import CompanyCache
from vaxel.caller_names.rules import CallerName
from vaxel.caller_names.services import Fetch, lookup
from vaxel.routing.fstext import display_text, is_number

log = logging.getLogger(__name__)

SET_TIMEOUT = 10.0
NAME_LIMIT = 50  # what a phone's caller-ID line shows
REMEMBER_SECONDS = 300


@dataclass(frozen=True)
class NameCaller:
    """Controller command: name this caller on the phones the call will ring."""

    company_id: int
    number: str


def worth_naming(intent: str | None, number: str) -> bool:
    """Only callers from outside: the phones already know colleagues (internal calls carry
    the user's name), and a withheld or odd number has nothing to look up. Pure."""
    return intent == "inbound" and is_number(number)


def name_the_caller(ctx: CallContext, intent: str | None) -> Generator[NameCaller, object, None]:
    """A call's first step: before anything rings, so every phone the flow rings shows the
    name."""
    if worth_naming(intent, ctx.caller_number):
        yield NameCaller(ctx.company_id, ctx.caller_number)


def caller_id_name(found: CallerName) -> str | None:
    """What to show for a look-up result, inert for FreeSWITCH; None when unknown. Pure."""
    return display_text(found.display, NAME_LIMIT) or None


class CallerNamer:
    """Performs NameCaller: look the number up, then `set effective_caller_id_name`."""

    def __init__(self, session_factory: sessionmaker[Session], fetch: Fetch | None,
                 cache: CompanyCache | None = None):
        self.session_factory, self.fetch = session_factory, fetch
        self.cache = CompanyCache() if cache is None else cache

    def __call__(self, executor, command: NameCaller) -> str | None:
        # Remembered until the company's contacts or look-up settings change, and at most
        # for the current REMEMBER_SECONDS slot (an external directory's answer may age).
        slot = int(time.time() // REMEMBER_SECONDS)
        name = self.cache.get(("caller_name", command.company_id, command.number, slot),
                              command.company_id, lambda: self._look_up(command))
        if name is not None:
            executor.channel.execute("set", f"effective_caller_id_name={name}", SET_TIMEOUT)
            log.info("call %s: caller %s shown as %r", executor.channel.uuid,
                     command.number, name)
        return name

    def _look_up(self, command: NameCaller) -> str | None:
        with self.session_factory.begin() as session:
            found = lookup(session, command.company_id, command.number, utcnow(), self.fetch)
        return caller_id_name(found)
