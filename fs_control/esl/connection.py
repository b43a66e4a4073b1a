"""One Event Socket connection: a reader greenlet, commands with timeouts, subscriber queues.

Built on greenswitch's ESLProtocol (its handler registry and exception types) but with our
own reader: greenswitch decodes whole events, waits for replies forever and runs every
handler in one greenlet, so one slow handler stalls the socket until FreeSWITCH drops us.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from typing import Callable, Iterable

import gevent
from gevent import socket
from gevent.event import AsyncResult
from gevent.lock import Semaphore
from gevent.queue import Full, Queue
from greenswitch.esl import ESLProtocol

from .frames import (EslCommandError, EslConnectionLost, EslError, EslTimeout, Event,
                         FrameParser, event_from_frame)

log = logging.getLogger(__name__)

Handler = Callable[[Event], object]
RECV_SIZE = 256 * 1024


class Subscription:
    """A handler with its own bounded queue and greenlet, so it can never stall the reader.

    With workers > 1 a handler that waits on I/O (the database) runs that many at once;
    events of one channel (Unique-ID) always go to the same worker, so they stay in order.
    """

    def __init__(self, handler: Handler, names: Iterable[str] = (), maxsize: int = 10000,
                 workers: int = 1):
        self.handler = handler
        self.names = frozenset(names) - {"*", "ALL"} or None  # None: every event
        self.queues: list[Queue] = [Queue(maxsize) for _ in range(max(1, workers))]
        self.dropped = 0
        self.greenlets = [gevent.spawn(self._run, queue) for queue in self.queues]

    @property
    def waiting(self) -> int:
        return sum(queue.qsize() for queue in self.queues)

    def offer(self, event: Event) -> None:
        if self.names is not None and event.name not in self.names:
            return
        queue = self.queues[0] if len(self.queues) == 1 else \
            self.queues[hash(event.get("Unique-ID") or "") % len(self.queues)]
        try:
            queue.put_nowait(event)
        except Full:
            # Dropping is the lesser evil: blocking here would stop reading the socket.
            self.dropped += 1
            if self.dropped & (self.dropped - 1) == 0:  # log at 1, 2, 4, 8, ... drops
                log.warning("handler %s is behind; %s events dropped", self.handler, self.dropped)

    def _run(self, queue: Queue) -> None:
        for event in queue:
            try:
                self.handler(event)
            except Exception:  # a handler's bug must not silence the events behind it
                log.exception("event handler %s failed on %r", self.handler, event)

    def close(self) -> None:
        for queue, greenlet in zip(self.queues, self.greenlets, strict=True):
            try:
                queue.put_nowait(StopIteration)
            except Full:  # a stuck handler with a full queue: nothing left worth delivering
                greenlet.kill(block=False)


class BackgroundJob:
    """What `bgapi` returns: the result comes later in a BACKGROUND_JOB with our Job-UUID."""

    def __init__(self, job_uuid: str, command: str, timeout: float):
        self.job_uuid = job_uuid
        self.command = command
        self.timeout = timeout
        self._done = AsyncResult()

    def event(self, timeout: float | None = None) -> Event:
        """The BACKGROUND_JOB event; raises EslTimeout or EslConnectionLost."""
        wait = self.timeout if timeout is None else timeout
        try:
            return self._done.get(timeout=wait)
        except gevent.Timeout:
            raise EslTimeout("no BACKGROUND_JOB for %r within %ss" % (self.command, wait)) from None

    def result(self, timeout: float | None = None) -> str:
        """The job's output, e.g. `+OK <uuid>` or `-ERR USER_BUSY`."""
        return self.event(timeout).body

    def ready(self) -> bool:
        return self._done.ready()


class EslConnection(ESLProtocol):
    """State and I/O shared by inbound clients and outbound call sessions."""

    def __init__(self, timeout: float = 5.0):
        super().__init__()
        self.timeout = timeout
        self.sock = None
        self.lingering = False
        self.last_data_at = 0.0
        self._subscribers: list[Subscription] = []
        self._jobs: dict[str, BackgroundJob] = {}
        self._reset_connection_state()

    def _reset_connection_state(self) -> None:
        self._parser = FrameParser()
        self._pending: deque[AsyncResult] = deque()
        self._send_lock = Semaphore()
        self._auth_requested = AsyncResult()
        self._reader: gevent.Greenlet | None = None
        self._closed_locally = False  # our own close() is not an error worth logging

    # -- subscribers ------------------------------------------------------------------
    def subscribe(self, handler: Handler, names: Iterable[str] = (),
                  maxsize: int = 10000, workers: int = 1) -> Subscription:
        """Run `handler` for each event named in `names` (all if empty), in its own
        greenlet (or `workers` of them, each channel's events in order)."""
        sub = Subscription(handler, names, maxsize, workers)
        self._subscribers.append(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subscribers.remove(sub)
        sub.close()

    def register_handle(self, name: str, handler: Handler) -> None:
        """greenswitch's spelling of subscribe, for one event name."""
        self.subscribe(handler, [name])

    # -- reading ----------------------------------------------------------------------
    def _start_reader(self, sock) -> None:
        # Commands are small writes answered at once: Nagle + delayed ACK would add 40 ms.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self.connected = True
        self.last_data_at = time.monotonic()
        self._reader = gevent.spawn(self._read_loop, sock)

    def _read_loop(self, sock) -> None:
        reason = "closed by FreeSWITCH"
        try:
            while True:
                data = sock.recv(RECV_SIZE)
                if not data:
                    if self._parser.pending:
                        raise EslConnectionLost("connection dropped mid-frame (%d bytes unread)"
                                                % self._parser.pending)
                    break
                self.last_data_at = time.monotonic()
                for head, body in self._parser.feed(data):
                    self._on_frame(head, body)
        except (EslError, OSError) as exc:
            reason = "%s: %s" % (type(exc).__name__, exc)
            if self._closed_locally:
                reason = "closed by us"
            else:
                log.error("Event Socket connection ended: %s", reason)
        finally:
            self._connection_lost(sock, reason)

    def _on_frame(self, head: Event, body: bytes) -> None:
        ctype = head.get("Content-Type")
        if ctype == "text/event-plain" or ctype == "text/event-json":
            self._on_event(event_from_frame(ctype, body.decode("utf-8", "replace")))
        elif ctype == "command/reply":
            self._answer(head)
        elif ctype == "api/response":
            self._answer(body.decode("utf-8", "replace"))
        elif ctype == "auth/request":
            self._auth_requested.set(True)
        elif ctype == "text/disconnect-notice":
            self._on_disconnect_notice(head)
        elif ctype == "text/rude-rejection":
            raise EslConnectionLost("rejected by FreeSWITCH's ACL: %s" % body[:200])
        else:
            log.debug("ignoring frame of type %s", ctype)

    def _answer(self, reply: object) -> None:
        if not self._pending:
            log.warning("reply with no command waiting for it: %r", reply)
            return
        self._pending.popleft().set(reply)  # a timed-out waiter still takes its late reply

    def _on_event(self, event: Event) -> None:
        if self._jobs and event.get("Event-Name") == "BACKGROUND_JOB":
            job = self._jobs.pop(event.get("Job-UUID") or "", None)
            if job is not None:
                job._done.set(event)
        for sub in self._subscribers:
            sub.offer(event)

    def _on_disconnect_notice(self, head: Event) -> None:
        if head.get("Content-Disposition") == "linger":
            self.lingering = True

    def _connection_lost(self, sock, reason: str) -> None:
        _close_quietly(sock)
        if sock is not self.sock:  # a reader of an earlier connection, finishing late
            return
        self.connected = False
        lost = EslConnectionLost("Event Socket connection lost (%s)" % reason)
        while self._pending:
            self._pending.popleft().set_exception(lost)
        for job in list(self._jobs.values()):
            job._done.set_exception(lost)
        self._jobs.clear()

    # -- writing ----------------------------------------------------------------------
    def command(self, text: str, timeout: float | None = None) -> Event:
        """Send one command (without the trailing blank line); return its command/reply."""
        reply = self._request(text, timeout)
        if not isinstance(reply, Event):
            raise EslCommandError("expected a command/reply to %r" % text.split("\n", 1)[0])
        return reply

    def api(self, command: str, timeout: float | None = None) -> str:
        """Run a FreeSWITCH API command; return its output text."""
        check_line(command)
        reply = self._request("api " + command, timeout)
        return reply if isinstance(reply, str) else reply.reply_text

    def bgapi(self, command: str, timeout: float | None = None,
              job_timeout: float = 120.0) -> BackgroundJob:
        """Start an API command in the background; its result comes as a BACKGROUND_JOB."""
        check_line(command)
        job = BackgroundJob(new_uuid(), command, job_timeout)
        self._jobs[job.job_uuid] = job
        try:
            reply = self.command("bgapi %s\nJob-UUID: %s" % (command, job.job_uuid), timeout)
        except EslError:
            self._jobs.pop(job.job_uuid, None)
            raise
        if not reply.reply_text.startswith("+OK"):
            self._jobs.pop(job.job_uuid, None)
            raise EslCommandError("bgapi %s: %s" % (command, reply.reply_text))
        return job

    def _request(self, text: str, timeout: float | None) -> object:
        if not self.connected or self.sock is None:
            raise EslConnectionLost("not connected")
        wait = self.timeout if timeout is None else timeout
        waiter = AsyncResult()
        first_line = text.split("\n", 1)[0]
        deadline = gevent.Timeout(wait)
        try:
            with deadline:
                with self._send_lock:  # replies come in send order; keep the two in step
                    self._pending.append(waiter)
                    self.sock.sendall(text.encode("utf-8") + b"\n\n")
                return waiter.get()
        except gevent.Timeout as exc:
            if exc is not deadline:
                raise
            raise EslTimeout("no reply to %r within %ss" % (first_line, wait)) from None
        except OSError as exc:
            raise EslConnectionLost("sending %r failed: %s" % (first_line, exc)) from None

    def close(self) -> None:
        """Close the socket; the reader then fails anything still waiting."""
        self.connected = False
        self._closed_locally = True
        if self.sock is not None:
            _close_quietly(self.sock)
        for sub in self._subscribers:
            sub.close()
        self._subscribers = []

    # greenswitch's name for close
    def stop(self) -> None:
        self.close()


def check_line(text: str) -> None:
    # A newline would let a caller-supplied value smuggle extra Event Socket headers.
    if "\n" in text or "\r" in text:
        raise ValueError("Event Socket arguments cannot contain line breaks: %r" % text[:80])


def new_uuid() -> str:
    return str(uuid.uuid4())


def _close_quietly(sock) -> None:
    try:
        sock.close()
    except OSError as exc:  # already broken; nothing more to do
        log.debug("closing socket: %s", exc)
