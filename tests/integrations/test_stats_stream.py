"""The statistics stream: a JSON array of Power BI rows POSTed to a real local receiver at
each company's interval, failures recorded for the admin; and the rows' shape (pure)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.models import ServiceKind
from vaxel.queues.services import configure_queue
from vaxel.statsstream.models import StatsStream
from vaxel.statsstream.rows import COLUMNS, is_due, stream_rows
from vaxel.statsstream.services import configure_stream, push_due
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company
from vaxel.infra.http import HttpPolicy

T0 = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
LOCAL = HttpPolicy(timeout=2, allow_private=True)


@pytest.fixture
def company(committed_db) -> dict:
    with committed_db.begin() as s:
        acme = create_company(s, SYSTEM, "Acme", "acme.example")
        sales = create_service(s, SYSTEM, acme, ServiceKind.QUEUE, "Sales")
        configure_queue(s, SYSTEM, sales)
        return {"id": acme.id, "queue": sales.id}


def stream_to(committed_db, company: int, url: str, interval: int = 60) -> None:
    with committed_db.begin() as s:
        configure_stream(s, Actor.system(), company, url, interval)


def test_rows_are_pushed_as_one_json_array_with_the_dataset_columns(committed_db, company,
                                                                    receiver):
    stream_to(committed_db, company["id"], receiver.url + "/rows?key=secret")
    assert push_due(committed_db, LOCAL, T0) == 1
    [got] = receiver.received
    assert got.method == "POST" and got.path == "/rows?key=secret"
    assert got.headers["Content-Type"] == "application/json"
    [row] = got.json()
    assert tuple(row) == COLUMNS
    assert row["timestamp"] == "2030-03-01T12:00:00Z" and row["queue_id"] == company["queue"]
    assert row["queue"] == "Sales" and row["waiting"] == 0 and row["offered_today"] == 0


def test_a_stream_is_pushed_again_only_after_its_interval(committed_db, company, receiver):
    stream_to(committed_db, company["id"], receiver.url, interval=30)
    push_due(committed_db, LOCAL, T0)
    assert push_due(committed_db, LOCAL, T0 + dt.timedelta(seconds=29)) == 0
    assert push_due(committed_db, LOCAL, T0 + dt.timedelta(seconds=30)) == 1
    assert len(receiver.received) == 2


def test_a_refusing_receiver_is_recorded_for_the_admin(committed_db, company, receiver):
    receiver.answer = lambda r: (400, "application/json", '{"error": "schema"}')
    stream_to(committed_db, company["id"], receiver.url)
    push_due(committed_db, LOCAL, T0)
    with committed_db() as s:
        stream = s.get(StatsStream, company["id"])
        assert stream.last_error == "HTTP 400" and stream.last_pushed_at == T0


def test_loopback_is_refused_unless_ops_allow_it(committed_db, company, receiver):
    stream_to(committed_db, company["id"], receiver.url)
    push_due(committed_db, HttpPolicy(timeout=2), T0)
    assert receiver.received == []
    with committed_db() as s:
        assert s.get(StatsStream, company["id"]).last_error


def test_rows_join_todays_figures_with_the_live_picture():
    today = [SimpleNamespace(queue_id=3, name="Sales", offered=10, answered=8, abandoned=2,
                             service_level_pct=80.0, avg_wait=12, avg_talk=90)]
    live = [{"queue_id": 3, "waiting": 2, "longest_wait_seconds": 40,
             "members": {"available": 1, "busy": 2, "wrap_up": 1, "away": 1}}]
    [row] = stream_rows(7, T0, today, live)
    assert row["agents_available"] == 1 and row["agents_busy"] == 3
    assert row["waiting"] == 2 and row["longest_wait_seconds"] == 40
    assert row["service_level_pct_today"] == 80.0
    assert stream_rows(7, T0, today, [])[0]["waiting"] == 0


def test_a_stream_never_pushed_is_due():
    assert is_due(None, 60, T0)
    assert not is_due(T0, 60, T0 + dt.timedelta(seconds=59))
