"""Inviting people to one's room: an e-mail carrying a calendar invitation (RFC 5545, made
with the icalendar library) through the mail outbox, and text messages through the SMS
outbox. Both are queued in the caller's transaction, so nothing is lost to a restart."""
from __future__ import annotations

import datetime as dt
import re
import uuid

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import InvalidInput
from ..mail.services import queue_mail
from ..numbers.e164 import to_e164
from ..people.models import User
from ..schedules.clock import zone
from ..sms.services import queue_sms
from ..tenancy.models import Company
from .models import ConferenceRoom
from .services import get_room, room_state

MAX_GUESTS = 50
MAX_MINUTES = 24 * 60
_EMAIL = re.compile(r"^[^@\s,;<>\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}\Z")


def invitation_text(owner: str, number: str, pin: str, start: dt.datetime,
                    company: str) -> str:
    """`start` in the company's time zone, as the guests will read it."""
    when = start.strftime("%Y-%m-%d %H:%M %Z")
    return (f"{owner} ({company}) invites you to a conference call {when}. "
            f"Dial {number}, PIN {pin}.")


def invitation_ics(*, uid: str, organizer_name: str, organizer_email: str, guests: list[str],
                   summary: str, description: str, location: str, start: dt.datetime,
                   minutes: int, now: dt.datetime) -> bytes:
    """A METHOD:REQUEST calendar with one event; the guests as attendees."""
    calendar = Calendar()
    calendar.add("prodid", "-//Vaxel//Conference rooms//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name)
    event["organizer"] = organizer
    for guest in guests:
        attendee = vCalAddress(f"mailto:{guest}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def split_guests(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text or "") if part.strip()]


def invite(session: Session, actor: Actor, room_id: int, *, emails: list[str],
           phones: list[str], start: dt.datetime, minutes: int, now: dt.datetime,
           sms_enabled: bool = True) -> dict[str, int]:
    """Queue the invitations; refuses the whole request (nothing queued) on any bad address."""
    room = get_room(session, actor, room_id)
    company = session.get(Company, room.company_id)
    owner = session.get(User, room.user_id)
    emails, numbers = _checked(emails, phones, company.country, sms_enabled)
    if not 5 <= minutes <= MAX_MINUTES:
        raise InvalidInput("A meeting lasts 5 minutes to 24 hours.")
    if start.tzinfo is None:
        raise InvalidInput("The start needs a time zone.")
    text = invitation_text(owner.name, room.number, room.pin,
                           start.astimezone(zone(company.timezone)), company.name)
    if emails:
        _mail(session, room, owner, company, emails, text, start, minutes, now)
    for number in numbers:
        queue_sms(session, company.id, number, text)
    record(session, actor, "conference_room.invite", room, room_state(room),
           now={**room_state(room), "emails": len(emails), "phones": len(numbers)})
    return {"emails": len(emails), "phones": len(numbers)}


def _checked(emails: list[str], phones: list[str], country: str,
             sms_enabled: bool) -> tuple[list[str], list[str]]:
    if not emails and not phones:
        raise InvalidInput("Give at least one e-mail address or mobile number.")
    if len(emails) + len(phones) > MAX_GUESTS:
        raise InvalidInput(f"At most {MAX_GUESTS} guests at a time.")
    bad = [e for e in emails if not _EMAIL.match(e)]
    if bad:
        raise InvalidInput("Not an e-mail address: " + ", ".join(bad[:5]))
    if phones and not sms_enabled:
        raise InvalidInput("Text messages are not set up on this system.")
    numbers = []
    for phone in phones:
        try:
            numbers.append(to_e164(phone, country))
        except (ValueError, InvalidInput) as exc:
            raise InvalidInput(f"Not a phone number: {phone}") from exc
    return list(dict.fromkeys(emails)), list(dict.fromkeys(numbers))


def _mail(session: Session, room: ConferenceRoom, owner: User, company: Company,
          emails: list[str], text: str, start: dt.datetime, minutes: int,
          now: dt.datetime) -> None:
    uid = f"{uuid.uuid4()}@vaxel"
    summary = f"Conference call with {owner.name}"
    ics = invitation_ics(uid=uid, organizer_name=owner.name,
                         organizer_email=owner.email or "noreply@invalid", guests=emails,
                         summary=summary, description=text, location=f"Tel. {room.number}",
                         start=start, minutes=minutes, now=now)
    queue_mail(session, emails, summary, text, company_id=company.id, attachment_data=ics,
               attachment_name="invitation.ics", attachment_type="text/calendar")
