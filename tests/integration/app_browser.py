"""The app in Chromium against the real FreeSWITCH (a pytest plugin, like journeys.py):
the portal served on 127.0.0.1 from the FreeSWITCH tests' database, portal log-ins for
the demo colleagues, and browser tabs with fake microphones that log in and open /app/.

Chromium's flags: fake media devices and no permission prompt (a 440 Hz beep for a
microphone), and loopback ICE candidates, which it leaves out by default — the switch's
RTP is on 127.0.0.1 here.
"""
from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select, update
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                 "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"]
PASSWORD = "correct horse battery"
COLLEAGUES = {"1000": "alex@app.test", "1001": "daria@app.test", "1002": "dennis@app.test"}


@dataclass(frozen=True)
class Portal:
    url: str
    users: dict[str, int]  # extension → user id


def _accounts(demo_rows) -> dict[str, int]:
    """Portal log-ins for the colleagues, and their mobile twins off (no carrier here)."""
    from vaxel.accounts.models import Account
    from vaxel.accounts.services import create_user_account
    from vaxel.models import Device, DeviceKind, User

    def add(session) -> dict[str, int]:
        users = {}
        for extension, email in COLLEAGUES.items():
            user = session.scalar(select(User).where(User.company_id == demo_rows.company_id,
                                                     User.extension == extension))
            create_user_account(session, user, email, PASSWORD)
            users[extension] = user.id
        session.execute(update(Device).where(Device.user_id.in_(users.values()),
                                             Device.kind == DeviceKind.MOBILE_TWIN)
                        .values(enabled=False))
        return users

    def undo(session) -> None:
        session.execute(delete(Account).where(Account.email.in_(COLLEAGUES.values())))
        session.execute(delete(Device).where(Device.kind == DeviceKind.WEB))
        session.execute(update(Device).where(Device.kind == DeviceKind.MOBILE_TWIN)
                        .values(enabled=True))
    return demo_rows.change(add, undo)


@pytest.fixture(scope="module")
def portal(fs_env, fs_database_url, demo_rows):
    """The portal (and so the app) in a thread, on the database the switch's services use."""
    with served_portal(fs_env, fs_database_url, demo_rows) as served:
        yield served


@contextlib.contextmanager
def served_portal(fs_env, fs_database_url, demo_rows, env: dict[str, str] | None = None):
    """The portal in a thread with these settings added (a TURN relay, say)."""
    from vaxel.config import Settings
    from vaxel.db import make_engine, make_session_factory
    from webadmin import create_app

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing; run scripts/install_system_deps.sh")
    users = _accounts(demo_rows)
    settings = Settings.from_env({**fs_env, "VAXEL_SECRET_KEY": "app-browser-test-secret",
                                  "DATABASE_URL": fs_database_url, **(env or {})})
    engine = make_engine(fs_database_url)
    app = create_app(settings, make_session_factory(engine),
                     {"TESTING": True, "SESSION_COOKIE_SECURE": False})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Portal(f"http://127.0.0.1:{httpd.server_port}", users)
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
        for hub in app.extensions.get("vaxel_push_hubs", {}).values():
            hub.stop()
        engine.dispose()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app(browser, portal: Portal, extension: str, *, width: int = 390):
    """A colleague's own browser (a context of its own), logged in, on /app/ with the
    softphone registered."""
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(portal.url + "/")
    page.fill("input[name=email]", COLLEAGUES[extension])
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    page.goto(portal.url + "/app/")
    page.wait_for_selector("body[data-sip=registered]")
    return page


def media_stats(page) -> dict | None:
    return page.evaluate("window.vaxelPhone.mediaStats()")
