"""The app's STUN/TURN settings and the TURN credentials that expire (vaxel.people.relay)."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

import pytest

from vaxel.config import Settings
from vaxel.people.relay import RelaySettings, ice_servers, ice_urls, turn_credential, usable_policy

EXPIRES = dt.datetime(2030, 1, 1, 12, tzinfo=dt.timezone.utc)


def test_the_turn_password_is_the_hmac_of_the_expiring_user_name():
    username, password = turn_credential("north", "1000-web@demo.vaxel", EXPIRES)
    assert username == f"{int(EXPIRES.timestamp())}:1000-web@demo.vaxel"
    # coturn's check, written out: base64(HMAC-SHA1(static-auth-secret, user name)).
    expected = base64.b64encode(hmac.new(b"north", username.encode(), hashlib.sha1).digest())
    assert password == expected.decode()
    assert turn_credential("south", "1000-web@demo.vaxel", EXPIRES)[1] != password


def test_ice_servers_carry_stun_and_a_turn_credential_never_the_secret():
    relay = RelaySettings(("stun:stun.example.net:3478",), ("turn:turn.example.net:3478",),
                          "shared-secret-value", "relay")
    servers = ice_servers(relay, "1000-web@demo.vaxel", EXPIRES)
    assert servers[0] == {"urls": ["stun:stun.example.net:3478"]}
    assert servers[1]["urls"] == ["turn:turn.example.net:3478"]
    assert servers[1]["username"].startswith(str(int(EXPIRES.timestamp())))
    assert "shared-secret-value" not in repr(servers)
    assert usable_policy(relay) == "relay"


@pytest.mark.parametrize("relay", [
    RelaySettings(("stun:stun.example.net",), (), "", "relay"),         # no relay at all
    RelaySettings((), ("turn:turn.example.net",), "", "relay"),          # no secret
    RelaySettings((), ("stun:stun.example.net",), "secret", "relay"),    # STUN is no relay
])
def test_relay_only_without_a_usable_relay_falls_back_rather_than_silence(relay):
    assert usable_policy(relay) == "all"
    assert not [s for s in ice_servers(relay, "x", EXPIRES) if "credential" in s
                and not relay.turn_secret]


def test_malformed_addresses_in_the_environment_are_refused_with_the_variable_named():
    assert ice_urls("stun:a.example:3478, turn:b.example?transport=tcp") == (
        "stun:a.example:3478", "turn:b.example?transport=tcp")
    for bad in ("http://evil.example", "turn:b.example\" onerror=\"x", "turn:"):
        with pytest.raises(ValueError, match="VAXEL_TURN_URLS"):
            Settings.from_env({"VAXEL_TURN_URLS": bad})
    with pytest.raises(ValueError, match="VAXEL_ICE_POLICY"):
        Settings.from_env({"VAXEL_ICE_POLICY": "none"})
