"""Every page a company admin, an employee and an operator reach, in Swedish and in
English, shows texts meant for people: no untranslated text in Swedish, no internal key
("calls-all") and no raw domain value ("shared_voicemail", "longest_idle") in either."""
from __future__ import annotations

import enum
import html
import re
from urllib.parse import urlsplit

import pytest

from vaxel.calls.events import CallDirection, CallResult
from vaxel.models import (DeviceKind, ForwardKind, LicenceKind, LicenceStatus, LicenceTerm, Plan,
                          ServiceKind)
from vaxel.queues.models import Strategy
from webadmin import i18n
from webadmin.translations.sv import SV

RAW_ENUMS: tuple[type[enum.Enum], ...] = (ServiceKind, ForwardKind, DeviceKind, LicenceKind,
                                          LicenceStatus, LicenceTerm, Plan, Strategy,
                                          CallDirection, CallResult)
RAW_VALUES = {m.value for e in RAW_ENUMS for m in e}
KEY = re.compile(r"^(?=.*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)+$")   # calls-all, period-7d, mobile_twin
SKIP = re.compile(r"/audio|download=|/logout|/login|\.wav|\.ics|/static/")
# Texts a company chose, or that are the same in both languages.
NOT_TEXT = re.compile(r"^[\W\d_]*$|@|^\+?\d[\d\s-]*$")


def _visible_texts(page: str) -> list[str]:
    body = re.sub(r"<(script|style|code|pre|textarea)\b.*?</\1>", " ", page, flags=re.S)
    body = body.split("<body>", 1)[-1]
    return [html.unescape(t).strip() for t in re.findall(r">([^<>]+)<", body) if t.strip()]


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(/[^"#]*)"', page)]


def _walk(portal, start: list[str], limit: int = 50) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        response = portal.get(url, follow_redirects=True)
        assert response.status_code == 200 or url in start, (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response.content_type:
            seen[url] = ""
            continue
        seen[url] = response.text
        queue += [u for u in _links(response.text) if urlsplit(u).path not in
                  {urlsplit(s).path for s in seen}]
    return seen


@pytest.fixture
def missing(app, monkeypatch):
    """Texts the templates asked to translate that Swedish has no words for."""
    found: set[str] = set()
    translate = app.jinja_env.globals["_"]

    def recording(text, **values):
        if (i18n.current_language() == "sv" and text not in SV
                and i18n._by_pattern(i18n._PATTERNS["sv"], text) == text
                and not NOT_TEXT.search(str(text))):
            found.add(text)
        return translate(text, **values)
    app.jinja_env.globals["_"] = recording
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("who", ["admin", "user", "ops"])
def test_every_page_reads_as_words_for_people(portal, world, missing, language, who):
    email = {"admin": world.a.admin_email, "user": world.a.user_email, "ops": world.ops_email}[who]
    portal.login(email)
    portal.post("/language", {"language": language})
    c = world.a.company
    extra = {"admin": [f"/companies/{c}/integrations/", f"/companies/{c}/users/99999"],
             "user": ["/me/nothing-here"],
             "ops": [f"/ops/security/companies/{c}/toll", f"/companies/{c}/integrations/"]}[who]
    pages = _walk(portal, ["/", *extra])
    assert len(pages) > 5
    raw = {(url, text) for url, page in pages.items() for text in _visible_texts(page)
           if KEY.match(text) or text in RAW_VALUES}
    assert not raw, f"internal keys or raw values shown: {sorted(raw)[:20]}"
    assert not missing, f"no Swedish for: {sorted(missing)}"
    # The brand is not a menu item too (the Swedish "Switchboard" was "Växel").
    assert not any(re.search(r"<nav>(?:(?!</nav>).)*>Växel</a>", p, re.S) for p in pages.values())
