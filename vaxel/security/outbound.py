"""Outbound calls in PostgreSQL: the caller's toll policy with the company's live counts
(one query per outbound call), the set-up recorded once allowed, its end, and the alert
when one is refused.

Every path to a trunk meets the same check (toll.check_outbound) and the same book-keeping
(note_outbound): numbers dialled on a phone and the rung user's forward and mobile twins
in the dialplan (xml_curl), legs the controller dials (forwards, IVR destinations, queue
callbacks: `admit`). Click-to-call and transfers continue in the phones' dialplan as the
user, so they are checked there."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable

from sqlalchemy import text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..base import utcnow
from .models import OutboundCall
from .services import raise_alert
from .toll import DEFAULT_POLICY, Allowed, OutboundLimits, Refused, TollPolicy

log = logging.getLogger(__name__)

# A set-up whose end we never heard of (a crash on both sides) stops counting after this.
STALE_AFTER = dt.timedelta(hours=4)

_LIMITS_SQL = text("""
SELECT tp.allowed, tp.blocked_prefixes, tp.max_concurrent, tp.max_setups_per_minute,
  (SELECT count(*) FROM outbound_call oc WHERE oc.company_id = :company
     AND oc.call_uuid <> :self
     AND oc.ended_at IS NULL AND oc.started_at > now() - interval '4 hours') AS concurrent,
  (SELECT count(*) FROM outbound_call oc WHERE oc.company_id = :company
     AND oc.call_uuid <> :self
     AND oc.started_at > now() - interval '60 seconds') AS setups
FROM (VALUES (1)) AS one(x)
LEFT JOIN toll_policy tp ON tp.company_id = :company
  AND (tp.user_id IS NULL OR tp.user_id = :user)
ORDER BY tp.user_id NULLS LAST LIMIT 1
""")


def outbound_limits(session: Session, company_id: int, user_id: int | None,
                    call_uuid: str = "") -> OutboundLimits:
    """The policy in force and the company's counts, leaving out `call_uuid`'s own set-up
    (a call checked twice — its forward in the dialplan, then a leg in the controller —
    is not its own rival under a cap)."""
    row = session.execute(_LIMITS_SQL, {"company": company_id, "user": user_id,
                                        "self": call_uuid}).one()
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


def note_outbound(session: Session, company_id: int, call_uuid: str, caller: str,
                  reached: Iterable[str], refused: Iterable[tuple[str, str]]) -> None:
    """A call that may reach a trunk counts towards the caps (once per call); every leg
    the policy refused (number, why) alerts ops."""
    for number, reason in refused:
        alert_refused(session, company_id, caller, number, reason)
    first = next(iter(reached), None)
    if first is not None and call_uuid:
        record_setup(session, company_id, call_uuid, first)


def admit(session: Session, company_id: int, user_id: int | None, country: str, e164: str,
          call_uuid: str, caller: str) -> Allowed | Refused:
    """May a leg the controller dials go to `e164`? Checked, then counted or alerted."""
    verdict = outbound_limits(session, company_id, user_id, call_uuid).check(country, e164)
    refused = [(e164, verdict.reason)] if isinstance(verdict, Refused) else []
    note_outbound(session, company_id, call_uuid, caller, [] if refused else [e164], refused)
    return verdict


def alert_refused(session: Session, company_id: int, caller: str, destination: str,
                  reason: str) -> None:
    raise_alert(session, "toll_refused", "outbound call from %s to %s refused: %s"
                % (caller, destination, reason), company_id=company_id)
