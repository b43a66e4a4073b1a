"""The app's web device: its short-lived credential authenticates like any device's, and
an expired or rotated one is refused like a wrong password, cached or not."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.errors import Forbidden, InvalidInput
from vaxel.models import DeviceKind, User
from vaxel.people.services import add_sip_device
from vaxel.people.webphone import issue_web_credential
from xml_curl import directory

from .fixtures import wait_until
from .helpers import answer, directory_form, never_authenticates

HOUR = dt.timedelta(hours=1)


def authenticates(doc, user: str, password: str) -> bool:
    return not never_authenticates(doc, user, password)


def test_a_fresh_web_credential_authenticates_and_a_rotated_one_does_not(db, world, client):
    alex = world.users["1000"]
    first = issue_web_credential(db, Actor.of_user(alex), alex, utcnow())
    assert first.username == "1000-web" and len(first.password) >= 16
    assert authenticates(answer(client, directory_form("1000-web")), "1000-web", first.password)
    second = issue_web_credential(db, Actor.of_user(alex), alex, utcnow())
    assert len([d for d in alex.devices if d.kind is DeviceKind.WEB]) == 1
    doc = answer(client, directory_form("1000-web"))
    assert authenticates(doc, "1000-web", second.password)
    assert never_authenticates(doc, "1000-web", first.password)


def test_an_expired_web_credential_is_refused(db, world, client):
    alex = world.users["1000"]
    old = issue_web_credential(db, Actor.of_user(alex), alex, utcnow() - 13 * HOUR)
    assert old.expires_at < utcnow()
    assert never_authenticates(answer(client, directory_form("1000-web")), "1000-web",
                               old.password)


def test_a_cached_web_credential_is_refused_once_it_expires(cached, monkeypatch):
    listener = cached.client.application.extensions["vaxel_lookup_cache"]["listener"]
    company = str(cached.ids.company)
    before = listener.processed[company]
    with cached.db() as session:
        alex = session.get(User, cached.ids.users["1000"])
        credential = issue_web_credential(session, Actor.of_user(alex), alex, utcnow())
        session.commit()
    # Its notification must not empty the cache after the answer below was kept.
    wait_until(lambda: listener.processed[company] > before, "the change notification")
    form = directory_form("1000-web")
    assert authenticates(answer(cached.client, form), "1000-web", credential.password)
    assert len(cached.cache) == 2  # the domain and this answer: kept
    later = credential.expires_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(directory, "utcnow", lambda: later)
    assert never_authenticates(answer(cached.client, form), "1000-web", credential.password)


def test_only_the_user_takes_their_web_credential(db, world):
    alex, daria = world.users["1000"], world.users["1001"]
    with pytest.raises(Forbidden):
        issue_web_credential(db, Actor.of_user(daria), alex, utcnow())
    with pytest.raises(InvalidInput):
        add_sip_device(db, SYSTEM, world.company, alex, DeviceKind.WEB)
