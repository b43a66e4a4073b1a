"""Chat in two real browsers (Chromium, two contexts: two colleagues on two phones, 390 px,
one in Swedish, one in English) against a real server whose chat hub LISTENs: a message
arrives live, hostile text stays text, unread counts show, a refused attachment keeps what
was typed, and messages sent while one phone is offline arrive once, in order, when it is
back."""
from __future__ import annotations


import pytest

from tests.actors import SYSTEM
from vaxel.accounts.services import create_user_account
from vaxel.config import Settings
from vaxel.models import Plan, Role
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company
from webadmin import create_app

from .conftest import PASSWORD, TEST_CONFIG
from .browser import served, shot


PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a1d2a05e0000000049454e44ae426082")
HOSTILE = '<img src=x onerror="window.pwned=1">Hej Bo'


@pytest.fixture
def server(committed_db, engine):
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Chatt AB", "chatt.example", plan=Plan.BUSINESS)
        anna = create_user(session, SYSTEM, company, "Anna Admin", "1000", role=Role.ADMIN)
        bo = create_user(session, SYSTEM, company, "Bo Berg", "1001")
        create_user_account(session, anna, "anna@chatt.example", PASSWORD)
        create_user_account(session, bo, "bo@chatt.example", PASSWORD)
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings.from_env({"VAXEL_SECRET_KEY": "chat-browser", "DATABASE_URL": url})
    app = create_app(settings, committed_db, TEST_CONFIG)
    with served(app) as url:
        yield url


def _phone(browser, server: str, email: str, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844},
                                  extra_http_headers={"Accept-Language": locale})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    page.goto(server + "/app/")
    page.wait_for_selector("body[data-chat=live]")
    return context, page


def _say(page, text: str) -> None:
    page.fill("#chat-body", text)
    page.click("#chat-send")


def _bodies(page) -> list[str]:
    return page.locator("#chat-messages li .body").all_text_contents()


def test_two_colleagues_chat_live_and_nothing_is_lost_offline(server, browser, tmp_path):
    anna_context, anna = _phone(browser, server, "anna@chatt.example", "en-GB")
    bo_context, bo = _phone(browser, server, "bo@chatt.example", "sv-SE")
    assert bo.locator("#chat h2").inner_text().startswith("Chatt")

    anna.select_option("#chat-colleague", label="Bo Berg")
    anna.click("#chat-direct button")
    anna.wait_for_selector("#chat-pane:not([hidden])")
    _say(anna, HOSTILE)
    anna.wait_for_selector("#chat-messages li.mine")

    # Bo's list learns of the conversation live, with one unread.
    bo.wait_for_selector("#chat-list li[data-unread='1']")
    assert bo.inner_text("#chat-unread") == "1"
    bo.click("#chat-list li button")
    bo.wait_for_selector("#chat-messages li")
    assert _bodies(bo) == [HOSTILE]  # shown as the text it is
    assert bo.locator("#chat-messages img").count() == 0
    assert not bo.is_visible("#chat-add") and not bo.is_visible("#chat-leave")  # a pair
    assert bo.evaluate("window.pwned") is None
    bo.wait_for_selector("#chat-unread[hidden]", state="attached")

    _say(bo, "Hej Anna")
    anna.wait_for_function("[...document.querySelectorAll('#chat-messages .body')]"
                           ".some((n) => n.textContent === 'Hej Anna')")

    # A page disguised as a picture is refused in Swedish; what Bo typed stays.
    fake = tmp_path / "katt.png"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    bo.set_input_files("#chat-file", str(fake))
    _say(bo, "Titta här")
    bo.wait_for_selector("#chat-error:not([hidden])")
    assert "Bara bilder" in bo.inner_text("#chat-error")
    assert bo.input_value("#chat-body") == "Titta här"
    picture = tmp_path / "bild.png"
    picture.write_bytes(PNG)
    bo.set_input_files("#chat-file", str(picture))
    bo.click("#chat-send")
    anna.wait_for_selector("#chat-messages img[alt='bild.png']")
    assert anna.evaluate("document.querySelector(\"#chat-messages img[alt='bild.png']\")"
                         ".naturalWidth") == 1

    # Bo's phone goes offline; Anna writes three; Bo comes back and gets them once, in order.
    bo_context.set_offline(True)
    bo.wait_for_selector("body[data-chat=offline]")
    for text in ("ett", "två", "tre"):
        _say(anna, text)
        anna.wait_for_function(f"[...document.querySelectorAll('#chat-messages .body')]"
                               f".some((n) => n.textContent === '{text}')")
    bo_context.set_offline(False)
    bo.wait_for_function("[...document.querySelectorAll('#chat-messages .body')]"
                         ".some((n) => n.textContent === 'tre')")
    _say(anna, "fyra")
    bo.wait_for_function("[...document.querySelectorAll('#chat-messages .body')]"
                         ".some((n) => n.textContent === 'fyra')")
    assert _bodies(bo)[-5:] == ["Titta här", "ett", "två", "tre", "fyra"]
    assert len(_bodies(bo)) == len(set(_bodies(bo))) == 7
    for page in (anna, bo):
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(bo, "chat-bo-sv-390")
    shot(anna, "chat-anna-en-390")
    anna_context.close()
    bo_context.close()
