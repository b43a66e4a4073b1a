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
from vaxel.callcontrol.models import (
    CallCommand, CommandAction, CommandStatus, LiveCallRow, ParkedCall,
)
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


# -- park, attended transfer, listen in (issue 17: the console's call actions) -------------

CALL_A = "c0ffee00-0000-0000-0000-00000000000a"
CALL_B = "c0ffee00-0000-0000-0000-00000000000b"
CONSULT_A = "c0ffee00-0000-0000-0000-0000000000ca"


def _answered(db, world):
    """A customer talking with each company's employee (call ids are uuids)."""
    for tenant, uuid in ((world.a, CALL_A), (world.b, CALL_B)):
        db.add(LiveCallRow(call_uuid=uuid, company_id=tenant.company, caller_number="+4687778899",
                           destination="1001", state="ACTIVE", user_id=tenant.user))
    db.flush()


def _row(page: str, call_id: str) -> str:
    return re.search(rf'<li class="live-call[^"]*" data-call="{call_id}">(.*?)</li>', page,
                     re.S).group(1)


def test_an_answered_call_offers_park_consult_and_listening_in_a_ringing_one_does_not(
        portal, world, db):
    _answered(db, world)
    db.add(LiveCallRow(call_uuid=CONSULT_A, company_id=world.a.company, state="RINGING",
                       caller_number="+46701111111", destination="1001"))
    db.flush()
    portal.login(world.a.admin_email)
    page = portal.get(f"{_console(world)}/").text
    talking = _row(page, CALL_A)
    for action in ("park", "consult", "supervise/listen", "supervise/whisper",
                   "supervise/barge", "transfer", "hang-up"):
        assert f'live/calls/{CALL_A}/{action}"' in talking, action
    ringing = _row(page, CONSULT_A)  # nobody on it yet: nothing to park, hold or listen to
    assert "/park" not in ringing and "/consult" not in ringing and "supervise" not in ringing
    assert "/transfer" in ringing and "/hang-up" in ringing


def test_employees_may_not_park_consult_or_listen_in(portal, world, db):
    _answered(db, world)
    portal.login(world.a.user_email)
    base = f"{_console(world)}/calls/{CALL_A}"
    for url in (f"{base}/park", f"{base}/consult", f"{base}/consult/{CALL_A}/complete",
                f"{base}/consult/{CALL_A}/cancel", f"{base}/supervise/listen",
                f"{base}/supervise/barge", f"{_console(world)}/parked/70/pick-up"):
        assert portal.post(url, {"destination": "1000", "confirmed": "yes"}).status_code == 403
    assert db.scalars(select(CallCommand)).all() == []
    assert db.scalars(select(AuditEntry).where(AuditEntry.action.like("call.%"))).all() == []


def test_parking_names_the_slot_and_a_parked_call_shows_it_with_pick_up(portal, world, db):
    _answered(db, world)
    admin = db.get(User, world.a.admin)
    portal.login(world.a.admin_email)
    done = portal.post(f"{_console(world)}/calls/{CALL_A}/park", follow_redirects=True)
    assert "The call is being parked on slot 70." in flashes(done.text)
    command = db.scalars(select(CallCommand)).one()
    assert command.action is CommandAction.PARK
    assert command.args == {"call_id": CALL_A, "slot": 70, "side_user_id": world.a.user,
                            "parker_user_id": admin.id}
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "call.park")) is not None
    assert portal.post(f"{_console(world)}/calls/{CALL_B}/park").status_code == 404

    # The controller saw it parked: the row says where, and offers it to my phone.
    db.add(ParkedCall(call_uuid=CALL_A, company_id=world.a.company, slot=70,
                      caller_number="+4687778899", parked_by=admin.extension or ""))
    db.flush()
    page = portal.get(f"{_console(world)}/").text
    row = _row(page, CALL_A)
    assert "Parked on 70" in row and "/parked/70/pick-up" in row and "/park\"" not in row
    assert 'data-slot="70"' in page  # and the parked list
    refused = portal.post(f"{_console(world)}/parked/70/pick-up", follow_redirects=True)
    assert "You have no phone in this company to ring." in refused.text  # none yet
    assert len(db.scalars(select(CallCommand)).all()) == 1
    add_sip_device(db, SYSTEM, db.get(Company, world.a.company), admin, DeviceKind.DESK)
    db.flush()
    picked = portal.post(f"{_console(world)}/parked/70/pick-up", follow_redirects=True)
    assert "Your phone rings: answer it to take the call parked on 70." in flashes(picked.text)
    ring = db.scalars(select(CallCommand).where(
        CallCommand.action == CommandAction.CLICK_TO_CALL)).one()
    assert ring.args == {"user_id": admin.id, "destination": "70"}
    assert portal.post(f"{_console(world)}/parked/71/pick-up").status_code == 404


def test_an_attended_transfer_is_consulted_then_put_through_or_taken_back(portal, world, db):
    _answered(db, world)
    portal.login(world.a.admin_email)
    base = f"{_console(world)}/calls/{CALL_A}"
    refused = portal.post(f"{base}/consult", {"destination": "1002;evil"},
                          headers={"Referer": f"http://localhost{_console(world)}/"})
    assert refused.status_code == 422 and 'value="1002;evil"' in refused.text
    assert db.scalars(select(CallCommand)).all() == []

    done = portal.post(f"{base}/consult", {"destination": "1002"}, follow_redirects=True)
    assert "The caller is on hold; 1002 is being called." in flashes(done.text)
    consult = db.scalars(select(CallCommand)).one()
    assert (consult.action, consult.args["destination"], consult.args["side_user_id"]) == (
        CommandAction.CONSULT, "1002", world.a.user)
    assert "Calling 1002…" in _row(portal.get(f"{_console(world)}/").text, CALL_A)

    # The controller rang the phone for the consultation: it is a call of its own.
    consult.status, consult.result = CommandStatus.DONE, {"call_id": CALL_A,
                                                          "consult_call_id": CONSULT_A}
    db.add(LiveCallRow(call_uuid=CONSULT_A, company_id=world.a.company, state="ACTIVE",
                       caller_number="1001", destination="1002", user_id=world.a.user))
    db.flush()
    page = portal.get(f"{_console(world)}/").text
    row = _row(page, CALL_A)
    assert "Consulting 1002" in row and "/park" not in row
    assert f"/consult/{CONSULT_A}/complete" in row and f"/consult/{CONSULT_A}/cancel" in row
    consultation = _row(page, CONSULT_A)  # its own row: no park or consult of its own
    assert "Consultation: put through" in consultation and "/park" not in consultation
    assert "/consult\"" not in consultation and "/hang-up" in consultation

    cancel = f"{base}/consult/{CONSULT_A}/cancel"
    asked = portal.post(cancel)  # it hangs up the consultation: asked first
    assert "End the consultation and take the caller back?" in asked.text
    assert len(db.scalars(select(CallCommand)).all()) == 1
    portal.post(cancel, {"confirmed": "yes"})
    row = _row(portal.get(f"{_console(world)}/").text, CALL_A)
    assert "Consulting" not in row and "/consult\"" in row  # the call is back as it was

    put = portal.post(f"{base}/consult/{CONSULT_A}/complete", follow_redirects=True)
    assert "The caller is being put through." in flashes(put.text)
    actions = [c.action for c in db.scalars(select(CallCommand).order_by(CallCommand.id))]
    assert actions == [CommandAction.CONSULT, CommandAction.CANCEL_CONSULT,
                       CommandAction.ATTENDED_TRANSFER]
    assert portal.post(f"{_console(world)}/calls/{CALL_B}/consult",
                       {"destination": "1002"}).status_code == 404


def test_a_failed_consultation_leaves_the_call_as_it_was(portal, world, db):
    _answered(db, world)
    portal.login(world.a.admin_email)
    portal.post(f"{_console(world)}/calls/{CALL_A}/consult", {"destination": "1002"})
    consult = db.scalars(select(CallCommand)).one()
    consult.status, consult.result = CommandStatus.FAILED, {"error": "no answer"}
    db.flush()
    row = _row(portal.get(f"{_console(world)}/").text, CALL_A)
    assert "Calling" not in row and "Consulting" not in row and "/consult\"" in row


def test_an_admin_listens_whispers_or_barges_audited_never_on_another_company(
        portal, world, db):
    _answered(db, world)
    admin = db.get(User, world.a.admin)
    portal.login(world.a.admin_email)
    base = f"{_console(world)}/calls/{CALL_A}/supervise"
    refused = portal.post(f"{base}/listen", follow_redirects=True)
    assert "You have no phone in this company to ring." in refused.text
    assert db.scalars(select(CallCommand)).all() == []
    add_sip_device(db, SYSTEM, db.get(Company, world.a.company), admin, DeviceKind.DESK)
    db.flush()
    for mode, said in (("listen", "listen in"), ("whisper", "whisper to the agent"),
                       ("barge", "join the call")):
        done = portal.post(f"{base}/{mode}", follow_redirects=True)
        assert f"Your phone rings: answer it to {said}." in flashes(done.text)
    commands = db.scalars(select(CallCommand).order_by(CallCommand.id)).all()
    assert [(c.action, c.args["mode"], c.args["user_id"], c.args["side_user_id"])
            for c in commands] == [(CommandAction.SUPERVISE, m, admin.id, world.a.user)
                                   for m in ("listen", "whisper", "barge")]
    assert len(db.scalars(select(AuditEntry).where(
        AuditEntry.action == "call.supervise")).all()) == 3
    assert portal.post(f"{base}/shout").status_code == 404  # no such mode, no such route
    assert portal.post(f"{_console(world)}/calls/{CALL_B}/supervise/listen").status_code == 404
    assert len(db.scalars(select(CallCommand)).all()) == 3


def test_take_is_offered_only_for_callers_waiting_on_the_line(portal, world, db):
    now = utcnow()
    waiting = join(db, world.a.service, "q-waiting", "+46701000001", "", now).entry_id
    callback = join(db, world.a.service, "q-callback", "+46701000002", "", now).entry_id
    ringing = join(db, world.a.service, "q-ringing", "+46701000003", "", now).entry_id
    db.get(QueueEntry, callback).callback = True
    db.get(QueueEntry, ringing).state = EntryState.OFFERED
    db.flush()
    portal.login(world.a.admin_email)
    page = portal.get(f"{_console(world)}/").text
    takes = set(re.findall(r'/callers/(\d+)/take"', page))
    assert takes == {str(waiting)}
    assert f'data-entry="{callback}"' in page and "waits for a call back" in page
    assert f'data-entry="{ringing}"' in page and "ringing an agent" in page
    # A forged take of the others is refused by the domain too.
    for entry, why in ((callback, "waits for a call back; the call back goes to the queue"),
                       (ringing, "This caller is no longer waiting")):
        refused = portal.post(f"{_console(world)}/callers/{entry}/take", follow_redirects=True)
        assert why in refused.text, entry
    assert db.scalars(select(QueueOffer)).all() == []


def test_the_call_actions_are_in_swedish_too(portal, world, db):
    _answered(db, world)
    portal.login(world.a.admin_email)
    portal.post("/language", {"language": "sv"})
    row = _row(portal.get(f"{_console(world)}/").text, CALL_A)
    for text in ("Parkera", "Fråga först", "Lyssna", "Viska", "Bryt in"):
        assert text in row, text
    done = portal.post(f"{_console(world)}/calls/{CALL_A}/park", follow_redirects=True)
    assert "Samtalet parkeras på plats 70." in flashes(done.text)
