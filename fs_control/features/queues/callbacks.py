"""Calling back callers who left the queue on-hook, when their turn comes.

Agent first, then the caller: the agent is already reserved for this callback (the
matcher offered it like a waiting call), so we ring them with the customer's number as
caller ID; only once they answer do we dial the customer, showing the company's main
number (a carrier takes only the company's own numbers). A customer who answers then
reaches a person at once, never hold music, and a missed agent costs the customer
nothing (they were never called). Both legs are originated parked (`&park()`) over the
inbound connection and joined with `uuid_bridge`; each step is recorded in the
callback's row (vaxel.queues.callbacks), so a restart neither loses nor repeats one.
"""
from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Callable

from gevent.pool import Pool
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.callflow.commands import DialTarget
from vaxel.queues import callbacks
from vaxel.queues.callbacks import CallbackJob

from ...apps import leg
from ...esl import EslError
from ...call_data import DatabaseCallData
from .matcher import Matcher
from ...toll_guard import TollGuard

log = logging.getLogger(__name__)

CUSTOMER_RING_SECONDS = 30
# A callback left `calling` longer than this was claimed by a controller that died.
STALE_AFTER = dt.timedelta(minutes=5)


class CallbackWorker:
    def __init__(self, session_factory: sessionmaker[Session], inbound, call_data: DatabaseCallData,
                 matcher: Matcher, clock: Callable[[], dt.datetime] = utcnow):
        self.session_factory = session_factory
        self.inbound = inbound
        self.call_data = call_data
        self.matcher = matcher
        self.clock = clock
        self.worker_id = uuid.uuid4().hex
        self.pool = Pool(100)
        self.guard = TollGuard(session_factory)
        self.bridged: dict[str, tuple[int, str]] = {}  # leg uuid → (callback id, other leg)

    def tick(self) -> None:
        """Claim every callback whose turn has come and dial it (each in its own greenlet)."""
        now = self.clock()
        with self.session_factory.begin() as session:
            freed = callbacks.release_stale(session, now - STALE_AFTER, now)
            jobs = callbacks.claim(session, self.worker_id, now)
        self.matcher.agents(freed)
        for job in jobs:
            self.pool.spawn(self.run, job)


    def run(self, job: CallbackJob) -> None:
        log.info("callback %s: calling agent(s) %s for %s", job.callback_id, job.agents,
                 job.number)
        user_id, agent_uuid = self._call_agent(job)
        if agent_uuid is None:
            self._record(callbacks.agent_unreachable, job.callback_id)
            return
        customer_uuid, cause = self._call_customer(job)
        if customer_uuid is None:
            self._kill(agent_uuid)
            log.info("callback %s: %s did not answer (%s)", job.callback_id, job.number, cause)
            self._record(callbacks.customer_unreachable, job.callback_id, cause)
            return
        self._bridge(job, user_id, agent_uuid, customer_uuid)

    def _call_agent(self, job: CallbackJob) -> tuple[int | None, str | None]:
        user_id, extension = job.agents[0] if job.agents else (None, "")
        person = self.call_data.person(job.company_id, extension) if extension else None
        if person is None or not person.targets:
            return user_id, None
        gateway = self.call_data.gateway(job.company_id)
        leg_uuid = str(uuid.uuid4())
        targets = self.guard.allowed_targets(job.company_id, leg_uuid, person.targets)
        legs = ",".join(_legs(targets, gateway, job.ring_seconds))
        if not legs:
            return user_id, None
        answered = self._originate(legs, job, "origination_caller_id_number=%s" % job.number,
                                   leg_uuid)
        return user_id, answered[0]

    def _call_customer(self, job: CallbackJob) -> tuple[str | None, str]:
        """The number the caller left goes through the toll policy like any dialled one
        (a caller ID can be forged to a premium or satellite number)."""
        gateway = self.call_data.gateway(job.company_id)
        leg_uuid = str(uuid.uuid4())
        targets = self.guard.allowed_targets(job.company_id, leg_uuid,
                                             (DialTarget("external", job.number, job.caller_id),))
        if not targets:
            return None, "OUTGOING_CALL_BARRED"
        legs = _legs(targets, gateway, CUSTOMER_RING_SECONDS)
        if not legs:
            return None, "NO_ROUTE_DESTINATION"
        return self._originate(legs[0], job, "", leg_uuid)

    def _originate(self, dial: str, job: CallbackJob, extra: str,
                   leg_uuid: str) -> tuple[str | None, str]:
        """Originate one parked leg; (its uuid, "") once answered, else (None, cause)."""
        options = ",".join(o for o in ("origination_uuid=%s" % leg_uuid,
                                       "vaxel_callback=%d" % job.callback_id, extra) if o)
        try:
            job_result = self.inbound.bgapi("originate {%s}%s &park()" % (options, dial))
            result = job_result.result(timeout=job.ring_seconds + CUSTOMER_RING_SECONDS)
        except EslError as exc:
            return None, "EVENT_SOCKET_ERROR: %s" % exc
        if result.startswith("+OK"):
            return leg_uuid, ""
        return None, result.replace("-ERR", "").strip() or "UNKNOWN"

    def _bridge(self, job: CallbackJob, user_id: int, agent_uuid: str, customer_uuid: str) -> None:
        try:
            reply = self.inbound.api("uuid_bridge %s %s" % (agent_uuid, customer_uuid))
        except EslError as exc:
            reply = "-ERR %s" % exc
        if not reply.startswith("+OK"):
            self._kill(agent_uuid, customer_uuid)
            self._record(callbacks.customer_unreachable, job.callback_id, "BRIDGE_FAILED")
            return
        self.bridged[agent_uuid] = (job.callback_id, customer_uuid)
        self.bridged[customer_uuid] = (job.callback_id, agent_uuid)
        with self.session_factory.begin() as session:
            callbacks.connected(session, job.callback_id, user_id, agent_uuid, customer_uuid,
                                self.clock())
        log.info("callback %s: agent %s connected to %s", job.callback_id, user_id, job.number)

    def on_hangup(self, event) -> None:
        """Either leg of a connected callback hung up: end the other, the agent wraps up."""
        leg_uuid = event.get("Unique-ID") or ""
        found = self.bridged.pop(leg_uuid, None)
        if found is None and event.get("variable_vaxel_callback"):
            found = self._bridged_elsewhere(leg_uuid)  # bridged by a controller since gone
        if found is None:
            return
        callback_id, other = found
        self.bridged.pop(other, None)
        self._kill(other)
        with self.session_factory.begin() as session:
            agent = callbacks.finished(session, callback_id, self.clock())
        self.matcher.after(0, agent)  # wrap-up is enforced by the matcher's clock check

    def _bridged_elsewhere(self, leg_uuid: str) -> tuple[int, str] | None:
        with self.session_factory() as session:
            return callbacks.connected_by_leg(session, leg_uuid)

    def _record(self, transition: Callable, callback_id: int, *args) -> None:
        with self.session_factory.begin() as session:
            freed = transition(session, callback_id, *args, self.clock())
        self.matcher.agents(freed)

    def _kill(self, *uuids: str) -> None:
        for leg_uuid in uuids:
            try:
                self.inbound.api("uuid_kill %s" % leg_uuid)
            except EslError as exc:
                log.info("uuid_kill %s failed: %s", leg_uuid, exc)


def _legs(targets, gateway: str | None, seconds: int) -> list[str]:
    out = []
    for target in targets:
        try:
            out.append(leg(target, gateway, seconds))
        except ValueError:
            continue
    return out
