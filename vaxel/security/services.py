"""Bans, the allow-list and ops alerts in PostgreSQL (used by the controller and webadmin)."""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..base import utcnow
from ..errors import InvalidInput, NotFound
from ..mail.services import queue_mail
from .bans import MANUAL, BanDecision, normalise_source, parse_networks
from .models import OpsAlert, SipAllow, SipBan

log = logging.getLogger(__name__)


def record_ban(session: Session, decision: BanDecision, now: dt.datetime | None = None) -> SipBan:
    now = now or utcnow()
    ban = SipBan(source=decision.source, reason=decision.reason, detail=decision.detail[:500],
                 until=now + dt.timedelta(seconds=decision.seconds), created_at=now)
    session.add(ban)
    raise_alert(session, "ban", "SIP source %s banned until %s: %s"
                % (decision.source, ban.until.isoformat(timespec="seconds"), decision.detail))
    session.flush()
    return ban


def ban_manually(session: Session, source: str, hours: float, by: str,
                 now: dt.datetime | None = None) -> SipBan:
    address = normalise_source(source)
    if address is None:
        raise InvalidInput("%r is not an IP address" % source)
    decision = BanDecision(address, MANUAL, hours * 3600, "banned by %s" % by)
    ban = record_ban(session, decision, now)
    ban.created_by = by
    return ban


def active_bans(session: Session, now: dt.datetime | None = None) -> list[SipBan]:
    now = now or utcnow()
    return list(session.scalars(select(SipBan).where(SipBan.until > now, SipBan.lifted_at.is_(None))
                                .order_by(SipBan.created_at.desc())))


def banned_sources(session: Session, now: dt.datetime | None = None) -> set[str]:
    return {ban.source for ban in active_bans(session, now)}


def lift_ban(session: Session, ban_id: int, by: str, now: dt.datetime | None = None) -> SipBan:
    """Lift one ban; every other active ban of the same address is lifted with it."""
    ban = session.get(SipBan, ban_id)
    if ban is None:
        raise NotFound("No such ban.")
    now = now or utcnow()
    session.execute(update(SipBan).where(SipBan.source == ban.source, SipBan.lifted_at.is_(None))
                    .values(lifted_at=now, lifted_by=by))
    session.refresh(ban)
    log.info("ban of %s lifted by %s", ban.source, by)
    return ban


def allow_list(session: Session) -> list[SipAllow]:
    return list(session.scalars(select(SipAllow).order_by(SipAllow.network)))


def add_allowed(session: Session, network: str, note: str = "") -> SipAllow:
    parsed = parse_networks([network])
    if not parsed:
        raise InvalidInput("%r is not an address or network" % network)
    entry = SipAllow(network=str(parsed[0]), note=note[:200])
    session.add(entry)
    session.flush()
    return entry


def remove_allowed(session: Session, entry_id: int) -> None:
    entry = session.get(SipAllow, entry_id)
    if entry is None:
        raise NotFound("No such allow-list entry.")
    session.delete(entry)


# Who gets ops alerts by e-mail; set once at start-up from Settings.ops_alert_email.
_alert_recipients: list[str] = []


def configure_alerts(ops_alert_email: str) -> None:
    _alert_recipients[:] = [a.strip() for a in ops_alert_email.split(",") if "@" in a]


def raise_alert(session: Session, kind: str, message: str,
                company_id: int | None = None) -> OpsAlert:
    """An ops alert: logged at WARNING now, kept in ops_alert for the ops screen, and
    e-mailed to ops through the outbox (sent by the controller) when configured."""
    log.warning("ops alert [%s]%s: %s", kind,
                " company %s" % company_id if company_id else "", message)
    alert = OpsAlert(kind=kind, company_id=company_id, message=message)
    session.add(alert)
    if _alert_recipients:
        queue_mail(session, list(_alert_recipients), "[Växel ops] %s" % kind, message + "\n")
    return alert


def recent_alerts(session: Session, limit: int = 100) -> list[OpsAlert]:
    return list(session.scalars(select(OpsAlert).order_by(OpsAlert.created_at.desc(),
                                                          OpsAlert.id.desc()).limit(limit)))


def lift_source(session: Session, source: str, by: str, now: dt.datetime | None = None) -> int:
    """Lift every active ban of `source`; how many there were (0 is fine: idempotent)."""
    result = session.execute(update(SipBan).where(SipBan.source == source.strip(),
                                                  SipBan.lifted_at.is_(None))
                             .values(lifted_at=now or utcnow(), lifted_by=by))
    log.info("bans of %s lifted by %s", source, by)
    return result.rowcount


def remove_allowed_network(session: Session, network: str) -> None:
    parsed = parse_networks([network])
    if parsed:
        entry = session.scalar(select(SipAllow).where(SipAllow.network == str(parsed[0])))
        if entry is not None:
            session.delete(entry)
