"""Pure decisions about rooms: numbers, PINs, the switch's name for a room, and what a
conference::maintenance event changes. No I/O."""
from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Iterable, Mapping

PIN_LENGTH = 6
PIN = re.compile(r"^[0-9]{4,10}\Z")
# Tries a caller gets before the switch ends the call.
PIN_ATTEMPTS = 3
# Wrong PINs in a row (over any number of calls) before a room takes no PIN for a while.
MAX_PIN_FAILURES = 10
PIN_BLOCK = dt.timedelta(minutes=15)
# A room's number is its owner's extension behind this prefix (8 + 1001 → 81001) unless
# that is taken, then the first free one in the range below.
ROOM_PREFIX = "8"
ROOM_RANGE = range(8000, 9000)
# The conference destination that asks the caller for the room's number (an IVR key or
# the closed-hours destination reaching the rooms from outside), instead of naming a room.
DIAL_IN = "dial-in"
ROOM_ATTEMPTS = 3
# The mod_conference profile (freeswitch-conf/autoload_configs/conference.conf.xml).
PROFILE = "vaxel"
_NAME = re.compile(r"^vaxel-room-([0-9]{1,12})\Z")


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def pin_matches(expected: str, given: str | None) -> bool:
    """Constant-time: how much of a guess was right must not show in the time it takes."""
    if not given or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def pin_verdict(expected: str, given: str | None, failures: int,
                blocked_until: dt.datetime | None, now: dt.datetime
                ) -> tuple[bool, int, dt.datetime | None]:
    """(let in, wrong PINs in a row now, blocked until) for one PIN entered. While blocked
    even the right PIN is refused, so a guesser learns nothing."""
    if blocked_until is not None and now < blocked_until:
        return False, failures, blocked_until
    if pin_matches(expected, given):
        return True, 0, None
    failures += 1
    if failures >= MAX_PIN_FAILURES:
        return False, 0, now + PIN_BLOCK
    return False, failures, None


def room_number(extension: str, taken: Iterable[str]) -> str:
    """The owner's room number: the prefixed extension, else the first free in the range."""
    used = set(taken)
    preferred = ROOM_PREFIX + extension
    if extension.isdigit() and preferred not in used:
        return preferred
    for candidate in map(str, ROOM_RANGE):
        if candidate not in used:
            return candidate
    raise ValueError("no free conference room number")


def conference_name(room_id: int) -> str:
    """The room's name on the switch: platform-wide unique, digits only after the prefix."""
    return f"vaxel-room-{int(room_id)}"


def room_of(name: str | None) -> int | None:
    match = _NAME.match(name or "")
    return int(match.group(1)) if match else None


def join_argument(room_id: int) -> str:
    """The `conference` application's argument: room@profile."""
    return f"{conference_name(room_id)}@{PROFILE}"


@dataclass(frozen=True)
class RoomChange:
    """What one conference::maintenance event says about a room."""

    room_id: int
    kind: str             # "join" | "leave" | "mute" | "unmute" | "lock" | "unlock" | "end"
    member_id: int | None = None
    call_uuid: str = ""
    caller_number: str = ""
    caller_name: str = ""
    muted: bool = False


_KINDS = {"add-member": "join", "del-member": "leave", "mute-member": "mute",
          "unmute-member": "unmute", "lock": "lock", "unlock": "unlock",
          "conference-destroy": "end"}


def room_change(event: Mapping[str, str]) -> RoomChange | None:
    """The change a conference::maintenance event makes to one of our rooms, else None."""
    if event.get("Event-Subclass") != "conference::maintenance":
        return None
    room_id = room_of(event.get("Conference-Name"))
    kind = _KINDS.get(event.get("Action") or "")
    if room_id is None or kind is None:
        return None
    member = event.get("Member-ID") or ""
    return RoomChange(
        room_id, kind, int(member) if member.isdigit() else None,
        call_uuid=(event.get("Unique-ID") or "")[:64],
        caller_number=(event.get("Caller-Caller-ID-Number") or "")[:64],
        caller_name=(event.get("Caller-Caller-ID-Name") or "")[:100],
        # mod_conference says "Speak: false" for a muted member.
        muted=(event.get("Speak") or "true") == "false")


def reply_ok(text: str) -> bool:
    """mod_conference's API answers "OK …"/"+OK …" when done; a missing room or member
    ("Conference … not found", "Non-Existant ID …") or "-ERR …" is a failure."""
    lowered = text.strip().lower()
    if not lowered or lowered.startswith("-err") or "not found" in lowered \
            or "non-exist" in lowered:
        return False
    return True


_LISTED = re.compile(r"^\+?OK Conference (vaxel-room-[0-9]{1,12}) \(", re.M)


def live_rooms(listing: str) -> set[int]:
    """Our rooms in `conference list` output ("+OK Conference NAME (N members …)")."""
    return {room_of(name) for name in _LISTED.findall(listing or "")}
