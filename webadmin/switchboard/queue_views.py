"""The queue editor: a queue service's settings (strategy, timeouts, announcements,
overflow) and its members, who are logged in and out here too."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.errors import NotFound
from vaxel.models import ServiceKind, SwitchboardService, User
from vaxel.queues import services as queues
from vaxel.queues.models import QueueMember, QueueSettings, Strategy

from .. import destinations, forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("queue", __name__)
NUMBERS = {"ring_seconds": (5, 300), "wrapup_seconds": (0, 3600), "max_wait_seconds": (0, 86400),
           "max_length": (0, 10000), "announce_every_seconds": (0, 3600),
           "service_level_seconds": (1, 3600)}
FLAGS = ("announce_position", "announce_wait", "callback_enabled")
LABELS = {
    "ring_seconds": "Ring each agent (seconds)", "wrapup_seconds": "Wrap-up (seconds)",
    "max_wait_seconds": "Longest wait (seconds, 0 = none)", "max_length": "Longest queue (0 = no limit)",
    "announce_every_seconds": "Announce every (seconds)",
    "service_level_seconds": "Service level (seconds)", "announce_position": "Announce the position",
    "announce_wait": "Announce the expected wait", "callback_enabled": "Offer a call back",
    "overflow_destination": "When full or waited too long",
    "no_agents_destination": "When nobody is logged in",
}


def _service(service_id: int) -> SwitchboardService:
    service = scoped(SwitchboardService, service_id)
    if service.kind is not ServiceKind.QUEUE:
        raise NotFound("No such queue.")
    return service


def _settings(service: SwitchboardService) -> QueueSettings:
    return (get_db().get(QueueSettings, service.id)
            or queues.configure_queue(get_db(), g.actor, service))


@bp.get("/<int:service_id>")
def edit_queue(service_id: int) -> str:
    service = _service(service_id)
    settings = get_db().get(QueueSettings, service.id) or QueueSettings(
        strategy=Strategy.LONGEST_IDLE, ring_seconds=20, wrapup_seconds=10, max_wait_seconds=600,
        max_length=0, announce_every_seconds=60, service_level_seconds=20,
        announce_position=True, announce_wait=True, callback_enabled=True,
        overflow_destination="", no_agents_destination="")
    members = get_db().execute(select(QueueMember, User).join(User, User.id == QueueMember.user_id)
                               .where(QueueMember.queue_id == service.id)
                               .order_by(QueueMember.tier, QueueMember.position)).all()
    users = get_db().scalars(select(User).where(User.company_id == g.company.id)
                             .order_by(User.name)).all()
    return render_template("switchboard/queue.html", service=service, settings=settings,
                           members=members, users=users, strategies=list(Strategy),
                           numbers=NUMBERS, flags=FLAGS, labels=LABELS,
                           groups=destinations.choices(get_db(), g.company.id))


@bp.post("/<int:service_id>")
def save_queue(service_id: int) -> Response:
    service = _service(service_id)
    form = request.form
    values = {name: forms.whole_number(form, name, *bounds) for name, bounds in NUMBERS.items()}
    values.update({name: forms.checkbox(form, name) for name in FLAGS})
    values["strategy"] = forms.choice(form, "strategy", Strategy).value
    for name in ("overflow_destination", "no_agents_destination"):
        picked = form.get(f"{name}_destination", "")
        values[name] = (destinations.read_destination(form, f"{name}_", g.company.country)
                        if picked else "")
    queues.configure_queue(get_db(), g.actor, service, **values)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("queue.edit_queue", service_id=service.id), 303)


@bp.post("/<int:service_id>/members")
def add_member(service_id: int) -> Response:
    settings = _settings(_service(service_id))
    user = scoped(User, forms.optional_id(request.form, "user_id") or 0)
    queues.add_member(get_db(), g.actor, settings, user,
                      tier=forms.whole_number(request.form, "tier", 1, 9),
                      supervisor=forms.checkbox(request.form, "supervisor"))
    flash(gettext("%(name)s was added.", name=user.name), "ok")
    return redirect(url_for("queue.edit_queue", service_id=service_id), 303)


@bp.post("/<int:service_id>/members/<int:user_id>/<any(login, logout):step>")
def log_in_or_out(service_id: int, user_id: int, step: str) -> Response:
    service, user = _service(service_id), scoped(User, user_id)
    change = queues.log_in if step == "login" else queues.log_out
    change(get_db(), g.actor, user.id, service.id)
    return redirect(url_for("queue.edit_queue", service_id=service_id), 303)


@bp.post("/<int:service_id>/members/<int:user_id>/remove")
@confirm_first("Remove this member from the queue?", "Remove member",
               find=lambda service_id, user_id: f"{_service(service_id).name}: "
                                                f"{scoped(User, user_id).name}")
def remove_member(service_id: int, user_id: int) -> Response:
    service, user = _service(service_id), scoped(User, user_id)
    queues.remove_member(get_db(), g.actor, user.id, service.id)
    flash(gettext("%(name)s was removed.", name=user.name), "ok")
    return redirect(url_for("queue.edit_queue", service_id=service_id), 303)
