"""Only FreeSWITCH may ask, and any failure fails closed."""
from __future__ import annotations

import base64
import logging
import xml.etree.ElementTree as ET

import pytest

from xml_curl import directory as directory_view
from xml_curl.app import create_app

from .fixtures import capture_settings
from .helpers import directory_form, is_not_found, post


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("authorization", [
    None, basic("freeswitch", "wrong"), basic("intruder", "xmlcurl-secret"),
    "Bearer xmlcurl-secret", "Basic !!!not-base64",
])
def test_wrong_or_missing_credentials_get_401_without_details(world, client, authorization):
    response = post(client, directory_form("1000"), authorization=authorization)
    assert response.status_code == 401
    assert b"<" not in response.data and b"a1-hash" not in response.data
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_database_down_answers_not_found_and_logs(caplog):
    dead = "postgresql://postgres@127.0.0.1:1/nothing"
    app = create_app(capture_settings(database_url=dead))
    with caplog.at_level(logging.ERROR, logger="xml_curl"):
        response = post(app.test_client(), directory_form("1000"))
    assert response.status_code == 200
    assert is_not_found(ET.fromstring(response.data))
    assert b"Traceback" not in response.data
    assert any("look-up failed" in r.getMessage() for r in caplog.records)


def test_a_bug_answers_not_found_and_logs(world, client, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(directory_view, "find_directory_user", explode)
    with caplog.at_level(logging.ERROR, logger="xml_curl"):
        response = post(client, directory_form("1000"))
    assert is_not_found(ET.fromstring(response.data))
    assert b"boom" not in response.data
    assert any(r.levelno == logging.ERROR for r in caplog.records)


def test_creating_the_app_connects_to_nothing():
    dead = "postgresql://postgres@127.0.0.1:1/nothing"
    create_app(capture_settings(database_url=dead))  # must not raise
