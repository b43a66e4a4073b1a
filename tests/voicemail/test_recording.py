"""Call recording: started before the bridge for users who have it, the announcement,
metadata, who may hear it, and the purge after 24 months."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM, person
from tests.fsdouble import CallScript
from vaxel.errors import NotFound
from vaxel.models import Company, User
from vaxel.recordings.models import CallRecording
from vaxel.recordings.services import (list_recordings, open_recording, purge_expired,
                                       retention_cutoff)
from vaxel.storage import Store

from .conftest import place, wait_until


def switch_on(committed_db, company, announce=False):
    with committed_db.begin() as s:
        s.get(User, company["users"]["1001"]).recording_enabled = True
        s.get(Company, company["id"]).announce_recording = announce


def test_a_recorded_users_call_is_recorded_in_stereo_before_the_bridge(
        double, controller, company, committed_db):
    switch_on(committed_db, company)
    placed = place(double, controller, company, "user:1001", CallScript(talk_time=0.2))
    names = [app for app, _ in placed.apps]
    assert ("set", "RECORD_STEREO=true") in placed.apps
    assert names.index("record_session") < names.index("bridge")
    assert not any("may be recorded" in arg for _, arg in placed.apps)
    row = wait_until(lambda: _recording(committed_db, lambda r: r.duration_seconds is not None))
    assert row.user_id == company["users"]["1001"] and row.from_number == "+46701234567"
    assert row.direction == "incoming" and row.file_path.endswith(f"{placed.uuid}-{row.user_id}.wav")
    assert dict(placed.apps)["record_session"].endswith(row.file_path)


def _recording(committed_db, ready):
    with committed_db() as s:
        row = s.scalar(select(CallRecording))
        return row if row is not None and ready(row) else None


def test_the_company_announcement_is_played_first(double, controller, company, committed_db):
    switch_on(committed_db, company, announce=True)
    placed = place(double, controller, company, "user:1001")
    names = [app for app, _ in placed.apps]
    announced = next(i for i, (_, arg) in enumerate(placed.apps) if "may be recorded" in arg)
    assert announced < names.index("record_session")


def test_users_without_recording_are_not_recorded(double, controller, company, committed_db):
    placed = place(double, controller, company, "user:1002")
    assert "record_session" not in [app for app, _ in placed.apps]
    with committed_db() as s:
        assert s.scalars(select(CallRecording)).all() == []


def add_recording(db, company_id, user_id, started_at, store):
    row = CallRecording(company_id=company_id, user_id=user_id, call_uuid="u", direction="incoming",
                        from_number="+46701234567", to_number="1001", started_at=started_at,
                        file_path=f"{company_id}/{started_at:%Y%m%d}-{user_id}.wav")
    store.write_bytes(row.file_path, b"RIFF")
    db.add(row)
    db.flush()
    return row


@pytest.fixture
def people(db):
    from vaxel.people.services import create_user
    from vaxel.tenancy.services import create_company
    acme = create_company(db, SYSTEM, "Acme", "acme.example")
    other = create_company(db, SYSTEM, "Other", "other.example")
    return (acme, other, create_user(db, SYSTEM, acme, "Daria", "1001"),
            create_user(db, SYSTEM, acme, "Dan", "1002"))


def test_recordings_are_purged_after_24_months(db, people, tmp_path):
    acme, _, daria, _ = people
    store = Store(tmp_path)
    now = dt.datetime(2026, 3, 15, 12, tzinfo=dt.timezone.utc)
    old = add_recording(db, acme.id, daria.id, now - dt.timedelta(days=740), store)
    young = add_recording(db, acme.id, daria.id, now - dt.timedelta(days=700), store)
    old_file, young_file = store.path(old.file_path), store.path(young.file_path)
    assert purge_expired(db, store, now) == 1
    assert not old_file.exists() and young_file.exists()
    assert db.scalars(select(CallRecording)).all() == [young]


def test_retention_counts_calendar_months():
    leap = dt.datetime(2028, 2, 29, tzinfo=dt.timezone.utc)
    assert retention_cutoff(leap) == dt.datetime(2026, 2, 28, tzinfo=dt.timezone.utc)
    assert retention_cutoff(dt.datetime(2026, 1, 31)) == dt.datetime(2024, 1, 31)


def test_only_admins_and_the_user_hear_a_recording(db, people, tmp_path):
    acme, other, daria, dan = people
    store = Store(tmp_path)
    row = add_recording(db, acme.id, daria.id, dt.datetime.now(dt.timezone.utc), store)
    assert open_recording(db, store, person(acme.id, daria.id), row.id).is_file()
    assert open_recording(db, store, person(acme.id, dan.id, is_admin=True), row.id)
    for stranger in (person(acme.id, dan.id), person(other.id, None, is_admin=True)):
        with pytest.raises(NotFound):
            open_recording(db, store, stranger, row.id)
    assert list_recordings(db, person(acme.id, dan.id)) == []
    assert list_recordings(db, person(acme.id, daria.id)) == [row]
