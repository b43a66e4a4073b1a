"""The portal in a real browser (Debian's chromium driven by Playwright) against a real
server on 127.0.0.1: log in, add a user, assign a licence, ops assign a number, build an
IVR, edit a snippet, play a recorded call, change a password, see a new API token once."""
from __future__ import annotations

import datetime as dt
import threading
import wave

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.actors import SYSTEM
from vaxel.accounts.services import create_ops_account, create_user_account
from vaxel.config import Settings
from vaxel.models import Company, Plan, Role, User
from vaxel.people.services import create_user
from vaxel.recordings.models import CallRecording
from vaxel.tenancy.services import create_company
from webadmin import create_app

from .conftest import PASSWORD, RECORDINGS_DIR, TEST_CONFIG

from .browser import CHROMIUM, CHROMIUM_ARGS, shot, sync_api


@pytest.fixture
def server(committed_db):
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Browser AB", "browser.example",
                                 plan=Plan.BUSINESS)
        admin = create_user(session, SYSTEM, company, "Bo Admin", "1000", role=Role.ADMIN)
        create_user_account(session, admin, "bo@browser.example", PASSWORD)
        create_ops_account(session, "ops@browser.example", PASSWORD)
    settings = Settings.from_env({"VAXEL_SECRET_KEY": "browser-test-secret"})
    httpd = make_server("127.0.0.1", 0, create_app(settings, committed_db, TEST_CONFIG),
                        threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 800})
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def test_admin_logs_in_adds_a_user_and_assigns_a_licence(server, page):
    page.goto(server + "/")
    page.fill("input[name=email]", "bo@browser.example")
    page.fill("input[name=password]", PASSWORD)
    shot(page, "01-login")
    page.click("button.primary")
    page.wait_for_url("**/dashboard/")

    page.click("nav >> text=Users")
    page.click("text=Add user")
    page.fill("input[name=name]", "Nina Berg")
    page.fill("input[name=extension]", "1050")
    page.fill("input[name=email]", "nina@browser.example")
    page.check("input[name=recording_enabled]")
    page.click("button.primary")
    page.wait_for_selector("text=Nina Berg was added.")
    page.click("text=Add device")
    assert len(page.inner_text("#sip-password")) == 16
    shot(page, "02-device-password")

    page.click("nav >> text=Licences")
    page.select_option("select[name=kind]", "fixed")
    page.click("text=Buy licence")
    page.select_option("select[name=user_id]", label="Nina Berg (1050)")
    page.click("button:has-text('Assign')")
    page.wait_for_selector(".flash.ok")
    shot(page, "03-licences")

    page.click("nav >> text=Numbers")
    # Numbers come from ops (test_ops_assigns_a_number_…); the admin only routes them.
    page.wait_for_selector("text=New numbers are assigned by your operator.")
    assert page.locator("input[name=number]").count() == 0

    page.click("nav >> text=Users")
    assert "fixed" in page.inner_text("tr:has-text('Nina Berg')").lower()
    page.click("button:has-text('Svenska')")
    page.wait_for_selector("text=Användare")
    shot(page, "05-users-sv")
    page.click("nav >> text=Ändringslogg")
    shot(page, "06-audit-sv")


def _log_in(page, server: str, email: str = "bo@browser.example",
            landing: str = "**/dashboard/") -> None:
    page.goto(server + "/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(landing)


def _set_key(page, menu: str, key: str, label: str) -> None:
    section = page.locator(f"section.menu:has(h2:has-text('{menu}'))")
    section.locator("select[name=digit]").select_option(key)
    section.locator(".key-form select[name=destination]").select_option(label=label)
    section.locator("button:has-text('Save key')").click()
    page.wait_for_selector(".flash.ok")


def test_admin_builds_a_two_level_ivr_and_closes_the_switchboard(server, page):
    _log_in(page, server)
    page.click("nav >> text=Switchboard")
    page.select_option("select[name=kind]", "ivr")
    page.fill("input[name=name]", "Reception")
    page.click("text=Create service")
    page.click("a:has-text('Reception')")
    for name in ("Main", "Support"):
        page.fill("input[name=name][placeholder]", name)
        page.click("button:has-text('Add menu')")
        page.wait_for_selector(f"section.menu h2:has-text('{name}')")
    assert "No caller can reach menu Support." in page.inner_text(".problems")
    _set_key(page, "Main", "1", "Bo Admin (1000)")
    _set_key(page, "Main", "2", "Support")
    _set_key(page, "Support", "0", "Main")
    _set_key(page, "Support", "9", "Hang up")
    assert page.is_visible("text=The menu tree is sound")
    shot(page, "07-ivr-two-levels")

    page.click("nav >> text=Overview")
    assert "The switchboard is open" in page.inner_text("#switchboard-status")
    page.click("#toggle-switchboard")
    page.wait_for_selector("text=The switchboard is closed.")
    assert "Set by hand" in page.inner_text("#switchboard-status")
    shot(page, "08-dashboard-closed")
    page.click("nav >> text=Billing")
    page.fill("form:has(button:has-text('Add cost centre')) input[name=name]", "Sales")
    page.click("text=Add cost centre")
    page.click("text=Who is charged where")
    page.select_option("tr:has-text('Reception') select", label="Sales")
    page.click("text=Save moves")
    page.click("text=Next invoice")
    shot(page, "13-next-invoice")
    page.click("nav >> text=Opening hours")
    page.click("button:has-text('Pre-fill public holidays')")
    page.wait_for_selector("text=holidays were added")
    shot(page, "09-opening-hours")
    page.click("button:has-text('Svenska')")
    page.click("nav >> text=Översikt")
    page.click("#toggle-switchboard")
    page.wait_for_selector("text=Växeln är öppen.")
    shot(page, "10-dashboard-open-sv")


def test_ops_prices_a_licence_and_edits_a_snippet_with_history(server, page):
    _log_in(page, server, "ops@browser.example", "**/ops/companies")
    page.click("nav >> text=Price list")
    page.select_option("select[name=product]", "licence:fixed")
    page.fill("input[name=amount]", "99")
    page.click("text=Set price")
    page.wait_for_selector(".flash.ok")
    page.click("nav >> text=Dialplan snippets")
    page.fill("#new-snippet input[name=name]", "Staff line")
    page.click("text=Create snippet")
    page.wait_for_selector("text=Staff line was created.")
    body = page.input_value("textarea[name=body]")
    page.fill("textarea[name=body]", body.replace('"answer"', '"system" data="rm -rf /"'))
    page.click("text=Save as a new version")
    page.wait_for_selector(".problems")
    assert "never allowed" in page.inner_text(".problems")
    shot(page, "11-snippet-refused")
    page.fill("textarea[name=body]", body.replace('"answer"', '"ring_ready"'))
    page.fill("input[name=note]", "ring first")
    page.click("text=Save as a new version")
    page.wait_for_selector("text=Version 2 is in force.")
    page.click("button:has-text('Roll back to this')")
    page.wait_for_selector("text=Version 3 is in force.")
    page.click("a:has-text('Test call')")
    page.fill("#preview input[name=number]", "7123")
    page.click("text=Show what would match")
    page.wait_for_selector("code:has-text('playback')")
    shot(page, "12-snippet-preview")


def test_admin_plays_a_recorded_call_in_the_browser(server, page, committed_db):
    """The recordings screen's <audio> element really loads the call's WAV (a second of
    silence written as the controller would file it) and the browser can play it."""
    with committed_db.begin() as session:
        company = session.scalar(select(Company).where(Company.sip_domain == "browser.example"))
        bo = session.scalar(select(User).where(User.company_id == company.id))
        row = CallRecording(company_id=company.id, user_id=bo.id, call_uuid="browser-rec",
                            direction="incoming", from_number="+46701234567", to_number="1000",
                            started_at=dt.datetime(2030, 3, 1, 12, tzinfo=dt.timezone.utc),
                            duration_seconds=1, file_path=f"{company.id}/browser-rec.wav")
        session.add(row)
    path = RECORDINGS_DIR / row.file_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1), audio.setsampwidth(2), audio.setframerate(8000)
        audio.writeframes(b"\0\0" * 8000)

    _log_in(page, server)
    page.click("nav >> text=Recordings")
    page.wait_for_selector("td:has-text('070-123 45 67')")  # +46701234567, as Swedes write it
    player = page.locator("audio").first
    # Loaded through the permission-checked route, and long enough to be the real file.
    duration = player.evaluate("""a => new Promise((ok, fail) => {
        a.preload = 'auto'; a.onloadedmetadata = () => ok(a.duration);
        a.onerror = () => fail(a.error && a.error.code); a.load(); })""")
    assert abs(duration - 1.0) < 0.05
    assert page.locator("a:has-text('Download')").first.get_attribute("href").endswith("download=1")
    shot(page, "07-recordings")


@pytest.fixture
def phone():
    """A 390 px wide phone, in Swedish."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844},
                                      extra_http_headers={"Accept-Language": "sv-SE,sv"})
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_ops_assigns_a_number_that_the_admin_then_routes(server, page, committed_db):
    with committed_db() as session:
        company = session.scalar(select(Company.id).where(Company.name == "Browser AB"))
    _log_in(page, server, "ops@browser.example", "**/ops/companies")
    page.goto(f"{server}/companies/{company}/numbers/")
    page.fill("input[name=number]", "08 555 123 45")
    page.select_option("form.inline-form select[name=target]", label="Bo Admin (1000)")
    page.click("text=Add number")
    page.wait_for_selector("text=+46855512345 was added.")
    shot(page, "04-numbers-ops")


def test_a_password_change_on_a_phone_asks_for_the_current_one(server, phone):
    _log_in(phone, server)
    phone.goto(server + "/me/")
    phone.fill("input[name=current_password]", "not my password")
    phone.fill("input[name=password]", "a brand new passphrase")
    phone.click("button:has-text('Byt lösenord')")
    phone.wait_for_selector("text=Ditt nuvarande lösenord stämde inte.")
    _fits(phone)
    shot(phone, "14-password-refused-390-sv")
    phone.fill("input[name=current_password]", PASSWORD)
    phone.fill("input[name=password]", "a brand new passphrase")
    phone.click("button:has-text('Byt lösenord')")
    phone.wait_for_selector("text=Ditt lösenord byttes.")


def test_a_new_api_token_is_shown_once_on_a_phone(server, phone, committed_db):
    with committed_db() as session:
        company = session.scalar(select(Company.id).where(Company.name == "Browser AB"))
    _log_in(phone, server)
    phone.goto(f"{server}/companies/{company}/integrations/")
    phone.fill("form:has(button:has-text('Skapa nyckel')) input[name=name]", "CRM")
    phone.check("input[value='calls:read']")
    phone.click("button:has-text('Skapa nyckel')")
    token = phone.inner_text("#revealed-secret")
    assert len(token) > 20
    box = phone.locator("#revealed-secret").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    _fits(phone)
    shot(phone, "15-token-once-390-sv")
    phone.goto(f"{server}/companies/{company}/integrations/")
    assert token not in phone.content()
