"""The console's call actions carried out by the controller against the FreeSWITCH double:
the commands the switch is sent, in order, and the parked calls kept from its events
(fs_control.features.call_commands, fs_control.features.parking). The real switch's
behaviour is tests/integration/test_park_freeswitch.py's and test_supervise_freeswitch.py's."""
from __future__ import annotations

import datetime as dt

import gevent
import pytest
from sqlalchemy import select, update

from fs_control.features import Features
from fs_control.features.call_commands.plugin import register as add_call_commands
from fs_control.features.parking.plugin import register as add_parking
from tests.actors import person
from tests.fsdouble.controller import running_controller, running_double
from vaxel.callcontrol import console
from vaxel.callcontrol.models import CallCommand, CommandStatus, ParkedCall, ParkLot
from vaxel.callcontrol.services import upsert_live_call
from vaxel.demo import load_demo
from vaxel.models import User
from vaxel.tenancy.models import Company

DOMAIN = "console.example"


def wait_for(condition, seconds=5.0):
    with gevent.Timeout(seconds, AssertionError("condition not met in %ss" % seconds)):
        while not (found := condition()):
            gevent.sleep(0.05)
    return found


@pytest.fixture
def acme(committed_db):
    with committed_db.begin() as session:
        load_demo(session, DOMAIN)
        company_id = session.scalar(select(Company.id).where(Company.sip_domain == DOMAIN))
        users = dict(session.execute(select(User.extension, User.id)
                                     .where(User.company_id == company_id)).all())
    return company_id, users


@pytest.fixture
def switch(committed_db, tmp_path, acme):
    """(the double, the controller) with call commands and park slots."""
    with running_double() as double:
        def features(deps):
            built = Features()
            add_call_commands(built, deps)
            add_parking(built, deps)
            return built
        with running_controller(double, committed_db, tmp_path, features=features) as ctl:
            yield double, ctl


def connected(double, committed_db, company_id, user_id, caller="+46701234567"):
    """A caller's channel bridged to the user's phone (its B-leg names the user), and the
    call's live row; returns (caller's uuid, phone's uuid)."""
    caller_uuid = double.run_api("originate {vaxel_company_id=%s}sofia/external/%s &park()"
                                 % (company_id, caller)).split()[1]
    phone_uuid = double.run_api("originate {vaxel_user_id=%s}user/1001@%s &park()"
                                % (user_id, DOMAIN)).split()[1]
    double.run_api(f"uuid_bridge {caller_uuid} {phone_uuid}")
    with committed_db.begin() as session:
        upsert_live_call(session, caller_uuid, company_id, user_id=user_id, state="ACTIVE",
                         caller_number=caller)
    return caller_uuid, phone_uuid


def act(committed_db, do) -> dict:
    with committed_db.begin() as session:
        command_id = do(session).id

    def finished():
        with committed_db() as session:
            row = session.get(CallCommand, command_id)
            return row if row.status in (CommandStatus.DONE, CommandStatus.FAILED) else None
    row = wait_for(finished)
    assert row.status is CommandStatus.DONE, row.result
    return row.result


def sent(double, *names: str) -> list[str]:
    return [c for c in double.command_log if c.split(" ", 2)[1:2] and
            c.split(" ", 2)[1] in names]


def test_park_sets_who_rings_back_and_the_company_then_sends_the_caller_to_the_slot(
        switch, committed_db, acme):
    double, _ctl = switch
    company_id, users = acme
    caller, _phone = connected(double, committed_db, company_id, users["1001"])
    result = act(committed_db, lambda s: console.park_call(
        s, person(company_id, users["1001"]), caller))
    assert result["slot"] == 70 and result["parked_uuid"] == caller
    assert double.calls[caller].variables["vaxel_parked_by"] == "1001"
    assert double.calls[caller].variables["domain_name"] == DOMAIN
    assert double.transfers == [(caller, "70", "XML", "default", "")]


def test_an_operator_parking_a_colleagues_call_parks_the_caller_and_is_rung_back(
        switch, committed_db, acme):
    """The console's operator (an admin not on the call): the colleague's caller goes to
    the slot, the colleague's phone leaves, and the ring-back is the operator's."""
    double, _ctl = switch
    company_id, users = acme
    caller, phone = connected(double, committed_db, company_id, users["1001"])
    operator = person(company_id, users["1000"], is_admin=True)
    result = act(committed_db, lambda s: console.park_call(s, operator, caller))
    assert result["parked_uuid"] == caller and phone != caller
    assert double.calls[caller].variables["vaxel_parked_by"] == "1000"
    assert double.transfers == [(caller, "70", "XML", "default", "")]


def test_consult_holds_the_users_phone_then_rings_it_and_cancel_takes_it_back(
        switch, committed_db, acme):
    double, _ctl = switch
    company_id, users = acme
    caller, phone = connected(double, committed_db, company_id, users["1001"])
    daria = person(company_id, users["1001"])
    result = act(committed_db, lambda s: console.start_consultation(s, daria, caller, "1002"))
    assert double.calls[phone].held and not double.calls[caller].held
    consult = result["consult_call_id"]
    assert consult in double.calls  # the click-to-call from her phone to 1002
    with committed_db.begin() as session:
        upsert_live_call(session, consult, company_id, user_id=users["1001"], state="ACTIVE",
                         caller_number="1001", destination="1002")
    act(committed_db, lambda s: console.cancel_consultation(s, daria, caller, consult))
    assert consult not in double.calls and not double.calls[phone].held
    # The hang-up came before the phone was taken off hold: never both calls live at once.
    order = [c.split(" ", 1)[1] for c in sent(double, "uuid_kill", "uuid_hold")
             if consult in c or phone in c]
    assert order[-2:] == [f"uuid_kill {consult} NORMAL_CLEARING", f"uuid_hold off {phone}"]


def test_a_failed_first_step_fails_the_command_and_goes_no_further(switch, committed_db, acme):
    double, _ctl = switch
    company_id, users = acme
    caller, phone = connected(double, committed_db, company_id, users["1001"])
    double.register_api("uuid_hold", lambda arg: "-ERR Operation Failed\n")
    with committed_db.begin() as session:
        command_id = console.start_consultation(
            session, person(company_id, users["1001"]), caller, "1002").id

    def finished():
        with committed_db() as session:
            row = session.get(CallCommand, command_id)
            return row if row.status is not CommandStatus.PENDING and \
                row.status is not CommandStatus.RUNNING else None
    row = wait_for(finished)
    assert row.status is CommandStatus.FAILED and "Operation Failed" in row.result["error"]
    assert not sent(double, "originate")  # her phone never rang for the consultation


def test_supervise_rings_the_supervisor_into_eavesdrop_on_the_agents_phone(
        switch, committed_db, acme):
    double, _ctl = switch
    company_id, users = acme
    caller, phone = connected(double, committed_db, company_id, users["1001"])
    admin = person(company_id, users["1000"], is_admin=True)
    act(committed_db, lambda s: console.supervise_call(s, admin, caller, "whisper"))
    [originate] = [c for c in double.command_log if "eavesdrop" in c]
    assert originate.endswith(f"&eavesdrop({phone})")
    assert "eavesdrop_whisper_aleg=true" in originate
    assert "eavesdrop_whisper_bleg=false" in originate


def parked_rows(committed_db) -> list[tuple[str, int, str]]:
    with committed_db() as session:
        return [(p.call_uuid, p.slot, p.parked_by) for p in session.scalars(select(ParkedCall))]


def test_the_park_event_lists_the_call_and_the_timeout_rings_back_whoever_parked_it(
        switch, committed_db, acme):
    double, _ctl = switch
    company_id, _users = acme
    uuid = double.run_api("originate {vaxel_company_id=%s}sofia/external/+4670 &park()"
                          % company_id).split()[1]
    with committed_db.begin() as session:
        session.add(ParkLot(company_id=company_id, first_slot=70, slot_count=10,
                            timeout_seconds=60))
    double.emit("CUSTOM", {"Event-Subclass": "vaxel::park", "Unique-ID": uuid,
                           "variable_vaxel_company_id": str(company_id),
                           "variable_vaxel_park_slot": "72", "variable_vaxel_parked_by": "1001",
                           "Caller-Caller-ID-Number": "+4670"})
    assert wait_for(lambda: parked_rows(committed_db)) == [(uuid, 72, "1001")]
    gevent.sleep(2.5)  # a ring-back round: not due yet
    assert double.transfers == []
    with committed_db.begin() as session:  # a minute later
        session.execute(update(ParkedCall).values(
            parked_at=ParkedCall.parked_at - dt.timedelta(seconds=61)))
    assert wait_for(lambda: double.transfers) == [(uuid, "1001", "XML", "default", "")]
    wait_for(lambda: not parked_rows(committed_db))


def test_a_parked_call_that_hangs_up_leaves_its_slot(switch, committed_db, acme):
    double, _ctl = switch
    company_id, _users = acme
    uuid = double.run_api("originate {vaxel_company_id=%s}sofia/external/+4670 &park()"
                          % company_id).split()[1]
    double.emit("CUSTOM", {"Event-Subclass": "vaxel::park", "Unique-ID": uuid,
                           "variable_vaxel_company_id": str(company_id),
                           "variable_vaxel_park_slot": "70"})
    wait_for(lambda: parked_rows(committed_db))
    double.run_api(f"uuid_kill {uuid}")
    wait_for(lambda: not parked_rows(committed_db))
