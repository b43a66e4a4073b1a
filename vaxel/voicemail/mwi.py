"""Message-waiting lamps: which phones should show what, and what was last told to them.

PostgreSQL holds what each mailbox's phones were last told (`Mailbox.mwi_sent`), so a
change made anywhere — a call, the web, the API — is picked up by the controller's
periodic job and FreeSWITCH is told once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

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


def mwi_headers(account: str, new: int, saved: int,
                route: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers of FreeSWITCH's MESSAGE_WAITING event (as mod_voicemail sends them);
    `route` says which SIP profile, subscription or registration it is for."""
    return {"MWI-Messages-Waiting": "yes" if new else "no",
            "MWI-Message-Account": f"sip:{account}",
            "MWI-Voice-Message": f"{new}/{saved} (0/0)", **(route or {})}


def query_account(query: Mapping[str, str]) -> str | None:
    """"user@domain" of a MESSAGE_QUERY (mod_sofia asks when a phone subscribes to
    message-summary or registers), or None if it names no SIP account."""
    account = (query.get("Message-Account") or "").removeprefix("sip:")
    user, at, domain = account.partition("@")
    return account if user and at and domain else None


def query_route(query: Mapping[str, str]) -> dict[str, str]:
    """Where the answer to a MESSAGE_QUERY goes: to the asking subscription (or
    registration) only, on its profile, as mod_voicemail answers (mod_sofia reads these
    headers of MESSAGE_WAITING; without Sub-Call-ID/Call-ID it notifies every phone)."""
    route = {"Sofia-Profile": query.get("VM-Sofia-Profile") or ""}
    if query.get("VM-sub-call-id"):
        route["Sub-Call-ID"] = query["VM-sub-call-id"]
    elif query.get("VM-Call-ID"):
        route["Call-ID"] = query["VM-Call-ID"]
    return {name: value for name, value in route.items() if value}


def sip_accounts(session: Session, user_id: int) -> tuple[str, ...]:
    rows = session.execute(
        select(Device.sip_username, Company.sip_domain)
        .join(User, User.id == Device.user_id).join(Company, Company.id == User.company_id)
        .where(Device.user_id == user_id, Device.enabled, Device.sip_username.is_not(None)))
    return tuple(f"{name}@{domain}" for name, domain in rows)


def account_counts(session: Session, account: str) -> tuple[int, int] | None:
    """(new, saved) messages of the personal mailbox behind a SIP account; (0, 0) before
    its first message; None if no enabled device of ours has that account."""
    user, _, domain = account.partition("@")
    user_id = session.scalar(
        select(Device.user_id).join(Company, Company.id == Device.company_id)
        .where(Device.sip_username == user, Company.sip_domain == domain, Device.enabled))
    if user_id is None:
        return None
    box = session.scalar(select(Mailbox.id).where(Mailbox.user_id == user_id))
    if box is None:
        return 0, 0
    return tuple(session.execute(
        select(func.count(Message.id).filter(Message.state == MessageState.NEW),
               func.count(Message.id).filter(Message.state == MessageState.SAVED))
        .where(Message.mailbox_id == box)).one())


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
