"""The operator console's "take a waiting caller" on the real FreeSWITCH (issue 17): a
carrier caller waits in the demo's sales queue with nobody logged in; an operator takes
them out of turn, their own phone rings, answers and talks to the caller; the queue's rows
say the operator answered; the console's live view names the call's queue meanwhile."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from .agents import caller, phone, wait_until
from .harness import DOMAIN, TRUNK_ADDRESS
from . import queue_journey as journey
from .queue_journey import CUSTOMER, QUEUE_NUMBER, diagnose

# The queue journeys' fixtures (module-scoped: this module gets its own set, put back after).
controller, db, queue, sales = journey.controller, journey.db, journey.queue, journey.sales

pytestmark = pytest.mark.freeswitch

OPERATOR = "1002"  # Dennis, not logged in to the queue: the console's user


def _take(sessions, queue, entry_id: int) -> None:
    from vaxel.actor import Actor, ActorRole
    from vaxel.base import utcnow
    from vaxel.live.actions import take_caller

    operator = Actor(queue.company_id, ActorRole.ADMIN, "operator@console.test",
                     user_id=queue.user(OPERATOR))
    with sessions.begin() as session:
        take_caller(session, operator, entry_id, utcnow())


def _services_on_console(sessions, queue) -> list[str]:
    from vaxel.base import utcnow
    from vaxel.live.services import live_calls

    with sessions() as session:
        return [c.service for c in live_calls(session, queue.company_id, utcnow())]


def _quiet(queue) -> None:
    """No announcements: the caller hears music, which an offer breaks at once (an
    announcement playing is not cut short; the caller's recorded speech would be over by
    its end). The queue journeys' fixture puts the settings back."""
    from vaxel.queues.models import QueueSettings

    with queue.db.begin() as session:
        settings = session.get(QueueSettings, queue.queue_id)
        settings.announce_every_seconds, settings.callback_enabled = 0, False


def test_an_operator_takes_a_waiting_caller_at_their_own_phone(queue, freeswitch, controller,
                                                                sipp_dir):
    from vaxel.audit.models import AuditEntry

    _quiet(queue)

    with phone(sipp_dir, OPERATOR, DOMAIN, queue.password(OPERATOR)) as own_phone:
        call = caller(sipp_dir, QUEUE_NUMBER, CUSTOMER, DOMAIN, TRUNK_ADDRESS, hold_ms=15000)
        try:
            [entry] = wait_until(lambda: [e for e in queue.entries() if e["state"] == "waiting"],
                                 10, "the caller waiting in the queue")
            assert queue.state(OPERATOR) != "on_call"
            _take(queue.db, queue, entry["id"])
            wait_until(lambda: queue.entries()[0]["state"] == "connected", 15,
                       "the operator's phone answered")
            heard_by_caller, heard_by_operator = call.rtp(), own_phone.rtp()
            time.sleep(1.0)  # bridged: each side's speech reaches the other
            assert call.rtp().more_than(heard_by_caller), "the caller hears nothing"
            assert own_phone.rtp().more_than(heard_by_operator), "the operator hears nothing"
            assert "Sales" in _services_on_console(queue.db, queue)
            # The operator's phone hangs up after a few seconds' talk (its scenario), which
            # ends the caller's call too (an early BYE to the caller's script, so not 0).
            assert own_phone.wait() == 0
            call.wait()
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, call, own_phone)}") from exc
    [entry] = wait_until(lambda: [e for e in queue.entries() if e["state"] == "done"], 10,
                         "the call over")
    assert (entry["outcome"], entry["answered_by"]) == ("answered", queue.user(OPERATOR))
    assert queue.offers(entry["id"]) == [(queue.user(OPERATOR), "answered")]
    with queue.db() as session:
        audit = session.scalar(select(AuditEntry).where(
            AuditEntry.action == "take_caller", AuditEntry.object_id == str(entry["id"])))
    assert audit is not None and audit.actor == "operator@console.test"
