"""The SMS outbox against PostgreSQL and a real local HTTP gateway: a message queued while
the gateway is down is kept (retried with back-off) and goes out later, from a new sender
as after a restart; the token goes as a bearer; a refusing gateway (4xx) is given up; an
internal gateway address is refused unless ops allow it (SSRF defence)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.integrations.receiver import Receiver
from vaxel.infra.http import HttpPolicy
from vaxel.models import Plan
from vaxel.sms.gateway import Gateway, send_due
from vaxel.sms.models import OutboxSms
from vaxel.sms.services import queue_sms
from vaxel.tenancy.services import create_company

T0 = dt.datetime(2030, 1, 1, 12, tzinfo=dt.timezone.utc)
LOCAL = HttpPolicy(timeout=2, allow_private=True)


@pytest.fixture
def receiver():
    got = Receiver().start()
    yield got
    got.stop()


@pytest.fixture
def queued(committed_db) -> int:
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Smsco", "smsco.example", plan=Plan.ENTERPRISE)
        return queue_sms(session, company.id, "+46701234567", "Dial 81001, PIN 123456").id


def row(committed_db, sms_id: int) -> OutboxSms:
    with committed_db() as session:
        return session.get(OutboxSms, sms_id)


def test_a_message_survives_the_gateway_being_down_and_goes_out_later(committed_db, queued,
                                                                      receiver):
    down = Gateway("http://127.0.0.1:9/send", "tok", LOCAL)  # nothing listens on port 9
    assert send_due(committed_db, down, lambda: T0) == 0
    waiting = row(committed_db, queued)
    assert waiting.sent_at is None and waiting.failed_at is None and waiting.attempts == 1
    assert waiting.next_attempt_at > T0
    up = Gateway(receiver.url + "/send", "secret-token", LOCAL)
    assert send_due(committed_db, up, lambda: T0) == 0  # not due yet
    later = T0 + dt.timedelta(minutes=5)
    assert send_due(committed_db, up, lambda: later) == 1
    assert row(committed_db, queued).sent_at == later
    got = receiver.received[0]
    assert got.headers["Authorization"] == "Bearer secret-token"
    assert json.loads(got.body) == {"to": "+46701234567", "message": "Dial 81001, PIN 123456"}
    assert send_due(committed_db, up, lambda: later) == 0  # never twice


def test_a_refusing_gateway_is_given_up(committed_db, queued, receiver):
    receiver.answer = lambda r: (400, "application/json", '{"error": "bad number"}')
    send_due(committed_db, Gateway(receiver.url, "t", LOCAL), lambda: T0)
    assert row(committed_db, queued).failed_at == T0


def test_an_internal_gateway_is_refused_unless_allowed(committed_db, queued, receiver):
    send_due(committed_db, Gateway(receiver.url, "t", HttpPolicy(timeout=2)), lambda: T0)
    refused = row(committed_db, queued)
    assert refused.sent_at is None and receiver.received == []
    assert refused.last_error


def test_the_gateway_is_configured_from_the_environment():
    from vaxel.config import Settings

    settings = Settings.from_env({"VAXEL_SMS_GATEWAY_URL": " https://sms.example/api ",
                                  "VAXEL_SMS_GATEWAY_TOKEN": "abc"})
    assert (settings.sms_gateway_url, settings.sms_gateway_token) == (
        "https://sms.example/api", "abc")


def test_no_sms_row_for_a_number_that_is_not_international(db):
    from vaxel.errors import InvalidInput

    with pytest.raises(InvalidInput):
        queue_sms(db, None, "0701234567", "x")
    assert db.scalars(select(OutboxSms)).all() == []
