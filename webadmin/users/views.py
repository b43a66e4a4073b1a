"""A company's users: list, add, edit, remove; devices, mobile twin, portal login, profiles."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.accounts import onboarding
from vaxel.accounts.passwords import has_password
from vaxel.accounts.services import account_of_user, set_portal_login
from vaxel.base import utcnow
from vaxel.calendar import services as calendar
from vaxel.calendar.feed import url_checker
from vaxel.calendar.models import CalendarLink
from vaxel.errors import NotFound
from vaxel.models import Device, DeviceKind, Licence, PresenceProfile, User
from vaxel.people import services as people

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..auth import mail
from ..db import get_db
from ..i18n import gettext
from .forms import profile_fields, user_fields
from .provisioning import SIP_PORT, Provisioning, qr_svg, sip_server

bp = company_blueprint("users", __name__)
# A web device is the app's own (vaxel.people.webphone), never added by hand.
SIP_KINDS = [k for k in DeviceKind if k not in (DeviceKind.MOBILE_TWIN, DeviceKind.WEB)]
NEW_DEVICE = "new_device"


@bp.get("/")
def list_users() -> str:
    users = get_db().scalars(select(User).where(User.company_id == g.company.id)
                             .order_by(User.extension)).all()
    licences = {lic.user_id: lic for lic in get_db().scalars(
        select(Licence).where(Licence.company_id == g.company.id, Licence.user_id.is_not(None)))}
    return render_template("users/list.html", users=users, licences=licences)


@bp.get("/new")
def new_user() -> str:
    return render_template("users/new.html")


@bp.post("/new")
def create_user() -> Response:
    user = people.add_user(get_db(), g.actor, g.company, user_fields(request.form))
    flash(gettext("%(name)s was added.", name=user.name), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.get("/<int:user_id>")
def edit_user(user_id: int) -> str:
    user = scoped(User, user_id)
    session.pop(NEW_DEVICE, None)  # a new phone's password is shown until its page is left
    link = get_db().get(CalendarLink, user.id)
    account = account_of_user(get_db(), user)
    return render_template("users/edit.html", user=user, sip_kinds=SIP_KINDS,
                           account=account, calendar=link,
                           invited=account is not None and not has_password(account.password_hash),
                           calendar_host=calendar.ics_host(link) if link else None)


@bp.post("/<int:user_id>")
def update_user(user_id: int) -> Response:
    user = scoped(User, user_id)
    people.update_user(get_db(), g.actor, g.company, user, user_fields(request.form))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/delete")
@confirm_first("Remove this user?", "Remove user",
               find=lambda user_id: scoped(User, user_id).name)
def delete_user(user_id: int) -> Response:
    user = scoped(User, user_id)
    people.remove_user(get_db(), g.actor, user)
    flash(gettext("%(name)s was removed.", name=user.name), "ok")
    return redirect(url_for("users.list_users"), 303)


@bp.post("/<int:user_id>/devices")
def add_device(user_id: int) -> Response:
    user = scoped(User, user_id)
    new = people.add_sip_device(get_db(), g.actor, g.company, user,
                                forms.choice(request.form, "kind", DeviceKind),
                                label=forms.text(request.form, "label"))
    # POST → redirect → GET: reloading the page shows the phone, never adds another. The
    # password (never stored) rides in this browser's session until it leaves the page.
    session[NEW_DEVICE] = {"id": new.device.id, "password": new.password}
    return redirect(url_for("users.new_device", user_id=user.id, device_id=new.device.id), 303)


@bp.get("/<int:user_id>/devices/<int:device_id>/new")
def new_device(user_id: int, device_id: int) -> tuple[str, int, dict]:
    device = scoped(Device, device_id)
    if device.user_id != scoped(User, user_id).id or not device.sip_username:
        raise NotFound("No such device for this user.")
    kept = session.get(NEW_DEVICE) or {}
    settings = current_app.config["VAXEL_SETTINGS"]
    details = Provisioning(sip_server(settings, g.company.sip_domain), SIP_PORT,
                           device.sip_username, g.company.sip_domain,
                           kept.get("password") if kept.get("id") == device.id else None)
    return (render_template("users/device_password.html", user=device.user, device=device,
                            details=details, qr=qr_svg(details.uri)), 200,
            {"Cache-Control": "no-store"})


@bp.post("/<int:user_id>/devices/<int:device_id>/delete")
@confirm_first("Remove this phone? It can no longer register.", "Remove phone",
               find=lambda user_id, device_id: _device_name(_device_of(user_id, device_id)))
def delete_device(user_id: int, device_id: int) -> Response:
    device = _device_of(user_id, device_id)
    people.remove_device(get_db(), g.actor, device)
    flash(gettext("The device was removed."), "ok")
    return redirect(url_for("users.edit_user", user_id=user_id), 303)


def _device_of(user_id: int, device_id: int) -> Device:
    device = scoped(Device, device_id)
    if device.user_id != scoped(User, user_id).id:
        raise NotFound("No such device for this user.")
    return device


def _device_name(device: Device) -> str:
    return " · ".join(filter(None, (device.label, device.sip_username or device.external_number)))


@bp.post("/<int:user_id>/twin")
def add_twin(user_id: int) -> Response:
    user = scoped(User, user_id)
    people.add_mobile_twin(get_db(), g.actor, g.company, user,
                           forms.required(request.form, "number", "Number"))
    flash(gettext("The mobile twin was added."), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/login")
def set_login(user_id: int) -> Response:
    user = scoped(User, user_id)
    set_portal_login(get_db(), g.actor, user, forms.text(request.form, "email"),
                     request.form.get("password", ""))
    flash(gettext("The portal login was saved."), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/invite")
def invite(user_id: int) -> Response:
    """E-mail the user a link to choose their own portal password."""
    user = scoped(User, user_id)
    account = onboarding.invite(get_db(), g.actor, user,
                                forms.text(request.form, "email") or user.email or "",
                                mail.invitation(g.company.name, g.account.email), utcnow())
    flash(gettext("An invitation was sent to %(email)s.", email=account.email), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/calendar")
def link_calendar(user_id: int) -> Response:
    user = scoped(User, user_id)
    # The API's rules: https, no internal addresses unless ops allow them.
    allow_private = current_app.config["VAXEL_SETTINGS"].integrations_allow_private
    calendar.link_calendar(get_db(), g.actor, user,
                           forms.required(request.form, "url", "Calendar address"),
                           url_checker(allow_private))
    flash(gettext("The calendar was linked."), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/calendar/unlink")
@confirm_first("Unlink the calendar?", "Unlink calendar",
               find=lambda user_id: scoped(User, user_id).name)
def unlink_calendar(user_id: int) -> Response:
    user = scoped(User, user_id)
    calendar.unlink_calendar(get_db(), g.actor, user)
    flash(gettext("The calendar was unlinked."), "ok")
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.post("/<int:user_id>/presence")
def set_active_profile(user_id: int) -> Response:
    user = scoped(User, user_id)
    profile = scoped(PresenceProfile, forms.optional_id(request.form, "profile_id") or 0)
    people.activate_profile(get_db(), g.actor, user, profile)
    return redirect(url_for("users.edit_user", user_id=user.id), 303)


@bp.get("/<int:user_id>/profiles/<int:profile_id>")
def edit_profile(user_id: int, profile_id: int) -> str:
    profile = _profile_of(user_id, profile_id)
    return render_template("profiles/edit.html", profile=profile, user=profile.user,
                           action=url_for("users.save_profile", user_id=user_id,
                                          profile_id=profile_id))


@bp.post("/<int:user_id>/profiles/<int:profile_id>")
def save_profile(user_id: int, profile_id: int) -> Response:
    profile = _profile_of(user_id, profile_id)
    people.update_profile(get_db(), g.actor, g.company, profile, profile_fields(request.form))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("users.edit_user", user_id=user_id), 303)


def _profile_of(user_id: int, profile_id: int) -> PresenceProfile:
    user = scoped(User, user_id)
    profile = scoped(PresenceProfile, profile_id)
    if profile.user_id != user.id:
        raise NotFound("No such profile for this user.")
    return profile
