"""The owner's 133 menu through the double, and a crash between recording and saving."""
import datetime as dt
from pathlib import Path

from sqlalchemy import select

import fs_control.features.voicemail.performers as performers
from tests.fsdouble import CallScript
from vaxel.base import utcnow
from vaxel.mail.models import OutboxMail
from vaxel.storage import Store
from vaxel.voicemail.mailboxes import set_pin
from vaxel.voicemail.messages import recover_interrupted
from vaxel.voicemail.models import Greeting, Mailbox, Message, MessageState

from .conftest import place, wait_until

OWN_PHONE = {"vaxel_voicemail": "listen", "sip_auth_username": "1001",
             "sip_auth_realm": "acme.example"}


def leave_message(double, controller, company, seconds=3):
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=seconds))


def box_of(committed_db, company):
    with committed_db() as s:
        return s.scalar(select(Mailbox).where(Mailbox.user_id == company["users"]["1001"]))


def test_own_phone_hears_a_new_message_and_deletes_it(double, controller, company,
                                                       committed_db):
    leave_message(double, controller, company)
    script = CallScript(digits={"play_and_get_digits": ["1", "3", "#"]})
    placed = place(double, controller, company, "voicemail:1001", script, caller="1001",
                   **OWN_PHONE)
    prompts = [arg for _, arg in placed.apps]
    assert any("You have 1 new message and no saved messages" in p for p in prompts)
    assert not any("Enter your PIN" in p for p in prompts)  # the owner's own phone needs none
    with committed_db() as s:
        [message] = s.scalars(select(Message)).all()
    assert message.state is MessageState.DELETED and message.deleted_at is not None
    lamps = wait_until(lambda: [h for n, h in double.sent_events
                                if n == "MESSAGE_WAITING" and h["MWI-Messages-Waiting"] == "no"])
    assert lamps[-1]["MWI-Voice-Message"] == "0/0 (0/0)"


def test_a_played_message_is_saved(double, controller, company, committed_db):
    leave_message(double, controller, company)
    script = CallScript(digits={"play_and_get_digits": ["1", "2", "#"]})
    placed = place(double, controller, company, "voicemail:1001", script, caller="1001",
                   **OWN_PHONE)
    with committed_db() as s:
        [message] = s.scalars(select(Message)).all()
    assert message.state is MessageState.SAVED and message.heard_at is not None
    file = next(arg for app, arg in placed.apps if arg.endswith(f"/{message.id}.wav"))
    assert Path(file).is_file()


def test_the_sender_is_called_back(double, controller, company, committed_db):
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=3), caller="1002")
    script = CallScript(digits={"play_and_get_digits": ["1", "4"]})
    placed = place(double, controller, company, "voicemail:1001", script, caller="1001",
                   **OWN_PHONE)
    assert any(app == "bridge" and arg.endswith("user/1002@acme.example")
               for app, arg in placed.apps)


def test_another_phone_needs_the_pin(double, controller, company, committed_db):
    leave_message(double, controller, company)
    with committed_db.begin() as s:
        set_pin(s.get(Mailbox, box_of(committed_db, company).id), "4321")
    wrong = place(double, controller, company, "voicemail:1001",
                  CallScript(digits={"play_and_get_digits": ["1111", "2222", "3333"]}),
                  vaxel_voicemail="listen")
    assert not any("You have" in arg for _, arg in wrong.apps)
    assert wrong.apps[-1][0] == "hangup"
    right = place(double, controller, company, "voicemail:1001",
                  CallScript(digits={"play_and_get_digits": ["4321", "#"]}),
                  vaxel_voicemail="listen")
    assert any("You have 1 new message" in arg for _, arg in right.apps)


def test_star_during_the_greeting_lets_the_owner_in_with_the_pin(double, controller, company,
                                                                 committed_db):
    leave_message(double, controller, company)
    with committed_db.begin() as s:
        set_pin(s.get(Mailbox, box_of(committed_db, company).id), "4321")
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits={"play_and_get_digits": ["*", "4321", "#"]}))
    assert any("You have 1 new message" in arg for _, arg in placed.apps)


def test_a_greeting_recorded_by_phone_is_played_to_callers(double, controller, company,
                                                           committed_db):
    script = CallScript(digits={"play_and_get_digits": ["3", "1", "#"]}, record_seconds=2)
    place(double, controller, company, "voicemail:1001", script, caller="1001", **OWN_PHONE)
    with committed_db() as s:
        [greeting] = s.scalars(select(Greeting)).all()
    caller = place(double, controller, company, "voicemail:1001",
                   CallScript(digits={"play_and_get_digits": [""]}, hangup_during="record"))
    assert any(arg.endswith(greeting.file_path) for app, arg in caller.apps if app == "playback")


def test_the_pin_is_changed_by_phone(double, controller, company, committed_db):
    script = CallScript(digits={"play_and_get_digits": ["4", "2468", "2468", "#"]})
    place(double, controller, company, "voicemail:1001", script, caller="1001", **OWN_PHONE)
    from vaxel.voicemail.mailboxes import check_pin
    assert check_pin(box_of(committed_db, company), "2468")


def test_a_crash_between_recording_and_saving_keeps_the_message_flagged(
        double, controller, company, committed_db, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("the controller died here")
    monkeypatch.setattr(performers, "finish_message", crash)
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits={"play_and_get_digits": [""]}, record_seconds=5))
    # Nothing was stored, so the caller never heard "saved".
    assert not any("saved" in arg for _, arg in placed.apps)
    with committed_db() as s:
        [message] = s.scalars(select(Message)).all()
    assert message.state is MessageState.RECORDING
    store = Store(controller.settings.voicemail_dir)
    assert store.path(message.file_path).is_file()
    with committed_db.begin() as s:
        assert recover_interrupted(s, store, utcnow()) == []  # might still be recording
        later = utcnow() + dt.timedelta(hours=1)
        assert recover_interrupted(s, store, later) == [message.id]
    with committed_db() as s:
        kept = s.get(Message, message.id)
        mail = s.scalars(select(OutboxMail)).one()
    assert kept.state is MessageState.NEW and kept.interrupted and kept.duration_ms == 5000
    assert store.path(kept.file_path).is_file() and "interrupted" in mail.body


def test_an_interrupted_recording_without_audio_is_cleaned_up(double, controller, company,
                                                             committed_db, monkeypatch):
    monkeypatch.setattr(performers, "finish_message",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash")))
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=0.2))
    store = Store(controller.settings.voicemail_dir)
    with committed_db.begin() as s:
        assert recover_interrupted(s, store, utcnow() + dt.timedelta(hours=1)) == []
    with committed_db() as s:
        assert s.scalars(select(Message)).all() == []
    assert list((store.root / ".incoming").glob("*.wav")) == []
