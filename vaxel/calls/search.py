"""Finding calls in the log: by kind, by a number or a name typed as people type them,
between two local days; and the same calls as a spreadsheet-safe CSV export."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..people.models import User
from ..queues.stats import csv_cell
from ..schedules.clock import zone
from .log import MAX_PAGE, CallFilter, _filtered
from .models import CallLogEntry

EXPORT_LIMIT = 50_000
EXPORT_COLUMNS = ("started", "direction", "number", "name", "user", "result",
                  "duration_seconds", "talk_seconds")


@dataclass(frozen=True)
class CallQuery:
    which: CallFilter = CallFilter.ALL
    search: str = ""
    since: dt.date | None = None   # local days, both included
    until: dt.date | None = None


def number_patterns(text: str) -> list[str]:
    """LIKE patterns over stored E.164 numbers for what someone typed: "08-777 88 99" finds
    +4687778899 (a national 0 dropped), "777 88" finds it too. Pure."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 2:
        return []
    patterns = [f"%{digits}%"]
    if digits.startswith("0") and len(digits) > 2:
        patterns.append(f"%{digits.lstrip('0')}%")
    return patterns


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text.strip()) + "%"


def _searched(query, company_id: int, text: str):
    if not text.strip():
        return query
    named = _like(text)
    users = select(User.id).where(User.company_id == company_id, User.name.ilike(named))
    return query.where(or_(CallLogEntry.other_name.ilike(named), CallLogEntry.user_id.in_(users),
                           *(CallLogEntry.other_number.like(p)
                             for p in number_patterns(text))))


def _between(query, since: dt.date | None, until: dt.date | None, tz: str):
    local = zone(tz)
    if since is not None:
        query = query.where(CallLogEntry.started_at >= dt.datetime.combine(
            since, dt.time(0), local))
    if until is not None:
        query = query.where(CallLogEntry.started_at < dt.datetime.combine(
            until + dt.timedelta(days=1), dt.time(0), local))
    return query


def _select(company_id: int, q: CallQuery, tz: str, user_id: int | None):
    query = select(CallLogEntry).where(CallLogEntry.company_id == company_id)
    if user_id is not None:
        query = query.where(CallLogEntry.user_id == user_id)
    query = _between(_searched(_filtered(query, q.which), company_id, q.search),
                     q.since, q.until, tz)
    return query.order_by(CallLogEntry.started_at.desc(), CallLogEntry.id.desc())


def find_calls(session: Session, company_id: int, q: CallQuery, tz: str, *,
               user_id: int | None = None, limit: int = 50,
               offset: int = 0) -> list[CallLogEntry]:
    """The company's (or one user's) calls that match, newest first."""
    query = _select(company_id, q, tz, user_id)
    return list(session.scalars(query.limit(min(max(limit, 1), MAX_PAGE)).offset(max(offset, 0))))


def export_csv(session: Session, company_id: int, q: CallQuery, tz: str,
               names: dict[int, str], *, user_id: int | None = None) -> str:
    """The matching calls as CSV, times in the company's zone; a cell a spreadsheet would
    run as a formula (a caller name "=HYPERLINK(…)") is kept as text."""
    local = zone(tz)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for call in session.scalars(_select(company_id, q, tz, user_id).limit(EXPORT_LIMIT)):
        writer.writerow([csv_cell(v) for v in (
            call.started_at.astimezone(local).replace(microsecond=0).isoformat(),
            call.direction.value, call.other_number, call.other_name,
            names.get(call.user_id, ""), call.result.value, call.duration_seconds,
            call.talk_seconds)])
    return out.getvalue()
