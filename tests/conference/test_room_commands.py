"""The controller's side of the owners' commands, against PostgreSQL with a stand-in for
the Event Socket's `api`: the words sent to mod_conference, a room that is not running
fails the command with the switch's answer, recording makes a call_recording row."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from fs_control.features.conference.commands import RoomCommands
from tests.actors import SYSTEM, person
from vaxel.conference import services as rooms
from vaxel.conference.models import ConferenceCommand, RoomAction, RoomCommandStatus
from vaxel.conference.rules import RoomChange
from vaxel.models import Plan
from vaxel.people.services import create_user
from vaxel.recordings.models import CallRecording
from vaxel.storage import Store
from vaxel.tenancy.services import create_company


@pytest.fixture
def room(committed_db):
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Roomco", "roomco.example", plan=Plan.ENTERPRISE)
        owner = create_user(session, SYSTEM, company, "Owner", "1001")
        made = rooms.own_room(session, SYSTEM, owner)
        rooms.apply_change(session, RoomChange(made.id, "join", 3, "u3", "1002", "Guest"))
        return made.id, company.id, owner.id


def ask(committed_db, room, action, member=None) -> int:
    room_id, company_id, owner_id = room
    with committed_db.begin() as session:
        return rooms.request_command(session, person(company_id, owner_id), room_id,
                                     action, member).id


def result(committed_db, command_id):
    with committed_db() as session:
        row = session.get(ConferenceCommand, command_id)
        return row.status, row.result


def test_commands_become_mod_conference_api_calls(committed_db, room, tmp_path):
    sent = []
    runner = RoomCommands(committed_db, lambda c: sent.append(c) or "OK done",
                          Store(tmp_path))
    mute = ask(committed_db, room, RoomAction.MUTE, 3)
    kick = ask(committed_db, room, RoomAction.REMOVE, 3)
    lock = ask(committed_db, room, RoomAction.LOCK)
    assert runner.poll() == 3
    name = f"vaxel-room-{room[0]}"
    assert sent == [f"conference {name} mute 3", f"conference {name} kick 3",
                    f"conference {name} lock"]
    assert all(result(committed_db, c)[0] is RoomCommandStatus.DONE for c in (mute, kick, lock))
    assert runner.poll() == 0


def test_a_room_not_running_fails_the_command_with_the_switchs_words(committed_db, room,
                                                                     tmp_path):
    runner = RoomCommands(committed_db, lambda c: "Conference vaxel-room-1 not found",
                          Store(tmp_path))
    command = ask(committed_db, room, RoomAction.LOCK)
    runner.poll()
    status, answer = result(committed_db, command)
    assert status is RoomCommandStatus.FAILED and "not found" in answer["error"]


def test_recording_files_a_row_for_the_owner_and_stops(committed_db, room, tmp_path):
    sent = []
    runner = RoomCommands(committed_db, lambda c: sent.append(c) or "+OK", Store(tmp_path))
    ask(committed_db, room, RoomAction.RECORD)
    runner.poll()
    with committed_db() as session:
        recording = session.scalars(select(CallRecording)).one()
        assert recording.user_id == room[2] and recording.duration_seconds is None
    assert sent[0] == (f"conference vaxel-room-{room[0]} recording start "
                       f"{tmp_path / recording.file_path}")
    again = ask(committed_db, room, RoomAction.RECORD)
    runner.poll()
    assert result(committed_db, again)[0] is RoomCommandStatus.FAILED  # one at a time
    ask(committed_db, room, RoomAction.STOP_RECORDING)
    runner.poll()
    assert sent[-1].endswith("recording stop all")
    with committed_db() as session:
        assert session.get(CallRecording, recording.id).duration_seconds is not None


def test_a_member_the_controller_did_not_admit_is_hung_up_not_listed(committed_db, room):
    from fs_control.features.conference.participants import participant_writer
    from fs_control.features.conference.room import Admissions

    written, sent = [], []
    writer = type("Writer", (), {"submit": lambda self, w: written.append(w)})()
    admissions = Admissions()
    admissions.admit("admitted-uuid", room[0])
    on_event = participant_writer(writer, admissions, lambda c: sent.append(c) or "+OK")
    event = {"Event-Subclass": "conference::maintenance", "Action": "add-member",
             "Conference-Name": f"vaxel-room-{room[0]}", "Member-ID": "9"}
    on_event({**event, "Unique-ID": "stray-uuid"})
    assert sent == [f"conference vaxel-room-{room[0]} hup 9"] and written == []
    on_event({**event, "Unique-ID": "admitted-uuid", "Member-ID": "10"})
    assert len(sent) == 1 and len(written) == 1
    admissions.admit("other-room-uuid", room[0] + 1)
    on_event({**event, "Unique-ID": "other-room-uuid", "Member-ID": "11"})
    assert len(sent) == 2  # admitted to another room is no ticket to this one


def test_participants_of_rooms_the_switch_no_longer_holds_are_forgotten(committed_db, room,
                                                                        tmp_path):
    from vaxel.conference.models import ConferenceParticipant

    listing = {"text": f"+OK Conference vaxel-room-{room[0]} (1 member rate: 16000 flags: "
                       "running)\n1;sofia/internal/1002@x;u3;Guest;1002;hear|speak;0;0;100;0"}
    runner = RoomCommands(committed_db, lambda c: listing["text"], Store(tmp_path))
    assert runner.reconcile() == 0
    listing["text"] = "No active conferences."
    assert runner.reconcile() == 1
    with committed_db() as session:
        assert session.scalars(select(ConferenceParticipant)).all() == []
