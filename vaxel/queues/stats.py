"""Queue statistics from the queue's own rows: per queue, per agent, real time, raw export.

Periods are whole local days of the company (today, the last 7 and the last 30 days,
today included). Figures count callers who *joined* in the period.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from .estimate import QueueFigures

PERIODS = {"today": 1, "7d": 7, "30d": 30}
RECENT = dt.timedelta(hours=1)


def period_start(now: dt.datetime, days: int, tz: str) -> dt.datetime:
    """Midnight `days - 1` days before today, in the company's time zone."""
    local = now.astimezone(ZoneInfo(tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - dt.timedelta(days=days - 1)


_FIGURES = text("""
SELECT count(*) FILTER (WHERE state = 'done' AND outcome = 'answered'),
       avg(talk_seconds) FILTER (WHERE outcome = 'answered'),
       avg(extract(epoch FROM answered_at - joined_at)) FILTER (WHERE outcome = 'answered'
                                                                 AND NOT callback),
       (SELECT wrapup_seconds FROM queue_settings WHERE service_id = :q),
       (SELECT count(*) FROM queue_member m JOIN queue_agent a ON a.user_id = m.user_id
        WHERE m.queue_id = :q AND m.logged_in AND a.state <> 'away')
FROM queue_entry WHERE queue_id = :q AND joined_at >= :since""")


def recent_figures(session: Session, queue_id: int, now: dt.datetime) -> QueueFigures:
    """The last hour's handle and wait times, and agents serving now: the expected wait
    announced to callers is computed from these."""
    answered, talk, wait, wrapup, serving = session.execute(
        _FIGURES, {"q": queue_id, "since": now - RECENT}).one()
    handle = float(talk) + (wrapup or 0) if answered and talk is not None else None
    return QueueFigures(serving or 0, handle, float(wait) if wait is not None else None)


@dataclass(frozen=True)
class QueueStats:
    queue_id: int
    name: str
    offered: int
    answered: int
    abandoned: int
    abandoned_avg_wait: float | None
    overflowed: int
    answered_within_sl: int
    service_level_pct: float | None
    avg_wait: float | None
    longest_wait: float | None
    avg_talk: float | None
    callbacks_requested: int
    callbacks_completed: int
    callbacks_failed: int


_QUEUE_STATS = text("""
SELECT s.service_id, sv.name,
  count(e.id),
  count(e.id) FILTER (WHERE e.outcome = 'answered'),
  count(e.id) FILTER (WHERE e.outcome = 'abandoned'),
  avg(extract(epoch FROM e.ended_at - e.joined_at)) FILTER (WHERE e.outcome = 'abandoned'),
  count(e.id) FILTER (WHERE e.outcome = 'overflow'),
  count(e.id) FILTER (WHERE e.outcome = 'answered'
                      AND e.answered_at - e.joined_at <= make_interval(secs => s.service_level_seconds)),
  avg(extract(epoch FROM coalesce(e.answered_at, e.ended_at) - e.joined_at))
      FILTER (WHERE e.state = 'done' AND NOT e.callback),
  max(extract(epoch FROM coalesce(e.answered_at, e.ended_at) - e.joined_at))
      FILTER (WHERE e.state = 'done' AND NOT e.callback),
  avg(e.talk_seconds) FILTER (WHERE e.outcome = 'answered'),
  count(e.id) FILTER (WHERE e.callback),
  count(c.id) FILTER (WHERE c.state = 'completed'),
  count(c.id) FILTER (WHERE c.state = 'failed')
FROM queue_settings s JOIN switchboard_service sv ON sv.id = s.service_id
LEFT JOIN queue_entry e ON e.queue_id = s.service_id AND e.joined_at >= :since
LEFT JOIN queue_callback c ON c.entry_id = e.id
WHERE s.company_id = :c GROUP BY s.service_id, sv.name ORDER BY sv.name""")


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)


def queue_stats(session: Session, company_id: int, since: dt.datetime) -> list[QueueStats]:
    out = []
    for row in session.execute(_QUEUE_STATS, {"c": company_id, "since": since}):
        (qid, name, offered, answered, abandoned, ab_wait, overflowed, within,
         avg_wait, longest, talk, cb_req, cb_done, cb_failed) = row
        level = round(100.0 * within / answered, 1) if answered else None
        out.append(QueueStats(qid, name, offered, answered, abandoned, _round(ab_wait),
                              overflowed, within, level, _round(avg_wait), _round(longest),
                              _round(talk), cb_req, cb_done, cb_failed))
    return out


@dataclass(frozen=True)
class AgentStats:
    user_id: int
    name: str
    offers: int
    answers: int
    talk_seconds: int
    logged_in_seconds: int


_AGENT_STATS = text("""
SELECT a.user_id, u.name,
  (SELECT count(*) FROM queue_offer o WHERE o.user_id = a.user_id AND o.offered_at >= :since),
  (SELECT count(*) FROM queue_offer o WHERE o.user_id = a.user_id AND o.offered_at >= :since
     AND o.result = 'answered'),
  (SELECT coalesce(sum(o.talk_seconds), 0) FROM queue_offer o WHERE o.user_id = a.user_id
     AND o.offered_at >= :since AND o.result = 'answered'),
  (SELECT coalesce(sum(extract(epoch FROM least(coalesce(s.ended_at, :now), :now)
                                         - greatest(s.started_at, :since))), 0)
   FROM (SELECT min(started_at) AS started_at, max(coalesce(ended_at, :now)) AS ended_at
         FROM queue_agent_session WHERE user_id = a.user_id
           AND coalesce(ended_at, :now) >= :since GROUP BY started_at) s)
FROM queue_agent a JOIN users u ON u.id = a.user_id
WHERE a.company_id = :c ORDER BY u.name""")


def agent_stats(session: Session, company_id: int, since: dt.datetime,
                now: dt.datetime) -> list[AgentStats]:
    """Logged-in time counts each log-in once, however many queues it covered."""
    rows = session.execute(_AGENT_STATS, {"c": company_id, "since": since, "now": now})
    return [AgentStats(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows]


_REALTIME = text("""
SELECT s.service_id,
  (SELECT count(*) FROM queue_entry e WHERE e.queue_id = s.service_id
     AND e.state IN ('waiting', 'offered')),
  (SELECT extract(epoch FROM :now - min(e.joined_at)) FROM queue_entry e
     WHERE e.queue_id = s.service_id AND e.state IN ('waiting', 'offered') AND NOT e.callback),
  (SELECT count(*) FROM queue_entry e WHERE e.queue_id = s.service_id
     AND e.state = 'waiting' AND e.callback)
FROM queue_settings s WHERE s.company_id = :c ORDER BY s.service_id""")
_AGENT_STATES = text("""
SELECT m.queue_id,
  CASE WHEN NOT m.logged_in THEN 'logged_out'
       WHEN a.state = 'wrap_up' AND a.wrapup_until <= :now THEN 'available'
       ELSE a.state END AS shown, count(*)
FROM queue_member m JOIN queue_agent a ON a.user_id = m.user_id
WHERE m.company_id = :c GROUP BY m.queue_id, shown""")


def realtime(session: Session, company_id: int, now: dt.datetime) -> list[dict]:
    """The wallboard: callers waiting now, longest current wait, members by state."""
    states: dict[int, dict[str, int]] = {}
    for queue_id, state, count in session.execute(_AGENT_STATES, {"c": company_id, "now": now}):
        states.setdefault(queue_id, {})[state] = count
    return [{"queue_id": qid, "waiting": waiting, "callbacks_waiting": cbs,
             "longest_wait_seconds": _round(longest), "members": states.get(qid, {})}
            for qid, waiting, longest, cbs in
            session.execute(_REALTIME, {"c": company_id, "now": now})]


def statistics(session: Session, company_id: int, now: dt.datetime, tz: str) -> dict:
    """Everything the statistics page and the JSON endpoint show, for every period."""
    out: dict = {"generated_at": now.isoformat(), "realtime": realtime(session, company_id, now)}
    for label, days in PERIODS.items():
        since = period_start(now, days, tz)
        out[label] = {"since": since.isoformat(),
                      "queues": [asdict(q) for q in queue_stats(session, company_id, since)],
                      "agents": [asdict(a) for a in agent_stats(session, company_id, since, now)]}
    return out


_EXPORT = text("""
SELECT e.id, e.queue_id, e.call_uuid, e.caller_number, e.priority, e.callback, e.outcome,
       e.joined_at, e.answered_at, e.ended_at, e.answered_by, e.talk_seconds,
       c.number, c.state, c.attempts
FROM queue_entry e LEFT JOIN queue_callback c ON c.entry_id = e.id
WHERE e.company_id = :c AND e.joined_at >= :since AND e.joined_at < :until ORDER BY e.id""")
EXPORT_COLUMNS = ("entry_id", "queue_id", "call_uuid", "caller_number", "priority", "callback",
                  "outcome", "joined_at", "answered_at", "ended_at", "answered_by",
                  "talk_seconds", "callback_number", "callback_state", "callback_attempts")


# A spreadsheet runs a cell that starts like this as a formula (=HYPERLINK, =cmd|…); the
# caller's number comes from whoever dialled in. A plain signed number stays as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value: object) -> object:
    """A value safe to open in a spreadsheet: a leading ' keeps a formula as text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def export_csv(session: Session, company_id: int, since: dt.datetime, until: dt.datetime) -> str:
    """One row per caller who joined a queue in [since, until): the raw export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in session.execute(_EXPORT, {"c": company_id, "since": since, "until": until}):
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()
