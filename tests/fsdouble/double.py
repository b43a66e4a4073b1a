"""FreeSwitchDouble: a FreeSWITCH that speaks the real Event Socket protocol over TCP."""
from __future__ import annotations

import json
import logging
import re
import uuid as uuidlib
from typing import Callable, Mapping

import gevent
from gevent import socket
from gevent.server import StreamServer

from .call import CallScript, DoubleCall
from .events import FsEvent, generic_event
from .inbound import Listener
from .outbound import FALLBACK, CallLeg
from .traces import fs_frames

log = logging.getLogger(__name__)
ApiHandler = Callable[[str], str]
VERSION = "FreeSWITCH Version 1.10.12-release+git~20240802T210227Z~a88d069 (git a88d069 " \
          "2024-08-02 21:02:27Z 64bit)\n"


class FreeSwitchDouble:
    """Serves inbound clients on `address` and places scripted calls to a controller."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, password: str = "ClueCon", *,
                 linger_cap: float = 0.05):
        self.password = password
        self.linger_cap = linger_cap  # real linger is seconds; tests need not wait for it
        self.listeners: list[Listener] = []
        self.calls: dict[str, DoubleCall] = {}  # live channels, by uuid
        self.placed: list[DoubleCall] = []  # every call ever placed
        self.command_log: list[str] = []  # first line of every command received
        self.originate_outcomes: dict[str, str] = {}  # dial-string substring → cause
        self.cdr_dir = None  # a Path: mod_json_cdr's folder, one file per finished leg (cdr.py)
        self.acl_reloads = 0  # `reloadacl` commands received
        self.sent_events: list[tuple[str, dict[str, str]]] = []  # `sendevent` name, headers
        # SIP user → the <variables> of its directory entry (xml_curl's), for B-legs.
        self.directory: dict[str, dict[str, str]] = {}
        self.api_handlers: dict[str, ApiHandler] = {
            "status": lambda arg: _captured_status(), "version": lambda arg: VERSION,
            "show": self._api_show, "uuid_exists": self._api_uuid_exists,
            "reloadacl": self._api_reloadacl,
            "uuid_kill": self._api_uuid_kill, "uuid_getvar": self._api_uuid_getvar,
            "originate": self._api_originate, "uuid_break": self._api_uuid_break,
            "uuid_bridge": self._api_uuid_bridge, "uuid_transfer": self._api_uuid_transfer,
            "uuid_setvar": self._api_uuid_setvar, "uuid_hold": self._api_uuid_hold}
        # uuid_transfer requests carried out: (uuid, destination, dialplan, context, leg).
        self.transfers: list[tuple[str, str, str, str, str]] = []
        self._bind = (host, port)
        self._server: StreamServer | None = None

    # -- life -----------------------------------------------------------------------------
    def start(self) -> "FreeSwitchDouble":
        self._server = StreamServer(self._bind, self._serve_inbound)
        self._server.start()
        self._bind = self._server.address  # keep the port across restarts
        return self

    @property
    def address(self) -> tuple[str, int]:
        return self._bind

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(timeout=1)
            self._server = None
        self._drop_connections()

    def restart(self, downtime: float = 0.5, keep_calls: bool = False) -> None:
        """Crash and come back: every connection drops, the port is closed for `downtime`.

        keep_calls: channels stay listed in `show channels` (as if they survived).
        """
        self._drop_connections(keep_calls)
        self._server.stop(timeout=1)
        if not keep_calls:
            for call in list(self.calls.values()):
                call.hungup = True
                call.ended.set()
            self.calls.clear()
        gevent.sleep(downtime)
        self.start()

    def _drop_connections(self, keep_calls: bool = False) -> None:
        for listener in list(self.listeners):
            listener.wire.close()
        for call in list(self.calls.values()):
            if call.leg is not None:
                call.leg.detached = keep_calls  # the channel lives on without its socket
                call.leg.wire.close()

    def _serve_inbound(self, sock, address) -> None:
        listener = Listener(self, sock)
        self.listeners.append(listener)
        listener.serve()

    def forget_listener(self, listener: Listener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    def forget_call(self, call: DoubleCall) -> None:
        self.calls.pop(call.uuid, None)

    @staticmethod
    def new_uuid() -> str:
        return str(uuidlib.uuid4())

    # -- outbound calls -------------------------------------------------------------------
    def place_call(self, controller: tuple[str, int], caller: str = "1000",
                   destination: str = "4600", *, caller_name: str = "Alex Nguyen",
                   context: str = "default", variables: Mapping[str, str] | None = None,
                   script: CallScript | None = None) -> DoubleCall:
        """A call arrives and the dialplan runs `socket <controller> async full`."""
        call = DoubleCall(caller, destination, caller_name=caller_name, context=context,
                          variables=variables, script=script)
        self.calls[call.uuid] = call
        self.placed.append(call)
        gevent.spawn(self._run_leg, controller, call)
        return call

    def _run_leg(self, controller: tuple[str, int], call: DoubleCall) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(5)
        try:
            sock.connect(controller)  # an address, not a name: no resolver round trip
        except OSError as exc:
            sock.close()
            # "Socket Error!" in FreeSWITCH's log; the dialplan's next action hangs up.
            log.warning("double: socket app cannot reach %s: %s", controller, exc)
            call.hungup, call.cause = True, FALLBACK[1]
            self.forget_call(call)
            call.ended.set()
            return
        sock.settimeout(None)
        if self.wants("CHANNEL_CREATE"):
            self.broadcast(call.created_event())
        CallLeg(self, sock, call).serve()

    # -- events ---------------------------------------------------------------------------
    def wants(self, name: str) -> bool:
        return any(listener.wants(name) for listener in self.listeners)

    def broadcast(self, event: FsEvent) -> None:
        for listener in self.listeners:
            if listener.wants(event.name):
                listener.deliver(event)

    def emit(self, name: str, headers: Mapping[str, str] | None = None, body: str = "") -> FsEvent:
        """Send a non-channel event (HEARTBEAT, CUSTOM sofia::register...) to listeners."""
        event = generic_event(name, dict(headers or {}), body)
        self.broadcast(event)
        return event

    def background_job(self, command: str, job_uuid: str) -> None:
        result = self.run_api(command)
        name, _, arg = command.partition(" ")
        self.emit("BACKGROUND_JOB", {"Job-UUID": job_uuid, "Job-Command": name,
                                     "Job-Command-Arg": arg}, result)

    # -- api ------------------------------------------------------------------------------
    def register_api(self, name: str, handler: ApiHandler) -> None:
        """Answer `api <name> <arg>` with handler(arg) (the whole body, newline included)."""
        self.api_handlers[name] = handler

    def run_api(self, command: str) -> str:
        name, _, arg = command.strip().partition(" ")
        handler = self.api_handlers.get(name)
        if handler is None:
            return "-ERR %s Command not found!\n" % name
        return handler(arg)

    def _api_show(self, arg: str) -> str:
        if arg.split()[:1] != ["channels"]:
            return "-ERR unsupported in the double: show %s\n" % arg
        rows = [call.row() for call in self.calls.values()]
        if not rows:
            return '{"row_count": 0}\n'
        return json.dumps({"row_count": len(rows), "rows": rows}) + "\n"

    def _api_reloadacl(self, arg: str) -> str:
        self.acl_reloads += 1
        return "+OK acl reloaded\n"

    def _api_uuid_exists(self, arg: str) -> str:
        return "true" if arg.strip() in self.calls else "false"

    def _api_uuid_getvar(self, arg: str) -> str:
        call_uuid, _, name = arg.partition(" ")
        call = self.calls.get(call_uuid)
        if call is None:
            return "-ERR No such channel!"
        return call.variables.get(name.strip(), "_undef_")

    def _api_uuid_kill(self, arg: str) -> str:
        call_uuid, _, cause = arg.partition(" ")
        call = self.calls.get(call_uuid)
        if call is None:
            return "-ERR No such channel!\n"
        if call.leg is not None:
            call.leg.caller_hangup(cause.strip() or "NORMAL_CLEARING")
        else:
            call.mark_ended(cause.strip() or "NORMAL_CLEARING")
            self.forget_call(call)
            if self.wants("CHANNEL_HANGUP_COMPLETE"):
                self.broadcast(call.event("CHANNEL_HANGUP_COMPLETE"))
        return "+OK\n"

    def _api_originate(self, arg: str) -> str:
        dial = arg.split(" ", 1)[0]
        cause = next((v for k, v in self.originate_outcomes.items() if k in dial), "SUCCESS")
        if cause != "SUCCESS":
            return "-ERR %s\n" % cause
        match = re.search(r"origination_uuid=([0-9a-fA-F-]+)", dial)
        user = re.search(r"user/([^@ ]+)", dial)
        # {a=b,c=d} at the front become the new channel's variables, as in FreeSWITCH.
        options = re.match(r"\{([^}]*)\}", dial)
        variables = dict(o.split("=", 1) for o in (options.group(1).split(",") if options else ())
                         if "=" in o)
        call = DoubleCall(user.group(1) if user else "0000000000", "park",
                          uuid=match.group(1) if match else None, variables=variables)
        self.calls[call.uuid] = call
        call.mark_answered()
        for name in ("CHANNEL_ORIGINATE", "CHANNEL_ANSWER"):
            if self.wants(name):
                self.broadcast(call.event(name))
        return "+OK %s\n" % call.uuid

    def _api_uuid_break(self, arg: str) -> str:
        """Stop the media (playback) now playing on the channel; the app completes."""
        call = self.calls.get(arg.split(" ", 1)[0].strip())
        if call is None:
            return "-ERR No such channel!\n"
        call._break_evt.set()
        return "+OK\n"

    def _api_uuid_bridge(self, arg: str) -> str:
        """Bridge two live (e.g. parked, originated) channels."""
        parts = arg.split()
        calls = [self.calls.get(p) for p in parts[:2]]
        if len(parts) < 2 or None in calls:
            return "-ERR no such channel\n"
        a_leg, b_leg = calls
        a_leg.bridge_to(b_leg.uuid, b_leg.caller)
        a_leg.bridged = b_leg.bridged = True
        a_leg.set_variable("bridge_uuid", b_leg.uuid)  # each names the other, as in FreeSWITCH
        b_leg.set_variable("bridge_uuid", a_leg.uuid)
        if self.wants("CHANNEL_BRIDGE"):
            self.broadcast(a_leg.event("CHANNEL_BRIDGE"))
        return "+OK %s\n" % b_leg.uuid

    def _api_uuid_transfer(self, arg: str) -> str:
        """`uuid_transfer <uuid> [-bleg|-both] <dest> [<dialplan>] [<context>]`: FreeSWITCH
        answers +OK and sends the channel through the dialplan again; the double records
        the request (what a test checks) and leaves the channel as it is."""
        parts = arg.split()
        leg = parts.pop(1) if len(parts) > 1 and parts[1] in ("-bleg", "-both") else ""
        if len(parts) < 2:
            return "-ERR Usage: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n"
        call_uuid, destination = parts[0], parts[1]
        if call_uuid not in self.calls:
            return "-ERR No such channel!\n"
        dialplan = parts[2] if len(parts) > 2 else "XML"
        context = parts[3] if len(parts) > 3 else "default"
        self.transfers.append((call_uuid, destination, dialplan, context, leg))
        return "+OK\n"

    def _api_uuid_hold(self, arg: str) -> str:
        """`uuid_hold [off|toggle] <uuid>`: as FreeSWITCH's mod_commands answers it; the
        double keeps the channel's hold state in `held` (the real one re-INVITEs the phone
        and plays the partner the hold music)."""
        parts = arg.split()
        off = bool(parts) and parts[0] in ("off", "toggle")
        call = self.calls.get(parts[-1]) if parts else None
        if call is None:
            return "-ERR Operation Failed\n"
        call.held = not call.held if parts[0] == "toggle" else not off
        return "+OK Success\n"

    def _api_uuid_setvar(self, arg: str) -> str:
        """`uuid_setvar <uuid> <name> [value]` (no value unsets, as in FreeSWITCH)."""
        parts = arg.split(" ", 2)
        call = self.calls.get(parts[0].strip()) if parts else None
        if len(parts) < 2 or not parts[1].strip():
            return "-ERR Syntax error\n"
        if call is None:
            return "-ERR No such channel!\n"
        call.set_variable(parts[1].strip(), parts[2] if len(parts) > 2 else "")
        return "+OK Success\n"


def _captured_status() -> str:
    for frame in fs_frames("inbound-plain-ivr-bridge"):
        if frame.body.startswith(b"UP "):
            return frame.body.decode()
    return "UP 0 years\n"
