"""Secrets leaking into pages and logs, uploads filling the shared volume, a shared mailbox
open to every user, inputs that made the server fail, formulas in exports, validators
fooled by a trailing line break, and metrics for everyone (issue 13, items 13–16, "Also")."""
from __future__ import annotations

import datetime as dt
import io
import logging
import wave

import pytest

from tests.actors import SYSTEM
from tests.webadmin.conftest import flashes
from tests.webadmin.audio import real_wav
from vaxel.actor import Actor
from vaxel.apitokens.services import create_token
from vaxel.calendar.feed import http_feed, url_checker
from vaxel.calendar.models import CalendarLink
from vaxel.calendar.services import link_calendar, refresh_feeds
from vaxel.callcontrol.fsapi import check_uuid
from vaxel.errors import InvalidInput
from vaxel.metrics_access import may_read_metrics
from vaxel.models import IvrMenu, Plan
from vaxel.people.services import create_user
from vaxel.queues.stats import csv_cell
from vaxel.redact import scrub, url_for_log
from vaxel.routing import fstext
from vaxel.tenancy.services import create_company
from vaxel.voicemail.mailboxes import PIN
from vaxel.voicemail.menus import CALLBACK_NUMBER
from vaxel.voicemail.models import Message, MessageState
from webadmin.switchboard import greetings

SECRET = "s3cr3t-feed-token"


# -- 13: secret addresses in stored errors and logs --------------------------------------
@pytest.mark.parametrize("url", [
    f"http://127.0.0.1:9/{SECRET}/basic.ics?key={SECRET}",  # nothing listens there
    f"http://127.0.0.1:9/{SECRET} x/basic.ics?key={SECRET}",  # an error quoting the path
], ids=["refused", "quoted"])
def test_a_failing_calendar_feed_never_shows_or_logs_its_address(committed_db, caplog, url):
    with committed_db.begin() as s:
        acme = create_company(s, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
        user = create_user(s, SYSTEM, acme, "Alex", "1000")
        link_calendar(s, Actor.system(), user, url, url_checker(allow_private=True))
        user_id = user.id
    with caplog.at_level(logging.INFO):
        refresh_feeds(committed_db, http_feed(allow_private=True, timeout=2),
                      dt.datetime.now(dt.timezone.utc))
    with committed_db() as s:
        error = s.get(CalendarLink, user_id).last_error
    assert error and SECRET not in error
    assert "calendar of user" in caplog.text and SECRET not in caplog.text


def test_webhook_addresses_are_logged_by_host_only():
    url = f"https://hooks.example:8443/{SECRET}?token={SECRET}"
    assert url_for_log(url) == "https://hooks.example:8443/…"
    said = f"ConnectionError: Max retries exceeded with url: /{SECRET}?token={SECRET} (refused)"
    assert SECRET not in scrub(said, url)


QUOTED = f"http://127.0.0.1:9/{SECRET} x?token={SECRET}"  # the HTTP client quotes its path


def test_webhook_look_up_and_stream_errors_never_carry_their_address(committed_db, caplog):
    """Each outbound client's error — kept in the delivery log, a stream's last_error, or
    logged — with the address scrubbed: its path and query often hold the receiver's key."""
    from vaxel.infra.http import HttpPolicy
    from vaxel.caller_names.http_provider import http_fetch
    from vaxel.caller_names.services import LookupFailed
    from vaxel.statsstream.models import StatsStream
    from vaxel.statsstream.services import push_due
    from vaxel.webhooks.delivery import Outgoing, send
    policy = HttpPolicy(timeout=2, allow_private=True)
    _, error = send(Outgoing(1, 1, QUOTED, "k", "e1", "call.ended", "{}", 1), policy)
    assert error and SECRET not in error
    with pytest.raises(LookupFailed) as failed:
        http_fetch(allow_private=True)(QUOTED + "&n={number}", "", "+46701234567")
    assert SECRET not in str(failed.value)
    with committed_db.begin() as s:
        company = create_company(s, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
        s.add(StatsStream(company_id=company.id, url=QUOTED, interval_seconds=5, active=True))
        company_id = company.id
    with caplog.at_level(logging.INFO):
        push_due(committed_db, policy, dt.datetime.now(dt.timezone.utc))
    with committed_db() as s:
        error = s.get(StatsStream, company_id).last_error
    assert error and SECRET not in error and SECRET not in caplog.text


# -- 14: greeting uploads -----------------------------------------------------------------
def _upload(portal, world, data: bytes):
    url = f"/companies/{world.a.company}/ivr/{world.a.ivr}/menus/{world.a.menu}/greeting"
    return portal.post(url, {"greeting": (io.BytesIO(data), "hej.wav")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_riff_header_in_front_of_anything_else_is_refused(portal, world, db, app, tmp_path):
    app.config["VAXEL_RECORDINGS_DIR"] = tmp_path
    portal.login(world.a.admin_email)
    fake = b"RIFF\x24\x00\x00\x00WAVE" + b"<script>alert(1)</script>" * 10
    assert "The greeting must be a WAV file." in flashes(_upload(portal, world, fake).text)
    assert db.get(IvrMenu, world.a.menu).greeting_file is None
    assert not any(tmp_path.rglob("*.wav"))


def test_extra_chunks_are_removed_from_a_greeting(portal, world, db, app, tmp_path):
    app.config["VAXEL_RECORDINGS_DIR"] = tmp_path
    portal.login(world.a.admin_email)
    clean = real_wav()
    riff = clean[:4] + (len(clean) - 8 + 30).to_bytes(4, "little") + clean[8:]
    smuggled = riff + b"LIST" + (22).to_bytes(4, "little") + b"<html>payload</html>!!"
    _upload(portal, world, smuggled)
    db.expire_all()
    stored = (tmp_path / db.get(IvrMenu, world.a.menu).greeting_file).read_bytes()
    assert b"payload" not in stored and stored == clean


def test_a_too_long_greeting_is_refused(portal, world, db, app, tmp_path):
    app.config["VAXEL_RECORDINGS_DIR"] = tmp_path
    portal.login(world.a.admin_email)
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:  # 8-bit mono: 125 s fit in 1 MB
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(b"\x80" * 8000 * (greetings.MAX_SECONDS + 5))
    response = _upload(portal, world, out.getvalue())
    assert "The greeting may be at most 120 seconds long." in flashes(response.text)


def test_a_replaced_greeting_is_removed_and_the_company_quota_holds(tmp_path, monkeypatch):
    first = greetings.store_greeting(tmp_path, 7, 1, real_wav())
    second = greetings.store_greeting(tmp_path, 7, 1, real_wav(), previous=first)
    assert not (tmp_path / first).exists() and (tmp_path / second).exists()
    # Another company's file is never removed through `previous`.
    theirs = greetings.store_greeting(tmp_path, 8, 1, real_wav())
    greetings.store_greeting(tmp_path, 7, 2, real_wav(), previous=theirs)
    assert (tmp_path / theirs).exists()
    monkeypatch.setattr(greetings, "COMPANY_QUOTA_BYTES", 3 * len(real_wav()) - 1)  # 2 fit
    with pytest.raises(InvalidInput, match="used their space"):
        greetings.store_greeting(tmp_path, 7, 3, real_wav())


# -- 15: the shared (team) mailbox ----------------------------------------------------------
def test_a_plain_user_cannot_play_or_delete_the_shared_mailbox(portal, world, db):
    portal.login(world.a.user_email)
    message = world.a.shared_message
    assert portal.get(f"/me/voicemail/{message}/audio").status_code == 404
    assert portal.post(f"/me/voicemail/{message}/delete").status_code == 404
    assert portal.post(f"/me/voicemail/{message}/heard").status_code == 404
    assert db.get(Message, message).state is MessageState.NEW


def test_admins_and_the_api_still_reach_the_shared_mailbox(portal, world, db, app):
    portal.login(world.a.admin_email)
    message = world.a.shared_message
    assert portal.get(f"/companies/{world.a.company}/mailboxes/{message}/audio").status_code == 200
    token = create_token(db, SYSTEM, world.a.company, "CRM", ["voicemail:read"])[1]
    response = app.test_client().get(f"/api/v1/voicemail/{message}/audio",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


# -- 16: 4xx, not 500 -------------------------------------------------------------------
@pytest.fixture
def api(app, db, world):
    token = create_token(db, SYSTEM, world.a.company, "CRM", ["calls:write", "presence:write",
                                                      "queues:write"])[1]
    client = app.test_client()
    return lambda method, url, **kw: client.open(
        "/api/v1" + url, method=method, headers={"Authorization": f"Bearer {token}"}, **kw)


def test_deeply_nested_json_is_a_client_error(api):
    response = api("POST", "/calls", data="[" * 100_000 + "]" * 100_000,
                   content_type="application/json")
    assert response.status_code == 400 and response.json["error"] == "invalid"


@pytest.mark.parametrize("value", [True, False, 2**31, -1, 1.0, "1"])
def test_an_id_that_is_not_an_id_is_a_client_error(api, world, value):
    response = api("POST", "/calls", json={"user_id": value, "destination": "1001"})
    assert response.status_code == 422, response.text
    response = api("PUT", f"/users/{world.a.user}/presence", json={"profile_id": value})
    assert response.status_code == 422, response.text


def test_a_value_longer_than_its_column_is_a_client_error(portal, world, api):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.user}",
                           {"name": "N" * 5000, "extension": "1001"}, follow_redirects=True)
    assert response.status_code == 400
    assert "A value was too long or out of range." in flashes(response.text)
    response = api("PUT", f"/users/{world.a.user}/calendar",
                   json={"url": "https://93.184.216.34/" + "a" * 5000})
    assert 400 <= response.status_code < 500, response.text


# -- Also: spreadsheet formulas, trailing line breaks, metrics ----------------------------
@pytest.mark.parametrize("value,cell", [
    ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
    ("@SUM(1+1)", "'@SUM(1+1)"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("+46701234567", "+46701234567"), ("Anna", "Anna"), (None, ""), (42, 42)])
def test_export_cells_cannot_become_formulas(value, cell):
    assert csv_cell(value) == cell


def test_validators_refuse_a_trailing_line_break():
    assert not fstext.is_e164("+46812345678\n")
    assert not fstext.is_sip_user("1000\n")
    assert not PIN.match("1234\n")
    with pytest.raises(InvalidInput):
        check_uuid("0f0e0d0c-0b0a-0908-0706-050403020100\n")
    assert not CALLBACK_NUMBER.match("0701234567\n")


def test_metrics_need_the_token_or_a_loopback_reader():
    assert may_read_metrics("127.0.0.1", None, "")
    assert not may_read_metrics("203.0.113.9", None, "")
    assert not may_read_metrics("127.0.0.1", None, "scrape-token")
    assert not may_read_metrics("203.0.113.9", "Bearer wrong", "scrape-token")
    assert may_read_metrics("203.0.113.9", "Bearer scrape-token", "scrape-token")
