"""The ban decision: sliding windows per source, allow-list, one ban per source at a time."""
from __future__ import annotations

from vaxel.security.acl import banned_acl_file
from vaxel.security.bans import BRUTE_FORCE, FLOOD, BanPolicy, BanTracker, normalise_source

POLICY = BanPolicy(max_failures=10, failure_window=60, ban_seconds=3600,
                   flood_requests=200, flood_window=2, flood_ban_seconds=7200)


def test_ten_failures_within_a_minute_ban_for_an_hour():
    tracker = BanTracker(POLICY)
    decisions = [tracker.failure("192.0.2.7", 100 + i * 5) for i in range(10)]
    assert decisions[:9] == [None] * 9
    assert decisions[9].reason == BRUTE_FORCE and decisions[9].seconds == 3600
    assert decisions[9].source == "192.0.2.7"


def test_failures_spread_wider_than_the_window_never_ban():
    tracker = BanTracker(POLICY)
    assert all(tracker.failure("192.0.2.7", i * 7.0) is None for i in range(100))


def test_a_banned_source_is_decided_once_until_the_ban_ends():
    tracker = BanTracker(POLICY)
    for i in range(10):
        tracker.failure("192.0.2.7", i)
    assert [tracker.failure("192.0.2.7", 10 + i) for i in range(20)] == [None] * 20
    tracker.prune(9 + 3600 + 1)
    assert "192.0.2.7" not in tracker.banned
    assert [tracker.failure("192.0.2.7", 4000 + i) for i in range(10)][-1] is not None


def test_other_sources_are_counted_apart():
    tracker = BanTracker(POLICY)
    for i in range(9):
        assert tracker.failure("192.0.2.7", i) is None
        assert tracker.failure("192.0.2.8", i) is None


def test_a_flood_is_banned_within_seconds():
    tracker = BanTracker(POLICY)
    decisions = [tracker.request("198.51.100.9", i / 300) for i in range(200)]
    assert decisions[-1].reason == FLOOD and decisions[-1].seconds == 7200
    assert all(d is None for d in decisions[:-1])


def test_a_busy_but_normal_office_is_no_flood():
    tracker = BanTracker(POLICY)
    assert all(tracker.request("198.51.100.9", i * 0.05) is None for i in range(2000))


def test_the_allow_list_is_never_banned():
    tracker = BanTracker(POLICY, allow=["192.0.2.0/24", "not a network"])
    assert all(tracker.failure("192.0.2.7", i) is None for i in range(50))
    assert all(tracker.request("192.0.2.7", i / 1000) is None for i in range(500))
    assert tracker.failure("203.0.113.1", 0) is None


def test_forget_lifts_the_ban_and_clears_counters():
    tracker = BanTracker(POLICY)
    for i in range(10):
        tracker.failure("192.0.2.7", i)
    tracker.forget("192.0.2.7")
    assert "192.0.2.7" not in tracker.banned
    assert tracker.failure("192.0.2.7", 11) is None


def test_prune_forgets_idle_counters():
    tracker = BanTracker(POLICY)
    tracker.failure("192.0.2.7", 0)
    tracker.request("192.0.2.8", 0)
    tracker.prune(1000)
    assert not tracker._failures and not tracker._requests


def test_sources_are_normalised_and_garbage_refused():
    assert normalise_source(" 2001:DB8::1 ") == "2001:db8::1"
    assert normalise_source("127.0.0.2") == "127.0.0.2"
    assert normalise_source("evil\"/><node") is None
    assert normalise_source("") is None


def test_the_acl_file_denies_each_address_once():
    text = banned_acl_file(["192.0.2.7", "2001:db8::1", "192.0.2.7"])
    assert text.count('<node type="deny" cidr="192.0.2.7/32"/>') == 1
    assert '<node type="deny" cidr="2001:db8::1/128"/>' in text
    assert text.startswith("<include>") and text.rstrip().endswith("</include>")
    assert "allow" not in text


def test_the_acl_file_refuses_anything_but_addresses():
    import pytest
    with pytest.raises(ValueError):
        banned_acl_file(['1.2.3.4/32"/><node type="allow" cidr="0.0.0.0/0'])
