"""The controller: wires FreeSWITCH's two Event Socket directions to the call logic.

Outbound: FreeSWITCH's `socket` app hands each call to CallHandler in its own greenlet.
Inbound: one connection for platform-wide events (the live-call picture, the call log,
features' handlers), rebuilt from `show channels as json` after every reconnect.
A process following several nodes (VAXEL_NODES) runs one Controller per node (follow_nodes).
"""
from __future__ import annotations

import logging
from typing import Callable

import gevent
from sqlalchemy.orm import Session, sessionmaker

from vaxel.calls.bus import EventBus
from vaxel.calls.events import CallEnded
from vaxel.calls.log import record_call
from vaxel.infra.changes import CompanyCache
from vaxel.config import Settings

from .apps import Media
from .batching import BatchWriter
from .call_events import call_answered, call_ended, call_ringing
from .call_handler import CallHandler
from .esl import EslError, InboundClient, OutboundServer
from .features import Deps, Features, Periodic
from .live_calls import LiveCalls, parse_show_channels
from .call_data import DatabaseCallData
from .speech import speech_cache

log = logging.getLogger(__name__)

# Event handlers write to PostgreSQL; this many run at once per handler (each channel's
# events in order), so the database's latency does not cap the calls per second.
EVENT_WORKERS = 16
EVENTS = ("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_HANGUP_COMPLETE",
          "BACKGROUND_JOB", "DTMF", "CUSTOM", "HEARTBEAT")


class Controller:
    def __init__(self, settings: Settings, session_factory: sessionmaker[Session],
                 build_features: Callable[[Deps], Features], media: Media | None = None,
                 call_data: DatabaseCallData | None = None):
        self.settings = settings
        self.live = LiveCalls()
        self.bus = EventBus()
        self.writer = BatchWriter(session_factory)
        self.bus.subscribe(CallEnded, lambda ended: self.writer.submit(
            lambda session: record_call(session, ended)))
        self.call_data = call_data or DatabaseCallData(session_factory)
        host, port = settings.esl_address
        self.inbound = InboundClient(host, port, settings.esl_password, heartbeat_timeout=60)
        self.features = features = build_features(
            Deps(settings, session_factory, self.inbound, self.bus, self.live, self.writer,
                 _cache_of(self.call_data)))
        sounds = settings.data_dir / "sounds"
        media = media or Media(sounds, speech_cache(sounds / "tts") if settings.speech_cache else None)
        self.handler = CallHandler(self.call_data, features, media)
        self.outbound = OutboundServer(settings.controller_listen, self.take_call)
        self._periodic: list[Periodic] = []
        self._jobs: list[gevent.Greenlet] = []

    def start(self, platform_jobs: bool = True) -> None:
        """`platform_jobs` False: another controller in this process runs those (main)."""
        self.outbound.start()
        self.inbound.on_connect(self.resync)
        self.inbound.subscribe(self.on_event, workers=EVENT_WORKERS)
        for names, handler in self.features.event_handlers:
            self.inbound.subscribe(handler, names, workers=EVENT_WORKERS)
        self.inbound.events(*EVENTS)
        self.inbound.start()
        self._periodic = [job for job in self.features.periodic if platform_jobs or not job.platform]
        self._jobs = [gevent.spawn(self._every, job) for job in self._periodic]
        log.info("controller%s listening on %s:%s for calls",
                 f" of node {self.settings.node}" if self.settings.node else "",
                 *self.outbound.address)

    @property
    def jobs(self) -> list[str]:
        """The periodic jobs this controller runs."""
        return [job.name for job in self._periodic]

    def take_call(self, session) -> None:
        """A socket call from the node. Behind Kamailio, one that comes while this controller
        does not follow the node's events (FreeSWITCH restarted, the Event Socket not yet
        back) is left: resumed and closed, so the node's dialplan goes on to "503 Controller
        Unavailable" and Kamailio tries another node (a socket closed before `resume` would
        hang the caller up). Taken, its end would go unheard (no call log, no queue
        clean-up). On a single node there is no other node: it is taken."""
        if self.settings.sip_proxies and not self.inbound.connected:
            session.connect()
            session.command("resume")
            log.warning("call %s came while the Event Socket is down: left to another node",
                        session.uuid)
            return
        self.handler(session)

    def stop(self) -> None:
        gevent.killall(self._jobs)
        self.outbound.stop()
        self.inbound.close()
        self.writer.flush()

    def resync(self, client: InboundClient) -> None:
        """FreeSWITCH's own list of channels replaces ours after every (re)connection."""
        try:
            self.live.replace(parse_show_channels(client.api("show channels as json")))
        except EslError as exc:
            log.warning("could not rebuild the live calls: %s", exc)
            return
        log.info("live calls rebuilt from FreeSWITCH: %s", len(self.live))

    def on_event(self, event) -> None:
        self.live.on_event(event)
        if event.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE":
            ended = call_ended(event)
            if ended is not None:
                self.bus.publish(ended)
        elif event.get("Event-Name") == "CHANNEL_CREATE":
            for domain_event in call_ringing(event) or ():
                self.bus.publish(domain_event)
        elif event.get("Event-Name") == "CHANNEL_ANSWER":
            answered = call_answered(event)
            if answered is not None:
                self.bus.publish(answered)

    def _every(self, job: Periodic) -> None:
        while True:
            gevent.sleep(job.seconds)
            try:
                job.run()
            except Exception:  # a failing job is logged and retried next round, never fatal
                log.exception("periodic job %s failed", job.name)


def follow_nodes(settings: Settings, session_factory: sessionmaker[Session],
                 build_features: Callable[[Deps], Features],
                 call_data: DatabaseCallData | None = None) -> list[Controller]:
    """A started controller for each node these settings follow (VAXEL_NODES; else the one
    node), sharing the database and its look-ups. Each has its own Event Socket, socket-call
    listener and features, so a call's commands and events stay on its node; the first runs
    the platform-wide jobs."""
    controllers = [Controller(node, session_factory, build_features, call_data=call_data)
                   for node in settings.per_node()]
    for index, controller in enumerate(controllers):
        controller.start(platform_jobs=index == 0)
    return controllers


def _cache_of(call_data: DatabaseCallData) -> CompanyCache:
    """The look-ups' cache (fed by the change listener), so features share it; a fresh,
    never-enabled one when the look-ups are not cached. (An empty cache is falsy: no `or`.)"""
    cache = getattr(call_data, "cache", None)
    return CompanyCache() if cache is None else cache
