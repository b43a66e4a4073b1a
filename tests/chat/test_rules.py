"""Chat's pure decisions: retention, who joins and adds, what a message and a file may be."""
from __future__ import annotations

import datetime as dt

import pytest

from vaxel.chat import attachments, rules
from vaxel.chat.models import ConversationKind, MemberRole

UTC = dt.timezone.utc
PNG = b"\x89PNG\r\n\x1a\n" + bytes(20)


def test_the_retention_is_24_calendar_months():
    now = dt.datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    assert rules.retention_cutoff(now) == dt.datetime(2024, 12, 4, 3, 0, tzinfo=UTC)
    leap = dt.datetime(2028, 2, 29, tzinfo=UTC)
    assert rules.retention_cutoff(leap) == dt.datetime(2026, 2, 28, tzinfo=UTC)
    assert rules.retention_cutoff(dt.datetime(2026, 1, 15, tzinfo=UTC)).year == 2024


def test_rooms_and_open_groups_are_joined_closed_groups_and_direct_chats_are_not():
    assert rules.may_join(ConversationKind.ROOM, True)
    assert rules.may_join(ConversationKind.GROUP, True)
    assert not rules.may_join(ConversationKind.GROUP, False)
    assert not rules.may_join(ConversationKind.DIRECT, False)


def test_members_add_to_groups_but_a_direct_chat_stays_two():
    assert rules.may_add_members(ConversationKind.GROUP, MemberRole.MEMBER)
    assert not rules.may_add_members(ConversationKind.GROUP, None)
    assert not rules.may_add_members(ConversationKind.DIRECT, MemberRole.OWNER)


def test_only_the_owner_or_an_admin_removes_others_anyone_leaves():
    assert rules.may_remove(ConversationKind.GROUP, MemberRole.MEMBER, False, own=True)
    assert not rules.may_remove(ConversationKind.GROUP, MemberRole.MEMBER, False, own=False)
    assert rules.may_remove(ConversationKind.GROUP, MemberRole.OWNER, False, own=False)
    assert rules.may_remove(ConversationKind.ROOM, MemberRole.MEMBER, True, own=False)


def test_a_message_is_trimmed_and_bounded():
    assert rules.clean_body("  hej \x00 ") == "hej"
    with pytest.raises(ValueError):
        rules.clean_body("x" * (rules.MAX_BODY + 1))
    assert rules.valid_client_id("3f1c2a9e-0b7d-4c1e-9d3a-5a1b2c3d4e5f")
    assert not rules.valid_client_id("'; drop")


@pytest.mark.parametrize("data,kind", [
    (PNG, "image/png"), (b"\xff\xd8\xff\xe0" + bytes(10), "image/jpeg"),
    (b"GIF89a" + bytes(10), "image/gif"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"%PDF-1.7\n", "application/pdf"), ("Hej på dig\n".encode(), "text/plain")])
def test_allowed_files_are_known_by_their_bytes(data, kind):
    assert attachments.sniff(data).content_type == kind


@pytest.mark.parametrize("data", [
    b"<html><script>alert(1)</script>", b"  <svg onload=alert(1)>", b"\xef\xbb\xbf<script>",
    b"MZ\x90\x00\x03" + bytes(60), b"\x7fELF\x02\x01\x01" + bytes(9), b"", b"PK\x03\x04zip",
    b"\xff\xfe<\x00h\x00"])
def test_markup_programs_and_unknown_bytes_are_refused(data):
    with pytest.raises(attachments.Refused):
        attachments.sniff(data)


def test_an_oversized_file_is_refused():
    with pytest.raises(attachments.Refused, match="at most"):
        attachments.sniff(PNG + bytes(attachments.MAX_BYTES))


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.png", "passwd.png"), ("C:\\Users\\x\\bild.png", "bild.png"),
    ("photo.png.exe", "photo.png.png"), ("evil\r\nSet-Cookie: x.png", "evilSet-Cookie x.png"),
    ('"><img src=x>.png', "img src=x.png"), ("", "attachment.png"), ("...", "attachment.png"),
    ("å" * 300 + ".png", "å" * 100 + ".png")])
def test_a_hostile_name_becomes_a_plain_one_with_the_real_suffix(name, expected):
    assert attachments.safe_name(name, attachments.sniff(PNG)) == expected


def test_a_stream_takes_from_a_shared_window_only_its_users_newer_messages():
    from vaxel.chat.messages import visible
    window = [{"id": 5, "conversation_id": 1}, {"id": 6, "conversation_id": 2},
              {"id": 7, "conversation_id": 1}]
    members = {1: frozenset({10, 11}), 2: frozenset({11})}
    assert [m["id"] for m in visible(window, members, 10, 4)] == [5, 7]
    assert [m["id"] for m in visible(window, members, 10, 5)] == [7]
    assert [m["id"] for m in visible(window, members, 12, 0)] == []


def test_only_an_ended_visitor_chat_refuses_messages():
    assert rules.may_post(ConversationKind.VISITOR, visitor_left=False)
    assert not rules.may_post(ConversationKind.VISITOR, visitor_left=True)
    assert rules.may_post(ConversationKind.GROUP, visitor_left=True)
