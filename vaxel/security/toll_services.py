"""Toll policies in PostgreSQL: a company's, and a user's own overriding it."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from .models import TollPolicy as PolicyRow
from .toll import DEFAULT_POLICY, TollPolicy, Zone

_PREFIX = re.compile(r"\+[1-9][0-9]{0,14}")


def toll_policy(session: Session, company_id: int, user_id: int | None = None) -> TollPolicy:
    """The policy in force: the user's own, else the company's, else the default."""
    rows = {r.user_id: r for r in session.scalars(select(PolicyRow).where(
        PolicyRow.company_id == company_id,
        (PolicyRow.user_id.is_(None)) | (PolicyRow.user_id == user_id)))}
    row = rows.get(user_id) if user_id is not None and user_id in rows else rows.get(None)
    if row is None:
        return DEFAULT_POLICY
    return TollPolicy.from_row(row.allowed, row.blocked_prefixes, row.max_concurrent,
                               row.max_setups_per_minute)


def set_toll_policy(session: Session, company_id: int, policy: TollPolicy,
                    user_id: int | None = None) -> PolicyRow:
    bad = [p for p in policy.blocked_prefixes if not _PREFIX.fullmatch(p)]
    if bad:
        raise InvalidInput("Blocked prefixes are written +46900, +881...: %s" % ", ".join(bad))
    for cap in (policy.max_concurrent, policy.max_setups_per_minute):
        if cap is not None and cap < 0:
            raise InvalidInput("A cap cannot be negative.")
    row = session.scalar(select(PolicyRow).where(
        PolicyRow.company_id == company_id,
        PolicyRow.user_id.is_(None) if user_id is None else PolicyRow.user_id == user_id))
    if row is None:
        row = PolicyRow(company_id=company_id, user_id=user_id)
        session.add(row)
    row.allowed = ",".join(sorted(z.value for z in policy.allowed if z is not Zone.BLOCKED))
    row.blocked_prefixes = ",".join(policy.blocked_prefixes)
    row.max_concurrent, row.max_setups_per_minute = policy.max_concurrent, policy.max_setups_per_minute
    session.flush()
    return row
