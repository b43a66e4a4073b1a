"""The portal's IVR use-cases: editing menus and their keys, each change audited with the
menu's settings and keys before and after."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vaxel.audit.services import snapshot
from vaxel.models import IvrMenu, SwitchboardService
from vaxel.switchboard import ivr_services as domain

from ..audit.record import record


def menu_state(menu: IvrMenu) -> dict[str, Any]:
    """What the audit log keeps of a menu: its columns and every key's destination."""
    return {**snapshot(menu), "options": {o.digit: o.destination for o in menu.options}}


def add_menu(db: Session, service: SwitchboardService, name: str) -> IvrMenu:
    """A new menu; the service's first one becomes the entry menu calls start in."""
    first = not db.scalar(select(func.count()).where(IvrMenu.service_id == service.id))
    menu = domain.create_menu(db, service, name, entry=first)
    record("create", menu, now=menu_state(menu))
    return menu


def save_menu(db: Session, menu: IvrMenu, name: str, settings: dict[str, Any]) -> None:
    was = menu_state(menu)
    domain.update_menu(db, menu, name=name, **settings)
    record("update", menu, was, now=menu_state(menu))


def set_greeting_file(db: Session, menu: IvrMenu, path: str) -> None:
    save_menu(db, menu, menu.name, {"greeting_file": path})


def set_option(db: Session, menu: IvrMenu, digit: str, destination: str, label: str) -> None:
    was = menu_state(menu)
    domain.set_option(db, menu, digit, destination, label)
    record("set-option", menu, was, now=menu_state(menu))


def remove_option(db: Session, menu: IvrMenu, digit: str) -> None:
    was = menu_state(menu)
    if domain.remove_option(db, menu, digit):
        record("remove-option", menu, was, now=menu_state(menu))


def delete_menu(db: Session, menu: IvrMenu) -> None:
    was = menu_state(menu)
    domain.delete_menu(db, menu)
    record("delete", menu, was, gone=True)
