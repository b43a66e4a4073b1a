"""Every API route: no token → 401, a token without the route's scope → 403, another
company's ids → 404, the right token → allowed. A route missing from API_ROUTES fails
tests/webadmin/test_permissions.py."""
from __future__ import annotations

import re

import pytest

from vaxel.actor import Actor, ActorRole
from vaxel.callcontrol.services import request_command, upsert_live_call
from vaxel.callcontrol.models import CommandAction
from vaxel.caller_names.services import save_contact
from webadmin.api import SCOPE_OF

from .conftest import Api, add_recording, token_for
from .routes import API_ROUTES, LIVE, PUBLIC_API, add_integration_objects


@pytest.fixture
def objects(db, world, recordings_dir):
    for n, tenant in enumerate((world.a, world.b), start=1):
        add_integration_objects(db, tenant)
        upsert_live_call(db, LIVE.format(t=n), tenant.company, state="ACTIVE")
        tenant.command = request_command(db, Actor(tenant.company, ActorRole.ADMIN, "t"),
                                         CommandAction.HANG_UP, {}).id
        tenant.contact = save_contact(db, tenant.company, "+4670999000" + str(n), "C").id
        tenant.recording = add_recording(db, tenant.company, tenant.user, recordings_dir).id
        tenant.t = n
    return world


def _fill(value, t):
    if isinstance(value, str):
        out = value.format(u=t.user, p=t.profile, t=t.t, command=t.command, contact=t.contact,
                           webhook=t.webhook, own_message=t.own_message,
                           recording=t.recording)
        return int(out) if out.isdigit() and value.startswith("{") else out
    if isinstance(value, dict):
        return {k: _fill(v, t) for k, v in value.items()}
    return value


def _call(api: Api, endpoint: str, tenant):
    method, url, body = API_ROUTES[endpoint]
    return api.send(method, _fill(url, tenant), _fill(body, tenant))


def test_every_api_route_names_its_scope(app):
    # SCOPE_OF is filled as the app registers the API's modules: needs an app first.
    assert set(SCOPE_OF) == set(API_ROUTES)


@pytest.mark.parametrize("endpoint", sorted(set(API_ROUTES) - PUBLIC_API))
def test_no_token_is_401(app, objects, endpoint):
    assert _call(Api(app.test_client(), None), endpoint, objects.a).status_code == 401


@pytest.mark.parametrize("endpoint", sorted(set(API_ROUTES) - PUBLIC_API))
def test_a_token_without_the_scope_is_403(app, db, objects, endpoint):
    others = [s for s in set(SCOPE_OF.values()) if s and s != SCOPE_OF[endpoint]]
    api = Api(app.test_client(), token_for(db, objects.a.company, others))
    assert _call(api, endpoint, objects.a).status_code == 403


@pytest.mark.parametrize("endpoint", sorted(
    e for e, (_, url, body) in API_ROUTES.items() if re.search(r"\{[a-z]+\}", url + str(body))))
def test_another_companys_ids_are_not_found(app, db, objects, endpoint):
    api = Api(app.test_client(), token_for(db, objects.a.company))
    assert _call(api, endpoint, objects.b).status_code in (404, 422)


@pytest.mark.parametrize("endpoint", sorted(API_ROUTES))
def test_the_companys_own_token_is_allowed(app, db, objects, endpoint):
    api = Api(app.test_client(), token_for(db, objects.a.company))
    response = _call(api, endpoint, objects.a)
    # Queue log-in of a user who is in no queue is refused by the queue rules (404), not by
    # permissions; everything else succeeds.
    expected = (404,) if "queue" in endpoint else (200, 201, 202, 204)
    assert response.status_code in expected, response.get_data(as_text=True)[:300]
