"""The shared visitor view: computed once a moment, and an expired one recomputed by one
request while the others get the previous view."""
from __future__ import annotations

import threading

from webadmin.widget.cache import TtlCache


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_view_is_computed_once_per_moment():
    clock, calls = Clock(), []
    cache = TtlCache(2.0, clock)
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert [cache.get("acme", compute) for _ in range(5)] == [1] * 5
    clock.now = 2.5
    assert cache.get("acme", compute) == 2
    cache.forget("acme")
    assert cache.get("acme", compute) == 3


def test_while_one_recomputes_the_others_get_the_previous_view():
    clock = Clock()
    cache = TtlCache(2.0, clock)
    cache.get("acme", lambda: "old")
    clock.now = 3.0
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        assert release.wait(10)
        return "new"

    worker = threading.Thread(target=lambda: cache.get("acme", slow))
    worker.start()
    assert started.wait(10)
    assert cache.get("acme", lambda: "computed twice") == "old"
    release.set()
    worker.join(10)
    assert cache.get("acme", lambda: "computed twice") == "new"
