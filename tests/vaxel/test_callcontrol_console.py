"""The console's call actions as domain calls (vaxel.callcontrol.console): who may, in which
company, what is audited and what the controller is asked; and the park lookup's tenancy
(vaxel.routing.facts.park_slot). Real PostgreSQL, no switch."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM, person
from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.audit.models import AuditEntry
from vaxel.callcontrol import console
from vaxel.callcontrol.models import CommandAction, ParkedCall, ParkLot
from vaxel.callcontrol.services import upsert_live_call
from vaxel.errors import Forbidden, InvalidInput, NotFound
from vaxel.routing.facts import RoutingData, park_slot

CALL = "c0000000-0000-0000-0000-000000000001"
CONSULT = "c0000000-0000-0000-0000-000000000002"


@pytest.fixture
def acme(db):
    company = make_company(db)
    alex, daria, dennis = make_agents(db, company, ["1000", "1001", "1002"])
    # A caller from outside is talking with Daria.
    upsert_live_call(db, CALL, company.id, user_id=daria.id, caller_number="+46701234567",
                     destination="+46812345600", state="ACTIVE")
    return company, alex, daria, dennis


@pytest.fixture
def other(db):
    company = make_company(db, "Other", "other.example")
    [olle] = make_agents(db, company, ["1000"])
    return company, olle


def audited(db, action: str) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_user_on_the_call_parks_it_on_the_first_free_slot_audited(db, acme):
    company, _alex, daria, _dennis = acme
    db.add(ParkedCall(call_uuid=CONSULT, company_id=company.id, slot=70))
    command = console.park_call(db, person(company.id, daria.id), CALL)
    assert command.action is CommandAction.PARK
    assert command.args == {"call_id": CALL, "slot": 71, "side_user_id": daria.id,
                            "parker_user_id": daria.id}
    [entry] = audited(db, "call.park")
    assert (entry.company_id, entry.object_id, entry.actor) == (company.id, CALL,
                                                                f"user:{daria.id}")


def test_a_slot_taken_or_outside_the_lot_is_refused(db, acme):
    company, _alex, daria, _dennis = acme
    db.add(ParkLot(company_id=company.id, first_slot=800, slot_count=2, timeout_seconds=60))
    db.add(ParkedCall(call_uuid=CONSULT, company_id=company.id, slot=800))
    for slot in (800, 70, 802):
        with pytest.raises(InvalidInput):
            console.park_call(db, person(company.id, daria.id), CALL, slot)
    assert console.park_call(db, person(company.id, daria.id), CALL, 801).args["slot"] == 801
    db.add(ParkedCall(call_uuid="c0000000-0000-0000-0000-000000000003",
                      company_id=company.id, slot=801))
    with pytest.raises(InvalidInput):  # every slot taken
        console.park_call(db, person(company.id, daria.id), CALL)


def test_a_colleague_not_on_the_call_may_not_act_on_it_but_an_admin_may(db, acme):
    company, alex, daria, dennis = acme
    with pytest.raises(Forbidden):
        console.park_call(db, person(company.id, dennis.id), CALL)
    with pytest.raises(Forbidden):
        console.start_consultation(db, person(company.id, alex.id), CALL, "1002")
    command = console.park_call(db, person(company.id, alex.id, is_admin=True), CALL)
    # Daria's caller is parked (her side of the call), the admin's own phone is rung back.
    assert (command.args["side_user_id"], command.args["parker_user_id"]) == (daria.id, alex.id)
    consult = console.start_consultation(db, person(company.id, alex.id, is_admin=True), CALL,
                                         "1002")
    assert consult.args["side_user_id"] == daria.id  # her phone holds and consults


def test_an_admin_acting_on_a_call_between_colleagues_acts_for_the_called_one(db, acme):
    """Whichever leg the row names (the switch's last event), the caller is parked."""
    company, alex, daria, dennis = acme
    for named in (alex, daria):
        upsert_live_call(db, CONSULT, company.id, user_id=named.id, caller_number="1000",
                         destination="1001", state="ACTIVE")
        command = console.park_call(db, person(company.id, dennis.id, is_admin=True), CONSULT)
        assert (command.args["side_user_id"], command.args["parker_user_id"]) == (
            daria.id, dennis.id)


def test_a_call_between_colleagues_is_either_ones(db, acme):
    company, alex, daria, _dennis = acme
    upsert_live_call(db, CONSULT, company.id, user_id=daria.id, caller_number="1000",
                     destination="1001", state="ACTIVE")
    command = console.park_call(db, person(company.id, alex.id), CONSULT)
    assert command.args["side_user_id"] == alex.id


def test_another_companys_call_is_not_found(db, acme, other):
    company, *_ = acme
    other_company, olle = other
    for act in (lambda a: console.park_call(db, a, CALL),
                lambda a: console.start_consultation(db, a, CALL, "1000"),
                lambda a: console.complete_transfer(db, a, CALL, CALL),
                lambda a: console.cancel_consultation(db, a, CALL, CALL),
                lambda a: console.supervise_call(db, a, CALL, "listen")):
        with pytest.raises(NotFound):
            act(person(other_company.id, olle.id, is_admin=True))


def test_consult_complete_and_cancel_are_requested_with_the_transferring_side(db, acme):
    company, _alex, daria, _dennis = acme
    upsert_live_call(db, CONSULT, company.id, user_id=daria.id, caller_number="1001",
                     destination="1002", state="ACTIVE")
    actor = person(company.id, daria.id)
    consult = console.start_consultation(db, actor, CALL, "1002")
    assert (consult.action, consult.args["destination"]) == (CommandAction.CONSULT, "1002")
    with pytest.raises(InvalidInput):
        console.start_consultation(db, actor, CALL, "1002,&system")
    done = console.complete_transfer(db, actor, CALL, CONSULT)
    assert done.action is CommandAction.ATTENDED_TRANSFER
    assert done.args == {"call_id": CALL, "consult_call_id": CONSULT, "side_user_id": daria.id}
    cancelled = console.cancel_consultation(db, actor, CALL, CONSULT)
    assert cancelled.action is CommandAction.CANCEL_CONSULT
    assert [len(audited(db, f"call.{a}")) for a in ("consult", "attended_transfer",
                                                     "cancel_consult")] == [1, 1, 1]


def test_an_employee_may_not_listen_in(db, acme):
    company, alex, _daria, _dennis = acme
    with pytest.raises(Forbidden):
        console.supervise_call(db, person(company.id, alex.id), CALL, "listen")
    assert not audited(db, "call.supervise")


def test_a_queue_supervisor_listens_to_the_queues_agents_only(db, acme):
    company, alex, daria, dennis = acme
    queue = make_queue(db, company, members=[daria], logged_in=False)
    from vaxel.queues.services import add_member
    add_member(db, SYSTEM, queue, dennis, supervisor=True)
    # Alex supervises another queue, of which Daria is no member.
    add_member(db, SYSTEM, make_queue(db, company, "Sales"), alex, supervisor=True)
    with pytest.raises(Forbidden):
        console.supervise_call(db, person(company.id, alex.id), CALL, "whisper")
    command = console.supervise_call(db, person(company.id, dennis.id), CALL, "whisper")
    assert command.args == {"call_id": CALL, "mode": "whisper", "user_id": dennis.id,
                            "side_user_id": daria.id}
    [entry] = audited(db, "call.supervise")
    assert entry.actor == f"user:{dennis.id}" and entry.after["mode"] == "whisper"


def test_supervising_needs_a_mode_a_phone_and_a_colleagues_call(db, acme):
    company, _alex, daria, _dennis = acme
    admin = person(company.id, daria.id, is_admin=True)
    with pytest.raises(InvalidInput):
        console.supervise_call(db, admin, CALL, "shout")
    with pytest.raises(InvalidInput):  # her own call
        console.supervise_call(db, admin, CALL, "listen")
    with pytest.raises(Forbidden):     # a token: no phone to ring
        console.supervise_call(db, person(company.id, None, is_admin=True), CALL, "listen")


def test_picking_up_rings_the_users_phones_to_the_slot(db, acme, other):
    company, alex, _daria, _dennis = acme
    db.add(ParkedCall(call_uuid=CALL, company_id=company.id, slot=72))
    command = console.pick_up_parked(db, person(company.id, alex.id), 72)
    assert command.action is CommandAction.CLICK_TO_CALL
    assert command.args == {"user_id": alex.id, "destination": "72"}
    assert audited(db, "call.pick_up")[0].object_id == CALL
    with pytest.raises(NotFound):
        console.pick_up_parked(db, person(company.id, alex.id), 73)
    other_company, olle = other  # our slot 72 is not theirs
    with pytest.raises(NotFound):
        console.pick_up_parked(db, person(other_company.id, olle.id), 72)
    assert [p.call_uuid for p in console.list_parked(db, person(company.id, alex.id))] == [CALL]
    assert console.list_parked(db, person(other_company.id, olle.id)) == []


def test_another_companys_phone_dialling_our_slot_parks_in_its_own_lot(db, acme, other):
    """The defence against picking up a stranger's parked call: the slot is looked up in the
    dialling phone's company only."""
    company, *_ = acme
    other_company, _olle = other
    db.add(ParkedCall(call_uuid=CALL, company_id=company.id, slot=70))
    db.flush()
    data = RoutingData(db)
    assert park_slot(data.session, company.id, "70").parked_uuid == CALL
    theirs = park_slot(data.session, other_company.id, "70")
    assert theirs is not None and theirs.parked_uuid is None
    assert park_slot(data.session, company.id, "1000") is None


def test_a_companys_admin_sets_its_park_slots_audited_and_nobody_else_does(db, acme, other):
    from vaxel.callcontrol.parking import lot_of, set_park_lot
    company, alex, _daria, _dennis = acme
    other_company, olle = other
    admin = person(company.id, alex.id, is_admin=True)
    set_park_lot(db, admin, company.id, 800, 5, 90)
    assert lot_of(db, company.id).slots == range(800, 805)
    assert lot_of(db, other_company.id).slots == range(70, 80)  # theirs: the defaults
    set_park_lot(db, admin, company.id, 800, 5, 30)
    [_, changed] = audited(db, "park_lot.set")
    assert (changed.before["timeout_seconds"], changed.after["timeout_seconds"]) == (90, 30)
    with pytest.raises(Forbidden):
        set_park_lot(db, person(company.id, alex.id), company.id, 70, 10, 60)
    with pytest.raises(NotFound):
        set_park_lot(db, person(other_company.id, olle.id, is_admin=True), company.id, 70, 10, 60)
    with pytest.raises(InvalidInput):
        set_park_lot(db, admin, company.id, 70, 0, 60)
