"""Attacks on portal sessions: a copied cookie after log-out or a password change, a
password change without the current password, sessions signed with a published key,
secrets travelling in the session cookie (issue 13, items 5–7)."""
from __future__ import annotations

import base64
import zlib

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from vaxel.accounts.passwords import verify_password
from vaxel.config import MissingSecret, Settings
from vaxel.models import Account, PortalSession
from webadmin import create_app

from tests.webadmin.conftest import PASSWORD, TEST_CONFIG, Portal

NEW_PASSWORD = "a much better passphrase"


def _cookie(portal: Portal) -> str:
    return portal.client.get_cookie("vaxel_session").value


def _as(app, cookie: str) -> Portal:
    """Another browser (the attacker's) presenting a copied session cookie."""
    thief = Portal(app.test_client())
    thief.client.set_cookie("vaxel_session", cookie)
    return thief


def test_a_copied_cookie_is_worthless_after_log_out(app, portal, world):
    portal.login(world.ops_email)
    stolen = _cookie(portal)
    assert _as(app, stolen).get("/ops/companies").status_code == 200
    portal.post("/logout")
    assert _as(app, stolen).get("/ops/companies").status_code == 302


def test_a_password_change_ends_every_other_session(app, portal, world, db):
    portal.login(world.a.admin_email)
    stolen = _cookie(portal)
    response = portal.post("/me/password", {"current_password": PASSWORD,
                                            "password": NEW_PASSWORD})
    assert response.status_code == 303
    assert _as(app, stolen).get("/me/").status_code == 302
    assert portal.get("/me/").status_code == 200  # the browser that changed it stays in


def test_a_stolen_cookie_cannot_change_the_password_without_the_current_one(app, portal, world,
                                                                              db):
    portal.login(world.a.user_email)
    thief = _as(app, _cookie(portal))
    response = thief.post("/me/password", {"password": NEW_PASSWORD})
    assert response.status_code == 403
    response = thief.post("/me/password", {"current_password": "a wild guess!",
                                           "password": NEW_PASSWORD})
    assert response.status_code == 403
    assert "Your current password was not right." in response.text
    account = db.scalar(select(Account).where(Account.email == world.a.user_email))
    db.refresh(account)
    assert verify_password(account.password_hash, PASSWORD)


def test_guessing_the_current_password_is_limited(app, portal, world):
    portal.login(world.a.user_email)
    for _ in range(5):
        portal.post("/me/password", {"current_password": "a wild guess!",
                                     "password": NEW_PASSWORD})
    response = portal.post("/me/password", {"current_password": PASSWORD,
                                            "password": NEW_PASSWORD})
    assert response.status_code == 429


def test_an_admin_cannot_reset_their_own_password_around_the_check(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.admin}/login",
                           {"email": world.a.admin_email, "password": NEW_PASSWORD})
    assert response.status_code == 303
    account = db.scalar(select(Account).where(Account.email == world.a.admin_email))
    db.refresh(account)
    assert verify_password(account.password_hash, PASSWORD)


def test_an_admin_reset_ends_the_users_sessions(app, portal, world):
    user = Portal(app.test_client())
    user.login(world.a.user_email)
    portal.login(world.a.admin_email)
    portal.post(f"/companies/{world.a.company}/users/{world.a.user}/login",
                {"email": world.a.user_email, "password": NEW_PASSWORD})
    assert user.get("/me/").status_code == 302


def test_the_cookie_holds_no_account_id_and_the_database_no_token(portal, world, db):
    portal.login(world.ops_email)
    with portal.client.session_transaction() as session:
        assert "account_id" not in session
        token = session["sid"]
    stored = db.scalars(select(PortalSession.id)).all()
    assert stored and token not in stored


@pytest.mark.parametrize("env", [{}, {"VAXEL_SECRET_KEY": ""},
                                 {"VAXEL_SECRET_KEY": "dev-only-secret-change-me"}])
def test_the_portal_refuses_to_start_without_a_real_secret_key(db, env):
    with pytest.raises(MissingSecret):
        create_app(Settings.from_env(env), lambda: db, TEST_CONFIG)


def test_a_forged_ops_session_opens_nothing(app, world, db):
    """Before: a cookie signed with the key saying {"account_id": <ops>} was believed."""
    forger = SecureCookieSessionInterface().get_signing_serializer(app)
    client = app.test_client()
    ops_id = db.scalar(select(Account.id).where(Account.email == world.ops_email))
    for value in (forger.dumps({"account_id": ops_id}), forger.dumps({"sid": "guess"})):
        client.set_cookie("vaxel_session", value)
        assert client.get("/ops/companies").status_code == 302


def _session_payload(cookie: str) -> bytes:
    """What anyone holding the cookie can read: it is signed, not encrypted."""
    body = cookie.split(".")[1] if cookie.startswith(".") else cookie.split(".")[0]
    data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return zlib.decompress(data) if cookie.startswith(".") else data


def test_a_new_api_token_is_shown_once_and_never_put_in_the_cookie(portal, world):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/integrations/tokens",
                           {"name": "CRM", "scopes": "calls:read"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    shown = response.text.split('id="revealed-secret" class="secret">')[1].split("<")[0]
    assert len(shown) > 20
    assert shown.encode() not in _session_payload(_cookie(portal))
    assert shown not in portal.get(f"/companies/{world.a.company}/integrations/").text


def test_a_new_webhook_secret_is_shown_once_and_never_put_in_the_cookie(portal, world):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/integrations/webhooks",
                           {"url": "https://93.184.216.34/hook", "events": "call.ended"})
    assert response.status_code == 200
    shown = response.text.split('id="revealed-secret" class="secret">')[1].split("<")[0]
    assert len(shown) > 20
    assert shown.encode() not in _session_payload(_cookie(portal))
    assert shown not in portal.get(f"/companies/{world.a.company}/integrations/").text
