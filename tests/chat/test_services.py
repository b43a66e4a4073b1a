"""Conversations and messages against PostgreSQL: kinds, membership on every read and
write, tenancy, unread counts, search, idempotent sends, resuming, the purge."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.audit.models import AuditEntry
from vaxel.chat import messages, services
from vaxel.chat.messages import Upload
from vaxel.chat.models import ChatMessage
from vaxel.errors import Forbidden, InvalidInput, NotFound

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def _send(db, store, actor, conversation_id, text, client_id=None):
    client_id = client_id or str(uuid.uuid4())
    return messages.send(db, actor, store, conversation_id, client_id, text)[0]


def test_a_direct_chat_is_one_per_pair_and_named_for_the_other(db, office, store):
    first = services.start_direct(db, office.anna, office.bo.user_id)
    assert services.start_direct(db, office.bo, office.anna.user_id).id == first.id
    _send(db, store, office.anna, first.id, "Hej Bo")
    [mine] = services.my_conversations(db, office.bo)
    assert mine.title.startswith("Anna") and mine.unread == 1
    with pytest.raises(Forbidden):
        services.add_member(db, office.anna, first.id, office.cecilia.user_id)


def test_a_non_member_reads_and_writes_nothing(db, office, store):
    direct = services.start_direct(db, office.anna, office.bo.user_id)
    _send(db, store, office.anna, direct.id, "private")
    for attempt in (lambda: messages.history(db, office.cecilia, direct.id),
                    lambda: _send(db, store, office.cecilia, direct.id, "let me in"),
                    lambda: messages.mark_read(db, office.cecilia, direct.id, 1),
                    lambda: services.join(db, office.cecilia, direct.id),
                    lambda: services.members(db, office.cecilia, direct.id)):
        with pytest.raises(NotFound):
            attempt()
    assert messages.since(db, office.cecilia, 0) == []
    assert messages.search(db, office.cecilia, "private") == []


def test_another_companys_conversation_is_not_found(db, office, other, store):
    room = services.create_group(db, office.anna, "Lunch", open_to_join=True, room=True)
    _send(db, store, office.anna, room.id, "pizza")
    with pytest.raises(NotFound):
        services.join(db, other.anna, room.id)
    with pytest.raises(NotFound):
        messages.history(db, other.anna, room.id)
    with pytest.raises(NotFound):
        services.start_direct(db, other.anna, office.bo.user_id)
    assert services.joinable(db, other.bo) == []
    assert messages.search(db, other.anna, "pizza") == []


def test_open_groups_and_rooms_are_joined_closed_groups_only_by_being_added(db, office):
    closed = services.create_group(db, office.bo, "Project X", open_to_join=False)
    opened = services.create_group(db, office.bo, "Fika", open_to_join=True)
    assert {s.id for s in services.joinable(db, office.cecilia)} == {opened.id}
    services.join(db, office.cecilia, opened.id)
    with pytest.raises(NotFound):
        services.join(db, office.cecilia, closed.id)
    services.add_member(db, office.bo, closed.id, office.cecilia.user_id)
    services.add_member(db, office.cecilia, closed.id, office.anna.user_id)  # any member adds
    assert len(services.members(db, office.anna, closed.id)) == 3
    with pytest.raises(Forbidden):  # only the owner removes others
        services.remove_member(db, office.cecilia, closed.id, office.anna.user_id)
    services.remove_member(db, office.bo, closed.id, office.anna.user_id)
    services.remove_member(db, office.cecilia, closed.id, office.cecilia.user_id)  # leaves
    assert [uid for uid, _ in services.members(db, office.bo, closed.id)] == [office.bo.user_id]
    actions = db.scalars(select(AuditEntry.action).where(
        AuditEntry.company_id == office.company)).all()
    assert "chat.conversation.create" in actions and "chat.member.remove" in actions


def test_only_admins_make_public_rooms(db, office):
    with pytest.raises(Forbidden):
        services.create_group(db, office.bo, "All hands", open_to_join=True, room=True)
    room = services.create_group(db, office.anna, "All hands", open_to_join=False, room=True)
    assert room.open_to_join and room.kind.value == "room"
    with pytest.raises(InvalidInput):
        services.create_group(db, office.anna, "   ", open_to_join=True)


def test_unread_counts_others_messages_after_my_last_read(db, office, store):
    group = services.create_group(db, office.anna, "Team", open_to_join=True)
    services.join(db, office.bo, group.id)
    _send(db, store, office.bo, group.id, "mine")
    one = _send(db, store, office.anna, group.id, "one")
    _send(db, store, office.anna, group.id, "two")
    assert services.my_conversations(db, office.bo)[0].unread == 2
    messages.mark_read(db, office.bo, group.id, one.id)
    assert services.my_conversations(db, office.bo)[0].unread == 1
    messages.mark_read(db, office.bo, group.id, 0)  # an older tab cannot unread
    assert services.my_conversations(db, office.bo)[0].unread == 1
    assert services.my_conversations(db, office.anna)[0].unread == 0  # sending reads


def test_a_retried_send_with_the_same_client_id_is_one_message(db, office, store):
    direct = services.start_direct(db, office.anna, office.bo.user_id)
    first, new = messages.send(db, office.anna, store, direct.id, "abc-12345678", "hej")
    again, new_again = messages.send(db, office.anna, store, direct.id, "abc-12345678", "hej",
                                     Upload("x.png", PNG))
    assert new and not new_again and again.id == first.id
    assert db.scalar(select(ChatMessage.id).where(ChatMessage.client_id == "abc-12345678")
                     .where(ChatMessage.id != first.id)) is None
    assert not list((store.root / "chat").rglob("*.png"))  # the retry's file is not kept


def test_a_stream_resumes_after_the_last_id_seen_in_order(db, office, store):
    direct = services.start_direct(db, office.anna, office.bo.user_id)
    room = services.create_group(db, office.anna, "Room", open_to_join=True, room=True)
    sent = [_send(db, store, office.anna, cid, f"m{i}")
            for i, cid in enumerate([direct.id, room.id, direct.id, room.id])]
    assert [m.id for m in messages.since(db, office.bo, 0)] == [sent[0].id, sent[2].id]
    assert [m.id for m in messages.since(db, office.bo, sent[0].id)] == [sent[2].id]
    assert [m.id for m in messages.since(db, office.anna, sent[1].id)] == [sent[2].id, sent[3].id]


def test_search_finds_words_in_my_conversations_only(db, office, store):
    mine = services.create_group(db, office.bo, "Mine", open_to_join=False)
    theirs = services.create_group(db, office.cecilia, "Theirs", open_to_join=False)
    hit = _send(db, store, office.bo, mine.id, "Offerten till Kund AB är klar")
    _send(db, store, office.cecilia, theirs.id, "offerten är hemlig")
    assert [m.id for m in messages.search(db, office.bo, "offerten KLAR")] == [hit.id]
    assert messages.search(db, office.bo, "   ") == []


def test_an_attachment_is_stored_by_its_real_type_and_read_by_members_only(db, office, store):
    direct = services.start_direct(db, office.anna, office.bo.user_id)
    message, _ = messages.send(db, office.anna, store, direct.id, "file-12345678", "",
                               Upload("../../bild.exe", PNG))
    assert message.attachment_type == "image/png" and message.attachment_name == "bild.png"
    assert store.path(message.attachment_path).read_bytes() == PNG
    assert messages.attachment(db, office.bo, message.id).id == message.id
    with pytest.raises(NotFound):
        messages.attachment(db, office.cecilia, message.id)
    with pytest.raises(InvalidInput):
        messages.send(db, office.anna, store, direct.id, "html-12345678", "",
                      Upload("cat.png", b"<html><script>alert(1)</script></html>"))


def test_the_purge_removes_exactly_the_messages_older_than_24_months(db, office, store):
    direct = services.start_direct(db, office.anna, office.bo.user_id)
    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone.utc)
    ages = {"old": dt.timedelta(days=731), "just-old": dt.timedelta(days=730, minutes=1),
            "just-kept": dt.timedelta(days=729, hours=23), "new": dt.timedelta(days=1)}
    rows = {}
    for label, age in ages.items():
        message, _ = messages.send(db, office.anna, store, direct.id, f"{label}-12345678",
                                   label, Upload(f"{label}.png", PNG))
        message.created_at = now - age
        rows[label] = (message.id, message.attachment_path)
    db.flush()
    with pytest.raises(Forbidden):
        messages.purge_expired(db, office.anna, store, now)
    assert messages.purge_expired(db, SYSTEM, store, now) == 2
    left = set(db.scalars(select(ChatMessage.body)).all())
    assert left == {"just-kept", "new"}
    for label in ("old", "just-old"):
        assert not store.path(rows[label][1]).exists()
    assert store.path(rows["new"][1]).exists()
