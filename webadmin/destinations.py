"""The destination picker shared by IVR menus and opening hours: what a company's calls
may be sent to, and reading the admin's choice back as a Destination."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from vaxel.callflow.prompts import DEFAULT_TEXTS
from vaxel.conference.rules import DIAL_IN
from vaxel.errors import InvalidInput
from vaxel.models import IvrMenu, SwitchboardService, User
from vaxel.numbers.e164 import to_e164
from vaxel.routing.destinations import Destination, DestinationKind as K

EXTERNAL = "external"


@dataclass
class Group:
    label: str
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    translate: bool = False  # our own words, not names the company chose


def choices(db: Session, company_id: int, *, service_id: int | None = None,
            allow_repeat: bool = False) -> list[Group]:
    """Every destination of the company, grouped; menus only of `service_id` (an IVR)."""
    users = db.scalars(select(User).where(User.company_id == company_id, User.active)
                       .order_by(User.name)).all()
    services = db.scalars(select(SwitchboardService).where(
        SwitchboardService.company_id == company_id).order_by(SwitchboardService.name)).all()
    menus = db.scalars(select(IvrMenu).where(
        IvrMenu.company_id == company_id, IvrMenu.service_id == service_id)
        .order_by(IvrMenu.id)).all() if service_id else []
    basic = [("hangup", "Hang up")] + ([("repeat", "Repeat the menu")] if allow_repeat else [])
    return [g for g in (
        Group("Call", basic + [(EXTERNAL, "External number…")], translate=True),
        Group("Menus", [(f"menu:{m.id}", m.name) for m in menus]),
        Group("Users", [(f"user:{u.extension}", f"{u.name} ({u.extension})") for u in users]),
        Group("Voicemail", [(f"voicemail:{u.extension}", f"{u.name} ({u.extension})")
                            for u in users]),
        Group("Switchboard services", [(f"service:{s.id}", s.name) for s in services
                                       if s.id != service_id]),
        Group("Messages", [(f"message:{p}", p.replace("_", " ")) for p in DEFAULT_TEXTS], translate=True),
        Group("Meeting rooms", [(f"conference:{DIAL_IN}",
                                 "Dial-in (asks for the room)")],
              translate=True),
    ) if g.options]


def colleagues(db: Session, company_id: int) -> list[tuple[str, str]]:
    """(extension, "Name (extension)") of the company's active users, by name."""
    users = db.execute(select(User.extension, User.name).where(
        User.company_id == company_id, User.active).order_by(User.name)).all()
    return [(ext, f"{name} ({ext})") for ext, name in users]


def read_destination(form: MultiDict, prefix: str, country: str) -> str:
    """The chosen destination in its stored form; an external number is written out."""
    value = (form.get(f"{prefix}destination") or "").strip()
    if value == EXTERNAL:
        number = (form.get(f"{prefix}external") or "").strip()
        if not number:
            raise InvalidInput("Write the external number.", field=f"{prefix}external")
        return str(Destination(K.EXTERNAL, to_e164(number, country)))
    try:
        return str(Destination.parse(value))
    except ValueError as exc:
        raise InvalidInput("Choose where the call should go.",
                           field=f"{prefix}destination") from exc


def describe(value: str, groups: list[Group]) -> str:
    """A destination as the admin picked it (a name rather than an id)."""
    for group in groups:
        for option, label in group.options:
            if option == value:
                return label
    return value
