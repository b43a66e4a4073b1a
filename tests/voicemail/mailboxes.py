"""Daria's licensed mailbox at Acme, as a pytest plugin (tests/conftest.py): the voicemail
and the webhook tests share it; `a_message` leaves a message in it."""
from __future__ import annotations

import wave

import pytest

from tests.actors import SYSTEM
from vaxel.models import LicenceKind
from vaxel.people.licences import assign_licence, buy_licence
from vaxel.people.services import add_sip_device, create_user
from vaxel.storage import Store
from vaxel.tenancy.services import create_company
from vaxel.voicemail.mailboxes import user_mailbox
from vaxel.voicemail.messages import begin_message, finish_message


@pytest.fixture
def mailbox(db, tmp_path):
    acme = create_company(db, SYSTEM, "Acme", "acme.example")
    daria = create_user(db, SYSTEM, acme, "Daria", "1001", email="daria@acme.example")
    dan = create_user(db, SYSTEM, acme, "Dan", "1002")
    add_sip_device(db, SYSTEM, acme, daria)
    assign_licence(db, SYSTEM, buy_licence(db, SYSTEM, acme, LicenceKind.FIXED), daria)
    return acme, daria, dan, user_mailbox(db, acme.id, "1001"), Store(tmp_path)


def a_message(db, box, store, seconds=3):
    message = begin_message(db, store, box, "call-1", "+46701234567", "Bo")
    with wave.open(str(store.path(message.file_path)), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * seconds)
    return finish_message(db, store, message, box.min_message_seconds)
