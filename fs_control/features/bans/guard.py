"""Banning SIP sources: FreeSWITCH's registration events in, the `not_banned` ACL out.

Each REGISTER (or INVITE) whose digest check fails fires CUSTOM `sofia::register_failure`
with the source in `network-ip`; every REGISTER fires `sofia::pre_register`. The pure
vaxel.security.bans.BanTracker decides; a ban is stored (sip_ban, with an ops alert), then
banned.local.xml is rewritten in the FreeSWITCH configuration folder and `reloadacl` makes
FreeSWITCH refuse that address at once. A periodic sync re-reads the table, so bans that
expire, or that ops lift or add in webadmin, reach FreeSWITCH within SYNC_INTERVAL.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Callable

from gevent.lock import Semaphore

from vaxel.base import utcnow
from vaxel.security.acl import FILE_NAME, banned_acl_file
from vaxel.security.bans import BanDecision, BanPolicy, BanTracker, normalise_source
from vaxel.security.services import active_bans, allow_list, record_ban

from ... import metrics
from ...esl import EslError
from .. import Deps

log = logging.getLogger(__name__)

SYNC_INTERVAL = 10.0
FAILURE = "sofia::register_failure"
REQUEST = "sofia::pre_register"


def policy_of(settings) -> BanPolicy:
    return BanPolicy(settings.ban_max_failures, settings.ban_window_seconds, settings.ban_seconds,
                     settings.flood_requests, settings.flood_window_seconds, settings.ban_seconds)


class BanGuard:
    def __init__(self, deps: Deps, clock: Callable[[], float] = time.monotonic):
        self.deps = deps
        self.clock = clock
        self.tracker = BanTracker(policy_of(deps.settings))
        self.acl_path = Path(deps.settings.fs_conf_dir) / FILE_NAME
        self._written: frozenset[str] | None = None
        # The periodic sync, a ban and a reconnect may all sync at once; one at a time, or
        # a slower one could write an older picture last.
        self._lock = Semaphore()

    def on_event(self, event) -> None:
        subclass = event.get("Event-Subclass")
        if subclass not in (FAILURE, REQUEST):
            return
        source = normalise_source(event.get("network-ip") or "")
        if source is None:
            return
        now = self.clock()
        decision = (self.tracker.failure(source, now) if subclass == FAILURE
                    else self.tracker.request(source, now))
        if decision is not None:
            self.ban(decision)

    def ban(self, decision: BanDecision) -> None:
        with self.deps.session_factory.begin() as session:
            record_ban(session, decision)
        metrics.BANS.labels(decision.reason).inc()
        self.sync()

    def sync(self) -> None:
        """Make FreeSWITCH's ACL match the table (and the tracker the allow-list)."""
        with self._lock:
            self._sync()

    def _sync(self) -> None:
        now = utcnow()
        with self.deps.session_factory() as session:
            bans = {b.source: b.until for b in active_bans(session, now)}
            # Behind Kamailio every digest a node refuses comes from a Kamailio's address:
            # banning one would cut off its phones (Kamailio bans the real sources).
            self.tracker.set_allow([*self.deps.settings.sip_proxies,
                                    *(a.network for a in allow_list(session))])
        mono = self.clock()
        for source in set(self.tracker.banned) - set(bans):
            self.tracker.forget(source)  # lifted by ops, or run out
        for source, until in bans.items():
            self.tracker.banned[source] = mono + (until - now).total_seconds()
        self.tracker.prune(mono)
        self._apply(frozenset(bans))

    def _apply(self, sources: frozenset[str]) -> None:
        metrics.BANNED_NOW.set(len(sources))
        if sources == self._written or (not sources and not self.acl_path.exists()):
            self._written = sources
            return
        _write_atomically(self.acl_path, banned_acl_file(sources))
        try:
            reply = self.deps.inbound.api("reloadacl", timeout=10)
        except EslError as exc:  # retried by the next sync: _written stays as it was
            log.warning("could not reload FreeSWITCH's ACLs: %s", exc)
            return
        if not reply.startswith("+OK"):
            log.error("reloadacl failed: %s", reply.strip())
            return
        self._written = sources
        log.info("FreeSWITCH ACL not_banned now denies %s address(es)", len(sources))


def _write_atomically(path: Path, text: str) -> None:
    # FreeSWITCH may read the file at any moment (reloadxml): never let it see half of one.
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
