"""Inbound Event Socket: InboundClient connects to FreeSWITCH (events, api, bgapi) and
stays connected, reconnecting after any loss."""
from __future__ import annotations

import logging
import time
from typing import Callable, Iterable

import gevent
from gevent import socket
from gevent.event import Event as GeventEvent

from .connection import BackgroundJob, EslConnection, check_line
from .frames import EslAuthError, EslCommandError, EslError, EslTimeout, Event

log = logging.getLogger(__name__)
Hook = Callable[["InboundClient"], object]


def split_subscription(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """(event names, CUSTOM subclasses) of one `event` command's words: FreeSWITCH reads
    every word after CUSTOM as a subclass name, whatever it looks like."""
    words = list(words)
    if "CUSTOM" not in words:
        return words, []
    at = words.index("CUSTOM")
    return words[:at + 1], words[at + 1:]


def subscription_line(names: Iterable[str], subclasses: Iterable[str]) -> str:
    """One `event` command for `names` and `subclasses`: plain names first, then CUSTOM
    and its subclasses last (after CUSTOM, FreeSWITCH subscribes to no plain name)."""
    plain = [n for n in names if n != "CUSTOM"]
    subclasses = list(subclasses)
    custom = ["CUSTOM", *subclasses] if subclasses or "CUSTOM" in names else []
    return " ".join(plain + custom)


class InboundClient(EslConnection):
    """A connection we open to FreeSWITCH; re-subscribes and re-filters after reconnecting."""

    def __init__(self, host: str, port: int, password: str, *, timeout: float = 5.0,
                 backoff: tuple[float, float] = (0.5, 30.0),
                 heartbeat_timeout: float | None = None):
        super().__init__(timeout)
        self.host, self.port, self.password = host, port, password
        self.backoff = backoff
        # FreeSWITCH sends HEARTBEAT every 20 s; silence for longer means a dead peer.
        self.heartbeat_timeout = heartbeat_timeout
        self.event_format = "plain"
        self._event_names: list[str] = ["HEARTBEAT"] if heartbeat_timeout else []
        self._subclasses: list[str] = []  # CUSTOM subclasses (sofia::register_failure…)
        self._filters: list[tuple[str, str]] = []
        self._on_connect: list[Hook] = []
        self._on_disconnect: list[Hook] = []
        self._keeper: gevent.Greenlet | None = None
        self._lost = GeventEvent()
        self._up = GeventEvent()  # set while connected and authenticated
        self._watcher: gevent.Greenlet | None = None
        self._closing = False

    def on_connect(self, hook: Hook) -> None:
        """Call `hook(client)` after every (re)connection, once events are re-subscribed."""
        self._on_connect.append(hook)

    def on_disconnect(self, hook: Hook) -> None:
        self._on_disconnect.append(hook)

    def connect(self) -> None:
        """One attempt: TCP connect, authenticate, restore subscriptions, run on_connect hooks."""
        self._reset_connection_state()
        self._lost.clear()
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        sock.settimeout(None)  # the reader waits for events indefinitely; commands time out
        self._start_reader(sock)
        try:
            self._authenticate()
            self._restore()
        except (EslError, OSError):
            self.close_socket()
            raise
        self._up.set()
        for hook in self._on_connect:
            gevent.spawn(self._run_hook, hook)

    def _authenticate(self) -> None:
        try:
            self._auth_requested.get(timeout=self.timeout)
        except gevent.Timeout:
            raise EslTimeout("no auth/request from %s:%s" % (self.host, self.port)) from None
        check_line(self.password)
        reply = self.command("auth " + self.password)
        if not reply.reply_text.startswith("+OK"):
            raise EslAuthError("FreeSWITCH at %s:%s refused the Event Socket password: %s"
                               % (self.host, self.port, reply.reply_text))

    def _restore(self) -> None:
        if self._event_names or self._subclasses:
            self._send_events()
        for header, value in self._filters:
            self.command("filter %s %s" % (header, value))

    def start(self) -> None:
        """Connect in the background and keep reconnecting (with back-off) until close()."""
        self._closing = False
        if self._keeper is None or self._keeper.dead:
            self._keeper = gevent.spawn(self._keep_connected)
        if self.heartbeat_timeout and (self._watcher is None or self._watcher.dead):
            self._watcher = gevent.spawn(self._watch_heartbeats)

    def wait_connected(self, timeout: float) -> bool:
        """Wait (at most `timeout` s) until connected and authenticated; True if so."""
        return self._up.wait(timeout) is True and self.connected

    def _keep_connected(self) -> None:
        delay = self.backoff[0]
        while not self._closing:
            try:
                self.connect()
            except (EslError, OSError) as exc:
                log.warning("cannot connect to FreeSWITCH at %s:%s (%s); retrying in %.1fs",
                            self.host, self.port, exc, delay)
                gevent.sleep(delay)
                delay = min(delay * 2, self.backoff[1])
                continue
            delay = self.backoff[0]
            self._lost.wait()

    def _watch_heartbeats(self) -> None:
        assert self.heartbeat_timeout
        while not self._closing:
            gevent.sleep(self.heartbeat_timeout / 4)
            silent = time.monotonic() - self.last_data_at
            if self.connected and silent > self.heartbeat_timeout:
                log.warning("no heartbeat from FreeSWITCH for %.0fs; reconnecting", silent)
                self.close_socket()

    def _run_hook(self, hook: Hook) -> None:
        try:
            hook(self)
        except Exception:  # one failing hook must not stop the others or the connection
            log.exception("Event Socket hook %s failed", hook)

    def _connection_lost(self, sock, reason: str) -> None:
        was_connected = self.connected
        super()._connection_lost(sock, reason)
        if sock is self.sock:
            self._up.clear()
            self._lost.set()
            if was_connected:
                for hook in self._on_disconnect:
                    gevent.spawn(self._run_hook, hook)

    def events(self, *names: str, fmt: str = "plain") -> Event | None:
        """Subscribe to FreeSWITCH events (`event plain|json NAME ...`), now if connected,
        and again after every reconnect. As in FreeSWITCH's own command, the words after
        CUSTOM are subclasses: `events("CHANNEL_CREATE", "CUSTOM", "sofia::register")`."""
        if fmt not in ("plain", "json"):
            raise ValueError("event format must be plain or json")
        self.event_format = fmt
        plain, subclasses = split_subscription(names)
        self._event_names += [n for n in plain if n not in self._event_names]
        self._subclasses += [n for n in subclasses if n not in self._subclasses]
        return self._send_events() if self.connected else None

    def _send_events(self) -> Event:
        line = subscription_line(self._event_names, self._subclasses)
        check_line(line)
        reply = self.command("event %s %s" % (self.event_format, line))
        if not reply.reply_text.startswith("+OK"):
            raise EslCommandError("event %s: %s" % (line, reply.reply_text))
        return reply

    def nixevent(self, *names: str) -> Event:
        plain, subclasses = split_subscription(names)
        if subclasses:  # `nixevent CUSTOM a` drops subclass a, not every CUSTOM event
            plain = [n for n in plain if n != "CUSTOM"]
        self._event_names = [n for n in self._event_names if n not in plain]
        self._subclasses = [n for n in self._subclasses if n not in subclasses]
        return self.command("nixevent " + subscription_line(plain, subclasses))

    def filter(self, header: str, value: str) -> Event | None:
        """Only deliver events whose `header` equals `value` (kept across reconnects)."""
        check_line(header + value)
        self._filters.append((header, value))
        return self.command("filter %s %s" % (header, value)) if self.connected else None

    def bgapi(self, command: str, timeout: float | None = None,
              job_timeout: float = 120.0) -> BackgroundJob:
        # Results only arrive to listeners subscribed to BACKGROUND_JOB.
        if not {"ALL", "BACKGROUND_JOB"} & set(self._event_names):
            self.events("BACKGROUND_JOB", fmt=self.event_format)
        return super().bgapi(command, timeout, job_timeout)

    def close_socket(self) -> None:
        """Drop the current connection only (the keeper, if started, reconnects)."""
        self._closed_locally = True
        if self.sock is not None:
            self.sock.close()

    def close(self) -> None:
        """Stop reconnecting and close for good."""
        self._closing = True
        for greenlet in (self._keeper, self._watcher):
            if greenlet is not None:
                greenlet.kill(block=False)
        super().close()
