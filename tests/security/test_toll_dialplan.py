"""Toll policy through xml_curl: policies from PostgreSQL, caps counted, refusals alerted."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from vaxel.models import OpsAlert, OutboundCall, TollPolicy
from vaxel.security.outbound import record_end
from tests.xml_curl.helpers import actions, answer, dialplan_form


def _policy(db, world, allowed="national,nordic", user=None, **caps):
    db.add(TollPolicy(company_id=world.company.id, user_id=user.id if user else None,
                      allowed=allowed, **caps))
    db.flush()


def _form(number, uuid):
    form = dialplan_form(number)
    form["Unique-ID"] = uuid
    return form


def test_premium_and_international_are_barred_by_default_and_alerted(db, world, client):
    steps = actions(answer(client, _form("0900123456", "u-1")))
    assert ("hangup", "OUTGOING_CALL_BARRED") in steps
    assert not any(app == "bridge" for app, _ in steps)
    assert ("hangup", "OUTGOING_CALL_BARRED") in actions(answer(client, _form("+12025550123", "u-2")))
    alerts = db.scalars(select(OpsAlert).where(OpsAlert.kind == "toll_refused")).all()
    assert len(alerts) == 2 and alerts[0].company_id == world.company.id
    assert db.scalars(select(OutboundCall)).all() == []


def test_a_user_override_beats_the_company_policy(db, world, client):
    _policy(db, world, "national")
    _policy(db, world, "national,international", user=world.users["1000"])
    steps = actions(answer(client, _form("+12025550123", "u-3")))
    assert ("bridge", "sofia/gateway/carrier/+12025550123") in steps


def test_blocked_prefixes_of_the_company(db, world, client):
    _policy(db, world, "national,nordic", blocked_prefixes="+46701")
    assert ("hangup", "OUTGOING_CALL_BARRED") in actions(answer(client, _form("0701234567", "u-4")))
    assert ("bridge", "sofia/gateway/carrier/+46731234567") in actions(
        answer(client, _form("0731234567", "u-5")))


def test_concurrency_cap_counts_live_outbound_calls(db, world, client):
    _policy(db, world, max_concurrent=2)
    for n in range(2):
        assert any(a == "bridge" for a, _ in actions(answer(client, _form("0701234567", f"c-{n}"))))
    assert ("hangup", "CALL_REJECTED") in actions(answer(client, _form("0701234567", "c-2")))
    record_end(db, "c-0")
    db.flush()
    assert any(a == "bridge" for a, _ in actions(answer(client, _form("0701234567", "c-3"))))


def test_setups_per_minute_cap(db, world, client):
    _policy(db, world, max_setups_per_minute=3)
    for n in range(3):
        answer(client, _form("0701234567", f"r-{n}"))
        record_end(db, f"r-{n}")
    assert ("hangup", "CALL_REJECTED") in actions(answer(client, _form("0701234567", "r-3")))
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=2)
    for row in db.scalars(select(OutboundCall)):
        row.started_at = old
    db.flush()
    assert any(a == "bridge" for a, _ in actions(answer(client, _form("0701234567", "r-4"))))


def test_emergency_calls_ignore_every_policy(db, world, client):
    _policy(db, world, "", max_concurrent=0, max_setups_per_minute=0)
    assert ("bridge", "sofia/gateway/carrier/112") in actions(answer(client, _form("112", "e-1")))
