"""Message-waiting lamps: which phones should show what, and what was last told to them.

PostgreSQL holds what each mailbox's phones were last told (`Mailbox.mwi_sent`), so a
change made anywhere — a call, the web, the API — is picked up by the controller's
periodic job and FreeSWITCH is told once.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..people.models import Device, User
from ..tenancy.models import Company
from .models import Mailbox, Message, MessageState


@dataclass(frozen=True)
class MwiUpdate:
    mailbox_id: int
    accounts: tuple[str, ...]  # "user@domain" of each SIP device
    new: int
    saved: int

    @property
    def state(self) -> str:
        return f"{self.new}/{self.saved}"


def mwi_headers(account: str, new: int, saved: int) -> dict[str, str]:
    """The headers of FreeSWITCH's MESSAGE_WAITING event (as mod_voicemail sends them)."""
    return {"MWI-Messages-Waiting": "yes" if new else "no",
            "MWI-Message-Account": f"sip:{account}",
            "MWI-Voice-Message": f"{new}/{saved} (0/0)"}


def sip_accounts(session: Session, user_id: int) -> tuple[str, ...]:
    rows = session.execute(
        select(Device.sip_username, Company.sip_domain)
        .join(User, User.id == Device.user_id).join(Company, Company.id == User.company_id)
        .where(Device.user_id == user_id, Device.enabled, Device.sip_username.is_not(None)))
    return tuple(f"{name}@{domain}" for name, domain in rows)


def pending_updates(session: Session) -> list[MwiUpdate]:
    """Personal mailboxes whose lamp state differs from what their phones were told."""
    rows = session.execute(
        select(Mailbox.id, Mailbox.user_id, Mailbox.mwi_sent,
               func.count(Message.id).filter(Message.state == MessageState.NEW),
               func.count(Message.id).filter(Message.state == MessageState.SAVED))
        .outerjoin(Message, Message.mailbox_id == Mailbox.id)
        .where(Mailbox.user_id.is_not(None)).group_by(Mailbox.id).order_by(Mailbox.id))
    return [MwiUpdate(box_id, sip_accounts(session, user_id), new, saved)
            for box_id, user_id, sent, new, saved in rows if sent != f"{new}/{saved}"]


def mark_sent(session: Session, update: MwiUpdate) -> None:
    session.get(Mailbox, update.mailbox_id).mwi_sent = update.state
