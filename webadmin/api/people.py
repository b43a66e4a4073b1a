"""Users with their presence, switching profiles, queue log-in and log-out."""
from __future__ import annotations

from flask import current_app, jsonify
from sqlalchemy import select

from vaxel.base import utcnow
from vaxel.calendar.feed import url_checker
from vaxel.calendar.services import link_calendar, unlink_calendar
from vaxel.callcontrol.models import LiveCallRow
from vaxel.errors import InvalidInput
from vaxel.people.models import PresenceProfile, User
from vaxel.presence.services import choose_profile
from vaxel.queues import services as queues
from vaxel.queues.models import QueueAgent
from vaxel.tenancy.scoped import in_company

from ..db import get_db
from . import actor, body, company_id, json_id, route


def _user(user_id: int) -> User:
    return in_company(get_db(), User, company_id(), user_id)


def _presence(user: User, on_call: set[int], agents: dict[int, str]) -> dict:
    active = user.active_profile
    return {"id": user.id, "name": user.name, "extension": user.extension,
            "email": user.email, "active": user.active,
            "profile": {"id": active.id, "name": active.name} if active else None,
            "profiles": [{"id": p.id, "name": p.name} for p in user.profiles],
            "on_call": user.id in on_call, "queue_state": agents.get(user.id)}


def _context() -> tuple[set[int], dict[int, str]]:
    db = get_db()
    on_call = set(db.scalars(select(LiveCallRow.user_id).where(
        LiveCallRow.company_id == company_id(), LiveCallRow.user_id.is_not(None))))
    agents = {a.user_id: a.state.value for a in db.scalars(
        select(QueueAgent).where(QueueAgent.company_id == company_id()))}
    return on_call, agents


@route("/users", "users:read")
def list_users():
    users = get_db().scalars(select(User).where(User.company_id == company_id())
                             .order_by(User.extension))
    on_call, agents = _context()
    return jsonify({"users": [_presence(u, on_call, agents) for u in users]})


@route("/users/<int:user_id>", "users:read")
def show_user(user_id: int):
    return jsonify(_presence(_user(user_id), *_context()))


@route("/users/<int:user_id>/presence", "presence:write", ("PUT",))
def switch_profile(user_id: int):
    """Switch the user's presence profile; it holds until their schedule next changes."""
    user = _user(user_id)
    profile_id = json_id(body(), "profile_id")
    profile = get_db().get(PresenceProfile, profile_id) if profile_id is not None else None
    if profile is None or profile.user_id != user.id:
        raise InvalidInput("profile_id must be one of the user's profiles.")
    choose_profile(get_db(), actor(), user, profile, utcnow())
    return jsonify(_presence(user, *_context()))


@route("/users/<int:user_id>/calendar", "presence:write", ("PUT",))
def link_user_calendar(user_id: int):
    """Link the user's iCalendar (ICS) address: busy events switch them to "Meeting".
    Audited (the address's host only: the address itself is a secret)."""
    user = _user(user_id)
    settings = current_app.config["VAXEL_SETTINGS"]
    link = link_calendar(get_db(), actor(), user, str(body().get("url", "")),
                         url_checker(settings.integrations_allow_private))
    return jsonify({"user_id": user.id, "url": link.ics_url})


@route("/users/<int:user_id>/calendar", "presence:write", ("DELETE",))
def unlink_user_calendar(user_id: int):
    """Unlink the calendar; unlinking one that is not linked is not an error (idempotent)."""
    user = _user(user_id)
    unlink_calendar(get_db(), actor(), user)
    return "", 204


def _queue_change(user_id: int, log_in: bool):
    user = _user(user_id)
    queue_id = json_id(body(), "queue_id")
    change = queues.log_in if log_in else queues.log_out
    agent = change(get_db(), actor(), user.id, queue_id, utcnow())
    return jsonify({"user_id": user.id, "queue_state": agent.state.value})


@route("/users/<int:user_id>/queues/login", "queues:write", ("POST",))
def queue_log_in(user_id: int):
    return _queue_change(user_id, True)


@route("/users/<int:user_id>/queues/logout", "queues:write", ("POST",))
def queue_log_out(user_id: int):
    return _queue_change(user_id, False)
