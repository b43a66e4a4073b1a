"""The caller's name on the ringing phones: inbound callers are looked up (contacts, then the
HTTP directory) and `effective_caller_id_name` is set before anything rings; names are made
inert for FreeSWITCH; colleagues and withheld numbers are left alone."""
from __future__ import annotations

import pytest

from fs_control.features.caller_names.namer import caller_id_name, worth_naming
from tests.actors import SYSTEM
from tests.fsdouble.controller import running_controller
from tests.integrations.receiver import Receiver
from vaxel.caller_names.rules import CallerName
from vaxel.caller_names.services import configure_provider, save_contact
from vaxel.people.services import add_sip_device, create_user
from vaxel.routing.fstext import FULLWIDTH_DOLLAR
from vaxel.tenancy.services import create_company

CALLER = "+46701234567"


def test_only_outside_callers_with_a_number_are_looked_up():
    assert worth_naming("inbound", CALLER)
    assert not worth_naming("internal", "1002") and not worth_naming(None, CALLER)
    assert not worth_naming("inbound", "anonymous") and not worth_naming("inbound", "")


def test_the_name_or_else_the_organisation_is_shown_and_made_inert():
    assert caller_id_name(CallerName(CALLER, "Karin Kund", "Kund AB", "contacts")) == "Karin Kund"
    assert caller_id_name(CallerName(CALLER, "", "Kund AB", "directory")) == "Kund AB"
    assert caller_id_name(CallerName(CALLER)) is None
    hostile = caller_id_name(CallerName(CALLER, "${system(touch /tmp/x)}\nX", "", "directory"))
    assert "$" not in hostile and "\n" not in hostile
    assert hostile.startswith(FULLWIDTH_DOLLAR + "{system")


@pytest.fixture
def controller(double, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path,
                            VAXEL_INTEGRATIONS_ALLOW_PRIVATE="1") as ctl:
        yield ctl


@pytest.fixture
def acme(committed_db) -> int:
    with committed_db.begin() as s:
        company = create_company(s, SYSTEM, "Acme", "acme.example")
        add_sip_device(s, SYSTEM, company, create_user(s, SYSTEM, company, "Daria", "1001"))
        return company.id


def ring_daria(double, controller, company: int, caller: str = CALLER,
               intent: str = "inbound") -> list[tuple[str, str]]:
    placed = double.place_call(controller.outbound.address, caller=caller,
                               destination="+46812345600", context="public", variables={
                                   "vaxel_company_id": str(company),
                                   "vaxel_destination": "user:1001", "vaxel_intent": intent})
    assert placed.ended.wait(10), "the call never ended"
    return placed.apps


def name_set(apps: list[tuple[str, str]]) -> str | None:
    """The name set before the first bridge (None if none was)."""
    names = [arg.partition("=")[2] for app, arg in apps[:[a for a, _ in apps].index("bridge")]
             if app == "set" and arg.startswith("effective_caller_id_name=")]
    return names[0] if names else None


def test_a_caller_in_the_companys_contacts_is_named_before_the_phone_rings(
        double, controller, committed_db, acme):
    with committed_db.begin() as s:
        save_contact(s, acme, CALLER, "Karin Kund", "Kund AB")
    assert name_set(ring_daria(double, controller, acme)) == "Karin Kund"


def test_an_unknown_caller_is_named_by_the_directory_and_a_hostile_name_is_inert(
        double, controller, committed_db, acme):
    directory = Receiver(answer=lambda r: (200, "application/json",
                                           '{"name": "${system(touch /tmp/x)}"}')).start()
    try:
        with committed_db.begin() as s:
            configure_provider(s, acme, directory.url + "/who?n={number}")
        name = name_set(ring_daria(double, controller, acme))
    finally:
        directory.stop()
    assert directory.received[0].path == "/who?n=%2B46701234567"
    assert name == FULLWIDTH_DOLLAR + "{system(touch /tmp/x)}" and "${" not in name


def test_colleagues_and_unknown_callers_keep_their_caller_id(double, controller, committed_db,
                                                             acme):
    with committed_db.begin() as s:
        save_contact(s, acme, CALLER, "Karin Kund")
    assert name_set(ring_daria(double, controller, acme, intent="internal")) is None
    assert name_set(ring_daria(double, controller, acme, caller="+46709999999")) is None
