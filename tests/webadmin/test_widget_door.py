"""The widget's public door (/widget/v1): answered only to the company's own sites (CORS
for those, 403 without CORS for any other), no cookies either way, per-address limits
that refuse a flood with 429 and lose no one else's request."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.actors import SYSTEM
from tests.widget.fixtures import SITE, make_widget
from vaxel.queues.models import QueueCallback
from vaxel.widget import services

from .conftest import app_on

EVIL = "https://evil.example"


def _app(db, **config):
    return app_on(db, config=config)


@pytest.fixture
def widget(db):
    company, queue, settings = make_widget(db)
    return {"key": settings.public_key, "queue": queue.service_id, "company": company.id}


@pytest.fixture
def client(db):
    return _app(db).test_client()


def state(client, key, origin=SITE, address="192.0.2.1"):
    headers = {"Origin": origin} if origin else {}
    return client.get(f"/widget/v1/{key}/state", headers=headers,
                      environ_base={"REMOTE_ADDR": address})


def ask(client, widget, origin=SITE, address="192.0.2.1", **body):
    sent = {"queue_id": widget["queue"], "name": "Åsa Öberg", "number": "070-123 45 67", **body}
    return client.post(f"/widget/v1/{widget['key']}/callback", json=sent,
                       headers={"Origin": origin}, environ_base={"REMOTE_ADDR": address})


def test_an_allowed_site_gets_the_state_with_cors_for_it_alone(client, widget):
    response = state(client, widget["key"])
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "Origin" in response.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    body = response.get_json()
    assert body["hours"]["open"] is True and body["queues"][0]["id"] == widget["queue"]
    assert body["colours"] == {"accent": "#1d4ed8", "text": "#ffffff"}


@pytest.mark.parametrize("origin", [EVIL, None, "null", SITE + ".evil.example",
                                    "http://www.acme.example"])
def test_any_other_origin_is_refused_without_cors(client, widget, origin):
    response = state(client, widget["key"], origin=origin)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "company" not in response.get_json()


def test_a_disallowed_origin_cannot_ask_for_a_callback(client, widget, db):
    response = ask(client, widget, origin=EVIL)
    assert response.status_code == 403
    assert db.scalar(select(func.count()).select_from(QueueCallback)) == 0


def test_the_preflight_names_the_allowed_site_only(client, widget):
    allowed = client.options(f"/widget/v1/{widget['key']}/callback", headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == SITE
    assert "Content-Type" in allowed.headers["Access-Control-Allow-Headers"]
    refused = client.options(f"/widget/v1/{widget['key']}/callback", headers={
        "Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused.headers


def test_unknown_revoked_and_rotated_keys_answer_nothing(db, widget):
    client = _app(db, VAXEL_WIDGET_STATE_SECONDS=0).test_client()  # no moment's grace
    assert state(client, "vw_made-up").status_code == 404
    old = widget["key"]
    new = services.rotate_key(db, SYSTEM, widget["company"])
    assert state(client, old).status_code == 404
    assert state(client, new).status_code == 200
    services.revoke_key(db, SYSTEM, widget["company"])
    assert state(client, new).status_code == 404


def test_no_cookie_is_set_or_needed(client, widget):
    for response in (state(client, widget["key"]), ask(client, widget),
                     client.get("/static/widget/widget.js")):
        assert "Set-Cookie" not in response.headers, response.request.path


def test_a_callback_request_is_stored_without_a_csrf_token_or_cookie(client, widget, db):
    response = ask(client, widget)
    assert response.status_code == 201, response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    [callback] = db.scalars(select(QueueCallback)).all()
    assert callback.number == "+46701234567"


def test_a_refused_request_names_the_field_and_stores_nothing(client, widget, db):
    response = ask(client, widget, number="not a number")
    assert response.status_code == 422
    assert response.get_json()["field"] == "number"
    assert ask(client, widget, queue_id="x").status_code == 422
    assert db.scalar(select(func.count()).select_from(QueueCallback)) == 0


def test_a_callback_flood_gets_429_and_loses_no_one_elses_request(db, widget):
    client = _app(db, VAXEL_WIDGET_CALLBACKS_PER_HOUR=3).test_client()
    flood = [ask(client, widget, address="198.51.100.7", number=f"070123450{n}").status_code
             for n in range(10)]
    assert flood == [201] * 3 + [429] * 7
    other = ask(client, widget, address="198.51.100.8", number="0709999999")
    assert other.status_code == 201
    numbers = sorted(db.scalars(select(QueueCallback.number)))
    assert numbers == ["+46701234500", "+46701234501", "+46701234502", "+46709999999"]


def test_a_polling_flood_gets_429_while_other_visitors_are_answered(db, widget):
    client = _app(db, VAXEL_WIDGET_POLLS_PER_MINUTE=5).test_client()
    codes = [state(client, widget["key"], address="203.0.113.9").status_code for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    refused = state(client, widget["key"], address="203.0.113.9")
    assert refused.headers["Access-Control-Allow-Origin"] == SITE  # the widget can read it
    assert state(client, widget["key"], address="203.0.113.10").status_code == 200


def test_the_widget_script_is_served_as_javascript(client):
    response = client.get("/static/widget/widget.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    assert b"attachShadow" in response.data and b'credentials: "omit"' in response.data


def test_a_preflight_flood_is_limited_too(db, widget):
    client = _app(db, VAXEL_WIDGET_POLLS_PER_MINUTE=2).test_client()
    codes = [client.options(f"/widget/v1/{widget['key']}/callback", headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST"},
        environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code for _ in range(4)]
    assert codes == [204, 204, 429, 429]


def test_a_revoked_key_takes_no_callback_request_even_while_polls_still_answer(client, widget,
                                                                               db):
    assert state(client, widget["key"]).status_code == 200  # the door is now remembered
    services.revoke_key(db, SYSTEM, widget["company"])
    assert ask(client, widget).status_code == 404
    assert db.scalar(select(func.count()).select_from(QueueCallback)) == 0


def test_made_up_keys_are_not_remembered(client, widget):
    for n in range(50):
        assert state(client, f"vw_made-up-{n}").status_code == 404
    doors = client.application.extensions["vaxel_widget_doors"]
    assert len(doors) == 0
