"""Outbound Event Socket: FreeSWITCH's `socket <addr> async full` connects to us per call.

In async full mode `sendmsg` is answered `+OK` at once and the application's end comes
later as CHANNEL_EXECUTE_COMPLETE; we tag each sendmsg with our own Event-UUID, which
FreeSWITCH echoes as Application-UUID, and wait for exactly that completion.
"""
from __future__ import annotations

import logging
from typing import Callable

import gevent
from gevent.event import AsyncResult
from gevent.server import StreamServer

from .connection import EslConnection, check_line, new_uuid
from .frames import CallHangup, EslCommandError, EslConnectionLost, EslTimeout, Event

log = logging.getLogger(__name__)

# Applications like playback or bridge legitimately run for minutes; callers pass their own.
DEFAULT_EXECUTE_TIMEOUT = 60.0


class CallSession(EslConnection):
    """One call handed to us by FreeSWITCH, driven from one greenlet."""

    def __init__(self, sock, address: tuple, timeout: float = 5.0):
        super().__init__(timeout)
        self.address = address
        self.hungup = False
        self.channel: Event | None = None  # CHANNEL_DATA, then the latest event of this channel
        self._uuid: str | None = None
        self._executions: dict[str, AsyncResult] = {}
        self._events_on = False
        self._start_reader(sock)

    @property
    def uuid(self) -> str:
        return self._uuid or ""

    def connect(self, timeout: float | None = None) -> Event:
        """Send `connect`; return the channel's CHANNEL_DATA (its variables and caller)."""
        reply = self.command("connect", timeout)
        if reply.get("Event-Name") != "CHANNEL_DATA":
            raise EslCommandError("connect answered without CHANNEL_DATA: %s" % reply.reply_text)
        self.channel = reply
        self._uuid = reply.get("Unique-ID")
        return reply

    def myevents(self) -> Event:
        """Receive this channel's events (plain)."""
        reply = self.command("myevents")
        self._events_on = True
        return reply

    def linger(self, seconds: int | None = None) -> Event:
        """Keep the socket open after hang-up so the final events still reach us."""
        return self.command("linger" if seconds is None else "linger %d" % seconds)

    def divert_events(self, on: bool = True) -> Event:
        return self.command("divert_events " + ("on" if on else "off"))

    def variable(self, name: str) -> str | None:
        """A channel variable as of the latest event seen for this channel."""
        return self.channel.get("variable_" + name) if self.channel is not None else None

    def execute(self, app: str, arg: str = "", timeout: float | None = None) -> Event:
        """Run a dialplan application; return its CHANNEL_EXECUTE_COMPLETE.

        Raises CallHangup when the channel hangs up (or the socket closes) first.
        """
        if self.hungup:
            raise CallHangup("call %s already hung up; not running %s" % (self.uuid, app))
        check_line(app + arg)
        if not self._events_on:  # without events no completion could ever arrive
            self.myevents()
        event_uuid = new_uuid()
        waiter = AsyncResult()
        self._executions[event_uuid] = waiter
        try:
            self._sendmsg(app, arg, event_uuid)
            return self._wait_complete(waiter, app, timeout)
        finally:
            self._executions.pop(event_uuid, None)

    def _sendmsg(self, app: str, arg: str, event_uuid: str) -> None:
        lines = ["sendmsg", "call-command: execute", "execute-app-name: " + app]
        if arg:
            lines.append("execute-app-arg: " + arg)
        lines += ["event-lock: true", "Event-UUID: " + event_uuid]
        try:
            reply = self.command("\n".join(lines))
        except EslConnectionLost as exc:  # FreeSWITCH closes the socket once the call is gone
            raise CallHangup("call %s: sendmsg %s failed: %s" % (self.uuid, app, exc)) from exc
        if not reply.reply_text.startswith("+OK"):
            raise EslCommandError("sendmsg %s: %s" % (app, reply.reply_text))

    def _wait_complete(self, waiter: AsyncResult, app: str, timeout: float | None) -> Event:
        wait = DEFAULT_EXECUTE_TIMEOUT if timeout is None else timeout
        try:
            return waiter.get(timeout=wait)
        except gevent.Timeout:
            raise EslTimeout("call %s: %s did not complete within %ss"
                             % (self.uuid, app, wait)) from None

    def hangup(self, cause: str = "NORMAL_CLEARING", timeout: float = 10.0) -> None:
        """Hang the channel up; a channel that is already gone is not an error."""
        try:
            self.execute("hangup", cause, timeout)
        except CallHangup:
            pass  # the hang-up we asked for (or the caller's) arrived first: done

    def _on_event(self, event: Event) -> None:
        name = event.get("Event-Name")
        if name == "CHANNEL_EXECUTE_COMPLETE":
            waiter = self._executions.get(event.get("Application-UUID") or "")
            if waiter is not None and not waiter.ready():  # a hang-up seen first wins
                waiter.set(event)
        if event.get("Unique-ID") == self._uuid:
            self.channel = event
            if name == "CHANNEL_HANGUP":
                self._mark_hungup("channel hung up (%s)" % event.get("Hangup-Cause"))
        super()._on_event(event)

    def _on_disconnect_notice(self, head: Event) -> None:
        super()._on_disconnect_notice(head)
        self._mark_hungup("disconnect notice (%s)" % head.get("Content-Disposition"))

    def _mark_hungup(self, why: str) -> None:
        self.hungup = True
        for waiter in self._executions.values():
            if not waiter.ready():
                waiter.set_exception(CallHangup("call %s: %s" % (self.uuid, why)))

    def _connection_lost(self, sock, reason: str) -> None:
        super()._connection_lost(sock, reason)
        self._mark_hungup("socket closed (%s)" % reason)


CallHandler = Callable[[CallSession], object]


class OutboundServer:
    """Accepts FreeSWITCH's outbound sockets (blocking accept) and runs `handler(session)`
    in one greenlet per call, closing the session when the handler returns."""

    def __init__(self, address: tuple[str, int], handler: CallHandler, *,
                 timeout: float = 5.0, max_calls: int = 1000):
        self.handler = handler
        self.timeout = timeout
        self.sessions: set[CallSession] = set()
        self._server = StreamServer(address, self._serve, spawn=max_calls)

    @property
    def address(self) -> tuple[str, int]:
        """The bound (host, port), useful when started on port 0."""
        return self._server.address

    def start(self) -> None:
        self._server.start()

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self, timeout: float | None = 5.0) -> None:
        self._server.stop(timeout=timeout)

    def _serve(self, sock, address: tuple) -> None:
        session = CallSession(sock, address, self.timeout)
        self.sessions.add(session)
        try:
            self.handler(session)
        except CallHangup as exc:
            log.info("call %s ended while handled: %s", session.uuid, exc)
        except Exception:  # one call's failure must not take the server down
            log.exception("call handler failed for call %s", session.uuid)
        finally:
            self.sessions.discard(session)
            session.close()
