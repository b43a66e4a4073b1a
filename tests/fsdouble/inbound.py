"""The double's side of an inbound Event Socket connection (a client connected to it)."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import gevent

from . import wire
from .events import FsEvent

if TYPE_CHECKING:
    from .double import FreeSwitchDouble

log = logging.getLogger(__name__)


class Listener:
    """A connection the double serves: commands in, replies and subscribed events out."""

    needs_auth = True

    def __init__(self, double: "FreeSwitchDouble", sock):
        self.double = double
        self.wire = wire.Wire(sock)
        self.format: str | None = None
        self.names: set[str] = set()
        self.subclasses: set[str] = set()  # CUSTOM ones, named by Event-Subclass
        self.filters: list[tuple[str, str]] = []
        self.authed = not self.needs_auth
        self.commands: list[tuple[str, dict[str, str]]] = []

    # -- events -------------------------------------------------------------------------
    def wants(self, name: str) -> bool:
        """As mod_event_socket decides: ALL takes everything; a CUSTOM event with a
        subclass (the double names those by subclass) needs CUSTOM and that subclass."""
        if self.format is None:
            return False
        if "ALL" in self.names:
            return True
        if "::" in name:
            return "CUSTOM" in self.names and name in self.subclasses
        return name in self.names

    def deliver(self, event: FsEvent) -> None:
        if self.filters and not any(event.get(h) == v for h, v in self.filters):
            return
        self.wire.send(event.json_frame() if self.format == "json" else event.plain_frame())

    # -- commands -----------------------------------------------------------------------
    def serve(self) -> None:
        if self.needs_auth:
            self.wire.send(wire.AUTH_REQUEST)
        for line, headers in self.wire.commands():
            self.commands.append((line, headers))
            self.double.command_log.append(line)
            verb, _, rest = line.partition(" ")
            if not self.authed and verb != "auth":
                self.wire.send(wire.reply("-ERR command not found"))
                continue
            handler = getattr(self, "on_" + verb, None)
            if handler is None:
                self.wire.send(wire.reply("-ERR command not found"))
            else:
                handler(rest, headers)
        self.on_closed()

    def on_closed(self) -> None:
        self.wire.close()
        self.double.forget_listener(self)

    def on_auth(self, password: str, headers: dict) -> None:
        if password == self.double.password:
            self.authed = True
            self.wire.send(wire.reply("+OK accepted"))
            return
        self.wire.send(wire.reply("-ERR invalid") + wire.disconnect_notice())
        self.wire.close()

    def on_api(self, command: str, headers: dict) -> None:
        self.wire.send(wire.api_response(self.double.run_api(command)))

    def on_bgapi(self, command: str, headers: dict) -> None:
        job_uuid = headers.get("Job-UUID") or self.double.new_uuid()
        self.wire.send(wire.reply("+OK Job-UUID: " + job_uuid, ("Job-UUID", job_uuid)))
        gevent.spawn(self.double.background_job, command, job_uuid)

    def on_event(self, rest: str, headers: dict) -> None:
        fmt, _, names = rest.partition(" ")
        if fmt not in ("plain", "json", "xml"):
            names, fmt = rest, "plain"
        self.format = fmt
        words = names.split()
        # FreeSWITCH reads every word after CUSTOM as a subclass, whatever it looks like:
        # `event plain CUSTOM sofia::register_failure CHANNEL_CREATE` gives no CHANNEL_CREATE.
        at = words.index("CUSTOM") + 1 if "CUSTOM" in words else len(words)
        self.names.update(words[:at])
        self.subclasses.update(words[at:])
        self.wire.send(wire.reply("+OK event listener enabled " + fmt))

    def on_filter(self, rest: str, headers: dict) -> None:
        header, _, value = rest.partition(" ")
        self.filters.append((header, value))
        self.wire.send(wire.reply("+OK filter added. [%s]=[%s]" % (header, value)))

    def on_nixevent(self, rest: str, headers: dict) -> None:
        words = rest.split()
        at = words.index("CUSTOM") + 1 if "CUSTOM" in words else len(words)
        if at < len(words):  # `nixevent CUSTOM a b` drops those subclasses only
            self.subclasses.difference_update(words[at:])
            words = words[:at - 1]
        self.names.difference_update(words)
        self.wire.send(wire.reply("+OK events nixed"))

    def on_noevents(self, rest: str, headers: dict) -> None:
        self.names.clear()
        self.subclasses.clear()
        self.format = None
        self.wire.send(wire.reply("+OK no longer listening for events"))

    def on_sendevent(self, rest: str, headers: dict) -> None:
        """Fire an event (MESSAGE_WAITING lights phones' lamps); kept in `double.sent_events`."""
        name = rest.strip() or headers.get("Event-Name", "")
        event_uuid = self.double.new_uuid()
        self.double.sent_events.append((name, dict(headers)))
        self.wire.send(wire.reply("+OK " + event_uuid))
        self.double.emit(name, headers)

    def on_exit(self, rest: str, headers: dict) -> None:
        self.wire.send(wire.reply("+OK bye") + wire.disconnect_notice())
        self.wire.close()
