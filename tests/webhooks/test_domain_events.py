"""voicemail.new, callback.requested and agent.state_changed are queued in the outbox by the
domain services themselves, in the same transaction as the change."""
import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.queues.fixtures import make_agents, make_company, make_queue
from tests.voicemail.mailboxes import a_message
from vaxel.actor import Actor
from vaxel.queues.services import log_in, log_out, set_away
from vaxel.voicemail.messages import add_callback
from vaxel.webhooks import events
from vaxel.webhooks.models import WebhookDelivery
from vaxel.webhooks.services import create_endpoint

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


def sent(db, event_type):
    rows = db.scalars(select(WebhookDelivery).where(WebhookDelivery.event_type == event_type)
                      .order_by(WebhookDelivery.id))
    return [json.loads(r.body)["data"] for r in rows]


def subscribe(db, company_id):
    create_endpoint(db, SYSTEM, company_id, "https://crm.example/hook", events.EVENT_TYPES)


@pytest.fixture
def agent(db):
    company = make_company(db)
    [anna] = make_agents(db, company, ("2001",))
    make_queue(db, company, "Support", members=[anna], logged_in=False)
    subscribe(db, company.id)
    return anna


def test_agent_state_changes_are_announced_once_each(db, agent):
    log_in(db, Actor.of_user(agent), agent.id, now=NOW)
    set_away(db, Actor.of_user(agent), agent.id, True, now=NOW)
    set_away(db, Actor.of_user(agent), agent.id, True, now=NOW)  # no change, nothing sent
    log_out(db, Actor.of_user(agent), agent.id, now=NOW)
    states = [(d["previous_state"], d["state"]) for d in sent(db, events.AGENT_STATE_CHANGED)]
    assert states == [("logged_out", "available"), ("available", "away"), ("away", "logged_out")]
    assert all(d["user_id"] == agent.id for d in sent(db, events.AGENT_STATE_CHANGED))


def test_a_kept_voicemail_and_a_callback_request_are_announced(db, mailbox):
    acme, daria, _, box, store = mailbox
    subscribe(db, acme.id)
    message = a_message(db, box, store)
    [new] = sent(db, events.VOICEMAIL_NEW)
    assert new == {"message_id": message.id, "mailbox_id": box.id, "user_id": daria.id,
                   "caller_number": "+46701234567", "caller_name": "Bo",
                   "duration_seconds": 3, "call_id": "call-1"}
    add_callback(db, box, "+46701234567", "+46701234567", "call-1")
    [callback] = sent(db, events.CALLBACK_REQUESTED)
    assert callback["source"] == "voicemail" and callback["user_id"] == daria.id


def test_a_discarded_voicemail_is_not_announced(db, mailbox):
    acme, _, _, box, store = mailbox
    subscribe(db, acme.id)
    assert a_message(db, box, store, seconds=0) is None
    assert sent(db, events.VOICEMAIL_NEW) == []
