"""Every path to a trunk obeys the toll policy and counts (issue 13, item 2): a plain user
forwarding to a satellite number, or with one as a mobile twin, must not get a colleague's
or a trunk caller's call bridged to the carrier — the same number they may not dial — and
allowed forwards, twins and controller legs count towards the caps."""
from __future__ import annotations

from sqlalchemy import select

from fs_control.toll_guard import TollGuard
from tests.actors import SYSTEM
from tests.xml_curl.helpers import actions, answer, dialplan_form, public_form
from vaxel.callflow.commands import Bridge, DialTarget
from vaxel.models import ForwardKind, OpsAlert, OutboundCall, TollPolicy
from vaxel.numbers.services import add_number
from vaxel.people.services import add_mobile_twin
from vaxel.tenancy.services import create_company


SATELLITE = "+881612345678"
CARRIER = "sofia/gateway/carrier/"


def forward(db, user, number, after=1):
    profile = user.active_profile
    profile.forward_kind, profile.forward_target = ForwardKind.EXTERNAL, number
    profile.forward_after_seconds = after
    db.flush()


def with_uuid(form, uuid):
    return {**form, "Unique-ID": uuid}


def trunk_bridges(steps):
    return [data for app, data in steps if app == "bridge" and CARRIER in data]


def toll_alerts(db):
    return db.scalars(select(OpsAlert).where(OpsAlert.kind == "toll_refused")).all()


def test_dialling_the_satellite_number_is_refused_as_before(db, world, client):
    steps = actions(answer(client, with_uuid(dialplan_form(SATELLITE), "d-1")))
    assert ("hangup", "OUTGOING_CALL_BARRED") in steps and not trunk_bridges(steps)


def test_a_colleagues_call_is_not_forwarded_to_a_barred_number(db, world, client):
    forward(db, world.users["1001"], SATELLITE)
    steps = actions(answer(client, with_uuid(dialplan_form("1001"), "f-1")))
    assert not trunk_bridges(steps), steps
    assert ("set", "vaxel_destination=message:unavailable") in steps
    assert [a.message for a in toll_alerts(db)] and SATELLITE in toll_alerts(db)[0].message
    assert db.scalars(select(OutboundCall)).all() == []


def test_a_trunk_call_is_not_forwarded_to_a_barred_number(db, world, client):
    add_number(db, SYSTEM, world.company, "+46812344610", user=world.users["1002"])
    forward(db, world.users["1002"], SATELLITE)
    steps = actions(answer(client, with_uuid(public_form("4610"), "f-2")))
    assert not trunk_bridges(steps), steps
    assert len(toll_alerts(db)) == 1


def test_a_barred_mobile_twin_is_left_out_of_the_bridge(db, world, client):
    add_mobile_twin(db, SYSTEM, world.company, world.users["1001"], SATELLITE)
    add_mobile_twin(db, SYSTEM, world.company, world.users["1001"], "0701112233")
    db.flush()
    steps = actions(answer(client, with_uuid(dialplan_form("1001"), "t-1")))
    assert all(SATELLITE not in data for data in trunk_bridges(steps)), steps
    assert any("+46701112233" in data for data in trunk_bridges(steps))
    assert len(toll_alerts(db)) == 1


def test_the_users_own_policy_may_allow_the_forward(db, world, client):
    db.add(TollPolicy(company_id=world.company.id, user_id=world.users["1001"].id,
                      allowed="national,nordic,premium"))
    forward(db, world.users["1001"], SATELLITE)
    steps = actions(answer(client, with_uuid(dialplan_form("1001"), "f-3")))
    assert trunk_bridges(steps) == [CARRIER + SATELLITE]


def test_allowed_forwards_count_towards_the_cap(db, world, client):
    db.add(TollPolicy(company_id=world.company.id, allowed="national,nordic", max_concurrent=1))
    forward(db, world.users["1001"], "+46709998877")
    first = actions(answer(client, with_uuid(dialplan_form("1001"), "cap-1")))
    assert trunk_bridges(first) == [CARRIER + "+46709998877"]
    assert [r.call_uuid for r in db.scalars(select(OutboundCall))] == ["cap-1"]
    second = actions(answer(client, with_uuid(dialplan_form("1001"), "cap-2")))
    assert not trunk_bridges(second)  # the cap holds: one outbound call is already up
    dialled = actions(answer(client, with_uuid(dialplan_form("0701234567"), "cap-3")))
    assert ("hangup", "CALL_REJECTED") in dialled


def test_legs_the_controller_dials_count_towards_the_cap(committed_db):
    with committed_db.begin() as s:
        company_id = create_company(s, SYSTEM, "Capped AB", "capped.example").id
        s.add(TollPolicy(company_id=company_id, allowed="national,nordic", max_concurrent=1))
    guard = TollGuard(committed_db)
    bridge = Bridge((DialTarget("external", "+46701234567"),))
    assert guard.allowed(company_id, "ivr-1", bridge).targets == bridge.targets
    assert guard.allowed(company_id, "ivr-1", bridge).targets == bridge.targets  # same call
    assert guard.allowed(company_id, "ivr-2", bridge).targets == ()  # a second call: capped
    with committed_db() as s:
        assert [r.call_uuid for r in s.scalars(select(OutboundCall))] == ["ivr-1"]


class RecordingInbound:
    """Stands in for the Event Socket: records what the callback worker originates."""

    def __init__(self):
        self.sent = []

    def bgapi(self, command):
        self.sent.append(command)
        raise AssertionError("nothing may be originated to a barred number: %s" % command)


def test_a_callback_to_a_barred_number_is_never_dialled(committed_db):
    from fs_control.call_data import DatabaseCallData
    from fs_control.features.queues.callbacks import CallbackWorker
    from vaxel.models import Trunk
    from vaxel.queues.callbacks import CallbackJob
    with committed_db.begin() as s:
        company_id = create_company(s, SYSTEM, "Callback AB", "callback.example").id
        s.add(Trunk(company_id=company_id, name="trunk", gateway="carrier", priority=1))
    inbound = RecordingInbound()
    worker = CallbackWorker(committed_db, inbound, DatabaseCallData(committed_db), matcher=None)
    job = CallbackJob(1, 1, company_id, SATELLITE, ((1, "1001"),), 20)
    assert worker._call_customer(job) == (None, "OUTGOING_CALL_BARRED")
    assert inbound.sent == []
    with committed_db() as s:
        alerts = s.scalars(select(OpsAlert).where(OpsAlert.company_id == company_id)).all()
    assert len(alerts) == 1 and SATELLITE in alerts[0].message


def test_a_click_to_call_to_a_barred_number_is_refused(db, world, client):
    """The originate (vaxel.callcontrol.fsapi.click_to_call) continues in `default` as the
    user it rang, with user_name/domain_name set: the dialplan checks it as dialled."""
    form = {**dialplan_form(SATELLITE), "Caller-Caller-ID-Number": SATELLITE,
            "Caller-Caller-ID-Name": "Click-to-call", "variable_sip_auth_username": "",
            "variable_vaxel_company_id": str(world.company.id)}
    steps = actions(answer(client, with_uuid(form, "c2c-1")))
    assert ("hangup", "OUTGOING_CALL_BARRED") in steps and not trunk_bridges(steps)
    assert len(toll_alerts(db)) == 1


def test_a_transferred_trunk_caller_never_reaches_the_trunk_unchecked(db, world, client):
    """A blind transfer (uuid_transfer … XML default) of a caller from the trunk: no phone
    identifies the channel, so no policy could be checked — it must not be bridged out."""
    form = {**dialplan_form(SATELLITE), "variable_user_name": "",
            "variable_sip_auth_username": "", "Caller-Caller-ID-Number": "+46701234567"}
    steps = actions(answer(client, with_uuid(form, "xfer-1")))
    assert not trunk_bridges(steps), steps
