"""The widget's portal screen: an admin sets it up; a bad colour or site is refused beside
its field with everything typed kept; making a new key and revoking ask first; another
company's admin finds nothing."""
from __future__ import annotations

from sqlalchemy import select

from vaxel.widget.models import WidgetSettings

from .conftest import field_error, value_of


def _form(world, **changes):
    form = {"origins": "https://www.alpha.example", "queue_ids": str(world.a.service),
            "colour_accent": "#114477", "colour_text": "#ffffff", "title_sv": "Hej",
            "title_en": "Hello", "intro_sv": "", "intro_en": "", "contact_phone": "08-777 88 99",
            "contact_email": "hej@alpha.example", "retention_days": "30"}
    form.update(changes)
    return form


def _page(world):
    return f"/companies/{world.a.company}/widget/"


def test_an_admin_saves_the_widget_and_makes_a_key(portal, world, db):
    portal.login(world.a.admin_email)
    assert portal.post(_page(world), _form(world)).status_code == 303
    first = portal.post(_page(world) + "key")  # no key yet: nothing to break, no question
    assert first.status_code == 303
    row = db.get(WidgetSettings, world.a.company)
    assert row.public_key.startswith("vw_") and row.queue_ids == [world.a.service]
    page = portal.get(_page(world)).text
    assert row.public_key in page and "widget.js" in page


def test_a_css_injection_in_a_colour_is_refused_beside_the_field_and_the_form_kept(portal, world,
                                                                                 db):
    portal.login(world.a.admin_email)
    bad = "#000000;}body{display:none"
    response = portal.post(_page(world), _form(world, colour_accent=bad, title_en="Kept"),
                           headers={"Referer": "http://localhost" + _page(world)})
    assert response.status_code == 422
    assert field_error(response.text, "colour_accent") == "A colour is written #rrggbb, e.g. #1d4ed8."
    assert value_of(response.text, "title_en") == "Kept"
    assert db.get(WidgetSettings, world.a.company) is None


def test_a_site_with_a_wildcard_is_refused(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(_page(world), _form(world, origins="https://*.alpha.example"),
                           headers={"Referer": "http://localhost" + _page(world)})
    assert response.status_code == 422 and db.get(WidgetSettings, world.a.company) is None


def test_a_new_key_and_revoking_ask_first(portal, world, db):
    portal.login(world.a.admin_email)
    portal.post(_page(world) + "key")
    key = db.get(WidgetSettings, world.a.company).public_key
    for action in ("key", "key/revoke"):
        asked = portal.post(_page(world) + action)
        assert asked.status_code == 200 and 'name="confirmed"' in asked.text
        db.expire_all()
        assert db.get(WidgetSettings, world.a.company).public_key == key
    assert portal.post(_page(world) + "key/revoke", {"confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert db.get(WidgetSettings, world.a.company).public_key is None


def test_another_companys_admin_and_a_plain_user_cannot_reach_it(portal, world, db):
    portal.login(world.b.admin_email)
    assert portal.get(_page(world)).status_code == 404
    assert portal.post(_page(world) + "key").status_code == 404
    portal.login(world.a.user_email)
    assert portal.get(_page(world)).status_code in (403, 404)
    assert db.scalar(select(WidgetSettings)) is None


def test_another_companys_queue_is_not_a_choice(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(_page(world), _form(world, queue_ids=str(world.b.service)),
                           headers={"Referer": "http://localhost" + _page(world)})
    assert response.status_code == 422 and db.get(WidgetSettings, world.a.company) is None


def test_the_screen_in_swedish(portal, world):
    portal.login(world.a.admin_email)
    page = portal.get(_page(world), headers={"Accept-Language": "sv"}).text
    assert "Webbwidget" in page and "Webbplatser som får visa den" in page


def test_every_text_of_the_screen_has_its_swedish():
    import re
    from pathlib import Path

    from webadmin.translations.sv import SV

    screen = Path(__file__).resolve().parents[2] / "webadmin/templates/widget/show.html"
    texts = {m.group(2) for m in re.finditer(r"""_\(\s*(["'])(.+?)\1\s*\)""", screen.read_text())}
    assert len(texts) > 10
    assert sorted(t.replace('\\"', '"') for t in texts if t.replace('\\"', '"') not in SV) == []


def test_the_admin_chooses_the_queue_whose_agents_take_visitors_chats(portal, world, db):
    portal.login(world.a.admin_email)
    page = portal.get(_page(world)).text
    assert 'name="chat_queue_id"' in page and "Nobody: the widget offers no chat" in page
    assert portal.post(_page(world), _form(world, chat_queue_id=str(world.a.service))
                       ).status_code == 303
    assert db.get(WidgetSettings, world.a.company).chat_queue_id == world.a.service
    assert f'value="{world.a.service}" selected' in portal.get(_page(world)).text
    assert portal.post(_page(world), _form(world, chat_queue_id="")).status_code == 303
    assert db.get(WidgetSettings, world.a.company).chat_queue_id is None


def test_another_companys_queue_cannot_take_the_chats(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(_page(world), _form(world, chat_queue_id=str(world.b.service),
                                               title_en="Kept"),
                           headers={"Referer": "http://localhost" + _page(world)})
    assert response.status_code == 422
    assert field_error(response.text, "chat_queue_id") == "Choose among the company's queues."
    assert value_of(response.text, "title_en") == "Kept"
    assert db.get(WidgetSettings, world.a.company) is None
