"""The statistics stream's settings, the rows it pushes, and the CSV raw export; the
figures come from vaxel.queues.stats."""
from __future__ import annotations

import datetime as dt
import json
import logging
from functools import partial
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..actor import Actor
from ..audit.services import record_change
from ..errors import InvalidInput
from ..queues import stats as queue_stats
from ..redact import scrub
from ..tenancy.models import Company
from ..infra.http import HttpFailure, HttpPolicy, request
from ..webhooks.targets import parse_target
from .models import StatsStream
from .rows import is_due, stream_rows

log = logging.getLogger(__name__)

MIN_INTERVAL = 5  # Power BI accepts at most one push a second per dataset; be gentler


def configure_stream(session: Session, actor: Actor, company_id: int, url: str,
                     interval_seconds: int, active: bool = True) -> StatsStream:
    """Push the company's statistics to `url`; audited without the address (it may carry
    a key)."""
    actor.check_company(company_id, "company")
    parse_target(url)
    if interval_seconds < MIN_INTERVAL:
        raise InvalidInput(f"Push every {MIN_INTERVAL} seconds or less often.")
    stream = session.get(StatsStream, company_id) or StatsStream(company_id=company_id)
    stream.url, stream.interval_seconds, stream.active = url.strip(), interval_seconds, active
    stream.last_error = stream.last_error or ""
    session.add(stream)
    session.flush()
    record_change(session, actor, company_id, "configure", "stats_stream", company_id, None,
                  {"interval_seconds": stream.interval_seconds, "active": stream.active})
    return stream


def company_rows(session: Session, company_id: int, now: dt.datetime) -> list[dict]:
    tz = session.get(Company, company_id).timezone
    today = queue_stats.queue_stats(session, company_id, queue_stats.period_start(now, 1, tz))
    return stream_rows(company_id, now, today, queue_stats.realtime(session, company_id, now))


def export_csv(session: Session, company_id: int, since: dt.datetime, until: dt.datetime) -> str:
    return queue_stats.export_csv(session, company_id, since, until)


def push_due(session_factory: sessionmaker[Session], policy: HttpPolicy,
             now: dt.datetime, start: Callable[[Callable[[], None], int], None] | None = None
             ) -> int:
    """Push every stream whose interval has passed; answers how many were due. `start(push,
    company_id)` runs each push (the controller: each in its own greenlet); by default
    one after another."""
    with session_factory() as session:
        due = [(s.company_id, s.url) for s in session.scalars(
            select(StatsStream).where(StatsStream.active))
            if is_due(s.last_pushed_at, s.interval_seconds, now)]
    for company_id, url in due:
        push = partial(_push_one, session_factory, policy, company_id, url, now)
        if start is None:
            push()
        else:
            start(push, company_id)
    return len(due)


def _push_one(session_factory, policy: HttpPolicy, company_id: int, url: str,
              now: dt.datetime) -> None:
    with session_factory() as session:
        rows = company_rows(session, company_id, now)
    error = ""
    try:
        response = request("POST", url, policy, body=json.dumps(rows).encode(),
                           headers={"Content-Type": "application/json"})
        if not 200 <= response.status_code < 300:
            error = f"HTTP {response.status_code}"
    except HttpFailure as exc:
        error = scrub(str(exc), url)  # a push address carries its key in the query
    with session_factory.begin() as session:
        stream = session.get(StatsStream, company_id)
        stream.last_pushed_at, stream.last_error = now, error[:500]
    if error:
        log.info("company %s: statistics stream push failed: %s", company_id, error)
