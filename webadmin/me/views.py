"""Self-service for every logged-in account: own presence profiles, language, password."""
from __future__ import annotations

import datetime as dt
from functools import partial

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.accounts.errors import TooManyAttempts, WrongPassword
from vaxel.accounts.services import change_own_password
from vaxel.calls.log import CallFilter
from vaxel.calls.search import find_calls
from vaxel.mobiledata import services as mobiledata
from vaxel.people import services as people
from vaxel.presence import services as presence
from vaxel.errors import NotFound, WeakCredential
from vaxel.models import Company, PresenceProfile

from .. import forms
from ..access import require_login
from ..auth.views import begin_session
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext
from ..calls.dialling import call_back
from ..calls.pages import call_page
from ..presence import forms as presence_forms
from ..presence.views import render_schedule, window_text
from ..users.forms import profile_fields

bp = Blueprint("me", __name__, url_prefix="/me")
bp.before_request(require_login)


def _own_profile(profile_id: int) -> PresenceProfile:
    profile = get_db().scalar(select(PresenceProfile).where(
        PresenceProfile.id == profile_id, PresenceProfile.user_id == g.account.user_id))
    if profile is None:
        raise NotFound("No such profile.")
    return profile


@bp.get("/")
def show() -> str:
    return render_template("me/show.html", user=g.account.user)


@bp.post("/password")
def change_password() -> Response | tuple[str, int]:
    """Asks for the current password; every other session of the account ends, and this
    browser gets a fresh one."""
    try:
        change_own_password(get_db(), g.actor, g.account,
                            request.form.get("current_password", ""),
                            request.form.get("password", ""))
    except (WrongPassword, TooManyAttempts, WeakCredential) as exc:
        # Answered here, not by the error handler: its rollback would forget the guess.
        return render_template("me/show.html", user=g.account.user,
                               password_error=gettext(exc.message)), exc.status
    begin_session(g.account)
    flash(gettext("Your password was changed."), "ok")
    return redirect(url_for("me.show"), 303)


@bp.post("/presence")
def set_presence() -> Response:
    profile = _own_profile(forms.optional_id(request.form, "profile_id") or 0)
    people.activate_profile(get_db(), g.actor, g.account.user, profile)
    flash(gettext("Your presence is now %(name)s.", name=gettext(profile.name)), "ok")
    return redirect(url_for("me.show"), 303)


@bp.get("/profiles/<int:profile_id>")
def edit_profile(profile_id: int) -> str:
    profile = _own_profile(profile_id)
    return render_template("profiles/edit.html", profile=profile, user=profile.user,
                           action=url_for("me.save_profile", profile_id=profile_id))


@bp.post("/profiles/<int:profile_id>")
def save_profile(profile_id: int) -> Response:
    profile = _own_profile(profile_id)
    company = get_db().get(Company, profile.company_id)
    people.update_profile(get_db(), g.actor, company, profile, profile_fields(request.form))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("me.show"), 303)


def _own_user():
    if g.account.user is None:
        raise NotFound("This account has no phone user.")
    return g.account.user


@bp.get("/schedule")
def edit_schedule() -> str:
    urls = {"add": url_for("me.add_window"), "fallback": url_for("me.set_fallback"),
            "back": url_for("me.show")}
    return render_schedule(_own_user(), urls, "me.remove_window")


@bp.post("/schedule")
def add_window() -> Response:
    user = _own_user()
    starts, ends = presence_forms.window_times(request.form)
    presence.add_profile_schedule(get_db(), g.actor, user,
                                  presence_forms.own_profile(user, request.form),
                                  presence_forms.weekdays(request.form), starts, ends)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("me.edit_schedule"), 303)


@bp.post("/schedule/windows/<int:window_id>/delete")
@confirm_first("Remove this time from the schedule?", "Remove",
               find=lambda window_id: window_text(_own_user(), window_id))
def remove_window(window_id: int) -> Response:
    presence.remove_profile_schedule(get_db(), g.actor, _own_user(), window_id)
    return redirect(url_for("me.edit_schedule"), 303)


@bp.post("/schedule/fallback")
def set_fallback() -> Response:
    user = _own_user()
    presence.set_fallback_profile(get_db(), g.actor, user,
                                  presence_forms.own_profile(user, request.form, optional=True))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("me.edit_schedule"), 303)


@bp.get("/calls")
def calls() -> str:
    user = _own_user()
    company = get_db().get(Company, user.company_id)
    page = call_page(request.args, partial(find_calls, get_db(), user.company_id,
                                           tz=company.timezone, user_id=user.id))
    return render_template("calls/list.html", page=page, filters=list(CallFilter),
                           names={user.id: user.name}, user=user, export=False,
                           can_call=True, call_url=url_for("me.click_to_call"))


@bp.post("/calls/call")
def click_to_call() -> Response:
    return call_back(_own_user().company_id)


@bp.get("/data")
def data_usage() -> str:
    summary = mobiledata.month_summary(get_db(), _own_user(), dt.datetime.now(dt.timezone.utc))
    return render_template("mobiledata/me.html", summary=summary)


@bp.post("/data/top-up")
def buy_top_up() -> Response:
    """What the app's "buy more data" button does; the domain enforces the limit."""
    top_up = mobiledata.buy_top_up(get_db(), _own_user(), dt.datetime.now(dt.timezone.utc),
                                   private_card=forms.checkbox(request.form, "private_card"),
                                   actor=g.actor)
    flash(gettext("%(mb)s MB were added.", mb=top_up.megabytes), "ok")
    return redirect(url_for("me.data_usage"), 303)
