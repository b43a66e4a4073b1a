"""Statistics for the periods a supervisor reads, the JSON shape, and the raw CSV export."""
import csv
import datetime as dt
import io

from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.queues import callbacks, entries
from vaxel.queues.matching import match_queue
from vaxel.queues.models import EntryOutcome
from vaxel.queues.stats import EXPORT_COLUMNS, export_csv, period_start, statistics

NOW = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.timezone.utc)


def test_periods_start_at_local_midnight():
    assert period_start(NOW, 1, "Europe/Stockholm") == dt.datetime(
        2026, 11, 28, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert period_start(NOW, 7, "Europe/Stockholm").day == 22


def test_statistics_split_today_from_last_week(db):
    company = make_company(db)
    [agent] = make_agents(db, company, ("2001",))
    queue = make_queue(db, company, members=[agent], wrapup_seconds=0)
    old = entries.join(db, queue.service_id, "old", "+4670", "", NOW - dt.timedelta(days=3))
    entries.leave(db, old.entry_id, EntryOutcome.ABANDONED, NOW - dt.timedelta(days=3))
    today = entries.join(db, queue.service_id, "today", "+4670", "", NOW - dt.timedelta(hours=1))
    match_queue(db, queue.service_id, NOW - dt.timedelta(hours=1))
    entries.offer_answered(db, today.entry_id, agent.id, NOW - dt.timedelta(minutes=59))
    entries.call_finished(db, today.entry_id, NOW - dt.timedelta(minutes=50))
    asked = entries.join(db, queue.service_id, "cb", "+46701234567", "", NOW)
    assert callbacks.request(db, asked.entry_id, "0701234567", NOW)
    figures = statistics(db, company.id, NOW, "Europe/Stockholm")
    [today_q], [week_q] = figures["today"]["queues"], figures["7d"]["queues"]
    assert (today_q["offered"], today_q["answered"], today_q["abandoned"]) == (2, 1, 0)
    assert (week_q["offered"], week_q["abandoned"]) == (3, 1)
    assert today_q["callbacks_requested"] == 1 and today_q["avg_talk"] == 540.0
    [row] = figures["today"]["agents"]
    assert (row["offers"], row["answers"], row["talk_seconds"]) == (1, 1, 540)
    assert figures["realtime"][0]["callbacks_waiting"] == 1


def test_the_raw_export_has_one_row_per_caller(db):
    company = make_company(db)
    queue = make_queue(db, company)
    joined = entries.join(db, queue.service_id, "call-1", "+46701234567", "Eva", NOW)
    callbacks.request(db, joined.entry_id, "+46701234567", NOW)
    text = export_csv(db, company.id, NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=1))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == 2
    assert rows[1][3] == "+46701234567" and rows[1][12] == "+46701234567"
