"""Watching calls on the real FreeSWITCH from a test: its channel events, kept and searched.

A second inbound Event Socket connection beside the controller's, so a test can wait for
what the switch did (the menu started playing, a leg was bridged, the call hung up) instead
of sleeping, and find a call's legs by the SIP Call-ID the caller sent.
"""
from __future__ import annotations

import json
import queue
import socket
import threading
import time
from typing import Callable, Iterator

from .esl import EslSession

Event = dict[str, str]
EVENTS = "CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_EXECUTE CHANNEL_BRIDGE CHANNEL_HANGUP_COMPLETE"


class SwitchWatch:
    def __init__(self, port: int, password: str):
        self.session = EslSession(port, timeout=None)
        reply = self.session.auth(password)
        if reply != "+OK accepted":
            raise RuntimeError(f"Event Socket refused the test's login: {reply}")
        self.session.sock.sendall(f"event json {EVENTS}\n\n".encode())
        self.session.read_frame()  # command/reply
        self.events: list[Event] = []
        self._changed = threading.Condition()
        self._replies: queue.Queue[str] = queue.Queue()
        self._api_lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, name="switch-watch", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.session.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader thread
        self.session.close()
        self._thread.join(5)

    def _read(self) -> None:
        while True:
            try:
                headers, body = self.session.read_frame()
            except (ConnectionError, OSError):
                return
            kind = headers.get("Content-Type")
            if kind == "text/event-json":
                with self._changed:
                    self.events.append(json.loads(body))
                    self._changed.notify_all()
            elif kind == "api/response":
                self._replies.put(body)

    def api(self, command: str, timeout: float = 10.0) -> str:
        with self._api_lock:
            self.session.sock.sendall(f"api {command}\n\n".encode())
            return self._replies.get(timeout=timeout)

    def wait_for(self, match: Callable[[Event], bool], timeout: float, what: str,
                 start: int = 0) -> Event:
        """The first event from index `start` on that `match`es, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((e for e in self.events[start:] if match(e)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"FreeSWITCH never showed {what} within {timeout:.0f} s"
                                         f"\n{self.summary()}")
                self._changed.wait(left)

    def summary(self, last: int = 40) -> str:
        with self._changed:
            tail = self.events[-last:]
        return "\n".join(f"{e.get('Event-Name')} {e.get('Unique-ID', '')[:8]} "
                         f"{e.get('Application', '')} {e.get('Application-Data', '')[:80]}"
                         for e in tail)


class CallLegs:
    """One call as the switch sees it: the caller's leg (found by its SIP Call-ID) and the
    legs the switch opened for it."""

    def __init__(self, watch: SwitchWatch, call_id_prefix: str, timeout: float = 15.0):
        self.watch = watch
        first = watch.wait_for(
            lambda e: (e.get("variable_sip_call_id") or "").startswith(call_id_prefix),
            timeout, f"a channel for SIP call {call_id_prefix}")
        self.uuid = first["Unique-ID"]

    def _ours(self, event: Event) -> bool:
        return self.uuid in (event.get("Unique-ID"), event.get("variable_originating_leg_uuid"))

    def events(self) -> Iterator[Event]:
        return (e for e in list(self.watch.events) if self._ours(e))

    def uuids(self) -> set[str]:
        return {e["Unique-ID"] for e in self.events()}

    def executed(self, app: str, timeout: float, contains: str = "", after: Event | None = None
                 ) -> Event:
        """The caller's leg running `app` (its data holding `contains`), after `after`."""
        start = self.watch.events.index(after) + 1 if after is not None else 0
        return self.watch.wait_for(
            lambda e: (e.get("Event-Name") == "CHANNEL_EXECUTE" and e.get("Unique-ID") == self.uuid
                       and e.get("Application") == app
                       and contains in (e.get("Application-Data") or "")),
            timeout, f"{app} {contains!r} on call {self.uuid}", start)

    def between(self, first: Event, last: Event) -> list[Event]:
        """The caller's leg's events after `first` and before `last`."""
        events = self.watch.events
        return [e for e in events[events.index(first) + 1:events.index(last)]
                if e.get("Unique-ID") == self.uuid]

    def bridged(self, timeout: float) -> Event:
        return self.watch.wait_for(
            lambda e: e.get("Event-Name") == "CHANNEL_BRIDGE" and self._ours(e),
            timeout, f"a bridge of call {self.uuid}")

    def hung_up(self, timeout: float) -> Event:
        return self.watch.wait_for(
            lambda e: e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"
            and e.get("Unique-ID") == self.uuid, timeout, f"the end of call {self.uuid}")

    def hang_up(self) -> None:
        """End the call from the switch's side (the caller's sipp answers the BYE)."""
        self.watch.api(f"uuid_kill {self.uuid}")
