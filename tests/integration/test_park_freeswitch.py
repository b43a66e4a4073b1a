"""Park and attended transfer from the console's domain calls (vaxel.callcontrol.console) on
the real FreeSWITCH: sipp phones register and talk; each test checks the SIP messages the
phones receive, what the switch runs on the parked channel, and the parked_call rows the
console reads."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import delete, select

from vaxel.actor import Actor
from vaxel.callcontrol import console
from vaxel.callcontrol.models import CallCommand, CommandStatus, ParkedCall, ParkLot
from vaxel.models import User

from .cmd_phones import answering_phone, calling_phone
from .journey_tools import esl_api
from . import call_commands_setup as commands
from .call_commands_setup import live_call_to
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
THIRD = commands.THIRD
# The call commands' journey fixtures: the demo company with a third phone, the controller.
receiver, session_factory, company = commands.receiver, commands.session_factory, commands.company
controller, phones = commands.controller, commands.phones


def act(session_factory, company, extension: str, do):
    """A domain call as the user with `extension` (their console), committed."""
    with session_factory.begin() as session:
        user = session.scalar(select(User).where(User.company_id == company.id,
                                                 User.extension == extension))
        return do(session, Actor.of_user(user)).id


def command_done(session_factory, command_id: int, timeout: float = 40.0) -> dict:
    def finished():
        with session_factory() as session:
            row = session.get(CallCommand, command_id)
            return row if row.status in (CommandStatus.DONE, CommandStatus.FAILED) else None
    row = wait_until(finished, timeout, f"command {command_id} unfinished")
    assert row.status is CommandStatus.DONE, row.result
    return row.result


def parked(session_factory, company) -> list[tuple[int, str, str]]:
    with session_factory() as session:
        return [(p.slot, p.call_uuid, p.parked_by) for p in session.scalars(
            select(ParkedCall).where(ParkedCall.company_id == company.id))]


@pytest.fixture
def lot(session_factory, company):
    """The company's lot: slots 70–79, rung back after 10 s (the shortest allowed)."""
    with session_factory.begin() as session:
        session.merge(ParkLot(company_id=company.id, first_slot=70, slot_count=10,
                              timeout_seconds=10))
    yield
    with session_factory.begin() as session:
        session.execute(delete(ParkLot).where(ParkLot.company_id == company.id))


def joined(freeswitch, fs_secrets, uuid: str) -> None:
    bridged = esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_getvar {uuid} bridge_uuid")
    assert bridged.strip() and not bridged.startswith("-ERR"), bridged


def ended_from_the_switch(freeswitch, fs_secrets, uuid: str, alex, daria, dennis) -> None:
    """The call is killed on the switch: Alex and Dennis, still on it, get their BYE, and
    every phone's script ran to its end."""
    esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_kill {uuid}")
    alex.wait_for("BYE")
    dennis.wait_for("BYE")
    for phone in (alex, daria, dennis):
        assert phone.finished() == 0, phone.explain()


def alex_calls_daria(sipp_dir, company, phones, session_factory, daria_calls: int = 1):
    daria = answering_phone(sipp_dir, "1001", company.passwords["1001"], calls=daria_calls)
    phones.append(daria)
    alex = calling_phone(sipp_dir, "1000", company.passwords["1000"], "1001")
    phones.append(alex)
    daria.wait_for("ACK")
    return alex, daria, live_call_to(session_factory, company, "1001")


def test_a_parked_call_hears_music_and_is_picked_up_by_dialling_its_slot(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, phones):
    """The company has no park lot of its own: slots 70–79, rung back after 120 s."""
    alex, daria, call_id = alex_calls_daria(sipp_dir, company, phones, session_factory)

    # Daria parks Alex from her console: her phone leaves the call, Alex stays.
    command = act(session_factory, company, "1001",
                  lambda s, actor: console.park_call(s, actor, call_id))
    assert command_done(session_factory, command)["slot"] == 70
    daria.wait_for("BYE")
    [(slot, uuid, by)] = wait_until(lambda: parked(session_factory, company), 10, "no parked row")
    assert (slot, uuid, by) == (70, call_id, "1001")
    assert not alex.received("BYE"), alex.explain()
    # What the switch plays Alex: the music on hold, endlessly.
    app = esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_getvar {uuid} current_application")
    data = esl_api(freeswitch.esl_port, fs_secrets.esl,
                   f"uuid_getvar {uuid} current_application_data")
    assert (app.strip(), data.strip()) == ("endless_playback", "local_stream://moh")

    # Dennis dials 70 on his phone: he talks with Alex, and the slot is free again.
    dennis = calling_phone(sipp_dir, THIRD, company.passwords[THIRD], "70")
    phones.append(dennis)
    wait_until(lambda: not parked(session_factory, company), 10, "the slot is still taken")
    joined(freeswitch, fs_secrets, uuid)
    assert not alex.received("BYE") and not dennis.received("BYE")

    ended_from_the_switch(freeswitch, fs_secrets, uuid, alex, daria, dennis)


def test_a_parked_call_nobody_takes_rings_back_whoever_parked_it_and_the_console_picks_up(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, phones, lot):
    alex, daria, call_id = alex_calls_daria(sipp_dir, company, phones, session_factory,
                                            daria_calls=2)
    command = act(session_factory, company, "1001",
                  lambda s, actor: console.park_call(s, actor, call_id, 73))
    command_done(session_factory, command)
    daria.wait_for("BYE")
    wait_until(lambda: parked(session_factory, company), 10, "no parked row")

    # Nobody picks up: after the lot's 10 s Daria's phone rings again, Alex calling.
    started = time.monotonic()
    invite = daria.wait_for("INVITE", count=2, timeout=30)[1]
    assert time.monotonic() - started >= 5  # not at once: after the timeout
    assert "1000" in invite.headers["from"], invite
    daria.wait_for("ACK", count=2)
    wait_until(lambda: not parked(session_factory, company), 10, "the slot is still taken")
    assert not alex.received("BYE"), alex.explain()

    # Parked again (by Daria, from her ringing-back call) and taken by Dennis's console.
    call_id = live_call_to(session_factory, company, "1001")
    dennis = answering_phone(sipp_dir, THIRD, company.passwords[THIRD])
    phones.append(dennis)
    command_done(session_factory, act(session_factory, company, "1001",
                                      lambda s, actor: console.park_call(s, actor, call_id, 75)))
    wait_until(lambda: parked(session_factory, company), 10, "no parked row")
    command_done(session_factory, act(session_factory, company, THIRD,
                                      lambda s, actor: console.pick_up_parked(s, actor, 75)))
    dennis.wait_for("ACK")
    wait_until(lambda: not parked(session_factory, company), 10, "the slot is still taken")
    assert not alex.received("BYE"), alex.explain()

    esl_api(freeswitch.esl_port, fs_secrets.esl, f"hupall NORMAL_CLEARING vaxel_company_id "
                                                 f"{company.id}")
    alex.wait_for("BYE")
    dennis.wait_for("BYE")
    for phone in (alex, daria, dennis):
        assert phone.finished() == 0, phone.explain()


def consulting(freeswitch, fs_secrets, sipp_dir, company, phones, session_factory):
    """Alex calls Daria; from her console Daria holds him and consults Dennis, who answers.
    Returns (alex, daria, dennis, the call's id, the consultation's id)."""
    dennis = answering_phone(sipp_dir, THIRD, company.passwords[THIRD])
    phones.append(dennis)
    alex, daria, call_id = alex_calls_daria(sipp_dir, company, phones, session_factory,
                                            daria_calls=2)
    result = command_done(session_factory, act(
        session_factory, company, "1001",
        lambda s, actor: console.start_consultation(s, actor, call_id, THIRD)))
    # Her phone is told the call is on hold (a re-INVITE), then rings for the consultation.
    daria.wait_for("INVITE", count=3)
    dennis.wait_for("ACK")
    assert esl_api(freeswitch.esl_port, fs_secrets.esl,
                   f"uuid_getvar {call_id} current_application").strip() == "bridge"
    wait_until(lambda: live_call_to(session_factory, company, THIRD), 10, "no consultation row")
    return alex, daria, dennis, call_id, result["consult_call_id"]


def partner_of(freeswitch, fs_secrets, uuid: str) -> str:
    return esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_getvar {uuid} bridge_uuid").strip()


def test_an_attended_transfer_completed_joins_the_caller_with_the_consulted_colleague(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, phones):
    alex, daria, dennis, call_id, consult = consulting(freeswitch, fs_secrets, sipp_dir,
                                                       company, phones, session_factory)
    dennis_leg = partner_of(freeswitch, fs_secrets, consult)

    command_done(session_factory, act(
        session_factory, company, "1001",
        lambda s, actor: console.complete_transfer(s, actor, call_id, consult)))
    daria.wait_for("BYE", count=2)  # Daria leaves both calls…
    # …Alex talks with Dennis: each leg names the other once the bridge is set up (hanging
    # up before that raced the switch's own bridging: Dennis's leg was left up).
    wait_until(lambda: partner_of(freeswitch, fs_secrets, call_id) == dennis_leg
               and partner_of(freeswitch, fs_secrets, dennis_leg) == call_id, 10,
               "Alex is not joined with Dennis")
    time.sleep(0.5)  # as the API's attended transfer test: the bridge settles first
    assert not alex.received("BYE") and not dennis.received("BYE")

    ended_from_the_switch(freeswitch, fs_secrets, call_id, alex, daria, dennis)


def test_an_attended_transfer_cancelled_gives_the_caller_back(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, phones):
    alex, daria, dennis, call_id, consult = consulting(freeswitch, fs_secrets, sipp_dir,
                                                       company, phones, session_factory)
    daria_leg = partner_of(freeswitch, fs_secrets, call_id)

    command_done(session_factory, act(
        session_factory, company, "1001",
        lambda s, actor: console.cancel_consultation(s, actor, call_id, consult)))
    dennis.wait_for("BYE")        # the consultation ends…
    daria.wait_for("BYE")
    daria.wait_for("INVITE", count=4)  # …and Daria's phone is taken off hold (a re-INVITE)
    assert partner_of(freeswitch, fs_secrets, call_id) == daria_leg
    assert not alex.received("BYE"), alex.explain()

    esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_kill {call_id}")
    alex.wait_for("BYE")
    daria.wait_for("BYE", count=2)
    for phone in (alex, daria, dennis):
        assert phone.finished() == 0, phone.explain()


# -- the operator console's Park and Pick up buttons (issue 17), through the portal --------

CONSOLE_EMAIL, CONSOLE_PASSWORD = "dennis@park.test", "Slot-seventy-Wait-9x"


@pytest.fixture
def console_portal(fs_database_url, company, session_factory):
    """Dennis (THIRD) at the operator console: made an admin with a portal log-in for the
    test, put back afterwards. A Flask test client on the switch's database."""
    from vaxel.accounts.models import Account
    from vaxel.accounts.services import create_user_account
    from vaxel.config import Settings
    from vaxel.db import make_engine, make_session_factory
    from vaxel.people.models import Role
    from webadmin import create_app

    with session_factory.begin() as session:
        dennis = session.get(User, company.users[THIRD])
        was = dennis.role
        dennis.role = Role.ADMIN
        create_user_account(session, dennis, CONSOLE_EMAIL, CONSOLE_PASSWORD)
    engine = make_engine(fs_database_url)
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "console-park-secret-0123456789",
                                        "DATABASE_URL": fs_database_url}),
                     make_session_factory(engine), {"TESTING": True,
                                                    "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_csrf"] = "park-test-token"
    assert client.post("/login", data={"email": CONSOLE_EMAIL, "password": CONSOLE_PASSWORD,
                                       "csrf_token": "park-test-token"}).status_code == 303
    yield client
    for hub in app.extensions.get("vaxel_push_hubs", {}).values():
        hub.stop()
    engine.dispose()
    with session_factory.begin() as session:
        session.execute(delete(Account).where(Account.email == CONSOLE_EMAIL))
        session.get(User, company.users[THIRD]).role = was


def _press(client, url: str) -> str:
    """A console button: its POST (answered 303, back to the console), the console shown.
    The form token is the session's (logging in began a new session)."""
    with client.session_transaction() as flask_session:
        token = flask_session.setdefault("_csrf", "park-test-token")
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 303, response.text[:500]
    return client.get(response.location).text


def test_the_operator_parks_a_colleagues_call_from_the_console_and_picks_it_up(
        freeswitch, fs_secrets, xmlcurl_service, company, controller, session_factory,
        sipp_dir, phones, console_portal):
    """Alex calls Daria; the operator (Dennis) presses Park on the call's row: Daria's phone
    leaves, Alex hears the music, the console shows the slot and who it rings back; then
    Pick up at my phone rings Dennis's phone, which takes Alex."""
    console = f"/companies/{company.id}/live/"
    dennis = answering_phone(sipp_dir, THIRD, company.passwords[THIRD])
    phones.append(dennis)
    alex, daria, call_id = alex_calls_daria(sipp_dir, company, phones, session_factory)
    assert f'action="{console}calls/{call_id}/park"' in console_portal.get(console).text

    page = _press(console_portal, f"{console}calls/{call_id}/park")
    assert "The call is being parked on slot 70." in page
    daria.wait_for("BYE")  # the colleague's phone leaves the call, the caller stays
    wait_until(lambda: parked(session_factory, company), 10, "no parked row")
    assert parked(session_factory, company) == [(70, call_id, THIRD)]  # rings the operator
    assert not alex.received("BYE"), alex.explain()
    app = esl_api(freeswitch.esl_port, fs_secrets.esl, f"uuid_getvar {call_id} current_application")
    assert app.strip() == "endless_playback"  # the music on hold
    page = console_portal.get(console).text
    assert "Parked on 70" in page and f"rings {THIRD} back" in page
    assert f'action="{console}parked/70/pick-up"' in page

    page = _press(console_portal, f"{console}parked/70/pick-up")
    assert "Your phone rings: answer it to take the call parked on 70." in page
    dennis.wait_for("ACK")  # the operator's phone answered the pick-up
    wait_until(lambda: not parked(session_factory, company), 15, "the slot is still taken")
    joined(freeswitch, fs_secrets, call_id)
    page = console_portal.get(console).text
    assert "Parked on 70" not in page and 'data-slot="70"' not in page
    assert not alex.received("BYE") and not dennis.received("BYE")

    ended_from_the_switch(freeswitch, fs_secrets, call_id, alex, daria, dennis)
