"""The widget's domain on PostgreSQL: set-up (admins only, one company's), a visitor's
callback request becoming the queue's own callback, the wait from the queue engine's
estimate, and the retention purge."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM, person
from tests.queues.fixtures import make_company, make_queue
from vaxel.errors import Conflict, Forbidden, InvalidInput, NotFound
from vaxel.queues import entries
from vaxel.queues.estimate import expected_wait_seconds
from vaxel.queues.models import (CallbackState, EntryOutcome, QueueCallback, QueueEntry)
from vaxel.queues.stats import recent_figures
from vaxel.widget import services
from vaxel.widget.callbacks import request_callback
from vaxel.widget.models import WidgetCallback
from vaxel.widget.public import visitor_state
from vaxel.widget.purge import purge_expired

from .fixtures import SITE, make_widget, widget_form

NOW = dt.datetime(2026, 12, 4, 10, tzinfo=dt.timezone.utc)


def test_a_visitors_request_is_a_waiting_queue_callback_in_e164(db):
    company, queue, settings = make_widget(db)
    entry_id = request_callback(db, settings, queue.service_id, "Åsa Öberg", "070-123 45 67", NOW)
    entry = db.get(QueueEntry, entry_id)
    [callback] = db.scalars(select(QueueCallback)).all()
    assert (entry.caller_name, entry.caller_number, entry.callback) == (
        "Åsa Öberg", "+46701234567", True)
    assert entry.call_uuid.startswith("widget:")
    assert (callback.entry_id, callback.number, callback.state) == (
        entry_id, "+46701234567", CallbackState.WAITING)
    assert db.scalar(select(WidgetCallback.entry_id)) == entry_id


@pytest.mark.parametrize("number", ["", "abc", "12", "0701234567890123456"])
def test_a_number_that_cannot_be_called_is_refused_and_nothing_is_stored(db, number):
    company, queue, settings = make_widget(db)
    with pytest.raises(InvalidInput) as refused:
        request_callback(db, settings, queue.service_id, "Åsa", number, NOW)
    assert refused.value.field == "number"
    assert db.scalars(select(QueueEntry)).all() == []


def test_a_queue_not_shown_by_the_widget_cannot_be_asked(db):
    company, queue, settings = make_widget(db)
    other = make_queue(db, company, "Sales", callback_enabled=True)
    with pytest.raises(NotFound):
        request_callback(db, settings, other.service_id, "Åsa", "0701234567", NOW)


def test_a_queue_without_callbacks_refuses(db):
    company, queue, settings = make_widget(db, callback_enabled=False)
    with pytest.raises(Conflict):
        request_callback(db, settings, queue.service_id, "Åsa", "0701234567", NOW)


def test_the_wait_shown_is_the_queue_engines_estimate_for_the_next_caller(db):
    company, queue, settings = make_widget(db)
    for n in range(3):
        request_callback(db, settings, queue.service_id, "Kund", f"070123456{n}", NOW)
    # Ten answered calls of 3 minutes in the last hour.
    for n in range(10):
        joined = entries.join(db, queue.service_id, f"past-{n}", "+46700000000", "",
                              NOW - dt.timedelta(minutes=50))
        e = db.get(QueueEntry, joined.entry_id)
        e.state, e.outcome, e.talk_seconds = "done", EntryOutcome.ANSWERED, 180
        e.answered_at = e.joined_at + dt.timedelta(seconds=30)
    db.flush()
    state = visitor_state(db, settings, NOW)
    [shown] = state["queues"]
    expected = expected_wait_seconds(4, recent_figures(db, queue.service_id, NOW))
    assert expected and shown["wait_seconds"] == expected
    assert (shown["id"], shown["open"], shown["callback"]) == (queue.service_id, True, True)
    assert state["hours"]["open"] is True and state["contact"]["phone"] == "08-777 88 99"


def test_only_a_companys_admins_change_its_widget(db):
    company, queue, settings = make_widget(db)
    other = make_company(db, "Other", "other.example")
    with pytest.raises(Forbidden):
        services.rotate_key(db, person(company.id, None), company.id)
    with pytest.raises(NotFound):
        services.save(db, person(other.id, None, is_admin=True), company.id, widget_form())
    with pytest.raises(NotFound):
        services.revoke_key(db, person(other.id, None, is_admin=True), company.id)


def test_another_companys_queue_cannot_be_shown(db):
    company, queue, settings = make_widget(db)
    other = make_company(db, "Other", "other.example")
    theirs = make_queue(db, other, "Theirs")
    with pytest.raises(InvalidInput):
        services.save(db, SYSTEM, company.id, widget_form([theirs.service_id]))


def test_a_rotated_key_replaces_the_old_and_a_revoked_key_answers_nothing(db):
    company, queue, settings = make_widget(db)
    old = settings.public_key
    new = services.rotate_key(db, SYSTEM, company.id)
    assert new != old and services.by_key(db, old) is None
    assert services.by_key(db, new).company_id == company.id
    services.revoke_key(db, SYSTEM, company.id)
    assert services.by_key(db, new) is None


def test_settings_are_stored_normalised(db):
    company, queue, settings = make_widget(db)
    saved = services.save(db, SYSTEM, company.id, widget_form(
        [queue.service_id], origins="https://Shop.acme.example/\n" + SITE,
        colour_accent="#ABCDEF"))
    assert saved.origins == ["https://shop.acme.example", SITE]
    assert saved.colour_accent == "#abcdef" and saved.contact_phone == "+4687778899"


def _finish(db, entry_id, ended_at):
    entry = db.get(QueueEntry, entry_id)
    entry.state, entry.outcome, entry.ended_at = "done", EntryOutcome.ANSWERED, ended_at
    db.flush()


def test_visitors_details_are_blanked_after_the_companys_retention(db):
    company, queue, settings = make_widget(db)
    old = request_callback(db, settings, queue.service_id, "Gammal", "0701111111", NOW)
    recent = request_callback(db, settings, queue.service_id, "Ny", "0702222222", NOW)
    waiting = request_callback(db, settings, queue.service_id, "Väntar", "0703333333", NOW)
    _finish(db, old, NOW - dt.timedelta(days=31))
    _finish(db, recent, NOW - dt.timedelta(days=29))
    assert purge_expired(db, NOW) == 1
    db.expire_all()
    details = {e.id: (e.caller_name, e.caller_number) for e in db.scalars(select(QueueEntry))}
    assert details[old] == ("", "")
    assert details[recent] == ("Ny", "+46702222222")
    assert details[waiting] == ("Väntar", "+46703333333")  # still needed: not done
    numbers = {c.entry_id: c.number for c in db.scalars(select(QueueCallback))}
    assert numbers[old] == "" and numbers[recent] == "+46702222222"
    assert purge_expired(db, NOW) == 0  # once only


def test_a_shorter_retention_purges_sooner(db):
    company, queue, settings = make_widget(db)
    entry_id = request_callback(db, settings, queue.service_id, "Kund", "0701111111", NOW)
    _finish(db, entry_id, NOW - dt.timedelta(days=3))
    assert purge_expired(db, NOW) == 0
    services.save(db, SYSTEM, company.id, widget_form([queue.service_id], retention_days=2))
    assert purge_expired(db, NOW) == 1
