"""The double acting as FreeSWITCH's `socket <addr> async full` for one call."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import gevent
from gevent.queue import Queue

from . import wire
from .apps import run_app
from .call import DoubleCall, Sent
from .cdr import write_json_cdr
from .inbound import Listener

if TYPE_CHECKING:
    from .double import FreeSwitchDouble

log = logging.getLogger(__name__)
SOCKET_APP_DATA = "127.0.0.1:8084 async full"
# What our dialplans put after `socket` (vaxel.routing.dialplan._handover): reached when
# the controller cannot be reached, or closed a resumed call's socket.
FALLBACK = ("hangup", "NORMAL_TEMPORARY_FAILURE")


class CallLeg(Listener):
    """Serves the controller's commands for one call and plays the call's script."""

    needs_auth = False

    def __init__(self, double: "FreeSwitchDouble", sock, call: DoubleCall):
        super().__init__(double, sock)
        self.call = call
        call.leg = self
        self.linger: int | None = None
        self.running_app: str | None = None
        self.socket_app_uuid = double.new_uuid()
        self._apps: Queue = Queue()
        self._finished = False
        self.controller_gone = False
        self.detached = False  # set when a restart keeps the channel but drops the socket
        self.resume = False  # `resume`: a closed socket lets the dialplan continue
        self._runner = gevent.spawn(self._run_apps)

    def serve(self) -> None:
        if self.call.script.hangup_after is not None:
            gevent.spawn_later(self.call.script.hangup_after, self.caller_hangup)
        super().serve()

    def record(self, line: str, headers: dict) -> None:
        line = line.strip()
        self.call.commands.append(Sent(line.split(" ", 1)[0], line, headers))

    # -- events -------------------------------------------------------------------------
    def emit(self, name: str, tail=(), digit: str = "") -> None:
        """Send this call's event to the controller (if it asked) and to inbound listeners."""
        mine = self.format is not None and not self.wire.closed
        if not mine and not self.double.wants(name):
            return
        event = self.call.event(name, tail, digit)
        if mine:
            self.deliver(event)
        self.double.broadcast(event)

    # -- commands -----------------------------------------------------------------------
    def on_connect(self, rest: str, headers: dict) -> None:
        self.record("connect", headers)
        self.wire.send(self.call.channel_data_reply())

    def on_myevents(self, rest: str, headers: dict) -> None:
        self.record("myevents " + rest, headers)
        self.format = rest.split()[0] if rest.split() else "plain"
        self.names.add("ALL")
        self.wire.send(wire.reply("+OK Events Enabled"))

    def on_linger(self, rest: str, headers: dict) -> None:
        self.record("linger " + rest, headers)
        self.linger = int(rest) if rest.strip().isdigit() else 600
        self.wire.send(wire.reply("+OK will linger %d seconds" % self.linger))

    def on_divert_events(self, rest: str, headers: dict) -> None:
        self.record("divert_events " + rest, headers)
        self.wire.send(wire.reply("+OK events diverted" if rest == "on"
                                  else "+OK events not diverted"))

    def on_api(self, command: str, headers: dict) -> None:
        self.record("api " + command, headers)
        super().on_api(command, headers)

    def on_sendmsg(self, rest: str, headers: dict) -> None:
        self.record("sendmsg " + rest, headers)
        self.wire.send(wire.reply("+OK"))  # async full: accepted now, run in order later
        if headers.get("call-command") == "hangup":
            self.caller_hangup(headers.get("hangup-cause") or "NORMAL_CLEARING")
        elif headers.get("call-command") == "execute":
            self._apps.put((headers.get("execute-app-name", ""),
                            headers.get("execute-app-arg", ""), headers.get("Event-UUID", "")))

    def on_resume(self, rest: str, headers: dict) -> None:
        self.record("resume", headers)
        self.resume = True
        self.wire.send(wire.reply("+OK"))

    def on_exit(self, rest: str, headers: dict) -> None:
        self.record("exit", headers)
        super().on_exit(rest, headers)

    def on_closed(self) -> None:
        if self.detached:
            return
        # The controller closed its end: FreeSWITCH stops sending it events and hangs up
        # a channel it still had (after the linger time, the disconnect notice).
        self.controller_gone = True
        self.format = None
        if self.resume:
            # mod_event_socket with LFLAG_RESUME: no hang-up, no BYE. The application
            # running (a bridge, a prompt) carries on; then the `socket` app returns and
            # the dialplan goes on with the action after it.
            if not self.call.hungup:
                self._apps.put(FALLBACK + (self.double.new_uuid(),))
            return
        self.caller_hangup("NORMAL_CLEARING")

    # -- call life ----------------------------------------------------------------------
    def _run_apps(self) -> None:
        for item in self._apps:
            if item is None or self.call.hungup:
                break
            app, arg, app_uuid = item
            self.running_app = app
            self.wire.cork()
            response = run_app(self, app, arg, app_uuid)
            self.running_app = None
            if self.call.hungup:
                self.finish(response)
                return
            self.wire.flush()

    def wait(self, seconds: float, breakable: bool = False) -> bool:
        """Let `seconds` of call time pass; True if the channel hung up meanwhile.

        breakable: `uuid_break` ends the wait early (media apps; a bridge is not broken)."""
        if seconds > 0 and not self.call.hungup:
            self.wire.flush()
            events = [self.call._hangup_evt]
            if breakable:
                self.call._break_evt.clear()
                events.append(self.call._break_evt)
            gevent.wait(events, timeout=seconds, count=1)
        return self.call.hungup

    def hangup(self, cause: str) -> None:
        """The channel goes down: CHANNEL_HANGUP now; the rest follows in finish()."""
        if self.call.hungup:
            return
        self.call.mark_ended(cause)
        self.emit("CHANNEL_HANGUP")
        self.call._hangup_evt.set()

    def caller_hangup(self, cause: str = "NORMAL_CLEARING") -> None:
        """The far end hangs up (script, uuid_kill): interrupts the running application."""
        if self.call.hungup:
            return
        idle = self.running_app is None
        self.hangup(cause)
        if idle:
            self._apps.put(None)
            gevent.spawn(self.finish, "_none_")

    def finish(self, last_response: str) -> None:
        """After CHANNEL_HANGUP: the tail of events and notices seen in the captures."""
        if self._finished:
            return
        self._finished = True
        self.wire.cork()
        self.emit("CHANNEL_UNPARK")
        self.emit("CHANNEL_EXECUTE_COMPLETE", [
            ("Application", "socket"), ("Application-Data", SOCKET_APP_DATA),
            ("Application-Response", last_response), ("Application-UUID", self.socket_app_uuid)])
        self.emit("CHANNEL_STATE")
        if self.linger is not None and not self.controller_gone:
            self.wire.send(wire.linger_notice(self.call.uuid, self.call.channel_name, self.linger))
        self.emit("CHANNEL_STATE")
        self.emit("CHANNEL_HANGUP_COMPLETE")
        self.wire.flush()
        if self.linger is not None:
            gevent.sleep(min(self.linger, self.double.linger_cap))
        self.wire.send(wire.disconnect_notice(self.call.uuid))
        self.wire.close()
        self._done()

    def _done(self) -> None:
        if self.double.cdr_dir is not None:
            write_json_cdr(self.call, self.double.cdr_dir)
        self.double.forget_call(self.call)
        self.call.ended.set()
