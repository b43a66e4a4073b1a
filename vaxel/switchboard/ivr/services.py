"""IVR menus in PostgreSQL: editing them, reading them as MenuViews, checking a service's tree."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...actor import Actor
from ...audit.services import audited, record, snapshot
from ...errors import InvalidInput, NotFound
from ...people.models import User
from ...routing.destinations import Destination
from .models import IvrMenu, IvrOption
from .rules import DIGITS, CompanyTargets, MenuProblem, MenuView, validate_menu_tree
from ..models import ServiceKind, SwitchboardService

# Settings create_menu accepts besides the name; the rest of IvrMenu is managed here.
MENU_SETTINGS = frozenset({
    "greeting_file", "greeting_text", "timeout_seconds", "max_retries", "invalid_prompt",
    "timeout_prompt", "default_destination", "direct_dial_digits",
})


def _destination_text(text: str) -> str:
    try:
        return str(Destination.parse(text))
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a destination.") from exc


def menu_state(menu: IvrMenu) -> dict[str, Any]:
    """What the audit log keeps of a menu: its columns and every key's destination."""
    return {**snapshot(menu), "options": {o.digit: o.destination for o in menu.options}}


def create_menu(session: Session, actor: Actor, service: SwitchboardService, name: str, *,
                entry: bool = False, **settings) -> IvrMenu:
    """Add a menu to an IVR service; `entry` makes it the one calls start in."""
    actor.check_company(service.company_id, "service")
    if service.kind is not ServiceKind.IVR:
        raise InvalidInput("Only an IVR service has menus.")
    unknown = set(settings) - MENU_SETTINGS
    if unknown:
        raise InvalidInput(f"Unknown menu settings: {', '.join(sorted(unknown))}.")
    if "default_destination" in settings:
        settings["default_destination"] = _destination_text(settings["default_destination"])
    menu = IvrMenu(company_id=service.company_id, service_id=service.id, name=name.strip(),
                   entry=entry, **settings)
    session.add(menu)
    session.flush()
    record(session, actor, "create", menu, now=menu_state(menu))
    return menu


def set_option(session: Session, actor: Actor, menu: IvrMenu, digit: str, destination: str,
               label: str = "") -> IvrOption:
    """Make key `digit` in `menu` lead to `destination` (replacing what it did before)."""
    if digit not in DIGITS:
        raise InvalidInput(f"{digit!r} is not a key on a phone.", field="digit")
    with audited(session, actor, "set-option", menu, menu_state):
        option = next((o for o in menu.options if o.digit == digit), None)
        if option is None:
            option = IvrOption(digit=digit)
            menu.options.append(option)
        option.destination, option.label = _destination_text(destination), label.strip()
        session.flush()
    return option


def remove_option(session: Session, actor: Actor, menu: IvrMenu, digit: str) -> bool:
    with audited(session, actor, "remove-option", menu, menu_state) as change:
        before = len(menu.options)
        menu.options = [o for o in menu.options if o.digit != digit]
        session.flush()
        change.skip = len(menu.options) == before
    return not change.skip


def menu_view(menu: IvrMenu) -> MenuView:
    return MenuView(
        menu_id=menu.id, name=menu.name,
        options={o.digit: Destination.parse(o.destination) for o in menu.options},
        default_destination=Destination.parse(menu.default_destination),
        max_retries=menu.max_retries, timeout_seconds=menu.timeout_seconds,
        direct_dial_digits=menu.direct_dial_digits, greeting_file=menu.greeting_file,
        greeting_text=menu.greeting_text, invalid_prompt=menu.invalid_prompt,
        timeout_prompt=menu.timeout_prompt,
    )


def load_menu(session: Session, company_id: int, menu_id: int) -> MenuView:
    """A company's menu by id (what a `menu:<id>` destination names)."""
    menu = session.scalar(select(IvrMenu).where(
        IvrMenu.id == menu_id, IvrMenu.company_id == company_id))
    if menu is None:
        raise NotFound(f"No menu {menu_id} in this company.")
    return menu_view(menu)


def entry_menu(session: Session, company_id: int, service_id: int) -> MenuView:
    """The menu a call to an IVR service starts in."""
    menu = session.scalar(select(IvrMenu).where(
        IvrMenu.company_id == company_id, IvrMenu.service_id == service_id, IvrMenu.entry))
    if menu is None:
        raise NotFound(f"Service {service_id} has no entry menu.")
    return menu_view(menu)


def company_extensions(session: Session, company_id: int) -> frozenset[str]:
    """Extensions of the company's active users (for direct dialling and validation)."""
    return frozenset(session.scalars(select(User.extension).where(
        User.company_id == company_id, User.active)))


def company_targets(session: Session, company_id: int) -> CompanyTargets:
    def ids(model) -> frozenset[int]:
        return frozenset(session.scalars(select(model.id).where(model.company_id == company_id)))
    return CompanyTargets(ids(IvrMenu), company_extensions(session, company_id),
                          ids(SwitchboardService))


def check_service_menus(session: Session, company_id: int, service_id: int) -> list[MenuProblem]:
    """Everything wrong with an IVR service's menu tree (empty when it is sound)."""
    menus = session.scalars(select(IvrMenu).where(
        IvrMenu.company_id == company_id, IvrMenu.service_id == service_id)).all()
    entry = next((m.id for m in menus if m.entry), None)
    return validate_menu_tree(entry, [menu_view(m) for m in menus],
                              company_targets(session, company_id))


def update_menu(session: Session, actor: Actor, menu: IvrMenu, *, name: str | None = None,
                **settings) -> IvrMenu:
    """Change a menu's name and settings (the keys of MENU_SETTINGS); options stay."""
    unknown = set(settings) - MENU_SETTINGS
    if unknown:
        raise InvalidInput(f"Unknown menu settings: {', '.join(sorted(unknown))}.")
    if "default_destination" in settings:
        settings["default_destination"] = _destination_text(settings["default_destination"])
    if name is not None and not name.strip():
        raise InvalidInput("A menu needs a name.", field="name")
    with audited(session, actor, "update", menu, menu_state):
        if name is not None:
            menu.name = name.strip()
        for key, value in settings.items():
            setattr(menu, key, value)
        session.flush()
    return menu


def delete_menu(session: Session, actor: Actor, menu: IvrMenu) -> None:
    """Remove a sub-menu; the entry menu stays (a service's calls must start somewhere)."""
    if menu.entry:
        raise InvalidInput("The entry menu cannot be removed.")
    with audited(session, actor, "delete", menu, menu_state, gone=True):
        session.delete(menu)
        session.flush()
