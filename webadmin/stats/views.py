"""Statistics: calls per day from the call log, and per queue and agent from the queues'
own figures, for today, the last 7 and the last 30 days, with server-drawn charts."""
from __future__ import annotations

import datetime as dt

from flask import g, render_template, request

from vaxel.calls.log import daily_counts
from vaxel.queues.stats import PERIODS, agent_stats, period_start, queue_stats

from ..access import company_blueprint
from ..db import get_db
from ..i18n import gettext
from .charts import Series, bar_chart

bp = company_blueprint("stats", __name__)


def _days(since: dt.datetime, now: dt.datetime) -> list[dt.date]:
    first, last = since.date(), now.astimezone(since.tzinfo).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _calls_chart(since: dt.datetime, now: dt.datetime):
    counts = daily_counts(get_db(), g.company.id, since, g.company.timezone)
    days = _days(since, now)
    series = [Series(gettext(name), [counts.get(d, {}).get(key, 0) for d in days], key)
              for key, name in (("incoming", "Incoming"), ("outgoing", "Outgoing"),
                                ("missed", "Missed"))]
    labels = [d.strftime("%d") if len(days) > 7 else d.strftime("%d/%m") for d in days]
    return bar_chart(labels, series, gettext("Calls per day")), series


@bp.get("/")
def show() -> str:
    period = request.args.get("period") if request.args.get("period") in PERIODS else "today"
    now = dt.datetime.now(dt.timezone.utc)
    since = period_start(now, PERIODS[period], g.company.timezone)
    queues = queue_stats(get_db(), g.company.id, since)
    chart, series = _calls_chart(since, now)
    queue_chart = bar_chart([q.name for q in queues], [
        Series(gettext("Answered"), [q.answered for q in queues], "answered"),
        Series(gettext("Abandoned"), [q.abandoned for q in queues], "abandoned")],
        gettext("Queue calls")) if queues else None
    return render_template("stats/show.html", period=period, periods=list(PERIODS),
                           calls_chart=chart, totals={s.name: sum(s.values) for s in series},
                           queues=queues, queue_chart=queue_chart,
                           agents=agent_stats(get_db(), g.company.id, since, now))
