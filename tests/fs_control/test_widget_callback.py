"""A visitor's call-me-back request made over HTTP through the widget's door is dialled
by the controller in turn: agent first, then the visitor's number (FreeSWITCH double)."""
from __future__ import annotations

import gevent
import pytest
from sqlalchemy import select

from tests.fsdouble.controller import running_controller
from tests.widget.fixtures import SITE, make_widget
from vaxel.config import Settings
from vaxel.models import Company
from vaxel.queues.models import CallbackState, EntryOutcome, QueueCallback, QueueEntry
from webadmin import create_app


@pytest.fixture
def controller(double, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path) as ctl:
        yield ctl


def wait_for(predicate, timeout=15.0):
    with gevent.Timeout(timeout, AssertionError("condition not met in %ss" % timeout)):
        while not predicate():
            gevent.sleep(0.05)


def _callback(committed_db):
    with committed_db() as s:
        return s.scalars(select(QueueCallback)).one_or_none()


def test_a_widget_request_is_dialled_agent_first_then_the_visitor(double, controller,
                                                                    committed_db):
    with committed_db.begin() as s:
        company, queue, settings = make_widget(s, ring_seconds=5, wrapup_seconds=0,
                                               announce_every_seconds=0)
        s.get(Company, company.id).main_number = "+46812345600"
        key, queue_id = settings.public_key, queue.service_id
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "test-secret"}), committed_db,
                     {"TESTING": True})
    response = app.test_client().post(
        f"/widget/v1/{key}/callback", headers={"Origin": SITE},
        json={"queue_id": queue_id, "name": "Åsa Öberg", "number": "070-123 45 67"})
    assert response.status_code == 201, response.get_json()
    wait_for(lambda: (_callback(committed_db) or QueueCallback()).state is CallbackState.CONNECTED)
    originates = [c for c in double.command_log if c.startswith("bgapi originate")]
    assert "user/2001@acme.example" in originates[0] or "user/2002@acme.example" in originates[0]
    assert "origination_caller_id_number=+46701234567" in originates[0]  # the agent sees who
    assert "+46701234567" in originates[1] and "sofia/gateway/carrier/" in originates[1]
    assert "origination_caller_id_number=+46812345600]" in originates[1]
    double.run_api("uuid_kill %s" % _callback(committed_db).customer_uuid)
    wait_for(lambda: _callback(committed_db).state is CallbackState.COMPLETED)
    with committed_db() as s:
        entry = s.scalars(select(QueueEntry)).one()
    assert entry.outcome is EntryOutcome.ANSWERED and entry.callback
    assert entry.call_uuid.startswith("widget:")


def test_the_controller_runs_the_retention_purge_of_visitors_details(committed_db):
    import datetime as dt

    from fs_control.features import Features
    from fs_control.features.widget import plugin
    from vaxel.widget.callbacks import request_callback

    features = Features()
    plugin.register(features, type("Deps", (), {"session_factory": committed_db})())
    [job] = [p for p in features.periodic if p.name == "purge_widget_visitors"]
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40)
    with committed_db.begin() as s:
        company, queue, settings = make_widget(s)
        entry_id = request_callback(s, settings, queue.service_id, "Åsa", "0701234567", long_ago)
        entry = s.get(QueueEntry, entry_id)
        entry.state, entry.outcome, entry.ended_at = "done", EntryOutcome.ANSWERED, long_ago
    assert job.run() == 1
    with committed_db() as s:
        entry = s.get(QueueEntry, entry_id)
        assert (entry.caller_name, entry.caller_number) == ("", "")


def test_the_controllers_purge_ends_idle_visitor_chats_and_purges_expired_ones(committed_db):
    import datetime as dt

    from sqlalchemy import update

    from fs_control.features import Features
    from fs_control.features.widget import plugin
    from vaxel.chat.models import ChatMessage
    from vaxel.widget import visitor_chat
    from vaxel.widget.models import ChatState, VisitorChat

    features = Features()
    plugin.register(features, type("Deps", (), {"session_factory": committed_db})())
    [job] = [p for p in features.periodic if p.name == "purge_widget_visitors"]
    now = dt.datetime.now(dt.timezone.utc)
    with committed_db.begin() as s:
        company, queue, settings = make_widget(s)
        settings.chat_queue_id = queue.service_id
        expired, _ = visitor_chat.start(s, settings, "Åsa", now - dt.timedelta(days=40))
        visitor_chat.send(s, expired, "client-0001", "Mitt nummer är 070-123 45 67")
        visitor_chat.end(s, expired, now - dt.timedelta(days=40))
        idle, _ = visitor_chat.start(s, settings, "Bo", now - dt.timedelta(hours=3))
        s.execute(update(ChatMessage).values(created_at=now - dt.timedelta(days=40)).where(
            ChatMessage.conversation_id == expired.conversation_id))
        s.execute(update(ChatMessage).values(created_at=now - dt.timedelta(hours=3)).where(
            ChatMessage.conversation_id == idle.conversation_id))
        ids = expired.id, idle.id
    assert job.run() == 1
    with committed_db() as s:
        gone, ended = s.get(VisitorChat, ids[0]), s.get(VisitorChat, ids[1])
        assert (gone.visitor_name, gone.purged_at is not None) == ("", True)
        assert s.scalars(select(ChatMessage).where(
            ChatMessage.conversation_id == gone.conversation_id)).all() == []
        assert (ended.state, ended.visitor_name) == (ChatState.ENDED, "Bo")
