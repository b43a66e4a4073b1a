"""A person who does not take the call, on the real FreeSWITCH: offline (no registration),
busy (486), declining (603) or letting it ring — the caller goes where their presence
profile forwards (voicemail, or a colleague whose phone answers), never hung up.

Two ways in, both checked: the person's own number (the dialplan rings them, then hands the
forward to the controller) and the reception menu's key 2 (the controller rings them; a
failed bridge there hung the caller up until the executor set continue_on_fail)."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select, update

from vaxel.calls.events import CallDirection

from .phones import CALLER, Mode, make_offline, registered_phone, trunk_call

pytestmark = pytest.mark.freeswitch
PERSON, COLLEAGUE = "1000", "1001"
PERSON_NUMBER, RECEPTION_NUMBER = "+46812345610", "+46812345600"
VOICEMAIL_MENU = "leave a message"


@dataclass(frozen=True)
class Person:
    user_id: int
    profile_id: int


@pytest.fixture(scope="module")
def person(demo_rows, carrier, call_controller) -> Person:
    """PERSON with a profile of the journeys' own (each test sets its forward), and
    COLLEAGUE reachable on the SIP phone alone (their mobile twin switched off)."""
    from vaxel.models import DeviceKind
    from vaxel.people.models import Device, PresenceProfile, User

    def user_id(session, extension: str) -> int:
        return session.scalar(select(User.id).where(User.company_id == demo_rows.company_id,
                                                    User.extension == extension))

    def twin_off(session, enabled: bool = False) -> None:
        session.execute(update(Device).where(
            Device.user_id == user_id(session, COLLEAGUE),
            Device.kind == DeviceKind.MOBILE_TWIN).values(enabled=enabled))
    demo_rows.change(twin_off, lambda s: twin_off(s, enabled=True))

    saved: dict[str, int] = {}

    def add_profile(session) -> Person:
        user = session.get(User, user_id(session, PERSON))
        profile = PresenceProfile(company_id=user.company_id, user_id=user.id, name="Journeys")
        session.add(profile)
        session.flush()
        saved.update(user=user.id, before=user.active_profile_id, profile=profile.id)
        user.active_profile_id = profile.id
        return Person(user.id, profile.id)

    def restore(session) -> None:
        session.execute(update(User).where(User.id == saved["user"])
                        .values(active_profile_id=saved["before"]))
        session.execute(delete(PresenceProfile).where(PresenceProfile.id == saved["profile"]))
    return demo_rows.change(add_profile, restore)


def forward(demo_rows, person: Person, kind: str, target: str | None, after: int) -> None:
    from vaxel.people.models import ForwardKind, PresenceProfile

    demo_rows.change(lambda s: s.execute(update(PresenceProfile).where(
        PresenceProfile.id == person.profile_id).values(
        forward_kind=ForwardKind(kind), forward_target=target, forward_after_seconds=after)),
        lambda s: None)


@contextmanager
def call_person(sipp_dir, switch_watch, entry: str):
    """A carrier's call to PERSON, by their number or through the reception menu."""
    with trunk_call(sipp_dir, switch_watch,
                    PERSON_NUMBER if entry == "number" else RECEPTION_NUMBER) as call:
        if entry == "menu":
            call.menu("Welcome to")
            call.press("2#")  # "To speak to Alex, press 2"; # ends the keys at once
        yield call


def logged_once(fs_database_url, call) -> None:
    row = call.log_row(fs_database_url)
    assert (row.direction, row.other_number) == (CallDirection.INCOMING, CALLER)


ENTRIES = ["number", "menu"]


@pytest.mark.parametrize("entry", ENTRIES)
def test_offline_person_forwards_to_voicemail(entry, person, demo_rows, switch_watch,
                                              fs_database_url, sipp_dir, test_company):
    forward(demo_rows, person, "voicemail", None, 10)
    make_offline(sipp_dir, PERSON, test_company.passwords[PERSON])
    with call_person(sipp_dir, switch_watch, entry) as call:
        call.menu(VOICEMAIL_MENU)
        assert call.finish() == 0
    logged_once(fs_database_url, call)


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("refusal", [Mode.BUSY, Mode.DECLINE], ids=["busy", "declined"])
def test_refusing_person_forwards_to_a_colleague_who_answers(
        entry, refusal, person, demo_rows, switch_watch, fs_database_url, sipp_dir, test_company):
    forward(demo_rows, person, "user", COLLEAGUE, 10)
    with registered_phone(sipp_dir, PERSON, test_company.passwords[PERSON], refusal) as mine, \
            registered_phone(sipp_dir, COLLEAGUE, test_company.passwords[COLLEAGUE]) as theirs:
        with call_person(sipp_dir, switch_watch, entry) as call:
            call.legs.bridged(15)
            call.hears_sound()
            mine.wait_for_request("INVITE", 10)  # refused by the person's phone
            theirs.wait_for_request("INVITE", 10)
            assert call.finish() == 0
    logged_once(fs_database_url, call)


@pytest.mark.parametrize("entry", ENTRIES)
def test_unanswered_person_forwards_to_voicemail_after_their_ring_time(
        entry, person, demo_rows, switch_watch, fs_database_url, sipp_dir, test_company):
    forward(demo_rows, person, "voicemail", None, 3)
    with registered_phone(sipp_dir, PERSON, test_company.passwords[PERSON], Mode.RING) as phone:
        with call_person(sipp_dir, switch_watch, entry) as call:
            call.menu(VOICEMAIL_MENU, timeout=20)
            phone.wait_for_request("CANCEL", 5)  # the switch stopped ringing the phone
            assert call.finish() == 0
    logged_once(fs_database_url, call)
