from sqlalchemy import select

from vaxel.accounts import ratelimit
from vaxel.models import LoginAttempt

from .conftest import PASSWORD


def test_login_then_home_leads_each_role_to_its_start_page(portal, world):
    portal.login(world.ops_email)
    assert portal.get("/").location == "/ops/companies"
    portal.post("/logout")
    portal.login(world.a.admin_email)
    assert portal.get("/").location == f"/companies/{world.a.company}/dashboard/"
    portal.post("/logout")
    portal.login(world.a.user_email)
    assert portal.get("/").location == "/me/"


def test_wrong_password_is_refused_and_recorded(portal, world, db):
    response = portal.post("/login", {"email": world.ops_email, "password": "wrong password"})
    assert response.status_code == 401
    assert "Wrong e-mail or password." in response.text
    assert db.scalar(select(LoginAttempt.succeeded).where(LoginAttempt.email == world.ops_email)) is False


def test_failed_logins_are_rate_limited_even_with_the_right_password(portal, world):
    for _ in range(ratelimit.MAX_FAILURES_PER_ACCOUNT):
        portal.post("/login", {"email": world.ops_email, "password": "wrong password"})
    response = portal.post("/login", {"email": world.ops_email, "password": PASSWORD})
    assert response.status_code == 429
    assert portal.get("/ops/companies").status_code == 302


def test_post_without_the_csrf_token_is_rejected(portal, world):
    portal.login(world.ops_email)
    response = portal.client.post("/ops/companies/new", data={"name": "Evil"})
    assert response.status_code == 400
    response = portal.client.post("/login", data={"email": world.ops_email, "password": PASSWORD})
    assert response.status_code == 400


def test_post_with_a_wrong_csrf_token_is_rejected(portal, world):
    portal.login(world.a.admin_email)
    portal.token()
    response = portal.client.post(f"/companies/{world.a.company}/licences/",
                                  data={"csrf_token": "forged", "kind": "fixed"})
    assert response.status_code == 400


def test_log_out_ends_the_session(portal, world):
    portal.login(world.ops_email)
    portal.post("/logout")
    assert portal.get("/ops/companies").status_code == 302


def test_login_only_follows_local_next_urls(portal, world):
    response = portal.post("/login", {"email": world.ops_email, "password": PASSWORD,
                                      "next": "//evil.example/"})
    assert response.location == "/"


def test_session_cookie_is_httponly_and_samesite(portal, world):
    response = portal.post("/login", {"email": world.ops_email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_follows_the_browser_and_can_be_switched(portal, world):
    assert "Logga in" in portal.get("/login", headers={"Accept-Language": "sv-SE,sv;q=0.9"}).text
    assert "Log in" in portal.get("/login", headers={"Accept-Language": "en"}).text
    portal.post("/language", {"language": "sv"})
    assert "Logga in" in portal.get("/login", headers={"Accept-Language": "en"}).text
