"""The API against the test database: the portal's app and two companies, and tokens."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask

from tests.actors import SYSTEM
from vaxel.recordings.models import CallRecording

from vaxel.apitokens.services import SCOPES, create_token
from tests.webadmin.conftest import World


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
    return create_token(db, SYSTEM, company, "CRM", scopes)[1]


WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


@pytest.fixture(autouse=True)
def recordings_dir(request, tmp_path) -> Path:
    """Call recordings go to a per-test folder (the settings' default is the real one)."""
    if "app" in request.fixturenames:
        app: Flask = request.getfixturevalue("app")
        app.config["VAXEL_RECORDINGS_DIR"] = tmp_path
    return tmp_path


def add_recording(db, company: int, user: int, folder: Path) -> CallRecording:
    """A finished recording of the user's call, its audio in `folder` (the store)."""
    started = dt.datetime(2030, 3, 1, 12, tzinfo=dt.timezone.utc)
    row = CallRecording(company_id=company, user_id=user, call_uuid=f"rec-{company}-{user}",
                        direction="incoming", from_number="+46701234567", to_number="1001",
                        started_at=started, duration_seconds=42,
                        file_path=f"{company}/2030/03/rec-{user}.wav")
    db.add(row)
    db.flush()
    (folder / row.file_path).parent.mkdir(parents=True, exist_ok=True)
    (folder / row.file_path).write_bytes(WAV)
    return row


@pytest.fixture
def api(app, db, world: World) -> Api:
    return Api(app.test_client(), token_for(db, world.a.company))
