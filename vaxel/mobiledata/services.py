"""Mobile data in PostgreSQL: packages per user, usage reported by the operator, and
top-ups bought in the app, with the company's monthly limit enforced."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change, snapshot
from ..errors import Conflict, InvalidInput
from ..people.models import User
from ..tenancy.models import Company
from .models import DataSubscription, DataTopUp, DataUsage
from .rules import PACKAGES, Payer, UsageSummary, may_top_up, month_bounds


def subscription_of(session: Session, user: User) -> DataSubscription | None:
    return session.scalar(select(DataSubscription).where(DataSubscription.user_id == user.id))


def set_subscription(session: Session, user: User, package: str, top_up_limit: int,
                     actor: Actor, *, top_up_mb: int = 1024) -> DataSubscription:
    """Give the user a data package (or change it) with a monthly company-paid top-up limit."""
    if package not in PACKAGES:
        raise InvalidInput(f"{package!r} is not a data package.")
    if not 0 <= top_up_limit <= 50:
        raise InvalidInput("The top-up limit is 0 to 50 a month.")
    row = subscription_of(session, user)
    was = snapshot(row) if row else None
    if row is None:
        row = DataSubscription(company_id=user.company_id, user_id=user.id)
        session.add(row)
    row.package, row.top_up_limit, row.top_up_mb, row.active = package, top_up_limit, top_up_mb, True
    session.flush()
    record_change(session, actor, user.company_id, "update" if was else "create",
                  DataSubscription.__tablename__, row.id, was, snapshot(row))
    return row


def end_subscription(session: Session, user: User, actor: Actor) -> None:
    row = subscription_of(session, user)
    if row is None or not row.active:
        return
    was = snapshot(row)
    row.active = False
    session.flush()
    record_change(session, actor, user.company_id, "end", row.__tablename__, row.id, was,
                  snapshot(row))


def record_usage(session: Session, user: User, day: dt.date, megabytes: int) -> None:
    """The operator's figure for one day; a later report for the same day replaces it."""
    if megabytes < 0:
        raise InvalidInput("Usage cannot be negative.")
    session.execute(insert(DataUsage).values(
        company_id=user.company_id, user_id=user.id, day=day, megabytes=megabytes)
        .on_conflict_do_update(index_elements=["user_id", "day"], set_={"megabytes": megabytes}))


def _company_paid(session: Session, user: User, start: dt.datetime, end: dt.datetime) -> int:
    return session.scalar(select(func.count()).where(
        DataTopUp.user_id == user.id, DataTopUp.payer == Payer.COMPANY,
        DataTopUp.bought_at >= start, DataTopUp.bought_at < end)) or 0


def buy_top_up(session: Session, user: User, now: dt.datetime, *, private_card: bool,
               actor: Actor) -> DataTopUp:
    """Buy one top-up as the app does; refused past the limit unless a private card pays."""
    # Lock the subscription so two taps cannot both take the last company-paid top-up.
    row = session.scalar(select(DataSubscription).where(DataSubscription.user_id == user.id)
                         .with_for_update())
    start, end = month_bounds(now, _timezone(session, user))
    decision = may_top_up(has_package=row is not None and row.active,
                          company_paid_this_month=_company_paid(session, user, start, end),
                          limit=row.top_up_limit if row else 0, private_card=private_card)
    if not decision.allowed:
        raise Conflict(decision.reason)
    top_up = DataTopUp(company_id=user.company_id, user_id=user.id, bought_at=now,
                       megabytes=row.top_up_mb, payer=decision.payer)
    session.add(top_up)
    session.flush()
    record_change(session, actor, user.company_id, "top-up", top_up.__tablename__, top_up.id,
                  None, snapshot(top_up))
    return top_up


def _timezone(session: Session, user: User) -> str:
    return session.scalar(select(Company.timezone).where(Company.id == user.company_id))


def month_summary(session: Session, user: User, now: dt.datetime) -> dict[str, Any] | None:
    """This month's package, usage and top-ups for one user (None without a package)."""
    row = subscription_of(session, user)
    if row is None or not row.active:
        return None
    start, end = month_bounds(now, _timezone(session, user))
    used = session.scalar(select(func.coalesce(func.sum(DataUsage.megabytes), 0)).where(
        DataUsage.user_id == user.id, DataUsage.day >= start.date(), DataUsage.day < end.date()))
    top_ups = list(session.scalars(select(DataTopUp).where(
        DataTopUp.user_id == user.id, DataTopUp.bought_at >= start, DataTopUp.bought_at < end)))
    return {"subscription": row, "top_ups": top_ups,
            "company_paid": sum(1 for t in top_ups if t.payer is Payer.COMPANY),
            "usage": UsageSummary(PACKAGES[row.package], sum(t.megabytes for t in top_ups), used)}


def company_paid_top_ups(session: Session, company_id: int, start: dt.datetime,
                         end: dt.datetime) -> list[DataTopUp]:
    """The company-paid top-ups bought in [start, end), for the invoice."""
    return list(session.scalars(select(DataTopUp).where(
        DataTopUp.company_id == company_id, DataTopUp.payer == Payer.COMPANY,
        DataTopUp.bought_at >= start, DataTopUp.bought_at < end)))
