"""Outbound HTTP against hostile servers (issue 13, item 3): a whole exchange has one
deadline (a server dripping a byte every half second once held the caller look-up, "at
most 1 s", for 12 s), answers are capped, an answer cut short is an attempt like any
failure, and one tenant's slow receiver does not hold up another's deliveries."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.integrations.receiver import Receiver
from vaxel.base import utcnow
from vaxel.caller_names.http_provider import http_fetch
from vaxel.caller_names.services import LookupFailed
from vaxel.models import Plan
from vaxel.tenancy.services import create_company
from vaxel.webhooks import services
from vaxel.webhooks.delivery import deliver_due
from vaxel.infra.http import HttpFailure, HttpPolicy, request
from vaxel.webhooks.models import DeliveryStatus, WebhookDelivery
from vaxel.actor import Actor
from vaxel.calendar.feed import url_checker
from vaxel.calendar.services import link_calendar
from vaxel.people.services import create_user
from vaxel.caller_names.models import LookupSettings
from vaxel.statsstream.models import StatsStream

from .hostile_http import HostileServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hostile(request):
    server = HostileServer(request.param).start()
    yield server
    server.stop()


@pytest.mark.parametrize("hostile", ["drip", "drip_headers"], indirect=True)
def test_a_dripping_directory_is_cut_off_at_the_look_ups_deadline(hostile):
    fetch = http_fetch(allow_private=True)  # at most 1 s: a phone is ringing
    started = time.monotonic()
    with pytest.raises(LookupFailed, match="within 1 s"):
        fetch(hostile.url + "/lookup?number={number}", "", "+46701234567")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("hostile", ["huge"], indirect=True)
def test_a_huge_answer_is_refused_without_reading_it_all(hostile):
    started = time.monotonic()
    with pytest.raises(HttpFailure, match="larger than"):
        request("GET", hostile.url + "/feed.ics", HttpPolicy(timeout=10, allow_private=True))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("hostile", ["truncated"], indirect=True)
def test_an_answer_cut_short_is_a_failure(hostile):
    with pytest.raises(HttpFailure, match="ProtocolError|IncompleteRead"):
        request("GET", hostile.url + "/x", HttpPolicy(timeout=5, allow_private=True))


def company_with_endpoint(factory, name: str, url: str) -> int:
    with factory.begin() as s:
        company = create_company(s, SYSTEM, name, f"{name.lower()}.example", plan=Plan.BUSINESS)
        services.create_endpoint(s, SYSTEM, company.id, url, ["call.ended"])
        return company.id


@pytest.mark.parametrize("hostile", ["truncated", "drip"], indirect=True)
def test_every_failed_delivery_is_recorded_as_an_attempt(committed_db, hostile):
    company = company_with_endpoint(committed_db, "Cut", hostile.url + "/hook")
    with committed_db.begin() as s:
        services.enqueue_event(s, company, "call.ended", {"call_id": "c1"}, utcnow())
    started = time.monotonic()
    assert deliver_due(committed_db, HttpPolicy(timeout=1, allow_private=True),
                       clock=lambda: utcnow() + dt.timedelta(seconds=1)) == 1
    assert time.monotonic() - started < 3
    with committed_db() as s:
        row = s.scalar(select(WebhookDelivery))
    assert row.attempts == 1 and row.last_error and row.status is DeliveryStatus.PENDING
    assert row.next_attempt_at > utcnow() + dt.timedelta(seconds=5)  # backing off


CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//b//EN\r\nBEGIN:VEVENT\r\nUID:b\r\n"
            "DTSTART:20300101T090000Z\r\nDTEND:20300101T100000Z\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")


def slow_a_and_quick_b(factory, kind: str, slow_url: str, quick_url: str) -> int:
    """Company A's endpoint (or feed) at `slow_url`, B's at `quick_url`; B's id for the
    probe (a company, or for feeds a user). A's rows come first: a round working one by one
    reaches it before B's."""
    if kind == "webhooks":
        company_a = company_with_endpoint(factory, "Slow", slow_url + "/hook")
        company_b = company_with_endpoint(factory, "Quick", quick_url + "/hook")
        with factory.begin() as s:
            services.enqueue_event(s, company_a, "call.ended", {"call_id": "a"}, utcnow())
        return company_b
    with factory.begin() as s:
        a = create_company(s, SYSTEM, "Slow", "slow.example", plan=Plan.BUSINESS)
        b = create_company(s, SYSTEM, "Quick", "quick.example", plan=Plan.BUSINESS)
        if kind == "lookups":
            for company, url in ((a, slow_url), (b, quick_url)):
                create_user(s, SYSTEM, company, "Agent", "1000")
                s.add(LookupSettings(company_id=company.id, provider_url=url + "/who?n={number}"))
            s.flush()
            services.create_endpoint(s, SYSTEM, b.id, quick_url + "/hook", ["call.ringing"])
            return b.id
        if kind == "stream":
            s.add(StatsStream(company_id=a.id, url=slow_url + "/push", interval_seconds=5))
            s.flush()
            s.add(StatsStream(company_id=b.id, url=quick_url + "/push", interval_seconds=5,
                              active=False))  # switched on by the probe, A's push under way
            return b.id
        check = url_checker(allow_private=True)
        link_calendar(s, Actor.system(), create_user(s, SYSTEM, a, "Ann", "1000"), slow_url + "/a.ics",
                      check)
        s.flush()
        user_b = create_user(s, SYSTEM, b, "Bo", "1000")
        link_calendar(s, Actor.system(), user_b, quick_url + "/b.ics", check)
        return user_b.id


@pytest.mark.parametrize("kind", ["webhooks", "stream", "feeds", "lookups"])
@pytest.mark.parametrize("hostile", ["drip"], indirect=True)
def test_one_companys_dripping_endpoint_does_not_delay_anothers(committed_db, database_url,
                                                                 hostile, kind):
    """In a gevent-patched process, as the controller runs: B's delivery, statistics push,
    calendar feed or caller look-up is done in well under A's deadline (5 s; five 1 s
    look-ups) while A's endpoint drips."""
    good = Receiver(answer=lambda r: (200, "text/calendar", CALENDAR)).start()
    try:
        b = slow_a_and_quick_b(committed_db, kind, hostile.url, good.url)
        probe = subprocess.run(
            [sys.executable, "-m", "tests.security.http_isolation_probe", kind, database_url,
             str(b)], cwd=ROOT, capture_output=True, text=True, timeout=90)
    finally:
        good.stop()
    assert probe.returncode == 0, probe.stderr[-2000:]
    b_seconds = json.loads(probe.stdout.strip().splitlines()[-1])["b_seconds"]
    assert hostile.connections >= 1  # A's exchange really was dripping meanwhile
    assert b_seconds < 3, b_seconds  # not the 5 s of A's deadline, let alone its drip
