"""Onboarding (issue 15, item 11): an admin invites a person by e-mail, the person follows
the one-time link and chooses a password; "forgot password" works the same way without
telling which addresses have a login. Mail goes through the outbox to a real SMTP server."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from fs_control.features.mail.smtp import outbox_job
from vaxel.accounts.models import Account, AccountToken
from vaxel.audit.models import AuditEntry
from vaxel.config import Settings
from vaxel.mail.models import OutboxMail

from ..voicemail.smtp import free_port, start_smtp
from .conftest import Portal, flashes

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def smtp():
    server, inbox = start_smtp()
    yield server.port, inbox
    server.stop()


def deliver(db, port: int) -> int:
    """Run the controller's outbox sender once against the SMTP server on `port`."""
    class Factory:  # the test's session in the shape outbox_job expects
        @contextlib.contextmanager
        def begin(self):
            with db.begin_nested():
                yield db
    settings = Settings.from_env({"VAXEL_SMTP_PORT": str(port), "VAXEL_SMTP_HOST": "127.0.0.1"})
    return outbox_job(settings, Factory())()


def link_in(message) -> str:
    """The path of the one link in the mail (the test client speaks paths)."""
    [url] = re.findall(r"https?://\S+", message.get_content())
    assert url.startswith("http://127.0.0.1:8080/password/choose/")  # VAXEL_PUBLIC_URL
    return urlsplit(url).path


def invite(portal, world, email="nils@alpha.example"):
    portal.login(world.a.admin_email)
    user = f"/companies/{world.a.company}/users/{world.a.user}"
    return portal.post(f"{user}/invite", {"email": email}, follow_redirects=True)


def test_an_invited_person_chooses_a_password_from_the_mailed_link(portal, world, db, smtp,
                                                                   app):
    # The user has a login in the fixture: take it away, as for a newcomer.
    db.delete(db.scalar(select(Account).where(Account.email == world.a.user_email)))
    db.flush()
    response = invite(portal, world)
    assert "An invitation was sent to nils@alpha.example." in flashes(response.text)
    assert "no password chosen yet" in response.text
    # Before choosing, the invited address opens nothing.
    other = app.test_client()
    assert Portal(other).post("/login", {"email": "nils@alpha.example",
                                         "password": ""}).status_code == 401

    # SMTP down: the mail waits in the outbox, then goes when the server answers.
    assert deliver(db, free_port()) == 0
    [queued] = db.scalars(select(OutboxMail)).all()
    assert queued.sent_at is None and queued.attempts == 1
    queued.next_attempt_at = queued.next_attempt_at - dt.timedelta(hours=1)
    port, inbox = smtp
    assert deliver(db, port) == 1
    [message] = inbox.wait_for(1)
    assert message["To"] == "nils@alpha.example"
    path = link_in(message)

    newcomer = Portal(app.test_client())
    page = newcomer.get(path)
    assert page.status_code == 200 and "nils@alpha.example" in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    done = newcomer.post(path, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert done.status_code == 303  # logged in at once
    assert newcomer.get("/me/").status_code == 200
    # The link works once.
    assert newcomer.get(path).status_code == 410
    assert newcomer.post(path, {"password": "another passphrase!",
                                "repeat": "another passphrase!"}).status_code == 410
    Portal(app.test_client()).login("nils@alpha.example", NEW_PASSWORD)
    actions = db.scalars(select(AuditEntry.action)).all()
    assert "invite" in actions and "set-password-invite" in actions


def test_an_invitation_expires(portal, world, db, smtp):
    db.delete(db.scalar(select(Account).where(Account.email == world.a.user_email)))
    db.flush()
    invite(portal, world)
    port, inbox = smtp
    deliver(db, port)
    path = link_in(inbox.wait_for(1)[0])
    db.execute(update(AccountToken).values(expires_at=dt.datetime.now(dt.timezone.utc)))
    response = portal.get(path)
    assert response.status_code == 410 and "expired" in response.text


def test_a_person_with_a_password_is_not_invited_again(portal, world):
    response = invite(portal, world, email="")
    assert "has a portal login already" in " ".join(flashes(response.text))


def test_a_user_may_not_invite(portal, world):
    portal.login(world.a.user_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.user}/invite",
                           {"email": "x@alpha.example"})
    assert response.status_code == 403


def test_forgot_password_answers_the_same_for_unknown_addresses(portal, world, db, smtp, app):
    known = portal.post("/password/forgot", {"email": world.a.user_email})
    unknown = Portal(app.test_client()).post("/password/forgot", {"email": "nobody@alpha.example"})
    assert known.status_code == unknown.status_code == 200
    assert _sent(known.text) == _sent(unknown.text)
    port, inbox = smtp
    assert deliver(db, port) == 1  # only the real address gets a mail
    path = link_in(inbox.wait_for(1)[0])
    portal.post(path, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    Portal(app.test_client()).login(world.a.user_email, NEW_PASSWORD)


def test_a_newer_link_ends_the_older_one(portal, world, db, smtp):
    portal.post("/password/forgot", {"email": world.a.user_email})
    portal.post("/password/forgot", {"email": world.a.user_email})
    port, inbox = smtp
    deliver(db, port)
    first, second = (link_in(m) for m in inbox.wait_for(2))
    assert portal.get(first).status_code == 410
    assert portal.get(second).status_code == 200


def test_forgot_password_is_rate_limited_whatever_the_address(portal, world):
    answers = [portal.post("/password/forgot", {"email": f"n{i}@nowhere.example"}).status_code
               for i in range(7)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]


def test_mismatched_passwords_keep_the_link(portal, world, db, smtp):
    portal.post("/password/forgot", {"email": world.a.user_email})
    port, inbox = smtp
    deliver(db, port)
    path = link_in(inbox.wait_for(1)[0])
    response = portal.post(path, {"password": NEW_PASSWORD, "repeat": "something else!!"})
    assert response.status_code == 422 and "not the same" in response.text
    assert portal.get(path).status_code == 200


def test_smtp_tls_comes_from_the_environment():
    assert Settings.from_env({}).smtp_tls == "none"
    assert Settings.from_env({"VAXEL_SMTP_USER": "u"}).smtp_tls == "starttls"
    assert Settings.from_env({"VAXEL_SMTP_TLS": "ssl", "VAXEL_SMTP_PORT": "465"}).smtp_tls == "ssl"
    with pytest.raises(ValueError):
        Settings.from_env({"VAXEL_SMTP_TLS": "maybe"})


def _sent(html: str) -> str:
    return re.search(r'id="reset-sent">([^<]*)<', html).group(1)

