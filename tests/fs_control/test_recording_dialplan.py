"""Recordings FreeSWITCH makes from the dialplan are filed when the call ends."""
from sqlalchemy import select

from fs_control.features.recording.recorder import dialplan_recording, dialplan_recording_filer
from tests.actors import SYSTEM
from vaxel.people.services import create_user
from vaxel.recordings.models import CallRecording
from vaxel.storage import Store
from vaxel.tenancy.services import create_company

HANGUP = {"Event-Name": "CHANNEL_HANGUP_COMPLETE", "Unique-ID": "abc-123",
          "variable_vaxel_company_id": "1", "variable_vaxel_recorded_user": "1",
          "variable_vaxel_intent": "outbound", "variable_vaxel_dialled": "+46701234567",
          "variable_answer_epoch": "1795861103", "variable_billsec": "42",
          "Caller-Caller-ID-Number": "1000"}


def test_the_hang_up_event_names_the_recording_and_its_call():
    found = dialplan_recording(HANGUP)
    assert found["relative"] == "calls/abc-123.wav" and found["direction"] == "outgoing"
    assert found["duration_seconds"] == 42 and found["to_number"] == "+46701234567"
    assert dialplan_recording({**HANGUP, "variable_answer_epoch": "0"}) is None
    assert dialplan_recording({**HANGUP, "variable_vaxel_recorded_user": ""}) is None


def test_a_recorded_call_is_filed_once_and_only_with_its_audio(committed_db, tmp_path):
    with committed_db.begin() as s:
        acme = create_company(s, SYSTEM, "Acme", "acme.example")
        user = create_user(s, SYSTEM, acme, "Alex", "1000")
        user.recording_enabled = True
        ids = {"variable_vaxel_company_id": str(acme.id),
               "variable_vaxel_recorded_user": str(user.id)}
    store = Store(tmp_path)
    file = dialplan_recording_filer(committed_db, store)
    file({**HANGUP, **ids})  # no audio on disk: nothing to file
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "abc-123.wav").write_bytes(b"RIFF")
    file({**HANGUP, **ids})
    file({**HANGUP, **ids})  # the same hang-up seen twice
    with committed_db() as s:
        rows = s.scalars(select(CallRecording)).all()
    assert len(rows) == 1 and rows[0].duration_seconds == 42
    assert rows[0].user_id == int(ids["variable_vaxel_recorded_user"])
