"""Attacks on logging in: an open redirect after log-in, parallel guessing past the limit,
locking ops out from anywhere, a proxy turning the per-address limit into a global one,
and weak passwords (issue 13, items 10–12)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from vaxel.accounts import ratelimit
from vaxel.accounts.passwords import check_portal_password
from vaxel.accounts.services import create_ops_account
from vaxel.config import Settings
from vaxel.errors import WeakCredential
from vaxel.models import Account
from webadmin import create_app
from webadmin.client import client_of, parse_proxies

from tests.webadmin.conftest import PASSWORD, TEST_CONFIG, Portal

OPS = "ops@vaxel.example"


# -- 10: where log-in sends the browser next --------------------------------------------
@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\\evil.example",
                                    "/\r\n/evil.example", "//evil.example",
                                    "https://evil.example/", "/ /evil.example"])
def test_log_in_never_sends_the_browser_to_another_site(portal, world, target):
    response = portal.post("/login", {"email": world.ops_email, "password": PASSWORD,
                                      "next": target})
    assert response.status_code == 303
    assert response.location == "/"


def test_a_line_break_in_next_is_not_a_server_error(portal, world):
    assert portal.get("/login?next=/%0a/evil.example").status_code == 200
    assert portal.get("/login?next=/%09/evil.example").status_code == 200


def test_a_local_next_is_still_followed(portal, world):
    response = portal.post("/login", {"email": world.ops_email, "password": PASSWORD,
                                      "next": "/ops/security/?tab=bans"})
    assert response.location == "/ops/security/?tab=bans"


# -- 11: the limit holds under parallel guessing, and locks out only the guesser ----------
@pytest.fixture
def live_app(committed_db):
    """The portal on real commits: parallel requests really race each other."""
    with committed_db.begin() as session:
        create_ops_account(session, OPS, PASSWORD)
    return create_app(Settings.from_env({"VAXEL_SECRET_KEY": "test-secret"}), committed_db,
                      TEST_CONFIG)


def test_forty_parallel_guesses_get_only_five_password_checks(live_app):
    start = threading.Barrier(40)
    statuses: list[int] = []

    def guess(n: int) -> None:
        portal = Portal(live_app.test_client())
        start.wait(timeout=10)
        statuses.append(portal.post("/login", {"email": OPS,
                                               "password": f"guess number {n}"}).status_code)
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 40
    assert statuses.count(401) == ratelimit.MAX_FAILURES_PER_ACCOUNT
    assert statuses.count(429) == 40 - ratelimit.MAX_FAILURES_PER_ACCOUNT


def _client(app, **environ):
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def _from(app, address: str) -> Portal:
    return Portal(_client(app, REMOTE_ADDR=address))


def test_a_guesser_elsewhere_cannot_lock_ops_out(app, world):
    attacker = _from(app, "203.0.113.66")
    for _ in range(ratelimit.MAX_FAILURES_PER_ACCOUNT + 3):
        attacker.post("/login", {"email": world.ops_email, "password": "wrong password"})
    assert attacker.post("/login", {"email": world.ops_email,
                                    "password": PASSWORD}).status_code == 429
    assert _from(app, "198.51.100.7").post("/login", {"email": world.ops_email,
                                                      "password": PASSWORD}).status_code == 303


def test_a_success_does_not_count_as_a_failure(app, world):
    office = _from(app, "198.51.100.7")
    for _ in range(ratelimit.MAX_FAILURES_PER_ADDRESS + 5):
        assert office.login(world.a.user_email).status_code == 303


def _behind_proxy(db, client_address: str, proxies: str = "127.0.0.1") -> Portal:
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "test-secret",
                                        "VAXEL_TRUSTED_PROXIES": proxies}),
                     lambda: _session(db), TEST_CONFIG)
    return Portal(_client(app, HTTP_X_FORWARDED_FOR=client_address))


def _session(db):
    from sqlalchemy.orm import Session
    return Session(bind=db.connection(), join_transaction_mode="create_savepoint",
                   expire_on_commit=False)


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(db, world):
    attacker = _behind_proxy(db, "203.0.113.66")
    for n in range(ratelimit.MAX_FAILURES_PER_ADDRESS + 1):
        attacker.post("/login", {"email": f"guess{n}@example.com", "password": "wrong password"})
    assert attacker.post("/login", {"email": "x@example.com",
                                    "password": "wrong password"}).status_code == 429
    colleague = _behind_proxy(db, "198.51.100.7")
    assert colleague.post("/login", {"email": world.ops_email,
                                     "password": PASSWORD}).status_code == 303


def test_a_client_cannot_choose_its_address_by_sending_the_header(app, world):
    """No trusted proxy: X-Forwarded-For is ignored, so changing it dodges nothing."""
    for n in range(ratelimit.MAX_FAILURES_PER_ACCOUNT):
        client = Portal(_client(app, HTTP_X_FORWARDED_FOR=f"10.9.0.{n}"))
        client.post("/login", {"email": world.ops_email, "password": "wrong password"})
    client = Portal(_client(app, HTTP_X_FORWARDED_FOR="10.9.9.9"))
    assert client.post("/login", {"email": world.ops_email,
                                  "password": PASSWORD}).status_code == 429


def test_forwarded_for_is_read_hop_by_hop_from_the_right():
    proxies = parse_proxies("127.0.0.1, 10.0.0.0/8")
    assert client_of("127.0.0.1", "203.0.113.66", proxies) == "203.0.113.66"
    # The client wrote a fake first hop; the trusted proxies appended the real one.
    assert client_of("127.0.0.1", "1.2.3.4, 203.0.113.66, 10.0.0.2", proxies) == "203.0.113.66"
    assert client_of("198.51.100.1", "1.2.3.4", proxies) == "198.51.100.1"
    assert client_of("127.0.0.1", "not-an-address", proxies) == "127.0.0.1"
    with pytest.raises(ValueError):
        parse_proxies("10.0.0.0/33")


# -- 12: weak portal passwords ----------------------------------------------------------
@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "9876543210", "abcdefghij",
                                      "password123", "admin@alpha.example",
                                      "Admin@Alpha.example!", "xadminx2024"])
def test_weak_portal_passwords_are_refused(password):
    with pytest.raises(WeakCredential):
        check_portal_password(password, "admin@alpha.example")


def test_a_strong_password_passes():
    check_portal_password("correct horse battery", "admin@alpha.example")


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "1234567890", "user@alpha.example"])
def test_an_admin_cannot_give_a_user_a_weak_password(portal, world, db, password):
    portal.login(world.a.admin_email)
    portal.post(f"/companies/{world.a.company}/users/{world.a.user}/login",
                {"email": world.a.user_email, "password": password})
    portal.post("/logout")
    response = portal.post("/login", {"email": world.a.user_email, "password": password})
    assert response.status_code == 401


def test_a_weak_new_password_is_refused_on_my_page_in_swedish(portal, world, db):
    portal.login(world.a.user_email)
    portal.post("/language", {"language": "sv"})
    response = portal.post("/me/password", {"current_password": PASSWORD,
                                            "password": "aaaaaaaaaa"})
    assert response.status_code == 422
    assert "Det portallösenordet är för lätt att gissa." in response.text
    account = db.scalar(select(Account).where(Account.email == world.a.user_email))
    assert account is not None
