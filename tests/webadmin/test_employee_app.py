"""The app's pages: the shell for any logged-in employee, the SIP credential handed to
their own session only, JsSIP served from node_modules, the installable app's files."""
from __future__ import annotations

import json

from vaxel.credentials import a1_hash
from vaxel.models import Device, DeviceKind, User

from webadmin.employee.views import JSSIP_BUNDLE


def test_the_app_shell_is_for_logged_in_employees(portal, world):
    assert portal.get("/app/").status_code == 302  # to the log-in page
    portal.login(world.a.user_email)
    page = portal.get("/app/").text
    assert 'rel="manifest"' in page and "softphone.js" in page and "/app/jssip.js" in page


def test_a_credential_is_issued_to_the_session_and_rotates(portal, world, db):
    portal.login(world.a.user_email)
    assert portal.client.post("/app/credential").status_code == 400  # no CSRF token
    first = portal.post("/app/credential")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    issued = first.get_json()
    user = db.get(User, world.a.user)
    assert issued["username"] == f"{user.extension}-web"
    assert issued["ws_url"] == "ws://127.0.0.1:5066"
    device = db.query(Device).filter_by(user_id=user.id, kind=DeviceKind.WEB).one()
    db.refresh(device)
    assert device.a1_hash == a1_hash(issued["username"], issued["domain"], issued["password"])
    second = portal.post("/app/credential").get_json()
    db.refresh(device)
    assert second["password"] != issued["password"]
    assert device.a1_hash == a1_hash(second["username"], second["domain"], second["password"])


def test_the_sip_library_and_the_installable_app_are_served_without_a_log_in(portal):
    library = portal.get("/app/jssip.js")
    if JSSIP_BUNDLE.exists():
        assert library.status_code == 200 and b"JsSIP" in library.data[:2000]
    else:
        assert library.status_code == 404
    manifest = json.loads(portal.get("/app/manifest.webmanifest").data)
    assert manifest["start_url"] == "/app/" and manifest["display"] == "standalone"
    worker = portal.get("/app/sw.js")
    assert worker.status_code == 200 and worker.headers["Service-Worker-Allowed"] == "/app/"


def test_the_colleagues_board_streams_everyone_with_their_status(portal, world, db):
    from vaxel.callcontrol.models import LiveCallRow

    user = db.get(User, world.a.user)
    db.add(LiveCallRow(call_uuid="board-call", company_id=user.company_id,
                       caller_number=user.extension, destination="1999", state="ACTIVE"))
    db.flush()
    portal.login(world.a.user_email)
    response = portal.get("/app/events", buffered=False)  # the app's one stream
    assert response.mimetype == "text/event-stream"
    text = ""
    for chunk in response.response:
        text += chunk.decode() if isinstance(chunk, bytes) else chunk
        if "event: colleagues" in text and text.endswith("\n\n"):
            break
    response.close()
    first = next(e for e in text.split("\n\n") if e.startswith("event: colleagues"))
    data = "".join(line[len("data: "):] for line in first.splitlines()
                   if line.startswith("data: "))
    board = {c["extension"]: c for c in json.loads(data)}
    assert board[user.extension]["status"] == "on_call"
    assert {c["status"] for c in board.values()} <= {"on_call", "available", "in_meeting"}
    assert all(c["user_id"] for c in board.values()) and user.company_id == world.a.company


def test_my_calls_list_missed_calls_to_call_back(portal, world, db):
    import datetime as dt

    from vaxel.calls.events import CallDirection, CallResult
    from vaxel.calls.models import CallLogEntry

    user = db.get(User, world.a.user)
    start = dt.datetime(2030, 1, 2, 9, tzinfo=dt.timezone.utc)
    for uuid, result in (("app-missed", CallResult.MISSED), ("app-answered", CallResult.ANSWERED)):
        db.add(CallLogEntry(company_id=user.company_id, call_uuid=uuid, user_id=user.id,
                            direction=CallDirection.INCOMING, other_number="+46701112233",
                            result=result, started_at=start, ended_at=start))
    db.flush()
    portal.login(world.a.user_email)
    missed = portal.get("/app/calls.json?which=missed").get_json()
    assert [(c["result"], c["number"]) for c in missed] == [("missed", "+46701112233")]
    assert len(portal.get("/app/calls.json").get_json()) == 2
    assert portal.get("/app/calls.json?which=sideways").status_code == 422


def test_my_voicemail_is_listed_with_the_portals_own_audio_heard_and_delete(portal, world):
    portal.login(world.a.user_email)
    [message] = portal.get("/app/voicemail.json").get_json()
    assert message["state"] == "new" and message["number"] == "+46701112233"
    assert portal.get(message["audio"]).status_code == 200
    assert portal.post(message["heard"]).status_code == 303
    assert portal.get("/app/voicemail.json").get_json()[0]["state"] == "saved"
    assert portal.post(message["delete"], {"confirmed": "yes"}).status_code == 303
    assert portal.get("/app/voicemail.json").get_json() == []


def test_presence_and_my_queues_switch_from_the_app(portal, world, db):
    portal.login(world.a.admin_email)  # the tenant's queue member
    me = portal.get("/app/me.json").get_json()
    assert {p["name"] for p in me["profiles"]} >= {"Work"}
    [queue] = me["queues"]
    assert queue["logged_in"] is False
    reply = portal.post("/app/queues/login", {"queue_id": str(queue["id"])}).get_json()
    assert reply["queues"][0]["logged_in"] is True
    assert portal.post("/app/queues/logout").get_json()["queues"][0]["logged_in"] is False
    lunch = next(p for p in me["profiles"] if p["id"] != me["active_profile_id"])
    assert portal.post("/me/presence", {"profile_id": str(lunch["id"])}).status_code == 303
    assert portal.get("/app/me.json").get_json()["active_profile_id"] == lunch["id"]


def test_the_app_speaks_swedish(portal, world):
    portal.login(world.a.user_email)
    portal.post("/language", {"language": "sv"})
    page = portal.get("/app/").text
    assert ">Ring<" in page and "Kollegor" in page and "Mina samtal" in page
    texts = json.loads(page.split('<script id="texts" type="application/json">')[1]
                       .split("</script>")[0])
    assert texts["on_call"] == "I samtal" and texts["incoming"] == "Inkommande samtal"


def test_the_credential_carries_a_turn_password_that_expires_with_it(db, world):
    """With a TURN relay configured the browser gets STUN/TURN addresses and a relay
    password derived for this credential's lifetime; the shared secret never leaves."""
    import datetime as dt

    from vaxel.people.relay import turn_credential

    from .conftest import Portal, app_on

    portal = Portal(app_on(db, {"VAXEL_STUN_URLS": "stun:stun.example.net:3478",
                                "VAXEL_TURN_URLS": "turn:turn.example.net:3478",
                                "VAXEL_TURN_SECRET": "relay-shared-secret",
                                "VAXEL_ICE_POLICY": "relay"}).test_client())
    portal.login(world.a.user_email)
    reply = portal.post("/app/credential")
    issued = reply.get_json()
    assert "relay-shared-secret" not in reply.text
    stun, turn = issued["ice_servers"]
    assert stun == {"urls": ["stun:stun.example.net:3478"]}
    expires = dt.datetime.fromisoformat(issued["expires_at"])
    assert (turn["username"], turn["credential"]) == turn_credential(
        "relay-shared-secret", f"{issued['username']}@{issued['domain']}", expires)
    assert issued["ice_policy"] == "relay"


def test_without_a_relay_the_browser_gets_no_ice_servers(portal, world):
    portal.login(world.a.user_email)
    issued = portal.post("/app/credential").get_json()
    assert issued["ice_servers"] == [] and issued["ice_policy"] == "all"
