"""One call handed to the controller: read what the dialplan decided, then run the flow."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable, Mapping

from sqlalchemy.exc import SQLAlchemyError

from vaxel.callflow.commands import Bridge, Play
from vaxel.callflow.context import CallContext
from vaxel.callflow.dispatch import route_call
from vaxel.callflow.driver import CallEnded, drive
from vaxel.callflow.prompts import standard_prompt
from vaxel.callflow.entry import first_destination
from vaxel.logsetup import bind_call
from vaxel.routing.destinations import Destination, DestinationKind as K

from . import metrics
from .apps import Media
from .esl import CallSession, EslError
from .executor import CallExecutor
from .features import Features
from .call_data import DatabaseCallData
from .toll_guard import TollGuard

log = logging.getLogger(__name__)

# Keep the socket after hang-up just long enough for the final events.
LINGER_SECONDS = 5


def call_context(channel: Mapping[str, str], now: dt.datetime) -> CallContext | None:
    """Read the vaxel_* variables the dialplan set; None if they are missing or malformed."""
    try:
        company_id = int(channel.get("variable_vaxel_company_id") or "")
        destination = Destination.parse(channel.get("variable_vaxel_destination") or "")
    except ValueError:
        return None
    return CallContext(
        call_uuid=channel.get("Unique-ID") or "",
        company_id=company_id,
        caller_number=channel.get("Caller-Caller-ID-Number") or "",
        caller_name=channel.get("Caller-Caller-ID-Name") or "",
        destination=destination,
        now=now,
    )


class CallHandler:
    """Runs in the call's own greenlet (OutboundServer spawns one per call)."""

    def __init__(self, call_data: DatabaseCallData, features: Features, media: Media,
                 clock: Callable[[], dt.datetime] | None = None):
        self.call_data = call_data
        self.features = features
        self.media = media
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    def __call__(self, session: CallSession) -> None:
        channel = session.connect()
        bind_call(session.uuid)
        metrics.CALLS_HANDLED.inc()
        # Should the controller die, FreeSWITCH goes on with the dialplan (its fallback
        # after `socket`) instead of hanging up: a bridged call stays up, no BYE is sent.
        session.command("resume")
        session.myevents()
        session.linger(LINGER_SECONDS)
        ctx = call_context(channel, self.clock())
        if ctx is None:
            log.error("call %s reached the controller without vaxel_* variables; hanging up",
                      session.uuid)
            session.hangup("NORMAL_TEMPORARY_FAILURE")
            return
        self.run(session, ctx)

    def run(self, session: CallSession, ctx: CallContext) -> None:
        executor = CallExecutor(session, self.media, None, self.features.performers)
        try:
            drive(self._flow(ctx, executor, session.variable("vaxel_intent")),
                  self._guarded(executor, ctx))
        except EslError as exc:
            log.warning("call %s: Event Socket error, ending its flow: %s", ctx.call_uuid, exc)
        except SQLAlchemyError as exc:
            # The caller gets an apology rather than dead air; other calls carry on.
            log.error("call %s: database unavailable, apologising: %s", ctx.call_uuid, exc)
            self._apologise(executor)
        if not session.hungup:
            session.hangup()

    def _flow(self, ctx: CallContext, executor: CallExecutor, intent: str | None = None):
        """The whole call as one flow; its look-ups run inside drive(), so a database
        failure at any step — even the first — reaches the apology above."""
        executor.gateway = self.call_data.gateway(ctx.company_id)
        for start in self.features.call_start:
            yield from start(ctx, intent)
        destination = first_destination(ctx.destination, self._opening(ctx))
        log.info("call %s from %s → %s", ctx.call_uuid, ctx.caller_number, destination)
        ctx = CallContext(**{**ctx.__dict__, "destination": destination})
        yield from route_call(ctx, self.call_data, self.features.service_flows)

    def _guarded(self, executor: CallExecutor, ctx: CallContext):
        """perform(), with outside legs of a bridge checked against the toll policy."""
        guard = TollGuard(self.call_data.session_factory)

        def perform(command):
            if isinstance(command, Bridge):
                command = guard.allowed(ctx.company_id, ctx.call_uuid, command)
            return executor.perform(command)
        return perform

    def _apologise(self, executor: CallExecutor) -> None:
        try:
            executor.perform(Play(standard_prompt(0, "try_later")))
        except (EslError, CallEnded):
            pass  # the caller left first; nothing more to say

    def _opening(self, ctx: CallContext):
        if ctx.destination.kind is not K.SERVICE:
            return None
        return self.call_data.opening(ctx.company_id, int(ctx.destination.target), ctx.now)
