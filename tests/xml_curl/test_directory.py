"""Directory answers: who authenticates, with what, and nothing across tenants."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.actors import SYSTEM
from vaxel.models import DeviceKind
from vaxel.people.services import add_sip_device, create_user
from vaxel.routing.fstext import FULLWIDTH_DOLLAR
from vaxel.tenancy.services import create_company
from xml_curl.app import create_app

from .fixtures import PASSWORD, capture_settings, emptied, load_capture_world, wait_until
from .helpers import answer, directory_form, is_not_found, never_authenticates, post, variables


def test_user_of_another_company_is_never_found_through_this_domain(db, world, client):
    other = create_company(db, SYSTEM, "Other AB", "other.example")
    stranger = create_user(db, SYSTEM, other, "Stranger", "2000")
    add_sip_device(db, SYSTEM, other, stranger, DeviceKind.SOFTPHONE, password=PASSWORD)
    twin = create_user(db, SYSTEM, other, "Same Extension", "1000")
    add_sip_device(db, SYSTEM, other, twin, DeviceKind.SOFTPHONE, password=PASSWORD)
    db.flush()
    # A digest check of a missing user gets a decoy no password matches (vaxel.security.decoy).
    assert never_authenticates(answer(client, directory_form("2000", "127.0.0.1")), "2000", PASSWORD)
    assert never_authenticates(answer(client, directory_form("1001", "other.example")), "1001",
                               PASSWORD, "other.example")
    assert is_not_found(answer(client, directory_form("2000", "127.0.0.1", action="user_call")))
    doc = answer(client, directory_form("1000", "other.example"))
    assert doc.find(".//param[@name='a1-hash']").get("value") == twin.devices[0].a1_hash
    assert variables(doc)["vaxel_company_id"] == str(other.id)


@pytest.mark.parametrize("action", ["sip_auth", "user_call", "message-count", ""])
def test_every_user_lookup_action_answers_the_user(world, client, action):
    doc = answer(client, directory_form("1001", action=action))
    assert doc.find(".//user").get("id") == "1001"


def test_disabled_device_inactive_user_or_missing_hash_never_authenticate(db, world, client):
    world.users["1000"].devices[0].enabled = False
    world.users["1001"].active = False
    world.users["1002"].devices[0].a1_hash = None
    db.flush()
    for ext in ("1000", "1001", "1002"):
        assert never_authenticates(answer(client, directory_form(ext)), ext, PASSWORD)
        assert is_not_found(answer(client, directory_form(ext, action="user_call")))


def test_gateways_and_network_lists_fall_through(world, client):
    assert is_not_found(answer(client, {"section": "directory", "purpose": "gateways",
                                        "profile": "external"}))
    assert is_not_found(answer(client, {"section": "directory", "purpose": "network-list",
                                        "domain": "127.0.0.1"}))


def test_hostile_name_gives_well_formed_xml_with_the_name_intact(db, world, client):
    world.users["1000"].name = """</param><X>"'&"""
    db.flush()
    response = post(client, directory_form("1000"))
    doc = ET.fromstring(response.data)  # raises if not well-formed
    assert variables(doc)["effective_caller_id_name"] == """</param><X>"'&"""
    assert doc.find(".//X") is None


@pytest.mark.parametrize("name", ["${system(touch x)}", "$${var}", "a\\${b}", "x$\n{y}"])
def test_variable_expansions_in_names_stay_inert_text(db, world, client, name):
    world.users["1000"].name = name
    db.flush()
    response = post(client, directory_form("1000"))
    shown = variables(ET.fromstring(response.data))["effective_caller_id_name"]
    assert "$" not in shown and "\n" not in shown
    assert shown.replace(FULLWIDTH_DOLLAR, "$").replace(" ", "") == name.replace("\n", "").replace(" ", "")
    assert b"${system" not in response.data and b"$${" not in response.data


def test_outbound_caller_id_follows_the_active_profile(db, world, client):
    user = world.users["1000"]
    user.active_profile.caller_id_number = "+46812344699"
    db.flush()
    assert variables(answer(client, directory_form("1000")))["outbound_caller_id_number"] == "+46812344699"
    user.active_profile.hide_caller_id = True
    db.flush()
    assert "outbound_caller_id_number" not in variables(answer(client, directory_form("1000")))


def test_admin_change_is_visible_on_the_next_request(db, world, client):
    assert variables(answer(client, directory_form("1000")))["effective_caller_id_name"] == "Alex Nguyen"
    world.users["1000"].name = "Alex Renamed"
    db.flush()
    assert variables(answer(client, directory_form("1000")))["effective_caller_id_name"] == "Alex Renamed"


def test_committed_admin_change_is_visible_through_the_real_engine(committed_db, database_url):
    with committed_db() as session:
        world = load_capture_world(session)
        device_id = world.users["1001"].devices[0].id
        session.commit()
        company = str(world.company.id)
    app = create_app(capture_settings(database_url=database_url))
    client = app.test_client()
    assert answer(client, directory_form("1001")).find(".//user").get("id") == "1001"
    state = app.extensions["vaxel_lookup_cache"]  # the first request started the listener
    wait_until(lambda: state["cache"].enabled, "the change listener")
    assert answer(client, directory_form("1001")).find(".//user").get("id") == "1001"
    assert len(state["cache"]) > 0  # the answer is now kept: a stale one could be served
    before = state["listener"].processed[company]
    with committed_db() as session:
        from vaxel.models import Device
        session.get(Device, device_id).enabled = False
        session.commit()
    # The bound docs/operations.md states: fresh once the listener has processed the
    # notification PostgreSQL sent at commit.
    wait_until(lambda: state["listener"].processed[company] > before, "the change notification")
    assert never_authenticates(answer(client, directory_form("1001")), "1001", PASSWORD)
    state["listener"].stop()


def test_cached_directory_answers_are_dropped_when_the_company_changes(cached):
    from vaxel.models import Device

    client, cache = cached.client, cached.cache
    assert answer(client, directory_form("1001", action="user_call")).find(".//user").get("id") == "1001"
    assert answer(client, directory_form("1999", action="user_call")) is not None
    assert len(cache) == 1  # the known user is remembered, the unknown one is not
    with cached.db() as session:
        session.get(Device, cached.ids.devices["1001"]).enabled = False
        session.commit()
    emptied(cache)
    assert is_not_found(answer(client, directory_form("1001", action="user_call")))


def test_cached_digest_checks_answer_known_and_unknown_users_alike(cached):
    """With the company's directory in memory, a digest check of an existing and of a
    missing user is the same dictionary look-up and the same kind of answer, and both
    answers are kept alike (a repeat is one look-up for either); a change to the company
    empties it, so a new credential counts on the next REGISTER."""
    from vaxel.models import Device

    client, cache = cached.client, cached.cache
    known = answer(client, directory_form("1001"))
    unknown = answer(client, directory_form("1999"))
    # The whole domain once, and one answer for each user asked, real or not.
    assert len(cache) == 3
    for doc, user in ((known, "1001"), (unknown, "1999")):
        assert ET.tostring(answer(client, directory_form(user))) == ET.tostring(doc)
    assert len(cache) == 3
    hashes = [d.find(".//param[@name='a1-hash']").get("value") for d in (known, unknown)]
    assert all(len(h) == 32 for h in hashes) and hashes[0] != hashes[1]
    with cached.db() as session:
        session.get(Device, cached.ids.devices["1001"]).a1_hash = "0" * 32
        session.commit()
    emptied(cache)
    renewed = answer(client, directory_form("1001"))
    assert renewed.find(".//param[@name='a1-hash']").get("value") == "0" * 32
