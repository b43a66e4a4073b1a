"""The REST API: tokens and scopes, call control requests, presence, contacts, the call log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from vaxel.callcontrol.services import finish, upsert_live_call
from vaxel.calls.events import CallDirection, CallEnded, CallResult
from vaxel.calls.log import record_call
from vaxel.models import AuditEntry, User

from .conftest import Api, token_for

T0 = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_no_token_or_a_revoked_one_is_401(app, db, world):
    assert Api(app.test_client(), None).get("/users").status_code == 401
    response = Api(app.test_client(), "vxl_nonsense").get("/users")
    assert response.status_code == 401 and response.json["error"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_without_the_scope_is_403(app, db, world):
    api = Api(app.test_client(), token_for(db, world.a.company, ["users:read"]))
    response = api.send("POST", "/calls", {"user_id": world.a.user, "destination": "1000"})
    assert response.status_code == 403 and response.json["details"]["scope"] == "calls:write"


def test_click_to_call_is_accepted_as_a_command_to_follow(api, db, world):
    response = api.send("POST", "/calls", {"user_id": world.a.user, "destination": "+46 8 555 1234"})
    assert response.status_code == 202
    command = response.json
    assert command["status"] == "pending" and command["action"] == "click_to_call"
    assert command["args"] == {"user_id": world.a.user, "destination": "+4685551234"}
    assert response.headers["Location"].endswith(f"/api/v1/commands/{command['id']}")
    finish(db, command["id"], True, {"call_id": "abc"}, T0)
    db.expire_all()
    followed = api.get(f"/commands/{command['id']}").json
    assert followed["status"] == "done" and followed["result"] == {"call_id": "abc"}


def test_click_to_call_refuses_another_companys_user_and_odd_destinations(api, world):
    assert api.send("POST", "/calls", {"user_id": world.b.user, "destination": "1000"}
                    ).status_code == 422
    response = api.send("POST", "/calls", {"user_id": world.a.user, "destination": "1 ; x"})
    assert response.status_code == 422 and response.json["error"] == "invalid-input"


def test_live_calls_transfer_and_hang_up_within_the_company(api, db, world):
    upsert_live_call(db, "1e0e7b4a-0000-4000-8000-000000000001", world.a.company,
                     caller_number="+46701234567", destination="1001", state="ACTIVE",
                     user_id=world.a.user)
    upsert_live_call(db, "1e0e7b4a-0000-4000-8000-000000000002", world.b.company,
                     caller_number="+46701234568", destination="1001", state="ACTIVE")
    calls = api.get("/calls").json["calls"]
    assert [c["call_id"][-1] for c in calls] == ["1"]
    transfer = api.send("POST", f"/calls/{calls[0]['call_id']}/transfer", {"destination": "1000"})
    assert transfer.status_code == 202 and transfer.json["action"] == "blind_transfer"
    assert api.send("POST", f"/calls/{calls[0]['call_id']}/hangup").json["action"] == "hang_up"
    other = "1e0e7b4a-0000-4000-8000-000000000002"
    assert api.send("POST", f"/calls/{other}/hangup").status_code == 404


def test_attended_transfer_joins_the_waiting_call_with_the_consulted_one(api, db, world):
    for n in "12":
        upsert_live_call(db, f"1e0e7b4a-0000-4000-8000-00000000000{n}", world.a.company,
                         state="ACTIVE")
    response = api.send("POST", "/calls/1e0e7b4a-0000-4000-8000-000000000001/transfer",
                        {"consult_call_id": "1e0e7b4a-0000-4000-8000-000000000002"})
    assert response.json["action"] == "attended_transfer"


def test_users_come_with_their_presence_and_their_profile_can_be_switched(api, db, world):
    users = {u["id"]: u for u in api.get("/users").json["users"]}
    assert set(users) == {world.a.admin, world.a.user}
    me = users[world.a.user]
    assert me["on_call"] is False and len(me["profiles"]) >= 2
    response = api.send("PUT", f"/users/{world.a.user}/presence", {"profile_id": world.a.profile})
    assert response.status_code == 200 and response.json["profile"]["id"] == world.a.profile
    db.expire_all()
    assert db.get(User, world.a.user).active_profile_id == world.a.profile
    assert api.send("PUT", f"/users/{world.a.user}/presence",
                    {"profile_id": world.b.profile}).status_code == 422
    assert api.get(f"/users/{world.b.user}").status_code == 404


def test_contacts_are_saved_by_number_and_found_by_look_up(api, world):
    saved = api.send("PUT", "/contacts", {"number": "+46701112233", "name": "Kim Berg",
                                          "organisation": "Berg AB", "external_id": "crm-7"})
    assert saved.status_code == 200
    again = api.send("PUT", "/contacts", {"number": "+46701112233", "name": "Kim Berg-Ek"})
    assert again.json["id"] == saved.json["id"]
    assert api.get("/lookup?number=%2B46701112233").json == {
        "number": "+46701112233", "name": "Kim Berg-Ek", "organisation": "", "source": "contacts"}
    assert api.get("/lookup?number=%2B46709999999").json["source"] == ""
    assert [c["name"] for c in api.get("/contacts?q=berg").json["contacts"]] == ["Kim Berg-Ek"]
    assert api.send("DELETE", f"/contacts/{saved.json['id']}").status_code == 204


def test_the_call_log_pages_newest_first(api, db, world):
    for n in range(3):
        record_call(db, CallEnded(f"c{n}", world.a.company, T0 + dt.timedelta(minutes=n, seconds=30),
                                  CallDirection.INCOMING, "+46701112233", "1001",
                                  T0 + dt.timedelta(minutes=n), None, CallResult.MISSED))
    page = api.get("/call-log?limit=2&which=missed").json["calls"]
    assert [c["call_id"] for c in page] == ["c2", "c1"]
    assert api.get("/call-log?limit=0").status_code == 400


def test_webhooks_can_be_subscribed_through_the_api_but_not_to_internal_addresses(api):
    response = api.send("POST", "/webhooks", {"url": "http://127.0.0.1:9/x",
                                              "events": ["call.ended"]})
    assert response.status_code == 422 and response.json["error"] == "unsafe-target"


def test_queue_statistics_as_json_for_every_period(api):
    figures = api.get("/statistics").json
    assert {"generated_at", "realtime", "today", "7d", "30d"} <= set(figures)
    assert set(figures["today"]) == {"since", "queues", "agents"}


def test_a_calendar_is_linked_and_unlinked_and_internal_addresses_refused(api, world):
    path = f"/users/{world.a.user}/calendar"
    linked = api.send("PUT", path, {"url": "webcal://93.184.216.34/cal.ics"})
    assert linked.status_code == 200 and linked.json["url"].startswith("https://")
    assert api.send("PUT", path, {"url": "https://127.0.0.1/cal.ics"}).status_code == 422
    assert api.send("DELETE", path).status_code == 204


def test_calendar_links_are_audited_with_the_token_and_the_host_only(api, db, world):
    path = f"/users/{world.a.user}/calendar"
    api.send("PUT", path, {"url": "https://93.184.216.34/secret-token/cal.ics"})
    api.send("DELETE", path)
    entries = db.scalars(select(AuditEntry).where(AuditEntry.object_type == "calendar_link")
                         .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["link-calendar", "unlink-calendar"]
    assert all(e.actor.startswith("api-token:") and e.company_id == world.a.company
               for e in entries)
    assert entries[0].after["ics_host"] == "93.184.216.34"
    assert "secret-token" not in str([(e.before, e.after) for e in entries])
