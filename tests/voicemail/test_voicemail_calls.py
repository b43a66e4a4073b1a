"""Callers at a mailbox, through the controller and the FreeSWITCH double: each option,
the lamps, the e-mail with its attachment, and what happens when storing fails."""
from pathlib import Path

from sqlalchemy import select

from fs_control.features.mail.smtp import outbox_job
from tests.fsdouble import CallScript
from vaxel.calls.events import CallResult
from vaxel.calls.models import CallLogEntry
from vaxel.config import Settings
from vaxel.voicemail.models import CallbackRequest, Mailbox, Message, MessageState

from .conftest import place, wait_until

SILENCE = {"play_and_get_digits": [""]}


def messages(committed_db, state=None):
    with committed_db() as s:
        query = select(Message).order_by(Message.id)
        if state:
            query = query.where(Message.state == state)
        return s.scalars(query).all()


def apps(placed):
    return [app for app, _ in placed.apps]


def test_a_message_is_stored_lights_the_lamp_and_is_emailed(double, controller, company,
                                                           committed_db, env, smtp):
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits=SILENCE, record_seconds=3))
    [message] = messages(committed_db)
    assert message.state is MessageState.NEW and message.duration_ms == 3000
    stored = Path(env["VAXEL_DATA_DIR"]) / "voicemail" / message.file_path
    assert stored.is_file() and not message.interrupted
    # The caller heard "saved" only after the record app, then the call ended.
    after = placed.apps[apps(placed).index("record") + 1:]
    assert "message has been saved" in after[0][1] and after[-1][0] == "hangup"
    lamp = wait_until(lambda: [h for n, h in double.sent_events if n == "MESSAGE_WAITING"])
    assert lamp[-1]["MWI-Message-Account"] == "sip:1001@acme.example"
    assert lamp[-1]["MWI-Messages-Waiting"] == "yes"
    assert lamp[-1]["MWI-Voice-Message"] == "1/0 (0/0)"
    assert outbox_job(Settings.from_env(env), committed_db)() == 1
    [mail] = smtp[1].wait_for(1)
    assert mail["To"] == "daria@acme.example" and "+46701234567" in mail.get_body().get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "audio/wav"
    assert attachment.get_content() == stored.read_bytes()


def test_hanging_up_after_speaking_keeps_the_message(double, controller, company, committed_db):
    script = CallScript(digits=SILENCE, record_seconds=4, hangup_during="record",
                        hangup_delay=0.05)
    placed = place(double, controller, company, "voicemail:1001", script)
    # The caller is gone; the controller finishes storing without them.
    [message] = wait_until(lambda: messages(committed_db, MessageState.NEW))
    assert not message.interrupted and message.duration_ms == 4000
    assert apps(placed)[-1] == "record"


def test_the_log_row_of_the_call_that_left_a_message_says_voicemail(double, controller, company,
                                                                   committed_db):
    """Found on the real switch: nothing set vaxel_voicemail, so the call log never said
    "voicemail" for a caller who left a message."""
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits=SILENCE, record_seconds=3))
    row = wait_until(lambda: _logged(committed_db, placed.uuid))
    assert row.result is CallResult.VOICEMAIL


def _logged(committed_db, call_uuid):
    with committed_db() as s:
        return s.scalar(select(CallLogEntry).where(CallLogEntry.call_uuid == call_uuid))


def test_a_too_short_message_is_discarded(double, controller, company, committed_db, env):
    script = CallScript(digits=SILENCE, record_seconds=0.5, hangup_during="record",
                        hangup_on=2)
    placed = place(double, controller, company, "voicemail:1001", script)
    wait_until(lambda: messages(committed_db) == [])
    assert any("too short" in arg for _, arg in placed.apps)
    incoming = Path(env["VAXEL_DATA_DIR"]) / "voicemail" / ".incoming"
    assert list(incoming.glob("*.wav")) == []


def test_the_caller_leaves_a_number_to_be_called_back(double, controller, company, committed_db):
    script = CallScript(digits={"play_and_get_digits": ["3", "0701234567"]})
    place(double, controller, company, "voicemail:1001", script)
    with committed_db() as s:
        [request] = s.scalars(select(CallbackRequest)).all()
    assert request.number == "0701234567" and request.user_id == company["users"]["1001"]
    assert messages(committed_db) == []


def test_zero_reaches_the_chosen_colleague(double, controller, company, committed_db):
    place(double, controller, company, "voicemail:1001")  # creates the mailbox
    with committed_db.begin() as s:
        box = s.scalar(select(Mailbox).where(Mailbox.user_id == company["users"]["1001"]))
        box.operator_destination = "user:1002"
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits={"play_and_get_digits": ["0"]}))
    assert any(app == "bridge" and arg.endswith("user/1002@acme.example")
               for app, arg in placed.apps)


def test_switched_off_options_are_neither_offered_nor_obeyed(double, controller, company,
                                                             committed_db):
    place(double, controller, company, "voicemail:1001")
    with committed_db.begin() as s:
        box = s.scalar(select(Mailbox).where(Mailbox.user_id == company["users"]["1001"]))
        box.allow_callback = False
    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits={"play_and_get_digits": ["3", "3", "3"]}))
    assert not any("called back" in arg for _, arg in placed.apps)
    with committed_db() as s:
        assert s.scalars(select(CallbackRequest)).all() == []


def test_a_busy_user_can_be_waited_for(double, controller, company):
    script = CallScript(digits={"play_and_get_digits": ["2", ""]},
                        bridge_outcome={"user/1001": "USER_BUSY"}, hangup_during="record")
    placed = place(double, controller, company, "user:1001", script)
    assert any("busy on another call" in arg for _, arg in placed.apps)
    assert ("playback", "local_stream://moh") in placed.apps
    assert apps(placed).count("bridge") == 4  # the first ring, then three rounds of waiting


def test_a_shared_mailbox_takes_messages(double, controller, company, committed_db):
    place(double, controller, company, "service:%s" % company["support"],
          CallScript(digits=SILENCE, record_seconds=3))
    [message] = messages(committed_db)
    with committed_db() as s:
        assert s.get(Mailbox, message.mailbox_id).service_id == company["support"]


def test_an_unwritable_store_sends_the_caller_to_a_fallback(double, company, committed_db,
                                                            env, tmp_path):
    from fs_control.controller import Controller
    from fs_control.registry import default_features
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    ctl = Controller(Settings.from_env({**env, "VAXEL_VOICEMAIL_DIR": str(blocker / "vm")}),
                     committed_db, default_features)
    ctl.start()
    try:
        script = CallScript(digits={"play_and_get_digits": ["", "0701234567"]})
        placed = place(double, ctl, company, "voicemail:1001", script)
    finally:
        ctl.stop()
    assert "record" not in apps(placed)
    assert any("cannot take a message" in arg for _, arg in placed.apps)
    with committed_db() as s:
        assert [r.number for r in s.scalars(select(CallbackRequest))] == ["0701234567"]


def test_a_call_that_left_a_message_is_logged_as_voicemail(double, controller, company,
                                                          committed_db):
    """Not as "answered": the controller answering to take the message is no conversation."""
    from vaxel.calls.events import CallResult
    from vaxel.calls.models import CallLogEntry

    placed = place(double, controller, company, "voicemail:1001",
                   CallScript(digits=SILENCE, record_seconds=3))
    assert ("set", "vaxel_voicemail=true") in placed.apps

    def logged():
        with committed_db() as s:
            return s.scalars(select(CallLogEntry)).all()
    [row] = wait_until(logged)
    assert row.result is CallResult.VOICEMAIL
