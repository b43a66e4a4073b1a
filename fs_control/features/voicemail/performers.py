"""Performing the voicemail flows' commands: PostgreSQL, the voicemail store and
FreeSWITCH's `record` app. The order inside `record_message` is the durability promise:
row first, then the recording, then file-in-place and row NEW in one commit, and only
then does the flow play "message saved"."""
from __future__ import annotations

import logging
from typing import Callable

import gevent
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.callflow.driver import CallEnded
from vaxel.errors import InvalidInput
from vaxel.people.models import Device
from vaxel.storage import Store, StorageError, wav_seconds
from vaxel.tenancy.models import Company
from vaxel.voicemail import commands as c
from vaxel.voicemail.mailboxes import (check_pin, get_mailbox, mailbox_view, service_mailbox,
                                       set_greeting, set_pin, user_mailbox)
from vaxel.voicemail.messages import (add_callback, begin_message, counts,
                                      delete_message, finish_message, list_messages, mark_heard)
from vaxel.voicemail.models import Mailbox, Message, MessageState

from ...esl import CallHangup
from .mwi import MwiNotifier

log = logging.getLogger(__name__)

RECORD_GRACE = 30.0  # beyond the mailbox's limit, before we stop waiting for `record`
FILE_SETTLE_SECONDS = 2.0
GREETING_SECONDS, MIN_GREETING_SECONDS = 60, 1


def record_args(path: str, max_seconds: int, threshold: int, silence_seconds: int) -> str:
    """`record <path> <time limit s> <silence threshold> <silence hits (s)>`."""
    return f"{path} {int(max_seconds)} {int(threshold)} {int(silence_seconds)}"


def is_busy(variable: Callable[[str], str | None]) -> bool:
    """The last bridge on this call found the callee busy (set by FreeSWITCH on failure)."""
    return variable("originate_disposition") == "USER_BUSY" or variable("DIALSTATUS") == "BUSY"


class VoicemailPerformers:
    def __init__(self, session_factory: sessionmaker[Session], store: Store, mwi: MwiNotifier):
        self.session_factory = session_factory
        self.store = store
        self.mwi = mwi

    def table(self) -> dict[type, Callable]:
        return {c.OpenMailbox: self.open_mailbox, c.CallerFacts: self.caller_facts,
                c.RecordMessage: self.record_message, c.LeaveCallback: self.leave_callback,
                c.Hold: self.hold, c.OwnsMailbox: self.owns_mailbox, c.CheckPin: self.check_pin,
                c.ChangePin: self.change_pin, c.ListMessages: self.list_messages,
                c.UpdateMessage: self.update_message, c.RecordGreeting: self.record_greeting}

    # -- reading --------------------------------------------------------------------------
    def open_mailbox(self, executor, cmd: c.OpenMailbox):
        company_id = int(_variable(executor, "vaxel_company_id") or 0)
        with self.session_factory.begin() as session:
            if cmd.owner == "user":
                box = user_mailbox(session, company_id, cmd.target)
            else:
                box = service_mailbox(session, company_id, int(cmd.target)) \
                    if cmd.target.isdigit() else None
            return None if box is None else mailbox_view(session, self.store, box)

    def caller_facts(self, executor, cmd: c.CallerFacts) -> c.CallerIdentity:
        def variable(name: str) -> str | None:
            return _variable(executor, name)
        user, realm = variable("sip_auth_username"), variable("sip_auth_realm")
        return c.CallerIdentity(f"{user}@{realm}" if user and realm else None,
                                variable("vaxel_voicemail") == "listen", is_busy(variable))

    def owns_mailbox(self, executor, cmd: c.OwnsMailbox) -> bool:
        user, _, domain = cmd.sip_account.partition("@")
        with self.session_factory() as session:
            box = session.get(Mailbox, cmd.mailbox_id)
            owner = session.scalar(
                select(Device.user_id).join(Company, Company.id == Device.company_id)
                .where(Device.sip_username == user, Company.sip_domain == domain, Device.enabled))
            return box is not None and box.user_id is not None and owner == box.user_id

    def check_pin(self, executor, cmd: c.CheckPin) -> bool:
        with self.session_factory() as session:
            return check_pin(session.get(Mailbox, cmd.mailbox_id), cmd.pin)

    def list_messages(self, executor, cmd: c.ListMessages):
        state = MessageState(cmd.state)
        with self.session_factory() as session:
            box = session.get(Mailbox, cmd.mailbox_id)
            new, saved = counts(session, box.id)
            rows = list_messages(session, _owner(box), box.id, (state,))
            items = [c.MessageItem(m.id, m.caller_number, m.caller_name, m.created_at,
                                   str(self.store.path(m.file_path))) for m in rows]
        return new, saved, items

    # -- changing -------------------------------------------------------------------------
    def leave_callback(self, executor, cmd: c.LeaveCallback) -> None:
        with self.session_factory.begin() as session:
            box = session.get(Mailbox, cmd.mailbox_id)
            channel = getattr(executor.channel, "channel", None) or {}
            add_callback(session, box, cmd.number,
                         channel.get("Caller-Caller-ID-Number") or "", executor.channel.uuid)
        log.info("call %s: callback to %s requested for mailbox %s", executor.channel.uuid,
                 cmd.number, cmd.mailbox_id)

    def change_pin(self, executor, cmd: c.ChangePin) -> bool:
        try:
            with self.session_factory.begin() as session:
                set_pin(session.get(Mailbox, cmd.mailbox_id), cmd.pin)
        except InvalidInput:
            return False
        return True

    def update_message(self, executor, cmd: c.UpdateMessage) -> None:
        with self.session_factory.begin() as session:
            box = session.get(Mailbox, cmd.mailbox_id)
            owner, now = _owner(box), utcnow()
            if cmd.action == "delete":
                delete_message(session, owner, self.store, cmd.message_id, now)
            else:  # "heard" and "save" both leave the message SAVED
                mark_heard(session, owner, cmd.message_id, now)
        self.mwi.sync_soon()

    # -- FreeSWITCH media -----------------------------------------------------------------
    def hold(self, executor, cmd: c.Hold) -> None:
        # playback_timeout_sec ends an endless stream after that long (switch_ivr_play_file).
        executor.channel.execute("set", f"playback_timeout_sec={int(cmd.seconds)}", 10)
        executor.channel.execute("playback", "local_stream://moh", cmd.seconds + RECORD_GRACE)
        executor.channel.execute("unset", "playback_timeout_sec", 10)

    def record_message(self, executor, cmd: c.RecordMessage) -> c.RecordOutcome:
        try:
            self.store.check_writable()
            with self.session_factory.begin() as session:
                box = get_mailbox(session, _company(executor), cmd.mailbox_id)
                message = begin_message(session, self.store, box, executor.channel.uuid,
                                        cmd.caller_number, cmd.caller_name)
                message_id, limits = message.id, _limits(box)
        except StorageError as exc:
            log.error("call %s: voicemail store unusable, caller sent to a fallback: %s",
                      executor.channel.uuid, exc)
            return c.RecordOutcome(False, "storage")
        # The call log shows the call as one that went to voicemail, not as answered
        # (vaxel.calls.cdr reads it from the CDR); nothing else set it.
        executor.channel.execute("set", "vaxel_voicemail=true", 10)
        hung_up = self._record(executor, message_id, limits)
        outcome = self._finish(message_id, limits[3])
        if hung_up:
            raise CallEnded()  # the caller left after speaking; the message is kept
        return outcome

    def _record(self, executor, message_id: int, limits: tuple[int, int, int, int]) -> bool:
        """Run `record`; True if the caller hung up (the usual way to end a message)."""
        with self.session_factory() as session:
            path = self.store.path(session.get(Message, message_id).file_path)
        try:
            executor.channel.execute("record", record_args(str(path), *limits[:3]),
                                     limits[0] + RECORD_GRACE)
        except CallHangup:
            _settle(path)
            return True
        return False

    def _finish(self, message_id: int, min_seconds: int) -> c.RecordOutcome:
        with self.session_factory.begin() as session:
            message = finish_message(session, self.store, session.get(Message, message_id),
                                     min_seconds)
            kept = message.id if message is not None else None
        if kept is None:
            return c.RecordOutcome(False, "too_short")
        self.mwi.sync_soon()
        return c.RecordOutcome(True, message_id=kept)

    def record_greeting(self, executor, cmd: c.RecordGreeting) -> bool:
        try:
            self.store.check_writable()
        except StorageError as exc:
            log.error("greeting not recorded: %s", exc)
            return False
        incoming = self.store.incoming_path()
        executor.channel.execute("record", record_args(str(incoming), GREETING_SECONDS, 200, 4),
                                 GREETING_SECONDS + RECORD_GRACE)
        if (wav_seconds(incoming) or 0) < MIN_GREETING_SECONDS:
            incoming.unlink(missing_ok=True)
            return False
        with self.session_factory.begin() as session:
            set_greeting(session, self.store, session.get(Mailbox, cmd.mailbox_id), cmd.kind,
                         incoming)
        return True


def _variable(executor, name: str) -> str | None:
    getter = getattr(executor.channel, "variable", None)
    return getter(name) if getter else None


def _company(executor) -> int:
    return int(_variable(executor, "vaxel_company_id") or 0)


def _limits(box: Mailbox) -> tuple[int, int, int, int]:
    return (box.max_message_seconds, box.silence_threshold, box.silence_seconds,
            box.min_message_seconds)


def _owner(box: Mailbox) -> Actor:
    """On the phone the owner has been recognised (own phone or PIN) before any of this:
    the menu acts as them (a shared mailbox's caller, as its company's admin would)."""
    menu = Actor.system("voicemail-menu", box.company_id)
    return menu if box.user_id is None else menu.acting_as(box.user_id)


def _settle(path, timeout: float = FILE_SETTLE_SECONDS) -> None:
    """After a hang-up FreeSWITCH may still be closing the file; wait until it stops growing."""
    last, waited = -1, 0.0
    while waited < timeout:
        size = path.stat().st_size if path.exists() else -1
        if size == last and size >= 0:
            return
        last, waited = size, waited + 0.1
        gevent.sleep(0.1)
