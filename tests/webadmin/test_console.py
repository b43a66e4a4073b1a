"""The operator console and the wallboard links in the portal (issue 17): who may see and
act, that every action is a call command or a queue offer in the actor's own company with
its audit entry, and that wallboard links open without a log-in until revoked."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.audit.models import AuditEntry
from vaxel.base import utcnow
from vaxel.callcontrol.models import CallCommand, CommandAction, LiveCallRow
from vaxel.live.models import WallboardLink
from vaxel.models import Company, DeviceKind, User
from vaxel.people.services import add_sip_device
from vaxel.queues.entries import join
from vaxel.queues.models import EntryState, OfferResult, QueueEntry, QueueOffer

from .conftest import flashes


def _live(db, world):
    now = utcnow()
    for tenant, uuid in ((world.a, "call-a"), (world.b, "call-b")):
        db.add(LiveCallRow(call_uuid=uuid, company_id=tenant.company, caller_number="+4687778899",
                           destination="1001", state="ACTIVE", user_id=tenant.user,
                           started_at=now - dt.timedelta(seconds=75)))
    a = join(db, world.a.service, "queued-a", "+46701234567", "Kund AB", now).entry_id
    b = join(db, world.b.service, "queued-b", "+46701234568", "Kund B", now).entry_id
    db.flush()
    return a, b


def _console(world):
    return f"/companies/{world.a.company}/live"


def test_an_employee_never_sees_the_console_nor_acts_on_calls(portal, world, db):
    entry, _ = _live(db, world)
    portal.login(world.a.user_email)
    base = _console(world)
    for url in (f"{base}/", f"{base}/panel", f"{base}/events", f"{base}/wallboards"):
        assert portal.get(url).status_code == 403, url
    for url in (f"{base}/calls/call-a/hang-up", f"{base}/calls/call-a/transfer",
                f"{base}/callers/{entry}/take", f"{base}/wallboards"):
        assert portal.post(url, {"confirmed": "yes", "destination": "1000",
                                 "name": "x", "queue": str(world.a.service)}).status_code == 403
    assert db.scalars(select(CallCommand)).all() == []
    assert db.get(QueueEntry, entry).state is EntryState.WAITING


def test_the_console_shows_calls_callers_and_agents_with_their_actions(portal, world, db):
    entry, other_entry = _live(db, world)
    portal.login(world.a.admin_email)
    page = portal.get(f"{_console(world)}/").text
    assert "Operator console" in page and 'data-events="/companies/' in page
    assert 'data-call="call-a"' in page and 'data-call="call-b"' not in page
    assert f'data-entry="{entry}"' in page and f'data-entry="{other_entry}"' not in page
    assert "Take at my phone" in page and "Hang up" in page and "Alpha Admin" in page
    # Each watcher's own form token is in the shared panel, never the placeholder.
    assert "CSRF-SLOT" not in page and f'value="{portal.token()}"' in page


def test_the_console_is_pushed_as_server_sent_events_with_the_watchers_token(portal, world, db):
    _live(db, world)
    portal.login(world.a.admin_email)
    response = portal.get(f"{_console(world)}/events", buffered=False)
    assert response.mimetype == "text/event-stream"
    first = next(iter(response.response))
    response.close()
    text = first.decode() if isinstance(first, bytes) else first
    assert text.startswith("retry:") and "data: " in text and 'data-call="call-a"' in text
    assert "CSRF-SLOT" not in text and portal.token() in text


def test_hang_up_asks_first_then_queues_a_command_with_its_audit_entry(portal, world, db):
    _live(db, world)
    portal.login(world.a.admin_email)
    url = f"{_console(world)}/calls/call-a/hang-up"
    asked = portal.post(url)
    assert asked.status_code == 200 and "Hang up this call?" in asked.text
    assert db.scalars(select(CallCommand)).all() == []
    done = portal.post(url, {"confirmed": "yes"}, follow_redirects=True)
    assert "The call is being hung up." in flashes(done.text)
    command = db.scalars(select(CallCommand)).one()
    assert (command.action, command.args, command.company_id) == (
        CommandAction.HANG_UP, {"call_id": "call-a"}, world.a.company)
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "hang_up",
                                              AuditEntry.object_id == "call-a")) is not None


def test_another_companys_call_or_caller_is_not_found(portal, world, db):
    _, other_entry = _live(db, world)
    portal.login(world.a.admin_email)
    base = _console(world)
    assert portal.post(f"{base}/calls/call-b/hang-up", {"confirmed": "yes"}).status_code == 404
    assert portal.post(f"{base}/calls/call-b/transfer", {"destination": "1000"}).status_code == 404
    assert portal.post(f"{base}/callers/{other_entry}/take").status_code == 404
    assert db.scalars(select(CallCommand)).all() == []
    assert db.get(QueueEntry, other_entry).state is EntryState.WAITING


def test_a_transfer_to_a_bad_destination_is_refused_and_a_good_one_queued(portal, world, db):
    _live(db, world)
    portal.login(world.a.admin_email)
    url = f"{_console(world)}/calls/call-a/transfer"
    refused = portal.post(url, {"destination": "1000,evil"},
                          headers={"Referer": f"http://localhost{_console(world)}/"})
    assert refused.status_code == 422
    assert "The destination must be an extension or a phone number." in refused.text
    assert 'value="1000,evil"' in refused.text  # the console again, with what was typed
    assert db.scalars(select(CallCommand)).all() == []
    portal.post(url, {"destination": "070-123 45 67"})
    command = db.scalars(select(CallCommand)).one()
    assert command.action is CommandAction.BLIND_TRANSFER
    assert command.args == {"call_id": "call-a", "destination": "0701234567"}


def test_taking_a_waiting_caller_offers_them_to_my_phone_alone(portal, world, db):
    entry, _ = _live(db, world)
    admin = db.get(User, world.a.admin)
    portal.login(world.a.admin_email)
    url = f"{_console(world)}/callers/{entry}/take"
    refused = portal.post(url, follow_redirects=True)  # the admin has no phone yet
    assert "You have no phone in this company to take the caller on." in refused.text
    assert db.get(QueueEntry, entry).state is EntryState.WAITING
    add_sip_device(db, SYSTEM, db.get(Company, world.a.company), admin, DeviceKind.DESK)
    db.flush()
    taken = portal.post(url, follow_redirects=True)
    assert "Your phone rings for the caller now." in flashes(taken.text)
    db.expire_all()
    assert db.get(QueueEntry, entry).state is EntryState.OFFERED
    offer = db.scalars(select(QueueOffer).where(QueueOffer.entry_id == entry)).one()
    assert (offer.user_id, offer.result) == (admin.id, OfferResult.RINGING)
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "take_caller")) is not None
    again = portal.post(url, follow_redirects=True)  # a phone rings for them already
    assert "This caller is no longer waiting" in again.text
    assert len(db.scalars(select(QueueOffer).where(QueueOffer.entry_id == entry)).all()) == 1


def _new_link(portal, world, name="Support room"):
    page = portal.post(f"{_console(world)}/wallboards",
                       {"name": name, "queue": str(world.a.service)}).text
    return re.search(r'href="http://localhost(/wallboard/[^"]+)"', page).group(1)


def test_a_wallboard_link_opens_without_a_log_in_until_revoked(app, portal, world, db):
    _live(db, world)
    portal.login(world.a.admin_email)
    path = _new_link(portal, world)
    token = path.rsplit("/", 1)[1]
    link = db.scalars(select(WallboardLink)).one()
    assert link.token_hash != token and token not in link.token_hash  # only its hash is kept
    assert token not in portal.get(f"{_console(world)}/wallboards").text  # shown once

    screen = app.test_client()  # nobody logged in
    board = screen.get(path)
    assert board.status_code == 200 and "Support room" in board.text
    assert re.search(r'data-figure="waiting">1<', board.text)
    assert board.headers["Referrer-Policy"] == "no-referrer"
    assert screen.get(path + "x").status_code == 404
    assert screen.get("/wallboard/" + link.token_hash).status_code == 404

    revoke = f"{_console(world)}/wallboards/{link.id}/revoke"
    assert "Revoke this wallboard link?" in portal.post(revoke).text  # asks first
    assert screen.get(path).status_code == 200
    portal.post(revoke, {"confirmed": "yes"})
    assert screen.get(path).status_code == 410
    assert screen.get(path + "/events").status_code == 410


def test_wallboard_links_stay_in_their_company(portal, world, db):
    portal.login(world.a.admin_email)
    _new_link(portal, world)
    link = db.scalars(select(WallboardLink)).one()
    # Another company's queue cannot be put on a board; another company cannot revoke it.
    refused = portal.post(f"{_console(world)}/wallboards",
                          {"name": "Sneaky", "queue": str(world.b.service)})
    assert refused.status_code == 404 and len(db.scalars(select(WallboardLink)).all()) == 1
    portal.post("/logout")
    portal.login(world.b.admin_email)
    gone = portal.post(f"/companies/{world.b.company}/live/wallboards/{link.id}/revoke",
                       {"confirmed": "yes"})
    assert gone.status_code == 404 and db.get(WallboardLink, link.id).revoked_at is None


def test_the_console_and_wallboards_are_in_swedish_too(portal, world, db):
    _live(db, world)
    portal.login(world.a.admin_email)
    portal.post("/language", {"language": "sv"})
    page = portal.get(f"{_console(world)}/").text
    assert "Växelpanel" in page and "Ta i min telefon" in page and "Lägg på" in page
    assert "Väggtavlelänkar" in portal.get(f"{_console(world)}/wallboards").text
