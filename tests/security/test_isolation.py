"""Tenant isolation below the portal: two companies with the same extension numbers never
cross in the directory, the dialplan, toll counters or the call log. (Every portal route
is checked company by company in tests/webadmin/test_permissions.py.)"""
from __future__ import annotations

import datetime as dt

from tests.actors import SYSTEM
from vaxel.calls.events import CallDirection, CallEnded, CallResult
from vaxel.calls.log import company_call_log, record_call
from vaxel.credentials import a1_hash
from vaxel.models import DeviceKind, TollPolicy
from vaxel.people.services import add_sip_device, create_user
from vaxel.security.outbound import outbound_limits, record_setup
from vaxel.tenancy.services import create_company
from tests.xml_curl.fixtures import PASSWORD
from tests.xml_curl.helpers import actions, answer, dialplan_form, directory_form, variables


def _twin_company(db):
    other = create_company(db, SYSTEM, "Twin AB", "twin.example", main_number="+46812349900")
    users = {}
    for ext in ("1000", "1001"):
        users[ext] = create_user(db, SYSTEM, other, "Twin " + ext, ext)
        add_sip_device(db, SYSTEM, other, users[ext], DeviceKind.SOFTPHONE, password=PASSWORD)
    db.flush()
    return other, users


def test_same_extension_in_two_domains_authenticates_each_in_its_own(db, world, client):
    other, users = _twin_company(db)
    mine = answer(client, directory_form("1000", "127.0.0.1"))
    theirs = answer(client, directory_form("1000", "twin.example"))
    assert variables(mine)["vaxel_company_id"] == str(world.company.id)
    assert variables(theirs)["vaxel_company_id"] == str(other.id)
    # The digest realm is the domain: one company's password hash is useless in the other.
    assert theirs.find(".//param[@name='a1-hash']").get("value") == a1_hash("1000", "twin.example", PASSWORD)
    assert mine.find(".//param[@name='a1-hash']").get("value") != \
        theirs.find(".//param[@name='a1-hash']").get("value")


def test_dialling_an_extension_rings_only_your_own_company(db, world, client):
    _twin_company(db)
    mine = actions(answer(client, dialplan_form("1001", domain="127.0.0.1")))
    theirs = actions(answer(client, dialplan_form("1001", domain="twin.example")))
    assert any("user/1001@127.0.0.1" in data for app, data in mine if app == "bridge")
    assert not any("twin.example" in data for _, data in mine)
    assert any("user/1001@twin.example" in data for app, data in theirs if app == "bridge")
    assert not any("@127.0.0.1" in data for _, data in theirs)


def test_toll_counters_and_policies_are_per_company(db, world):
    other, _ = _twin_company(db)
    db.add(TollPolicy(company_id=other.id, allowed="national", max_concurrent=1))
    for n in range(3):
        record_setup(db, world.company.id, f"mine-{n}", "+46701234567")
    db.flush()
    assert outbound_limits(db, other.id, None).concurrent == 0
    assert outbound_limits(db, other.id, None).policy.max_concurrent == 1
    assert outbound_limits(db, world.company.id, None).concurrent == 3
    assert outbound_limits(db, world.company.id, None).policy.max_concurrent is None


def test_call_logs_never_mix(db, world):
    other, users = _twin_company(db)
    now = dt.datetime.now(dt.timezone.utc)
    for company, uuid in ((world.company.id, "call-a"), (other.id, "call-b")):
        record_call(db, CallEnded(call_uuid=uuid, company_id=company, at=now,
                                  direction=CallDirection.INTERNAL, from_number="1000",
                                  to_number="1001", started_at=now, answered_at=now,
                                  hangup_cause="NORMAL_CLEARING", result=CallResult.ANSWERED))
    assert [c.call_uuid for c in company_call_log(db, world.company.id)] == ["call-a"]
    assert [c.call_uuid for c in company_call_log(db, other.id)] == ["call-b"]
