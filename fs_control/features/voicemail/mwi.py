"""Message-waiting lamps: tell FreeSWITCH (MESSAGE_WAITING over the inbound Event Socket)
whatever PostgreSQL says changed, whoever changed it (a call, the web, the API), and
answer its MESSAGE_QUERY when a phone subscribes or registers (mod_voicemail's job, which
we do not load)."""
from __future__ import annotations

import logging

import gevent
from gevent.lock import Semaphore
from sqlalchemy.orm import Session, sessionmaker

from vaxel.voicemail.mwi import (MwiUpdate, account_counts, mark_sent, mwi_headers,
                                 pending_updates, query_account, query_route)

from ...esl import EslError
from ...esl.connection import check_line

log = logging.getLogger(__name__)

MWI_INTERVAL = 5.0
# Phones register on freeswitch-conf's `internal` profile. Without a Sofia-Profile header
# mod_sofia looks for a profile named like the account's domain (we alias none), then for
# any registration in that domain, and drops the lamp if there is none ("Cannot find
# profile"): a phone that subscribes without registering would never see it.
PHONES_PROFILE = {"Sofia-Profile": "internal"}


def sendevent_text(account: str, new: int, saved: int,
                   route: dict[str, str] | None = None) -> str:
    headers = mwi_headers(account, new, saved, PHONES_PROFILE if route is None else route)
    for value in headers.values():
        check_line(value)  # an account name must not smuggle extra headers
    return "sendevent MESSAGE_WAITING\n" + "\n".join(f"{k}: {v}" for k, v in headers.items())


class MwiNotifier:
    def __init__(self, session_factory: sessionmaker[Session], inbound):
        self.session_factory = session_factory
        self.inbound = inbound
        self._lock = Semaphore()  # one sync at a time: the periodic job and a new message

    def sync(self) -> int:
        """Send every pending lamp change; returns how many mailboxes were updated."""
        if not getattr(self.inbound, "connected", False):
            return 0  # the next round (or the next connection) catches up
        with self._lock:
            # No transaction stays open while FreeSWITCH is talked to.
            with self.session_factory() as session:
                updates = pending_updates(session)
            sent = [update for update in updates if self._send(update)]
            with self.session_factory.begin() as session:
                for update in sent:
                    mark_sent(session, update)
            return len(sent)

    def answer_query(self, query) -> bool:
        """A phone subscribed to its lamp (or registered): tell that phone how it stands
        now, rather than leaving it dark until the mailbox next changes."""
        account = query_account(query)
        if account is None:
            return False
        with self.session_factory() as session:
            counts = account_counts(session, account)
        if counts is None:
            return False  # not one of our phones
        if "Call-ID" in (route := query_route(query)) and counts[0] == 0:
            # A registration (and each refresh of it): a phone's lamp starts dark, so only
            # a waiting message is worth a NOTIFY; a subscriber asked, and is always told.
            return False
        try:
            reply = self.inbound.command(sendevent_text(account, *counts, route))
        except (EslError, ValueError) as exc:
            log.warning("MWI query for %s not answered: %s", account, exc)
            return False
        return reply.reply_text.startswith("+OK")

    def sync_soon(self) -> None:
        gevent.spawn(self._sync_logged)

    def _sync_logged(self) -> None:
        try:
            self.sync()
        except Exception:  # the periodic job retries; a lamp is never worth a crash
            log.exception("message-waiting update failed")

    def _send(self, update: MwiUpdate) -> bool:
        try:
            for account in update.accounts:
                reply = self.inbound.command(sendevent_text(account, update.new, update.saved))
                if not reply.reply_text.startswith("+OK"):
                    log.warning("MWI for %s refused: %s", account, reply.reply_text)
                    return False
        except (EslError, ValueError) as exc:
            log.warning("MWI for mailbox %s not sent: %s", update.mailbox_id, exc)
            return False
        return True
