"""Voicemail played in the browser: own messages for users, shared ones for admins."""
from sqlalchemy import select

from vaxel.models import AuditEntry
from vaxel.voicemail.models import Message, MessageState

from .conftest import WAV


def test_a_user_hears_marks_and_deletes_their_own_message(portal, world, db):
    portal.login(world.a.user_email)
    page = portal.get("/me/voicemail/").text
    # +46701112233, as Swedes write it
    assert f'src="/me/voicemail/{world.a.own_message}/audio"' in page and "070-111 22 33" in page
    audio = portal.get(f"/me/voicemail/{world.a.own_message}/audio")
    assert audio.status_code == 200 and audio.mimetype == "audio/wav" and audio.data == WAV
    portal.post(f"/me/voicemail/{world.a.own_message}/heard")
    message = db.get(Message, world.a.own_message)
    db.refresh(message)
    assert message.state is MessageState.SAVED
    assert f"/me/voicemail/{world.a.own_message}/new" in portal.get("/me/voicemail/").text
    portal.post(f"/me/voicemail/{world.a.own_message}/new")
    db.refresh(message)
    assert message.state is MessageState.NEW and message.heard_at is not None
    portal.post(f"/me/voicemail/{world.a.own_message}/delete", {"confirmed": "yes"})
    db.refresh(message)
    assert message.state is MessageState.DELETED
    assert db.scalar(select(AuditEntry).where(AuditEntry.object_type == "voicemail_message"))


def test_an_admin_hears_shared_mailboxes_but_not_a_colleagues_own(portal, world):
    portal.login(world.a.admin_email)
    c = world.a.company
    assert "Alpha Team" in portal.get(f"/companies/{c}/mailboxes/").text
    assert portal.get(f"/companies/{c}/mailboxes/{world.a.shared_message}/audio").status_code == 200
    assert portal.get(f"/companies/{c}/mailboxes/{world.a.own_message}/audio").status_code == 404


def test_playing_a_message_marks_it_heard_and_the_lamp_follows(portal, world, db):
    from vaxel.voicemail.messages import counts
    message = db.get(Message, world.a.own_message)
    assert counts(db, message.mailbox_id) == (1, 0)
    portal.login(world.a.user_email)
    page = portal.get("/me/voicemail/").text
    assert 'preload="none"' in page  # loading the page plays (and marks) nothing
    db.refresh(message)
    assert message.state is MessageState.NEW
    portal.get(f"/me/voicemail/{world.a.own_message}/audio")
    db.refresh(message)
    assert message.state is MessageState.SAVED and message.heard_at is not None
    # What the controller's message-waiting sync tells the phones: no new message.
    assert counts(db, message.mailbox_id) == (0, 1)
