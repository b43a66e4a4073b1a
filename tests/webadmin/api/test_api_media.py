"""Voicemail and recordings through the API: listing, downloading, and who may hear what
(the token reads a personal mailbox as its owner; the domain still decides)."""
from __future__ import annotations

from sqlalchemy import select

from tests.actors import person
from vaxel.actor import Actor, ActorRole
from vaxel.models import AuditEntry, CallRecording
from vaxel.voicemail.messages import can_open
from vaxel.voicemail.models import Mailbox, Message, MessageState
from webadmin.api.media import mailbox_actor

from .conftest import WAV, Api, add_recording, token_for


def test_a_users_voicemail_is_listed_with_audio_links(api, world):
    answer = api.get(f"/users/{world.a.user}/voicemail")
    assert answer.status_code == 200
    [message] = answer.json["messages"]
    assert message["id"] == world.a.own_message and message["state"] == "new"
    assert message["caller_number"] == "+46701112233" and message["duration_seconds"] == 3
    assert message["audio_url"] == f"/api/v1/voicemail/{world.a.own_message}/audio"


def test_a_user_without_a_mailbox_has_an_empty_list(api, world):
    answer = api.get(f"/users/{world.a.admin}/voicemail")
    assert answer.json == {"mailbox_id": None, "messages": []}


def test_personal_and_shared_messages_download_as_wav(api, world):
    for message_id in (world.a.own_message, world.a.shared_message):
        answer = api.get(f"/voicemail/{message_id}/audio")
        assert answer.status_code == 200 and answer.mimetype == "audio/wav"
        assert answer.data == WAV


def test_another_companys_message_is_not_found(api, world):
    for message_id in (world.b.own_message, world.b.shared_message):
        assert api.get(f"/voicemail/{message_id}/audio").status_code == 404


def test_the_token_acts_as_the_owner_and_the_domain_rule_still_holds(db, world):
    box = db.get(Mailbox, db.get(Message, world.a.own_message).mailbox_id)
    token = Actor(world.a.company, ActorRole.ADMIN, "api-token:1:CRM")
    viewer = mailbox_actor(token, box)
    assert (viewer.company_id, viewer.user_id, viewer.is_admin) == (world.a.company,
                                                                    world.a.user, False)
    # The domain's rule is unchanged: an admin alone may not open a personal mailbox.
    assert not can_open(db, person(world.a.company, None, is_admin=True), box)
    elsewhere = Actor(world.b.company, ActorRole.ADMIN, "api-token:2:CRM")
    assert not can_open(db, mailbox_actor(elsewhere, box), box)


def test_recordings_are_listed_newest_first_and_downloaded(api, db, world, recordings_dir):
    recording = add_recording(db, world.a.company, world.a.user, recordings_dir)
    add_recording(db, world.b.company, world.b.user, recordings_dir)
    listed = api.get("/recordings").json["recordings"]
    assert [r["id"] for r in listed] == [recording.id]
    assert listed[0]["audio_url"] == f"/api/v1/recordings/{recording.id}"
    assert listed[0]["duration_seconds"] == 42 and listed[0]["from"] == "+46701234567"
    assert api.get(listed[0]["audio_url"].removeprefix("/api/v1")).data == WAV
    assert api.get("/recordings?before=2030-03-01T12:00:00Z").json["recordings"] == []


def test_a_recording_whose_audio_is_gone_is_not_found(api, db, world, recordings_dir):
    recording = add_recording(db, world.a.company, world.a.user, recordings_dir)
    (recordings_dir / recording.file_path).unlink()
    assert api.get(f"/recordings/{recording.id}").status_code == 404


def test_a_malformed_before_is_refused(api):
    assert api.get("/recordings?before=yesterday").status_code == 422


def test_marking_heard_saves_the_message_and_deleting_removes_it(api, world):
    heard = api.send("POST", f"/voicemail/{world.a.own_message}/heard")
    assert heard.status_code == 200 and heard.json["state"] == "saved" and heard.json["heard_at"]
    assert api.send("DELETE", f"/voicemail/{world.a.own_message}").status_code == 204
    assert api.get(f"/users/{world.a.user}/voicemail").json["messages"] == []
    assert api.get(f"/voicemail/{world.a.own_message}/audio").status_code == 404


def _voicemail_audit(db) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "voicemail_message")))


def test_deleting_voicemail_is_audited_with_the_token_as_the_actor(api, db, world):
    assert api.send("DELETE", f"/voicemail/{world.a.own_message}").status_code == 204
    [entry] = _voicemail_audit(db)
    assert (entry.action, entry.company_id, entry.object_id) == (
        "delete", world.a.company, str(world.a.own_message))
    assert entry.actor.startswith("api-token:") and entry.actor.endswith(":CRM")
    assert entry.actor_account_id is None
    assert entry.before["state"] == "new" and entry.after["state"] == "deleted"


def test_a_refused_deletion_is_neither_done_nor_audited(app, api, db, world):
    reader = Api(app.test_client(), token_for(db, world.a.company, ["voicemail:read"]))
    assert reader.send("DELETE", f"/voicemail/{world.a.own_message}").status_code == 403
    assert api.send("DELETE", f"/voicemail/{world.b.own_message}").status_code == 404
    assert _voicemail_audit(db) == []
    message = db.get(Message, world.a.own_message)
    db.refresh(message)
    assert message.state is MessageState.NEW


def test_recordings_that_start_at_the_same_instant_are_all_paged_through(api, db, world,
                                                                           recordings_dir):
    # Both legs of an internal call start together: a cursor of the time alone would skip
    # one of them at a page break.
    first = add_recording(db, world.a.company, world.a.user, recordings_dir)
    twin = CallRecording(**{c: getattr(first, c) for c in (
        "company_id", "user_id", "direction", "from_number", "to_number", "started_at",
        "duration_seconds", "file_path")}, call_uuid="rec-other-leg")
    db.add(twin)
    db.flush()
    seen, query = [], "/recordings?limit=1"
    while page := api.get(query).json["recordings"]:
        seen += [r["id"] for r in page]
        last = page[-1]
        query = (f"/recordings?limit=1&before={last['started_at'].replace('+', '%2B')}"
                 f"&before_id={last['id']}")
    assert seen == [twin.id, first.id]
    assert api.get("/recordings?before_id=x1").status_code == 422
