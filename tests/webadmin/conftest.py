"""The portal against the test database, and two companies to keep apart."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape
import tempfile
from pathlib import Path
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.accounts.services import create_ops_account, create_user_account
from vaxel.billing.services import create_cost_centre
from vaxel.config import Settings
from vaxel.dialplan_snippets.services import create_snippet
from vaxel.models import DeviceKind, LicenceKind, Plan, Role, ServiceKind
from vaxel.numbers.services import add_number
from vaxel.people.licences import buy_licence
from vaxel.people.services import add_sip_device, create_user
from vaxel.presence.services import add_profile_schedule
from vaxel.queues.services import add_member, configure_queue
from vaxel.schedules.services import add_exception, company_schedule
from vaxel.switchboard.ivr.services import create_menu
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company
from vaxel.voicemail.models import Mailbox, Message, MessageState
from webadmin import create_app


PASSWORD = "correct horse battery"
# Voicemail audio of the test tenants lives here (a WAV per message, see make_tenant).
VOICEMAIL_DIR = Path(tempfile.mkdtemp(prefix="vaxel-test-voicemail-"))
# Call recordings' audio, when a test adds one (tests/webadmin/api/conftest.py add_recording).
RECORDINGS_DIR = Path(tempfile.mkdtemp(prefix="vaxel-test-recordings-"))
TEST_CONFIG = {"TESTING": True, "SESSION_COOKIE_SECURE": False,
               "VAXEL_VOICEMAIL_DIR": VOICEMAIL_DIR, "VAXEL_RECORDINGS_DIR": RECORDINGS_DIR}
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
SNIPPET = ("<extension name='test'><condition field='destination_number' expression='^100$'>"
           "<action application='answer'/></condition></extension>")


@dataclass
class Tenant:
    """One company's objects: ids used to build URLs, and the e-mails that log in."""

    company: int
    admin: int
    user: int
    device: int
    profile: int
    licence: int
    number: int
    service: int
    admin_email: str
    user_email: str
    ivr: int = 0
    menu: int = 0
    window: int = 0
    centre: int = 0
    snippet: int = 0
    shared_message: int = 0
    own_message: int = 0
    holiday: int = 0
    room: int = 0


def make_tenant(db: Session, name: str) -> Tenant:
    company = create_company(db, SYSTEM, name, f"{name.lower()}.example", plan=Plan.ENTERPRISE)
    admin = create_user(db, SYSTEM, company, f"{name} Admin", "1000", role=Role.ADMIN)
    user = create_user(db, SYSTEM, company, f"{name} User", "1001")
    device = add_sip_device(db, SYSTEM, company, user, DeviceKind.DESK).device
    licence = buy_licence(db, SYSTEM, company, LicenceKind.FIXED)
    number = add_number(db, SYSTEM, company, f"+4681234{len(name):02d}{ord(name[0]) % 100:02d}")
    service = create_service(db, SYSTEM, company, ServiceKind.QUEUE, f"{name} Sales")
    admin_email, user_email = f"admin@{company.sip_domain}", f"user@{company.sip_domain}"
    create_user_account(db, admin, admin_email, PASSWORD)
    create_user_account(db, user, user_email, PASSWORD)
    ivr = create_service(db, SYSTEM, company, ServiceKind.IVR, f"{name} Menu")
    menu = create_menu(db, Actor.system(), ivr, "Main", entry=True)
    window = add_profile_schedule(db, SYSTEM, user, user.profiles[1], [0, 1],
                                  dt.time(12), dt.time(13))
    centre = create_cost_centre(db, company, f"{name} HQ", Actor.system("setup"))
    snippet = create_snippet(db, company.id, f"{name} test", "default", SNIPPET,
                             Actor.system("setup"))
    add_member(db, SYSTEM, configure_queue(db, SYSTEM, service), admin)
    team = create_service(db, SYSTEM, company, ServiceKind.SHARED_VOICEMAIL, f"{name} Team")
    shared_message = _message(db, company.id, Mailbox(company_id=company.id, service_id=team.id))
    own_message = _message(db, company.id, Mailbox(company_id=company.id, user_id=user.id))
    holiday = add_exception(db, SYSTEM, company_schedule(db, company), dt.date(2030, 12, 24),
                            name="Christmas Eve")
    db.flush()
    return Tenant(company.id, admin.id, user.id, device.id, user.profiles[1].id, licence.id,
                  number.id, service.id, admin_email, user_email, ivr.id, menu.id, window.id,
                  centre.id, snippet.id, shared_message, own_message, holiday.id)


def _message(db: Session, company_id: int, box: Mailbox) -> int:
    """A new voicemail message with real audio in VOICEMAIL_DIR."""
    db.add(box)
    db.flush()
    message = Message(company_id=company_id, mailbox_id=box.id, state=MessageState.NEW,
                      caller_number="+46701112233", file_path=f"{box.id}.wav", duration_ms=3000)
    db.add(message)
    db.flush()
    (VOICEMAIL_DIR / message.file_path).write_bytes(WAV)
    return message.id


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Cheap argon2 parameters: the real ones cost ~50 ms a hash, hundreds of times over."""
    from argon2 import PasswordHasher

    from vaxel.accounts import passwords
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=256,
                                                             parallelism=1))


@dataclass
class World:
    a: Tenant
    b: Tenant
    ops_email: str = "ops@vaxel.example"


@pytest.fixture
def world(db) -> World:
    create_ops_account(db, "ops@vaxel.example", PASSWORD)
    return World(make_tenant(db, "Alpha"), make_tenant(db, "Beta"))


def app_on(db, env: dict[str, str] | None = None, config: dict | None = None):
    """The portal with these settings (and Flask `config` over the tests') on the test's
    connection: each request gets its own session, so its commits become savepoints inside
    the test's transaction and vanish with it."""
    connection = db.connection()

    def session_factory() -> Session:
        return Session(bind=connection, join_transaction_mode="create_savepoint",
                       expire_on_commit=False)

    settings = Settings.from_env({"VAXEL_SECRET_KEY": "test-secret", **(env or {})})
    return create_app(settings, session_factory, {**TEST_CONFIG, **(config or {})})


@pytest.fixture
def app(db):
    return app_on(db)


class Portal:
    """A test client that sends the session's CSRF token with every POST, as the forms do."""

    def __init__(self, client) -> None:
        self.client = client

    def token(self) -> str:
        with self.client.session_transaction() as session:
            return session.setdefault("_csrf", "test-token")

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, **kw):
        return self.client.post(url, data={"csrf_token": self.token(), **(data or {})}, **kw)

    def login(self, email: str, password: str = PASSWORD):
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 303, response.text
        return response


@pytest.fixture
def portal(app) -> Portal:
    return Portal(app.test_client())


def flashes(html: str) -> list[str]:
    """The messages a page shows: flashes, and the reasons beside refused fields."""
    return [unescape(m) for m in re.findall(r'class="(?:flash [a-z]+|field-error)"[^>]*>([^<]*)<',
                                            html)]


def field_error(html: str, name: str) -> str | None:
    """The reason shown beside the field `name` (written right after it), if any."""
    match = re.search(rf'name="{name}"[^>]*aria-invalid="true"[^>]*>(?:.*?</(?:select|textarea)>)?'
                      r'<small class="field-error" role="alert">([^<]*)<', html, re.S)
    return unescape(match.group(1)) if match else None


def value_of(html: str, name: str) -> str | None:
    """The value an <input name=…> shows."""
    match = re.search(rf'<input\b[^>]*name="{name}"[^>]*>', html)
    found = match and re.search(r'\svalue="([^"]*)"', match.group(0))
    return found.group(1) if found else None
