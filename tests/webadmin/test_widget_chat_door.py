"""Visitor chat through the widget's public door: only the company's own sites (403
without CORS for any other, nothing stored), a chat opened only by its visitor's token
under the company's own key (another company's conversation id is 404), floods of starts,
messages and reads limited per address (429), and reading "after id N" that waits for
news."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from tests.widget.fixtures import SITE, make_widget
from vaxel.widget.models import VisitorChat

from .conftest import app_on

EVIL = "https://evil.example"
ADDRESS = "192.0.2.7"


def _app(db, **config):
    return app_on(db, config={"VAXEL_WIDGET_CHAT_WAIT_SECONDS": 0.3, **config})


def _widget(db, name="Acme", domain="acme.example"):
    company, queue, settings = make_widget(db, name, domain)
    settings.chat_queue_id = queue.service_id
    db.flush()
    return settings.public_key


@pytest.fixture
def key(db):
    return _widget(db)


@pytest.fixture
def client(db):
    return _app(db).test_client()


def start(client, key, origin=SITE, address=ADDRESS, name="Åsa Öberg"):
    return client.post(f"/widget/v1/{key}/chat", json={"name": name},
                       headers={"Origin": origin}, environ_base={"REMOTE_ADDR": address})


def say(client, key, chat, body, client_id="client-0001", address=ADDRESS, token=None):
    return client.post(f"/widget/v1/{key}/chat/{chat['id']}/messages",
                       json={"client_id": client_id, "body": body},
                       headers={"Origin": SITE, "X-Visitor-Token": token or chat["token"]},
                       environ_base={"REMOTE_ADDR": address})


def read(client, key, chat, query="", token=None, address=ADDRESS):
    return client.get(f"/widget/v1/{key}/chat/{chat['id']}{query}",
                      headers={"Origin": SITE, "X-Visitor-Token": token or chat["token"]},
                      environ_base={"REMOTE_ADDR": address})


def test_a_visitor_starts_a_chat_writes_and_reads_it_back_in_order(client, key):
    response = start(client, key)
    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    chat = response.get_json()
    assert (chat["state"], chat["agent"], len(chat["token"]) >= 40) == ("active", "Agent", True)
    assert say(client, key, chat, "Hej!").status_code == 201
    assert say(client, key, chat, "Hej!").status_code == 200  # the same client id: one message
    assert say(client, key, chat, "En fråga", "client-0002").status_code == 201
    seen = read(client, key, chat).get_json()["messages"]
    assert [(m["from"], m["body"]) for m in seen] == [
        ("system", "assigned"), ("visitor", "Hej!"), ("visitor", "En fråga")]
    after = read(client, key, chat, f"?after={seen[1]['id']}").get_json()["messages"]
    assert [m["body"] for m in after] == ["En fråga"]


@pytest.mark.parametrize("origin", [EVIL, "null", SITE + ".evil.example"])
def test_another_origin_is_refused_without_cors_and_starts_nothing(client, key, db, origin):
    response = start(client, key, origin=origin)
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert db.scalar(select(func.count()).select_from(VisitorChat)) == 0
    chat = start(client, key).get_json()
    refused = client.get(f"/widget/v1/{key}/chat/{chat['id']}",
                         headers={"Origin": origin, "X-Visitor-Token": chat["token"]})
    assert refused.status_code == 403 and "messages" not in refused.get_json()


def test_the_preflight_lets_the_token_header_through_for_the_companys_site_only(client, key):
    ok = client.options(f"/widget/v1/{key}/chat/1/messages", headers={"Origin": SITE})
    assert ok.status_code == 204
    assert "X-Visitor-Token" in ok.headers["Access-Control-Allow-Headers"]
    assert client.options(f"/widget/v1/{key}/chat", headers={"Origin": EVIL}).status_code == 403


def test_another_companys_conversation_or_a_wrong_token_is_not_found(client, key, db):
    other_key = _widget(db, "Beta", "beta.example")
    theirs = start(client, other_key).get_json()
    mine = start(client, key, address="192.0.2.8").get_json()
    # Beta's conversation with Beta's own token, asked through Acme's key (Acme's site).
    assert read(client, key, theirs).status_code == 404
    assert say(client, key, theirs, "Hallå").status_code == 404
    ended = client.post(f"/widget/v1/{key}/chat/{theirs['id']}/end",
                        headers={"Origin": SITE, "X-Visitor-Token": theirs["token"]})
    assert ended.status_code == 404
    # Acme's conversation with another visitor's token, or none.
    assert read(client, key, mine, token=theirs["token"]).status_code == 404
    assert read(client, key, mine, token="-").status_code == 404
    assert read(client, other_key, theirs).status_code == 200  # its own door opens it


def test_a_flood_of_messages_is_limited_per_address_and_others_still_write(db, key):
    client = _app(db, VAXEL_WIDGET_CHAT_MESSAGES_PER_MINUTE=3).test_client()
    chat = start(client, key).get_json()
    codes = [say(client, key, chat, f"spam {n}", f"client-000{n}").status_code
             for n in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert say(client, key, chat, "hej", "client-0100", address="192.0.2.99").status_code == 201
    bodies = [m["body"] for m in read(client, key, chat).get_json()["messages"]]
    assert bodies == ["assigned", "spam 0", "spam 1", "spam 2", "hej"]


def test_a_flood_of_new_chats_is_limited_per_address(db, key):
    client = _app(db, VAXEL_WIDGET_CHATS_PER_HOUR=2).test_client()
    assert [start(client, key).status_code for _ in range(3)] == [201, 201, 429]
    assert db.scalar(select(func.count()).select_from(VisitorChat)) == 2
    assert start(client, key, address="192.0.2.50").status_code == 201


def test_a_flood_of_reads_is_limited_per_address(db, key):
    client = _app(db, VAXEL_WIDGET_CHAT_READS_PER_MINUTE=3).test_client()
    chat = start(client, key).get_json()
    assert [read(client, key, chat).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_refused_name_says_which_field(client, key):
    response = start(client, key, name="<img src=x>")
    assert (response.status_code, response.get_json()["field"]) == (422, "name")


def test_reading_waits_for_news_and_answers_at_once_when_there_is_some(client, key):
    chat = start(client, key).get_json()
    known = f"{chat['state']}:"
    began = time.monotonic()
    quiet = read(client, key, chat, f"?wait=1&after=999999999&known={known}")
    assert quiet.get_json()["messages"] == [] and time.monotonic() - began >= 0.3
    began = time.monotonic()
    news = read(client, key, chat, f"?wait=1&after=0&known={known}")
    assert news.get_json()["messages"] and time.monotonic() - began < 0.3


def test_with_no_agent_free_visitors_see_their_place_in_line_until_one_logs_in(db):
    from tests.actors import person
    from vaxel.queues.models import QueueMember
    from vaxel.queues.services import log_in, log_out

    key = _widget(db)
    members = db.scalars(select(QueueMember)).all()
    for member in members:
        log_out(db, person(member.company_id, member.user_id), member.user_id, member.queue_id)
    client = _app(db).test_client()
    first = start(client, key).get_json()
    second = start(client, key, address="192.0.2.9").get_json()
    assert [(c["state"], c["position"]) for c in (first, second)] == [("waiting", 1),
                                                                      ("waiting", 2)]
    member = members[0]
    log_in(db, person(member.company_id, member.user_id), member.user_id, member.queue_id)
    view = read(client, key, second, "?wait=1&known=waiting:2", address="192.0.2.9").get_json()
    assert (view["state"], view["position"], view["agent"]) == ("active", None, "Agent")
