"""The API against the test database: the portal's app and two companies, and tokens."""
from __future__ import annotations

import pytest

from vaxel.apitokens.services import SCOPES, create_token
from tests.webadmin.conftest import World, app, fast_password_hashing, world  # noqa: F401


class Api:
    """A test client that sends a bearer token and JSON."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, url: str, **kw):
        return self.client.get("/api/v1" + url, headers=self._headers(), **kw)

    def send(self, method: str, url: str, json=None):
        return self.client.open("/api/v1" + url, method=method, json=json,
                                headers=self._headers())


def token_for(db, company: int, scopes=tuple(SCOPES)) -> str:
    return create_token(db, company, "CRM", scopes)[1]


@pytest.fixture
def api(app, db, world: World) -> Api:  # noqa: F811
    return Api(app.test_client(), token_for(db, world.a.company))
