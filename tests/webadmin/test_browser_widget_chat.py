"""Visitor chat in Chromium: the widget on a company's page served from ANOTHER origin (its
own port), a visitor (390 px, Swedish) writes; an agent logged in to the chat queue sees
it arrive live in the app (a second browser context) and answers; the visitor sees the
answer; a reload of the visitor's page resumes the chat from the widget's own storage with
every message once, in order; no cookie of the portal's is ever set for the visitor."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.actors import person
from tests.widget.fixtures import make_widget
from tests.widget.site import company_site
from vaxel.accounts.services import create_user_account
from vaxel.config import Settings
from vaxel.people.models import User
from vaxel.queues.services import log_out
from vaxel.widget.models import WidgetSettings
from webadmin import create_app

from .browser import served, shot
from .conftest import PASSWORD, TEST_CONFIG

AGENT_EMAIL = "agent@acme.example"


@pytest.fixture
def portal(committed_db, engine):
    """The portal (whose chat hubs LISTEN) with Acme's widget offering chat to the agents
    logged in to Support: Agent 2001 only (2002 logged out)."""
    with committed_db.begin() as s:
        company, queue, settings = make_widget(s)
        settings.chat_queue_id = queue.service_id
        agent, other = s.scalars(select(User).where(User.company_id == company.id)
                                 .order_by(User.extension)).all()
        log_out(s, person(company.id, other.id), other.id, queue.service_id)
        create_user_account(s, agent, AGENT_EMAIL, PASSWORD)
        key, company_id = settings.public_key, company.id
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "widget-chat", "DATABASE_URL": url}),
                     committed_db, TEST_CONFIG)
    with served(app) as address:
        yield {"url": address, "key": key, "company": company_id}


def _agent_app(browser, portal):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(portal["url"] + "/")
    page.fill("input[name=email]", AGENT_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    page.goto(portal["url"] + "/app/")
    page.wait_for_selector("body[data-chat=live]")
    return page


def _visitor(browser, site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(site + "/")
    tab.wait_for_selector("[data-part=chat-start] button")
    return tab


def _visitor_lines(tab) -> list[str]:
    return tab.locator("[data-part=chat-messages] li").all_text_contents()


def test_a_visitor_chats_with_an_agent_in_the_app_live_both_ways(browser, portal, committed_db):
    with company_site(portal["url"], portal["key"]) as site:
        with committed_db.begin() as s:
            s.get(WidgetSettings, portal["company"]).origins = [site]
        agent = _agent_app(browser, portal)  # open before the visitor comes: all live
        tab = _visitor(browser, site)
        assert tab.inner_text("[data-part=chat] h3") == "Chatta med oss"
        tab.fill("[data-part=chat-start] input[name=name]", "Åsa Öberg")
        tab.click("[data-part=chat-start] button")
        tab.wait_for_selector("[data-part=chat-status]:has-text('Agent svarar.')")
        tab.fill("[data-part=chat-compose] textarea", "Hej! När kommer min order?")
        tab.press("[data-part=chat-compose] textarea", "Enter")
        tab.wait_for_selector("[data-part=chat-messages] li.visitor")

        # The agent's app learns of the visitor's conversation live, unread.
        agent.wait_for_selector("#chat-list li[data-unread='2']")  # routed + the question
        assert "Website visitor" in agent.inner_text("#chat-list")
        agent.click("#chat-list li button:has-text('Åsa Öberg')")
        agent.wait_for_selector("#chat-messages li .body:has-text('När kommer min order?')")
        assert agent.locator("#chat-end").is_visible()
        assert not agent.locator("#chat-leave").is_visible()
        agent.fill("#chat-body", "Hej Åsa! Den skickas i dag.")
        agent.click("#chat-send")

        # The visitor sees the answer, pushed (their long poll woken by the message).
        tab.wait_for_selector("[data-part=chat-messages] li.agent:has-text('Den skickas i dag.')")
        expected = ["Agent har anslutit till chatten.", "Du: Hej! När kommer min order?",
                    "Agent: Hej Åsa! Den skickas i dag."]
        assert _visitor_lines(tab) == expected
        shot(tab, "widget-chat-visitor")
        shot(agent, "widget-chat-agent")

        # A reload resumes from the widget's own storage: each message once, in order.
        tab.reload()
        tab.wait_for_selector("[data-part=chat-messages] li.agent")
        assert _visitor_lines(tab) == expected
        assert tab.context.cookies(portal["url"]) == []
        assert tab.evaluate("document.cookie") == ""
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 390

        # The agent ends it; the visitor is told and may start again.
        agent.once("dialog", lambda dialog: dialog.accept())
        agent.click("#chat-end")
        tab.wait_for_selector("[data-part=chat-status]:has-text('Chatten är avslutad.')")
        assert tab.locator("[data-part=chat-compose]").is_hidden()


def test_a_visitor_waits_with_their_place_shown_until_an_agent_logs_in(browser, portal,
                                                                       committed_db):
    """The wake-up is live: the agent's log-in (vaxel_live) ends the visitor's long poll
    well before its 20 s; the agent's app then lists the chat."""
    with committed_db.begin() as s:
        agent_user = s.scalar(select(User).where(User.company_id == portal["company"],
                                                 User.extension == "2001"))
        queue_id = s.get(WidgetSettings, portal["company"]).chat_queue_id
        log_out(s, person(portal["company"], agent_user.id), agent_user.id, queue_id)
    with company_site(portal["url"], portal["key"]) as site:
        with committed_db.begin() as s:
            s.get(WidgetSettings, portal["company"]).origins = [site]
        agent = _agent_app(browser, portal)
        tab = _visitor(browser, site)
        tab.fill("[data-part=chat-start] input[name=name]", "Åsa Öberg")
        tab.click("[data-part=chat-start] button")
        tab.wait_for_selector("[data-part=chat-status]:has-text('Du är nummer 1 i kön.')")
        tab.fill("[data-part=chat-compose] textarea", "Finns det någon där?")
        tab.press("[data-part=chat-compose] textarea", "Enter")
        tab.wait_for_selector("[data-part=chat-messages] li.visitor")
        agent.click(f"#queue-list li[data-queue='{queue_id}'] button")
        tab.wait_for_selector("[data-part=chat-status]:has-text('Agent svarar.')", timeout=10_000)
        agent.wait_for_selector("#chat-list li button:has-text('Åsa Öberg')", timeout=10_000)


def test_outside_the_chats_hours_the_visitor_is_told_when_it_opens_and_cannot_start_one(
        browser, portal, committed_db):
    """The chat queue closed by hand until 18:00: the widget (390 px, Swedish) shows when
    it opens instead of the start form, and a start sent anyway is refused, nothing kept."""
    import datetime as dt

    from sqlalchemy import func

    from tests.actors import SYSTEM
    from vaxel.base import utcnow
    from vaxel.schedules.services import (ROUND_THE_CLOCK, create_schedule, set_override,
                                          set_weekly_hours)
    from vaxel.switchboard.models import SwitchboardService
    from vaxel.tenancy.models import Company
    from vaxel.widget.models import VisitorChat

    with committed_db.begin() as s:
        company = s.get(Company, portal["company"])
        queue = s.get(SwitchboardService, s.get(WidgetSettings, company.id).chat_queue_id)
        schedule = create_schedule(s, company, service=queue)
        set_weekly_hours(s, SYSTEM, schedule, ROUND_THE_CLOCK)
        reopens = utcnow().replace(microsecond=0) + dt.timedelta(hours=3)
        set_override(s, SYSTEM, schedule, False, now=utcnow(), until=reopens)
    with company_site(portal["url"], portal["key"]) as site:
        with committed_db.begin() as s:
            s.get(WidgetSettings, portal["company"]).origins = [site]
        context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        tab.goto(site + "/")
        tab.wait_for_selector("[data-part=chat-closed]:not([hidden])")
        shown = tab.inner_text("[data-part=chat-closed]")
        wanted = tab.evaluate("""instant => new Intl.DateTimeFormat('sv-SE', {weekday: 'short',
            hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm'})
            .format(new Date(instant))""", reopens.isoformat())
        assert shown == f"Chatten är stängd just nu. Öppnar {wanted}.", shown
        assert tab.locator("[data-part=chat-start]").is_hidden()
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 390
        shot(tab, "widget-chat-closed-390-sv")
        # A start sent anyway (a client that skips the widget's form) is refused.
        refusal = tab.evaluate("""url => fetch(url, {method: 'POST', mode: 'cors',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({name: 'Åsa'})})
            .then(r => r.json().then(body => [r.status, body.field]))""",
                               f"{portal['url']}/widget/v1/{portal['key']}/chat")
        assert refusal == [409, "chat_closed"]
    with committed_db() as s:
        assert s.scalar(select(func.count()).select_from(VisitorChat)) == 0
