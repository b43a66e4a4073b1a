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
from vaxel.lookup.directory import http_fetch
from vaxel.lookup.services import LookupFailed
from vaxel.models import Plan
from vaxel.tenancy.services import create_company
from vaxel.webhooks import services
from vaxel.webhooks.delivery import deliver_due
from vaxel.infra.http import HttpFailure, HttpPolicy, request
from vaxel.webhooks.models import DeliveryStatus, WebhookDelivery

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


@pytest.mark.parametrize("hostile", ["drip"], indirect=True)
def test_one_companys_dripping_receiver_does_not_delay_anothers_delivery(committed_db,
                                                                         database_url, hostile):
    good = Receiver().start()
    try:
        company_a = company_with_endpoint(committed_db, "Slow", hostile.url + "/hook")
        company_b = company_with_endpoint(committed_db, "Quick", good.url + "/hook")
        with committed_db.begin() as s:
            services.enqueue_event(s, company_a, "call.ended", {"call_id": "a"}, utcnow())
        probe = subprocess.run(
            [sys.executable, "-m", "tests.security.http_isolation_probe", database_url,
             str(company_b)], cwd=ROOT, capture_output=True, text=True, timeout=90)
    finally:
        good.stop()
    assert probe.returncode == 0, probe.stderr[-2000:]
    b_seconds = json.loads(probe.stdout.strip().splitlines()[-1])["b_seconds"]
    assert hostile.connections >= 1  # A's delivery really was dripping meanwhile
    assert b_seconds < 3, b_seconds  # not the 5 s of A's deadline, let alone its drip
