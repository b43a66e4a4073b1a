"""Recorded calls in the browser: a company's for its admins, one's own for each user;
never another company's, never a colleague's for a user."""
from __future__ import annotations

import datetime as dt

import pytest

from webadmin.recordings import views

from .api.conftest import WAV, add_recording
from .conftest import RECORDINGS_DIR


@pytest.fixture
def recordings(db, world):
    """One recording of each company's user, one of company A's admin an hour earlier."""
    a = add_recording(db, world.a.company, world.a.user, RECORDINGS_DIR)
    b = add_recording(db, world.b.company, world.b.user, RECORDINGS_DIR)
    admins = add_recording(db, world.a.company, world.a.admin, RECORDINGS_DIR)
    admins.started_at -= dt.timedelta(hours=1)
    admins.from_number = "+46709998877"
    db.flush()
    return a.id, b.id, admins.id


def test_an_admin_lists_plays_and_downloads_the_companys_recordings(portal, world, recordings):
    a, b, admins = recordings
    portal.login(world.a.admin_email)
    c = world.a.company
    page = portal.get(f"/companies/{c}/recordings/").text
    for rid in (a, admins):
        assert f'<audio controls preload="none" src="/companies/{c}/recordings/{rid}/audio">' in page
    assert f"/recordings/{b}/" not in page
    assert "Alpha User" in page and "070-123 45 67" in page and "0:42" in page
    played = portal.get(f"/companies/{c}/recordings/{a}/audio")
    assert played.status_code == 200 and played.mimetype == "audio/wav" and played.data == WAV
    assert played.headers["Content-Disposition"].startswith("inline")
    saved = portal.get(f"/companies/{c}/recordings/{a}/audio?download=1")
    assert saved.headers["Content-Disposition"] == f"attachment; filename=recording-{a}.wav"


def test_no_one_reaches_another_companys_recording(portal, world, recordings):
    _, b, _ = recordings
    portal.login(world.a.admin_email)
    assert portal.get(f"/companies/{world.a.company}/recordings/{b}/audio").status_code == 404
    assert portal.get(f"/companies/{world.b.company}/recordings/{b}/audio").status_code == 404
    assert portal.get(f"/me/recordings/{b}/audio").status_code == 404
    portal.login(world.a.user_email)
    assert portal.get(f"/me/recordings/{b}/audio").status_code == 404


def test_a_user_hears_their_own_recordings_only(portal, world, recordings):
    a, _, admins = recordings
    portal.login(world.a.user_email)
    page = portal.get("/me/recordings/").text
    assert f'src="/me/recordings/{a}/audio"' in page and f"/me/recordings/{admins}/" not in page
    assert portal.get(f"/me/recordings/{a}/audio").data == WAV
    assert portal.get(f"/me/recordings/{admins}/audio").status_code == 404
    assert portal.get(f"/companies/{world.a.company}/recordings/").status_code == 403


def test_a_recording_whose_audio_is_gone_is_not_found(portal, world, db):
    recording = add_recording(db, world.a.company, world.a.user, RECORDINGS_DIR)
    (RECORDINGS_DIR / recording.file_path).unlink()
    portal.login(world.a.admin_email)
    url = f"/companies/{world.a.company}/recordings/{recording.id}/audio"
    assert portal.get(url).status_code == 404


def test_older_recordings_are_a_page_further(portal, world, recordings, monkeypatch):
    a, _, admins = recordings
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    portal.login(world.a.admin_email)
    first = portal.get(f"/companies/{world.a.company}/recordings/").text
    assert f"/recordings/{a}/audio" in first and f"/recordings/{admins}/audio" not in first
    older = portal.get(f"/companies/{world.a.company}/recordings/"
                       "?before=2030-03-01T12:00:00%2B00:00").text
    assert f"/recordings/{admins}/audio" in older and f"/recordings/{a}/audio" not in older
    assert "before=2030-03-01T12:00:00%2B00:00" in first


def test_the_screen_is_in_swedish_too(portal, world, recordings):
    portal.login(world.a.user_email)
    portal.post("/language", {"language": "sv"})
    page = portal.get("/me/recordings/").text
    assert "Mina inspelade samtal" in page and "Ladda ner" in page and "Inkommande" in page
