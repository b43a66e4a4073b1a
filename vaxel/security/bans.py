"""When to ban a SIP source address: a pure decision over plain values (no I/O, no clock).

Two rules, each a sliding window per source address:
- brute force: `max_failures` authentication failures (REGISTER or INVITE digest refused)
  within `failure_window` seconds → banned for `ban_seconds`;
- flood: `flood_requests` requests within `flood_window` seconds → banned for
  `flood_ban_seconds`, whatever the requests were.
Addresses on the allow-list are never banned. A banned source produces no second decision
until its ban has run out (or ops lifted it: `forget`).
"""
from __future__ import annotations

import ipaddress
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

BRUTE_FORCE = "brute_force"
FLOOD = "flood"
MANUAL = "manual"


@dataclass(frozen=True)
class BanPolicy:
    max_failures: int = 10
    failure_window: float = 60.0
    ban_seconds: float = 3600.0
    flood_requests: int = 200
    flood_window: float = 2.0
    flood_ban_seconds: float = 3600.0


@dataclass(frozen=True)
class BanDecision:
    source: str
    reason: str  # BRUTE_FORCE or FLOOD
    seconds: float  # how long, from the event that tipped it
    detail: str


def parse_networks(entries: Iterable[str]) -> tuple:
    """The allow-list as networks; entries that are not addresses or CIDRs are skipped."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def normalise_source(text: str) -> str | None:
    """A source address in canonical form, or None if it is not an IP address."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


@dataclass
class _Window:
    limit: int
    seconds: float
    times: deque = field(default_factory=deque)

    def add(self, now: float) -> int:
        """Record one hit at `now`; how many hits the window now holds."""
        self.times.append(now)
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        while len(self.times) > self.limit:  # never more than needed to decide
            self.times.popleft()
        return len(self.times)


class BanTracker:
    """Counts failures and requests per source; says when one must be banned."""

    def __init__(self, policy: BanPolicy | None = None, allow: Iterable[str] = ()):
        self.policy = policy or BanPolicy()
        self.allow = parse_networks(allow)
        self.banned: dict[str, float] = {}  # source → monotonic time the ban ends
        self._failures: dict[str, _Window] = {}
        self._requests: dict[str, _Window] = {}

    def set_allow(self, entries: Iterable[str]) -> None:
        self.allow = parse_networks(entries)

    def allowed(self, source: str) -> bool:
        address = ipaddress.ip_address(source)
        return any(address in network for network in self.allow)

    def failure(self, source: str, now: float) -> BanDecision | None:
        """One authentication failure from `source` at `now` (seconds, monotonic)."""
        p = self.policy
        window = self._failures.setdefault(source, _Window(p.max_failures, p.failure_window))
        if window.add(now) < p.max_failures:
            return None
        return self._ban(source, now, BRUTE_FORCE, p.ban_seconds,
                         "%d authentication failures within %gs" % (p.max_failures, p.failure_window))

    def request(self, source: str, now: float) -> BanDecision | None:
        """One SIP request (any REGISTER or auth attempt) from `source` at `now`."""
        p = self.policy
        window = self._requests.setdefault(source, _Window(p.flood_requests, p.flood_window))
        if window.add(now) < p.flood_requests:
            return None
        return self._ban(source, now, FLOOD, p.flood_ban_seconds,
                         "%d requests within %gs" % (p.flood_requests, p.flood_window))

    def _ban(self, source: str, now: float, reason: str, seconds: float,
             detail: str) -> BanDecision | None:
        if self.banned.get(source, 0.0) > now or self.allowed(source):
            return None
        self.banned[source] = now + seconds
        self._failures.pop(source, None)
        self._requests.pop(source, None)
        return BanDecision(source, reason, seconds, detail)

    def forget(self, source: str) -> None:
        """A ban was lifted (by ops or by time): the source starts with clean counters."""
        self.banned.pop(source, None)
        self._failures.pop(source, None)
        self._requests.pop(source, None)

    def prune(self, now: float) -> None:
        """Drop expired bans and counters idle for longer than their window (memory bound)."""
        self.banned = {s: end for s, end in self.banned.items() if end > now}
        for counters, seconds in ((self._failures, self.policy.failure_window),
                                  (self._requests, self.policy.flood_window)):
            idle = [s for s, w in counters.items() if not w.times or w.times[-1] <= now - seconds]
            for source in idle:
                del counters[source]
