"""Signing, back-off, disabling and the request-forgery guard: pure decisions."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest

from vaxel.webhooks import retry, signing
from vaxel.webhooks.events import envelope
from vaxel.webhooks.targets import UnsafeTarget, check_addresses, is_internal, parse_target

T0 = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_signature_is_hmac_sha256_over_timestamp_dot_body_as_documented():
    body = '{"id":"evt_1"}'
    header = signing.header_value("whsec_x", 1_900_000_000, body)
    expected = hmac.new(b"whsec_x", b'1900000000.{"id":"evt_1"}', hashlib.sha256).hexdigest()
    assert header == f"t=1900000000,v1={expected}"


def test_a_receiver_accepts_the_signature_and_refuses_tampering_and_replays():
    body = '{"id":"evt_1"}'
    header = signing.header_value("s", 1000, body)
    assert signing.verify("s", header, body, now=1010)
    assert not signing.verify("s", header, body + " ", now=1010)
    assert not signing.verify("other", header, body, now=1010)
    assert not signing.verify("s", header, body, now=1000 + 301)
    assert not signing.verify("s", "garbage", body, now=1000)


def test_the_envelope_has_id_type_time_company_and_data():
    body = json.loads(envelope("evt_1", "call.ended", T0, 7, {"call_id": "u"}))
    assert body == {"id": "evt_1", "type": "call.ended", "time": "2030-03-01T12:00:00Z",
                    "company": 7, "data": {"call_id": "u"}}


def test_back_off_doubles_from_30_seconds_up_to_two_hours():
    delays = [retry.retry_delay(n).total_seconds() for n in range(1, 11)]
    assert delays[:4] == [30, 60, 120, 240]
    assert delays[-1] == 7200


def test_retries_stop_24_hours_after_the_event():
    assert retry.next_attempt(T0, 1, T0) == T0 + dt.timedelta(seconds=30)
    late = T0 + dt.timedelta(hours=23, minutes=30)
    assert retry.next_attempt(T0, 18, late) is None


def test_an_endpoint_is_disabled_only_after_a_day_of_repeated_failures():
    assert not retry.should_disable(None, 50, T0)
    assert not retry.should_disable(T0, 50, T0 + dt.timedelta(hours=23))
    assert not retry.should_disable(T0, 3, T0 + dt.timedelta(hours=30))
    assert retry.should_disable(T0, 10, T0 + dt.timedelta(hours=24))


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5",
                                     "169.254.169.254", "::1", "fe80::1", "::ffff:127.0.0.1",
                                     "0.0.0.0", "100.64.0.1"])
def test_internal_addresses_are_refused(address):
    assert is_internal(address)
    with pytest.raises(UnsafeTarget):
        check_addresses("h", [address], allow_private=False)


def test_public_addresses_pass_and_ops_may_allow_internal_ones():
    assert not is_internal("93.184.216.34")
    check_addresses("h", ["93.184.216.34"], allow_private=False)
    check_addresses("h", ["127.0.0.1"], allow_private=True)
    with pytest.raises(UnsafeTarget):
        check_addresses("h", [], allow_private=True)


@pytest.mark.parametrize("url", ["ftp://x.example/", "http:///nohost", "https://u:p@x.example/",
                                 "file:///etc/passwd", "https://x.example:99999/"])
def test_only_plain_http_urls_are_targets(url):
    with pytest.raises(UnsafeTarget):
        parse_target(url)
