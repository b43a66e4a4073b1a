"""Pure menu decisions, the store, the outbox with SMTP down, and the web/API functions."""
import contextlib
import datetime as dt
import wave

import pytest
from sqlalchemy import select

from fs_control.features.mail.smtp import outbox_job
from tests.actors import person
from vaxel.config import Settings
from vaxel.errors import NotFound
from vaxel.mail.models import OutboxMail
from vaxel.mail.services import queue_mail
from vaxel.storage import Store, StorageError, wav_seconds
from vaxel.voicemail.mailboxes import MailboxView, user_mailbox
from vaxel.voicemail.menus import (CallerChoice, Listen, caller_choice, caller_options,
                                   main_choice, message_choice, summary_text)
from vaxel.voicemail.messages import (delete_message, list_messages, mark_heard, mark_new,
                                      open_audio)
from vaxel.voicemail.mwi import mark_sent, pending_updates

from .mailboxes import a_message
from .smtp import free_port


def view(**kw):
    base = dict(id=1, company_id=1, name="Daria", user_id=1, extension="1001",
                allow_message=True, allow_wait=True, allow_callback=True, allow_operator=True,
                operator_destination="user:1000", max_message_seconds=180,
                min_message_seconds=2, silence_seconds=5, silence_threshold=200, has_pin=False,
                greetings={})
    return MailboxView(**{**base, **kw})


def test_waiting_is_offered_only_while_the_owner_is_busy():
    assert "2" in caller_options(view(), busy=True)
    assert "2" not in caller_options(view(), busy=False)


def test_switched_off_options_disappear_and_operator_needs_a_destination():
    options = caller_options(view(allow_callback=False, operator_destination=None), busy=False)
    assert set(options) == {"1"}


def test_silence_leaves_a_message_and_wrong_keys_repeat_then_hang_up():
    options = caller_options(view(), busy=False)
    assert caller_choice(options, None, 1) is CallerChoice.MESSAGE
    assert caller_choice(options, "9", 1) is CallerChoice.REPEAT
    no_message = caller_options(view(allow_message=False), busy=False)
    assert caller_choice(no_message, None, 3) is CallerChoice.HANGUP


def test_the_133_keys():
    assert main_choice("1") is Listen.NEW and main_choice("#") is Listen.EXIT
    assert message_choice(None) is Listen.NEXT and message_choice("3") is Listen.DELETE
    assert summary_text(1, 0) == "You have 1 new message and no saved messages."


def test_an_unwritable_or_full_store_says_why(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write"):
        Store(blocker / "vm").check_writable()
    with pytest.raises(StorageError, match="free"):
        Store(tmp_path, min_free_bytes=10 ** 18).check_writable()


def test_commit_moves_a_complete_file_into_place(tmp_path):
    store = Store(tmp_path)
    incoming = store.incoming_path()
    with wave.open(str(incoming), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(8000)
        out.writeframes(b"\0\0" * 16000)
    final = store.commit(incoming, "1/2/3.wav")
    assert not incoming.exists() and wav_seconds(final) == 2.0
    with pytest.raises(StorageError):
        store.path("../../etc/passwd")


def test_mail_survives_smtp_being_down(db, tmp_path):
    queue_mail(db, ["daria@acme.example"], "New voicemail", "hello")
    settings = Settings.from_env({"VAXEL_SMTP_PORT": str(free_port()),
                                  "VAXEL_DATA_DIR": str(tmp_path)})

    class Factory:  # the db fixture's session, in the shape outbox_job expects
        @contextlib.contextmanager
        def begin(self):
            with db.begin_nested():
                yield db
    assert outbox_job(settings, Factory())() == 0
    [mail] = db.scalars(select(OutboxMail)).all()
    assert mail.sent_at is None and mail.attempts == 1 and mail.next_attempt_at is not None
    assert mail.failed_at is None and mail.last_error


def test_a_user_without_a_licence_has_no_mailbox(db, mailbox):
    acme, _, dan, _, _ = mailbox
    assert user_mailbox(db, acme.id, "1002") is None


def test_web_and_api_functions_check_the_owner(db, mailbox):
    acme, daria, dan, box, store = mailbox
    message = a_message(db, box, store)
    owner, colleague = person(acme.id, daria.id), person(acme.id, dan.id, is_admin=True)
    assert list_messages(db, owner, box.id) == [message]
    assert open_audio(db, store, owner, message.id).is_file()
    for function in (lambda v: list_messages(db, v, box.id),
                     lambda v: open_audio(db, store, v, message.id),
                     lambda v: mark_new(db, v, message.id)):
        with pytest.raises(NotFound):
            function(colleague)  # even an admin never hears a personal mailbox
    now = dt.datetime.now(dt.timezone.utc)
    assert mark_heard(db, owner, message.id, now).heard_at == now
    delete_message(db, owner, store, message.id, now)
    assert list_messages(db, owner, box.id) == []
    assert not store.path(message.file_path).exists()


def test_lamps_follow_changes_made_anywhere(db, mailbox):
    acme, daria, _, box, store = mailbox
    message = a_message(db, box, store)
    [update] = pending_updates(db)
    assert update.accounts == ("1001@acme.example",) and (update.new, update.saved) == (1, 0)
    mark_sent(db, update)
    db.flush()
    assert pending_updates(db) == []
    mark_heard(db, person(acme.id, daria.id), message.id, dt.datetime.now(dt.timezone.utc))
    [update] = pending_updates(db)
    assert (update.new, update.saved) == (0, 1)
    mark_sent(db, update)
    db.flush()
    # Marked new again as a reminder: the lamp lights again.
    mark_new(db, person(acme.id, daria.id), message.id)
    [update] = pending_updates(db)
    assert (update.new, update.saved) == (1, 0)
