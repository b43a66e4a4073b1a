"""Destructive actions ask first (webadmin.confirm): without confirmed=yes the POST
answers with a question page and changes nothing; its button sends the same form again."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from vaxel.models import (Device, IvrMenu, IvrOption, Licence, LicenceStatus,
                          SwitchboardService)
from vaxel.switchboard.ivr.services import create_menu, set_option
from vaxel.voicemail.models import Message, MessageState

from .conftest import SYSTEM

DESTRUCTIVE = re.compile(r"delete|remove|revoke|terminate|(?<![a-z])end_|unlink")


def test_every_destructive_route_asks_first(app):
    """A new delete/remove/revoke route without the question fails here."""
    unasked = sorted(rule.endpoint for rule in app.url_map.iter_rules()
                     if "POST" in rule.methods and not rule.endpoint.startswith("api")
                     and (DESTRUCTIVE.search(rule.endpoint) or DESTRUCTIVE.search(rule.rule))
                     and not getattr(app.view_functions[rule.endpoint], "asks_first", False)
                     and not getattr(app.view_functions[rule.endpoint], "asked_in_the_browser",
                                     False))
    assert not unasked, f"destructive routes that do not ask first: {unasked}"


def _question(response) -> str:
    assert response.status_code == 200, response.text[:300]
    return re.search(r'<h1 id="confirm-question">([^<]*)<', response.text).group(1)


@pytest.mark.parametrize("what, url, data, question", [
    ("licence", "/companies/{c}/licences/{l}/terminate", {}, "Terminate this licence?"),
    ("device", "/companies/{c}/users/{u}/devices/{d}/delete", {},
     "Remove this phone? It can no longer register."),
    ("menu", "/companies/{c}/ivr/{i}/menus/{m2}/delete", {}, "Remove this menu and its keys?"),
    ("key", "/companies/{c}/ivr/{i}/menus/{m}/options/remove", {"digit": "1"},
     "Remove this key from the menu?"),
    ("holiday", "/companies/{c}/hours/exceptions/{h}/delete", {},
     "Remove this holiday or special day?"),
])
def test_the_question_comes_first_and_the_answer_acts(portal, world, db, what, url, data,
                                                      question):
    a = world.a
    menu = db.get(IvrMenu, a.menu)
    set_option(db, SYSTEM, menu, "1", "hangup")
    second = create_menu(db, SYSTEM, db.get(SwitchboardService, a.ivr), "Support")
    db.flush()
    second_id = second.id
    url = url.format(c=a.company, l=a.licence, u=a.user, d=a.device, i=a.ivr, m=a.menu,
                     m2=second_id, h=a.holiday)
    portal.login(a.admin_email)
    state = {"licence": lambda: db.get(Licence, a.licence).status is LicenceStatus.TERMINATED,
             "device": lambda: db.get(Device, a.device) is None,
             "menu": lambda: db.get(IvrMenu, second_id) is None,
             "key": lambda: db.scalar(select(IvrOption).where(IvrOption.menu_id == a.menu)) is None,
             "holiday": lambda: a.holiday not in {e.id for e in _exceptions(db, a.company)}}[what]
    asked = portal.post(url, data)
    assert _question(asked) == question
    db.expire_all()
    assert not state(), "the question must change nothing"
    # The page's button posts the same form, confirmed; Cancel leads back.
    form = re.search(r'<form method="post" action="([^"]*)"[^>]*>((?:(?!</form>).)*'
                     r'name="confirmed".*?)</form>', asked.text, re.S)
    assert form.group(1) == url
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2)))
    assert sent.pop("confirmed") == "yes" and {k: v for k, v in sent.items()
                                               if k != "csrf_token"} == data
    assert portal.post(url, {**data, "confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert state()


def _exceptions(db, company_id):
    from vaxel.models import Company
    from vaxel.schedules.services import company_schedule
    return company_schedule(db, db.get(Company, company_id)).exceptions


def test_deleting_voicemail_and_revoking_a_token_ask_first(portal, world, db):
    portal.login(world.a.user_email)
    url = f"/me/voicemail/{world.a.own_message}/delete"
    assert _question(portal.post(url)) == "Delete this voicemail message?"
    assert db.get(Message, world.a.own_message).state is not MessageState.DELETED
    portal.post(url, {"confirmed": "yes"})
    db.expire_all()
    assert db.get(Message, world.a.own_message).state is MessageState.DELETED


def test_the_question_is_asked_in_swedish_and_names_the_thing(portal, world):
    portal.login(world.a.admin_email)
    portal.post("/language", {"language": "sv"})
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.user}/delete")
    assert _question(response) == "Ta bort användaren?"
    assert "Alpha User" in response.text and "Avbryt" in response.text


def test_another_companys_object_is_not_found_before_anything_is_asked(portal, world):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.b.user}/delete")
    assert response.status_code == 404
