"""Which Kamailio a phone registered through, from Kamailio's own location rows, and the
legs that ring it back through that one (scale-out with several Kamailios)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from vaxel.callcontrol.fsapi import click_to_call, phone_legs
from vaxel.callcontrol.registrations import path_host, registered_through

UUID = "0f0e0d0c-0000-4000-8000-000000000001"


@pytest.mark.parametrize("path, host", [
    ("<sip:127.0.0.19:5060;lr>", "127.0.0.19"),
    ("<sip:10.0.0.20;lr>", "10.0.0.20"),
    ("<sip:[2001:db8::20]:5060;lr>", "2001:db8::20"),
    ("<sip:127.0.0.19:5060;lr>,<sip:10.0.0.1;lr>", "127.0.0.19"),  # the first hop
    ("<sip:proxy.example;lr>", None),        # a name: nothing but addresses is used
    ("<sip:1.2.3.4},x=y;lr>", None),
    ("", None), (None, None),
])
def test_the_first_hop_of_a_path_is_taken_only_as_an_address(path, host):
    assert path_host(path) == host


def _location(db, username: str, domain: str, path: str | None, modified: dt.datetime) -> None:
    db.execute(text(
        "INSERT INTO kamailio_location (ruid, username, domain, contact, path, last_modified, "
        "callid) VALUES (:ruid, :u, :d, :c, :p, :m, 'x')"),
        {"ruid": f"{username}-{modified.timestamp()}", "u": username, "d": domain,
         "c": f"sip:{username}@192.0.2.7", "p": path, "m": modified})


def test_the_newest_registration_says_which_kamailio(db):
    then = dt.datetime(2026, 12, 4, 10)
    _location(db, "1000", "acme.example", "<sip:127.0.0.20:5060;lr>", then)
    _location(db, "1000", "acme.example", "<sip:127.0.0.19:5060;lr>", then + dt.timedelta(1))
    _location(db, "1001", "ACME.example", None, then)  # registered with one Kamailio
    _location(db, "1000", "other.example", "<sip:10.9.9.9;lr>", then + dt.timedelta(2))
    assert registered_through(db, ["1000", "1001", "1002"], "acme.example") == {
        "1000": "127.0.0.19"}


def test_each_phone_is_rung_through_its_own_kamailio_and_others_through_the_default():
    legs = phone_legs(["1000", "1000-2"], "acme.example", {"1000": "127.0.0.19"})
    assert legs == "[vaxel_proxy=127.0.0.19]user/1000@acme.example,user/1000-2@acme.example"
    # A value that is no address never reaches the dial string.
    assert phone_legs(["1000"], "acme.example", {"1000": "x}]user/evil"}) == "user/1000@acme.example"
    originate = click_to_call(UUID, ["1000"], "acme.example", 7, 3, "1001", "1000",
                              {"1000": "127.0.0.19"})
    assert " [vaxel_proxy=127.0.0.19]user/1000@acme.example 1001 XML default" in originate.replace(
        "}[", "} [")
