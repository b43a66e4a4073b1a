"""Outbound calls in PostgreSQL: the caller's toll policy with the company's live counts
(one query per outbound call), the set-up recorded once allowed, its end, and the alert
when one is refused."""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..base import utcnow
from .models import OutboundCall
from .services import raise_alert
from .toll import DEFAULT_POLICY, OutboundLimits, TollPolicy

log = logging.getLogger(__name__)

# A set-up whose end we never heard of (a crash on both sides) stops counting after this.
STALE_AFTER = dt.timedelta(hours=4)

_LIMITS_SQL = text("""
SELECT tp.allowed, tp.blocked_prefixes, tp.max_concurrent, tp.max_setups_per_minute,
  (SELECT count(*) FROM outbound_call oc WHERE oc.company_id = :company
     AND oc.ended_at IS NULL AND oc.started_at > now() - interval '4 hours') AS concurrent,
  (SELECT count(*) FROM outbound_call oc WHERE oc.company_id = :company
     AND oc.started_at > now() - interval '60 seconds') AS setups
FROM (VALUES (1)) AS one(x)
LEFT JOIN toll_policy tp ON tp.company_id = :company
  AND (tp.user_id IS NULL OR tp.user_id = :user)
ORDER BY tp.user_id NULLS LAST LIMIT 1
""")


def outbound_limits(session: Session, company_id: int, user_id: int | None) -> OutboundLimits:
    row = session.execute(_LIMITS_SQL, {"company": company_id, "user": user_id}).one()
    policy = DEFAULT_POLICY if row.allowed is None else TollPolicy.from_row(
        row.allowed, row.blocked_prefixes, row.max_concurrent, row.max_setups_per_minute)
    return OutboundLimits(policy, row.concurrent, row.setups)


def record_setup(session: Session, company_id: int, call_uuid: str, destination: str) -> None:
    """Count an allowed outbound call (a repeated dialplan request for it counts once)."""
    session.execute(insert(OutboundCall).values(
        company_id=company_id, call_uuid=call_uuid, destination=destination[:32],
        started_at=utcnow()).on_conflict_do_nothing(index_elements=["call_uuid"]))


def record_end(session: Session, call_uuid: str, at: dt.datetime | None = None) -> None:
    session.execute(update(OutboundCall).where(OutboundCall.call_uuid == call_uuid,
                                               OutboundCall.ended_at.is_(None))
                    .values(ended_at=at or utcnow()))


def alert_refused(session: Session, company_id: int, caller: str, destination: str,
                  reason: str) -> None:
    raise_alert(session, "toll_refused", "outbound call from %s to %s refused: %s"
                % (caller, destination, reason), company_id=company_id)
