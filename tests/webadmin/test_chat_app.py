"""The app's chat routes: as a logged-in employee with the session's CSRF token, and the
attacks on them (another tenant, a non-member, a forged POST, hostile files and text)."""
from __future__ import annotations

import io
import json
import uuid

import pytest

from tests.actors import SYSTEM, person
from vaxel.accounts.services import create_user_account
from vaxel.chat.attachments import MAX_BYTES
from vaxel.chat.services import start_direct
from vaxel.models import Company
from vaxel.people.services import create_user

from .conftest import PASSWORD

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def chat(portal, world):
    """Alpha's user logged in, in a direct chat with Alpha's admin."""
    portal.login(world.a.user_email)
    reply = portal.post("/app/chat/direct", {"user_id": world.a.admin})
    assert reply.status_code == 200, reply.text
    return reply.json["id"]


def _send(portal, conversation_id, body, client_id=None, **extra):
    return portal.post(f"/app/chat/{conversation_id}/messages",
                       {"client_id": client_id or str(uuid.uuid4()), "body": body, **extra})


def test_sending_lists_the_conversation_and_its_history(portal, world, chat):
    assert _send(portal, chat, "Hej!").status_code == 201
    listed = portal.get("/app/chat/conversations.json").json
    assert [c["id"] for c in listed["mine"]] == [chat] and listed["cursor"] > 0
    assert listed["mine"][0]["title"] == "Alpha Admin"
    [message] = portal.get(f"/app/chat/{chat}/messages.json").json
    assert message["body"] == "Hej!" and message["sender"] == "Alpha User"


def test_a_retried_post_does_not_duplicate(portal, chat):
    client_id = str(uuid.uuid4())
    first = _send(portal, chat, "once", client_id)
    again = _send(portal, chat, "once", client_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert len(portal.get(f"/app/chat/{chat}/messages.json").json) == 1


def test_a_post_without_the_csrf_token_is_refused(portal, chat):
    forged = portal.client.post(f"/app/chat/{chat}/messages",
                                data={"client_id": str(uuid.uuid4()), "body": "forged"})
    assert forged.status_code == 400
    assert portal.get(f"/app/chat/{chat}/messages.json").json == []


def test_unread_counts_and_read_marks(portal, world, chat):
    _send(portal, chat, "from user")
    portal.post("/logout")
    portal.login(world.a.admin_email)
    [mine] = portal.get("/app/chat/conversations.json").json["mine"]
    assert mine["unread"] == 1
    assert portal.post(f"/app/chat/{chat}/read", {"up_to": mine["last_id"]}).status_code == 200
    assert portal.get("/app/chat/conversations.json").json["mine"][0]["unread"] == 0


def test_another_tenant_finds_nothing(portal, world, chat):
    sent = _send(portal, chat, "secret", file=(io.BytesIO(PNG), "a.png")).json
    portal.post("/logout")
    portal.login(world.b.admin_email)
    for url in (f"/app/chat/{chat}/messages.json", f"/app/chat/{chat}/members.json",
                f"/app/chat/attachments/{sent['id']}"):
        assert portal.get(url).status_code == 404, url
    for url, data in ((f"/app/chat/{chat}/messages", {"client_id": str(uuid.uuid4()),
                                                       "body": "x"}),
                      (f"/app/chat/{chat}/join", {}), (f"/app/chat/{chat}/read", {"up_to": 1}),
                      ("/app/chat/direct", {"user_id": world.a.user})):
        assert portal.post(url, data).status_code == 404, url
    assert portal.get("/app/chat/search.json?q=secret").json == []


def test_a_colleague_outside_the_conversation_finds_nothing(portal, world, db):
    third = create_user(db, SYSTEM, db.get(Company, world.a.company), "Third Person", "1077")
    create_user_account(db, third, "third@alpha.example", PASSWORD)
    direct = start_direct(db, person(world.a.company, world.a.user), world.a.admin)
    db.flush()
    portal.login("third@alpha.example")
    assert portal.get(f"/app/chat/{direct.id}/messages.json").status_code == 404
    assert _send(portal, direct.id, "intrude").status_code == 404
    assert portal.post(f"/app/chat/{direct.id}/join").status_code == 404


def test_a_disguised_page_is_refused_and_a_picture_served_as_a_safe_download(portal, chat):
    refused = _send(portal, chat, "", file=(io.BytesIO(b"<html><script>alert(1)</script>"),
                                            "cat.png", "image/png"))
    assert refused.status_code == 422 and refused.json["field"] == "file"
    assert "PNG" in refused.json["error"]
    program = _send(portal, chat, "", file=(io.BytesIO(b"MZ\x90\x00" + bytes(100)), "cv.pdf"))
    assert program.status_code == 422
    sent = _send(portal, chat, "", file=(io.BytesIO(PNG), '../../evil<script>.html'))
    assert sent.status_code == 201, sent.text
    attachment = sent.json["attachment"]
    assert attachment["name"] == "evilscript.png" and attachment["type"] == "image/png"
    served = portal.get(attachment["url"])
    assert served.data == PNG and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert "evilscript.png" in served.headers["Content-Disposition"]
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_an_oversized_upload_is_refused_with_nothing_stored(portal, chat):
    big = _send(portal, chat, "big", file=(io.BytesIO(PNG + bytes(MAX_BYTES)), "big.png"))
    assert big.status_code == 422 and "KB" in big.json["error"]
    huge = _send(portal, chat, "huge", file=(io.BytesIO(PNG + bytes(2 * 1024 * 1024)), "h.png"))
    assert huge.status_code == 413 and huge.json["field"] == "file"
    assert portal.get(f"/app/chat/{chat}/messages.json").json == []


def test_message_text_is_sent_as_data_never_as_markup(portal, chat):
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    sent = _send(portal, chat, hostile)
    assert sent.mimetype == "application/json" and sent.json["body"] == hostile
    shell = portal.get("/app/").text
    assert "<script>alert(2)" not in shell


def test_groups_rooms_and_search(portal, world, chat):
    assert portal.post("/app/chat/groups", {"title": "Rum", "kind": "room"}).status_code == 403
    group = portal.post("/app/chat/groups", {"title": "Fika", "kind": "open"}).json["id"]
    _send(portal, group, "Kanelbullar på fredag")
    found = portal.get("/app/chat/search.json?q=kanelbullar").json
    assert [m["conversation_id"] for m in found] == [group]
    portal.post("/logout")
    portal.login(world.a.admin_email)
    listed = portal.get("/app/chat/conversations.json").json
    assert [c["id"] for c in listed["joinable"]] == [group]
    assert portal.post(f"/app/chat/{group}/join").status_code == 200
    assert portal.post("/app/chat/groups", {"title": "Alla", "kind": "room"}).status_code == 200
    empty = portal.post("/app/chat/groups", {"title": " ", "kind": "closed"})
    assert empty.status_code == 422 and empty.json["field"] == "title"


def test_the_chat_speaks_swedish(portal, world, chat):
    refused = portal.post(f"/app/chat/{chat}/messages", {"client_id": str(uuid.uuid4()),
                                                         "body": ""},
                          headers={"Accept-Language": "sv"})
    assert refused.status_code == 422 and json.loads(refused.text)["error"] == (
        "Skriv ett meddelande eller bifoga en fil.")


CHAT_SOURCES = ["vaxel/chat/services.py", "vaxel/chat/messages.py", "vaxel/chat/rules.py",
                "vaxel/chat/attachments.py", "webadmin/employee/chat.py"]


def test_every_chat_text_has_its_swedish():
    import re
    from pathlib import Path

    from webadmin.i18n import _by_pattern
    from webadmin.translations.sv import SV, SV_PATTERNS

    root = Path(__file__).resolve().parents[2]
    shell = (root / "webadmin/templates/employee/app.html").read_text()
    start = shell.index('<section id="chat"')
    texts = {m.group(2) for m in re.finditer(r"""_\(\s*(["'])(.+?)\1""", shell[start:])}
    for source in CHAT_SOURCES:
        code = (root / source).read_text()
        texts |= {m.group(1) for m in re.finditer(
            r'(?:InvalidInput|Forbidden|NotFound|Refused|gettext)\(\s*"([^"]+)"', code)}
    texts |= {"A message holds at most 4000 characters.", "Attachments are at most 512 KB.",
              "Give the group a name of 1 to 80 characters.", "Choose a valid user id."}
    assert len(texts) > 40, "the patterns no longer find the texts"
    missing = sorted(t for t in texts if t not in SV and _by_pattern(SV_PATTERNS, t) == t)
    assert not missing
