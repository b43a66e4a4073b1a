"""The widget in Chromium, on a company's page served from ANOTHER origin (a second local
HTTP server on its own port), 390 px wide: hours and waits shown in the visitor's
language, a call-me-back request accepted, a refused number explained with what was
typed kept, a site not on the allow-list shown nothing, a polling flood limited."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from tests.widget.fixtures import make_widget
from tests.widget.site import company_site
from vaxel.config import Settings
from vaxel.queues import entries
from vaxel.queues.estimate import expected_wait_seconds
from vaxel.queues.models import EntryOutcome, QueueCallback, QueueEntry
from vaxel.queues.stats import recent_figures
from vaxel.widget.models import WidgetSettings
from webadmin import create_app

from .browser import served
from .conftest import TEST_CONFIG

POLLS_PER_MINUTE = 12



def _answered_calls(s, queue_id: int, now: dt.datetime) -> None:
    """Ten calls of three minutes answered in the last hour: the queue has figures."""
    for n in range(10):
        joined = entries.join(s, queue_id, f"past-{n}", "+46700000000", "",
                              now - dt.timedelta(minutes=40))
        e = s.get(QueueEntry, joined.entry_id)
        e.state, e.outcome, e.talk_seconds = "done", EntryOutcome.ANSWERED, 180
        e.answered_at, e.ended_at = e.joined_at + dt.timedelta(seconds=20), now


@pytest.fixture
def portal(committed_db):
    """The portal on one port; yields (its URL, the widget's key, the queue, the wait)."""
    now = dt.datetime.now(dt.timezone.utc)
    with committed_db.begin() as s:
        company, queue, settings = make_widget(s)
        _answered_calls(s, queue.service_id, now)
        s.flush()
        wait = expected_wait_seconds(1, recent_figures(s, queue.service_id, now))
        key, queue_id = settings.public_key, queue.service_id
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "widget-browser-secret"}),
                     committed_db, {**TEST_CONFIG, "VAXEL_WIDGET_POLLS_PER_MINUTE": POLLS_PER_MINUTE})
    with served(app) as url:
        yield {"url": url, "key": key, "queue": queue_id,
           "wait": wait, "company": company.id}


def visit(browser, site: str, locale: str = "en-GB"):
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(site + "/")
    return tab


def allow(committed_db, portal, *sites: str) -> None:
    """Before the portal is first asked (it remembers a key's sites for a moment)."""
    with committed_db.begin() as s:
        s.execute(update(WidgetSettings).where(WidgetSettings.company_id == portal["company"])
                  .values(origins=list(sites)))


def test_hours_and_the_queues_wait_are_shown_on_another_origin(browser, portal, committed_db):
    with company_site(portal["url"], portal["key"]) as site:
        allow(committed_db, portal, site)
        tab = visit(browser, site)
        tab.wait_for_selector("[data-part=hours]")
        assert tab.inner_text("[data-part=hours]").startswith("Open now")
        minutes = round(portal["wait"] / 60)
        assert portal["wait"] >= 60, "the set-up should give a wait of minutes"
        assert tab.inner_text(f"[data-queue='{portal['queue']}']") == (
            f"Support: expected wait about {minutes} minute{'s' if minutes > 1 else ''}")
        assert tab.inner_text("header h2") == "Customer service"
        assert "08-777 88 99" in tab.inner_text("[data-part=contact]")
        # The host page's CSS does not reach into the widget's shadow root.
        colour = tab.eval_on_selector("[data-part=hours]", "e => getComputedStyle(e).color")
        assert colour != "rgb(255, 0, 0)"
        width = tab.eval_on_selector("[data-vaxel-widget]", "e => e.getBoundingClientRect().width")
        assert 0 < width <= 390
        assert tab.evaluate("document.scrollingElement.scrollWidth") <= 390
        assert tab.context.cookies(portal["url"]) == []


def test_swedish_from_the_browser_or_the_data_attribute(browser, portal, committed_db):
    with company_site(portal["url"], portal["key"]) as site, \
            company_site(portal["url"], portal["key"], lang="sv") as swedish_site:
        allow(committed_db, portal, site, swedish_site)
        tab = visit(browser, site, locale="sv-SE")
        tab.wait_for_selector("[data-part=hours]")
        assert tab.inner_text("[data-part=hours]").startswith("Öppet nu")
        assert tab.inner_text("header h2") == "Kundtjänst"
        tab = visit(browser, swedish_site, locale="en-GB")
        tab.wait_for_selector("form[data-part=callback] button")
        assert tab.inner_text("form[data-part=callback] button") == "Ring upp mig"


def test_a_call_me_back_request_is_accepted_and_becomes_a_queue_callback(browser, portal,
                                                                         committed_db):
    with company_site(portal["url"], portal["key"]) as site:
        allow(committed_db, portal, site)
        tab = visit(browser, site)
        tab.fill("form[data-part=callback] input[name=name]", "Åsa Öberg")
        tab.fill("form[data-part=callback] input[name=number]", "not a number")
        tab.click("form[data-part=callback] button")
        tab.wait_for_selector("[data-error=number]:has-text('Write a phone number')")
        assert tab.input_value("form[data-part=callback] input[name=name]") == "Åsa Öberg"
        tab.fill("form[data-part=callback] input[name=number]", "070-123 45 67")
        tab.click("form[data-part=callback] button")
        tab.wait_for_selector("[data-part=result]:has-text('We will call you')")
    with committed_db() as s:
        [callback] = s.scalars(select(QueueCallback)).all()
        entry = s.get(QueueEntry, callback.entry_id)
    assert (callback.number, callback.state.value, entry.caller_name) == (
        "+46701234567", "waiting", "Åsa Öberg")


def test_a_site_not_on_the_allow_list_is_shown_nothing(browser, portal, committed_db):
    with company_site(portal["url"], portal["key"]) as site:  # never allowed
        tab = visit(browser, site)
        tab.wait_for_selector("text=The information cannot be shown right now.")
        assert tab.locator("[data-part=hours]").count() == 0
        status = tab.evaluate("""url => fetch(url, {credentials: 'omit'})
            .then(r => 'read ' + r.status, e => 'refused: ' + e.name)""",
                              f"{portal['url']}/widget/v1/{portal['key']}/state")
        assert status == "refused: TypeError"  # CORS: the page cannot even read the 403


def test_a_polling_flood_from_the_page_is_limited(browser, portal, committed_db):
    with company_site(portal["url"], portal["key"]) as site:
        allow(committed_db, portal, site)
        tab = visit(browser, site)
        tab.wait_for_selector("[data-part=hours]")  # the widget's own first poll: 1
        codes = tab.evaluate("""url => Promise.all(Array.from({length: 30}, () =>
            fetch(url, {credentials: 'omit'}).then(r => r.status)))""",
                             f"{portal['url']}/widget/v1/{portal['key']}/state")
        assert codes.count(200) == POLLS_PER_MINUTE - 1 and codes.count(429) == 30 - codes.count(200)
        assert tab.locator("[data-part=hours]").count() == 1  # what it showed stays


def test_the_portal_screen_at_390_px_in_swedish(browser, portal, committed_db):
    """The admin makes a new key (asked first), sees the snippet, and a colour that is not
    #rrggbb is refused beside its field in Swedish with what was typed kept."""
    from vaxel.accounts.services import create_user_account
    from vaxel.models import Company, Role
    from vaxel.people.services import create_user
    from tests.actors import SYSTEM

    with committed_db.begin() as s:
        admin = create_user(s, SYSTEM, s.get(Company, portal["company"]), "Bo Admin", "1000",
                            role=Role.ADMIN)
        create_user_account(s, admin, "bo@acme.example", "correct horse battery")
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844},
                                  extra_http_headers={"Accept-Language": "sv-SE,sv"})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(portal["url"] + "/login")
    tab.fill("input[name=email]", "bo@acme.example")
    tab.fill("input[name=password]", "correct horse battery")
    tab.click("button.primary")
    tab.wait_for_load_state()
    tab.goto(f"{portal['url']}/companies/{portal['company']}/widget/")
    tab.click("button:has-text('Skapa en ny nyckel')")
    tab.click("button:has-text('Skapa en ny nyckel')")  # the question's answer
    tab.wait_for_selector("#widget-snippet")
    with committed_db() as s:
        key = s.get(WidgetSettings, portal["company"]).public_key
    assert key != portal["key"] and key in tab.inner_text("#widget-snippet")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.fill("input[name=colour_accent]", "red;}")
    tab.eval_on_selector("input[name=colour_accent]", "e => e.removeAttribute('pattern')")
    tab.fill("input[name=title_en]", "Typed and kept")
    tab.click("form.card button.primary:has-text('Spara')")
    tab.wait_for_selector("text=En färg skrivs #rrggbb, t.ex. #1d4ed8.")
    assert tab.input_value("input[name=title_en]") == "Typed and kept"
    assert tab.input_value("input[name=colour_accent]") == "red;}"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
