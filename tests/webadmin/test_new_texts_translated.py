"""Every text of the screens added for issue 15 (live view, onboarding, new phone,
service settings) has its Swedish: a new English-only text fails here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webadmin.translations.sv import SV

TEMPLATES = Path(__file__).resolve().parents[2] / "webadmin" / "templates"
SCREENS = ["live/show.html", "live/_panel.html", "live/_call_actions.html",
           "live/wallboards.html", "wallboard/board.html", "auth/forgot.html", "auth/choose.html",
           "calls/list.html", "calls/_table.html",
           "users/device_password.html", "switchboard/service.html",
           "employee/app.html"]  # the app's chat, with its visitor chat (issue 18)
LITERAL = re.compile(r"""_\(\s*(["'])(.+?)\1""")


@pytest.mark.parametrize("screen", SCREENS)
def test_every_text_of_the_screen_has_a_swedish_translation(screen):
    texts = {m.group(2) for m in LITERAL.finditer((TEMPLATES / screen).read_text())}
    assert texts, "no texts found: the pattern no longer matches the templates"
    # ("calls-" ~ value: keys built from values are portal-a's part of issue 15.)
    missing = sorted(t for t in texts if t not in SV and not t.endswith("-"))
    assert not missing, f"{screen}: no Swedish for {missing}"
