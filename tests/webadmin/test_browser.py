"""The portal in a real browser (Debian's chromium driven by Playwright) against a real
server on 127.0.0.1: log in, add a user, assign a licence, add a number."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from vaxel.accounts.services import create_user_account
from vaxel.config import Settings
from vaxel.models import Plan, Role
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company
from webadmin import create_app

from .conftest import PASSWORD, TEST_CONFIG

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing; run scripts/install_system_deps.sh", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


@pytest.fixture
def server(committed_db):
    with committed_db.begin() as session:
        company = create_company(session, "Browser AB", "browser.example", plan=Plan.BUSINESS)
        admin = create_user(session, company, "Bo Admin", "1000", role=Role.ADMIN)
        create_user_account(session, admin, "bo@browser.example", PASSWORD)
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


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_admin_logs_in_adds_a_user_assigns_a_licence_and_adds_a_number(server, page):
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
    page.fill("input[name=number]", "08 555 123 45")
    page.select_option("form.inline-form select[name=target]", label="Nina Berg (1050)")
    page.click("text=Add number")
    page.wait_for_selector("text=+46855512345 was added.")
    shot(page, "04-numbers")

    page.click("nav >> text=Users")
    assert "fixed" in page.inner_text("tr:has-text('Nina Berg')").lower()
    page.click("button:has-text('Svenska')")
    page.wait_for_selector("text=Användare")
    shot(page, "05-users-sv")
    page.click("nav >> text=Ändringslogg")
    shot(page, "06-audit-sv")
