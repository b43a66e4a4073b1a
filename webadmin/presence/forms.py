"""Reading the presence-schedule forms (shared by the admin's and the user's own screens)."""
from __future__ import annotations

import datetime as dt

from werkzeug.datastructures import MultiDict

from vaxel.errors import InvalidInput, NotFound
from vaxel.models import PresenceProfile, User

from .. import forms


def weekdays(form: MultiDict) -> list[int]:
    days = [int(d) for d in form.getlist("weekday") if d.isdigit()]
    if not days:
        raise InvalidInput("Tick at least one weekday.")
    return days


def window_times(form: MultiDict) -> tuple[dt.time, dt.time]:
    starts, ends = forms.optional_time(form, "starts"), forms.optional_time(form, "ends")
    if starts is None or ends is None:
        raise InvalidInput("Give both a start and an end time.")
    return starts, ends


def own_profile(user: User, form: MultiDict, *, optional: bool = False) -> PresenceProfile | None:
    """The user's profile named by the form's profile_id (404 for anyone else's)."""
    profile_id = forms.optional_id(form, "profile_id")
    if profile_id is None and optional:
        return None
    profile = next((p for p in user.profiles if p.id == profile_id), None)
    if profile is None:
        raise NotFound("No such profile for this user.")
    return profile
