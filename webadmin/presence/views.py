"""When presence profiles switch by themselves: a weekly schedule per user, edited by a
company admin (here) or by the user on their own page (me.views)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.errors import NotFound
from vaxel.models import User
from vaxel.presence import services
from vaxel.presence.services import user_schedule

from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext
from . import forms

bp = company_blueprint("presence", __name__)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def render_schedule(user: User, urls: dict[str, str], remove_endpoint: str, **args) -> str:
    windows, fallback = user_schedule(get_db(), user)
    return render_template("presence/schedule.html", user=user, windows=windows,
                           fallback=fallback, weekdays=WEEKDAYS, urls=urls,
                           remove=lambda w: url_for(remove_endpoint, window_id=w.id, **args),
                           names={p.id: p.name for p in user.profiles})


def window_text(user: User, window_id: int) -> str:
    """One of the user's scheduled windows in words (for the question before removing it)."""
    windows, _ = user_schedule(get_db(), user)
    window = next((w for w in windows if w.id == window_id), None)
    if window is None:
        raise NotFound("No such schedule window for this user.")
    days = ", ".join(gettext(WEEKDAYS[d]) for d in window.weekdays)
    names = {p.id: p.name for p in user.profiles}
    return (f"{gettext(names.get(window.profile_id, ''))}: {days} "
            f"{window.starts.strftime('%H:%M')}–{window.ends.strftime('%H:%M')}")


@bp.get("/users/<int:user_id>")
def edit_schedule(user_id: int) -> str:
    user = scoped(User, user_id)
    urls = {"add": url_for("presence.add_window", user_id=user.id),
            "fallback": url_for("presence.set_fallback", user_id=user.id),
            "back": url_for("users.edit_user", user_id=user.id)}
    return render_schedule(user, urls, "presence.remove_window", user_id=user.id)


def _back(user_id: int) -> Response:
    return redirect(url_for("presence.edit_schedule", user_id=user_id), 303)


@bp.post("/users/<int:user_id>")
def add_window(user_id: int) -> Response:
    user = scoped(User, user_id)
    starts, ends = forms.window_times(request.form)
    services.add_profile_schedule(get_db(), g.actor, user, forms.own_profile(user, request.form),
                                  forms.weekdays(request.form), starts, ends)
    flash(gettext("Saved."), "ok")
    return _back(user.id)


@bp.post("/users/<int:user_id>/windows/<int:window_id>/delete")
@confirm_first("Remove this time from the schedule?", "Remove",
               find=lambda user_id, window_id: window_text(scoped(User, user_id), window_id))
def remove_window(user_id: int, window_id: int) -> Response:
    services.remove_profile_schedule(get_db(), g.actor, scoped(User, user_id), window_id)
    return _back(user_id)


@bp.post("/users/<int:user_id>/fallback")
def set_fallback(user_id: int) -> Response:
    user = scoped(User, user_id)
    services.set_fallback_profile(get_db(), g.actor, user,
                                  forms.own_profile(user, request.form, optional=True))
    flash(gettext("Saved."), "ok")
    return _back(user.id)
