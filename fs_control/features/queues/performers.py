"""The queue feature in the controller: performers of the queue flow's commands, and its
registration (flow, performers, hang-up handler, wake-ups, callbacks)."""
from __future__ import annotations

import logging
import time
from typing import Callable

import datetime as dt
import gevent
from gevent.event import Event
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.callflow.commands import Bridge, Collect, Prompt, SetVariables
from vaxel.callflow.driver import CallEnded
from vaxel.queues import callbacks, entries
from vaxel.queues.commands import (ConnectAgents, ConnectResult, JoinQueue, LeaveQueue,
                                   RequestCallback, WaitInQueue, WaitOutcome)
from vaxel.queues.estimate import announcement_text, expected_wait_seconds
from vaxel.queues.models import EntryOutcome, EntryState, QueueEntry, QueueSettings
from vaxel.queues.stats import recent_figures
from vaxel.recordings.services import recorded_user

from ...esl import EslError
from .matcher import Matcher
from .notifier import QueueNotifier

log = logging.getLogger(__name__)

ENTRY_VARIABLE = "vaxel_queue_entry"
# Music is broken off at least this often to look at the entry (the safety net under NOTIFY).
MAX_HOLD_SECONDS = 30.0
MIN_ROUND_SECONDS = 0.2  # a music file that ends at once must not spin the loop
ANNOUNCE_DIGIT_MS = 3000
_WRAPUP = select(QueueSettings.wrapup_seconds).join(
    QueueEntry, QueueEntry.queue_id == QueueSettings.service_id)


def is_hangup(exc: BaseException) -> bool:
    return isinstance(exc, CallEnded) or getattr(exc, "is_hangup", False)


class QueuePerformers:
    def __init__(self, session_factory: sessionmaker[Session], matcher: Matcher,
                 notifier: QueueNotifier, clock: Callable[[], dt.datetime] = utcnow):
        self.session_factory = session_factory
        self.matcher = matcher
        self.notifier = notifier
        self.clock = clock

    def table(self) -> dict[type, Callable]:
        return {JoinQueue: self.join, WaitInQueue: self.wait, ConnectAgents: self.connect,
                RequestCallback: self.request_callback, LeaveQueue: self.leave}

    # -- joining and leaving ------------------------------------------------------------
    def join(self, executor, command: JoinQueue) -> entries.Joined | None:
        channel = executor.channel
        data = getattr(channel, "channel", None) or {}
        with self.session_factory.begin() as session:
            joined = entries.join(session, command.queue_id, channel.uuid,
                                  data.get("Caller-Caller-ID-Number") or "",
                                  data.get("Caller-Caller-ID-Name") or "", self.clock())
        if joined is not None and joined.entry_id is not None:
            # Lets any controller that sees this call hang up abandon the entry.
            executor.perform(SetVariables({ENTRY_VARIABLE: str(joined.entry_id)}))
            self.matcher.queue(command.queue_id)
        return joined

    def leave(self, executor, command: LeaveQueue) -> None:
        self._leave(command.entry_id, command.outcome)

    def _leave(self, entry_id: int, outcome: EntryOutcome) -> None:
        with self.session_factory.begin() as session:
            freed = entries.leave(session, entry_id, outcome, self.clock())
        self.matcher.agents(freed)

    def request_callback(self, executor, command: RequestCallback) -> bool:
        with self.session_factory.begin() as session:
            return callbacks.request(session, command.entry_id, command.number, self.clock())

    # -- waiting ------------------------------------------------------------------------
    def wait(self, executor, command: WaitInQueue) -> WaitOutcome:
        woken = self.notifier.watch(command.entry_id)
        try:
            return self._wait(executor, command, woken)
        except BaseException as exc:
            if is_hangup(exc):
                self._leave(command.entry_id, EntryOutcome.ABANDONED)
            raise
        finally:
            self.notifier.unwatch(command.entry_id)

    def _wait(self, executor, command: WaitInQueue, woken: Event) -> WaitOutcome:
        view, entry_id = command.view, command.entry_id
        next_announcement = self.clock()
        while True:
            woken.clear()  # before looking, so a NOTIFY from now on breaks the music
            outcome, joined_at = self._look(entry_id)
            if outcome is not None:
                return outcome
            now = self.clock()
            deadline = joined_at + dt.timedelta(seconds=view.max_wait_seconds) \
                if view.max_wait_seconds else None
            if deadline is not None and now >= deadline:
                return WaitOutcome("timeout")
            if now >= next_announcement and (keys := self._announce(executor, command)) is not None:
                if keys == "1" and view.callback_enabled:
                    return WaitOutcome("callback")
                next_announcement = now + dt.timedelta(seconds=view.announce_every_seconds)
                continue
            hold = min([t for t in (deadline, next_announcement) if t and t > now],
                       default=now + dt.timedelta(seconds=MAX_HOLD_SECONDS)) - now
            self._hold(executor, view.music_on_hold, woken, min(hold.total_seconds(),
                                                                 MAX_HOLD_SECONDS))

    def _look(self, entry_id: int) -> tuple[WaitOutcome | None, dt.datetime]:
        with self.session_factory() as session:
            entry = session.get(QueueEntry, entry_id)
            if entry is None or entry.state not in entries.LIVE:
                return WaitOutcome("gone"), self.clock()
            if entry.state is EntryState.OFFERED:
                agents = tuple(entries.ringing_agents(session, entry_id))
                return WaitOutcome("offer", agents), entry.joined_at
            return None, entry.joined_at

    def _announce(self, executor, command: WaitInQueue) -> str | None:
        """Play the position/expected-wait announcement; the key pressed ("" if none),
        or None when there is nothing to announce (then the next is never due)."""
        view = command.view
        if not view.announce_every_seconds and not view.callback_enabled:
            return None
        with self.session_factory() as session:
            position = entries.position(session, command.entry_id)
            figures = recent_figures(session, view.service_id, self.clock())
        wait = expected_wait_seconds(position or 1, figures)
        text = announcement_text(position, wait, say_position=view.announce_position,
                                 say_wait=view.announce_wait,
                                 offer_callback=view.callback_enabled)
        if not text:
            return None
        keys = executor.perform(Collect(Prompt(text=text), max_digits=1,
                                        timeout_ms=ANNOUNCE_DIGIT_MS, terminators="none"))
        return keys or ""

    def _hold(self, executor, music: str, woken: Event, seconds: float) -> None:
        """Music until `seconds` pass or an offer arrives (then uuid_break stops it)."""
        channel = executor.channel
        started = time.monotonic()
        breaker = gevent.spawn(_break_when, channel, woken, seconds)
        try:
            channel.execute("playback", music, timeout=seconds + 30)
        finally:
            breaker.kill()
        spent = time.monotonic() - started
        if spent < MIN_ROUND_SECONDS:
            woken.wait(MIN_ROUND_SECONDS - spent)

    # -- ringing agents -----------------------------------------------------------------
    def _recorded_agent(self, executor, command: ConnectAgents) -> int | None:
        """An offered agent whose calls are recorded (the add-on), if any."""
        company_id = int(executor.channel.variable("vaxel_company_id") or 0)
        with self.session_factory() as session:
            user = recorded_user(session, company_id, [a.user_id for a in command.agents])
            return user.id if user else None

    def connect(self, executor, command: ConnectAgents) -> ConnectResult:
        entry_id = command.entry_id
        if not command.agents:
            self._unanswered(entry_id)
            return ConnectResult(False)
        callees = {_callee_key(t.address): a.user_id for a in command.agents for t in a.targets}
        took: dict[str, int] = {}
        sub = executor.channel.subscribe(
            lambda event: self._bridged(entry_id, event, callees, took), ("CHANNEL_BRIDGE",))
        try:
            targets = tuple(t for a in command.agents for t in a.targets)
            result = executor.perform(Bridge(targets, command.ring_seconds, True, command.music,
                                             self._recorded_agent(executor, command)))
        except BaseException as exc:
            if is_hangup(exc):
                self._caller_gone(entry_id, took)
            raise
        finally:
            executor.channel.unsubscribe(sub)
        if not result.answered:
            self._unanswered(entry_id)
            return ConnectResult(False)
        user_id = took.get("user") or _answerer(executor.channel, callees, command)
        self._finished(entry_id, user_id)
        return ConnectResult(True, user_id)

    def _bridged(self, entry_id: int, event, callees: dict[str, int], took: dict) -> None:
        """CHANNEL_BRIDGE: the agent answered now (answered-at and wait time are exact)."""
        user_id = callees.get(_callee_key(event.get("Caller-Callee-ID-Number") or ""))
        if user_id is None and len(set(callees.values())) == 1:
            user_id = next(iter(callees.values()))
        if user_id is None:
            return
        took["user"] = user_id
        with self.session_factory.begin() as session:
            entries.offer_answered(session, entry_id, user_id, self.clock())

    def _finished(self, entry_id: int, user_id: int | None) -> None:
        with self.session_factory.begin() as session:
            if user_id is not None:
                entries.offer_answered(session, entry_id, user_id, self.clock())  # if unseen
            agent = entries.call_finished(session, entry_id, self.clock())
            wrapup = session.scalar(_WRAPUP.where(QueueEntry.id == entry_id)) or 0
        self.matcher.after(wrapup, agent)

    def _unanswered(self, entry_id: int) -> None:
        """The caller waits again; a colleague of the agents who missed may be free now."""
        with self.session_factory.begin() as session:
            entries.offer_unanswered(session, entry_id, self.clock())
            queue_id = entries.queue_of(session, entry_id)
        if queue_id is not None:
            self.matcher.queue(queue_id)

    def _caller_gone(self, entry_id: int, took: dict) -> None:
        if took.get("user"):
            self._finished(entry_id, took["user"])
        else:
            self._leave(entry_id, EntryOutcome.ABANDONED)


def _callee_key(address: str) -> str:
    return address.split("@", 1)[0]


def _answerer(channel, callees: dict[str, int], command: ConnectAgents) -> int | None:
    data = getattr(channel, "channel", None) or {}
    user_id = callees.get(_callee_key(data.get("Caller-Callee-ID-Number") or ""))
    return user_id if user_id is not None else command.agents[0].user_id


def _break_when(channel, woken: Event, seconds: float) -> None:
    woken.wait(max(seconds, 0.0))
    try:
        channel.api("uuid_break %s all" % channel.uuid, timeout=5)
    except EslError as exc:
        log.info("call %s: uuid_break failed (the caller may be gone): %s", channel.uuid, exc)

