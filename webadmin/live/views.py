"""The operator console: every live call of the company, every queue with its waiting
callers, every agent's state, pushed to the page as it changes (server-sent events from
a push hub, vaxel.infra.push; no polling) — and the actions on them: hang up (asked
first), transfer blind or attended (consult, then complete or cancel), park and pick up
at one's own phone, listen in / whisper / barge (vaxel.callcontrol.console: admins, and
queue supervisors through the same domain call), take a waiting caller at one's own
phone. Also the wallboard links.

The panel is rendered once per company and language for all its watchers; the one thing
of each watcher's own in it, the form token, is put in as each state is sent to them.
"""
from __future__ import annotations

from flask import Flask, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.callcontrol import console
from vaxel.live import actions, wallboard
from vaxel.live.rules import clock
from vaxel.live.services import live_board
from vaxel.models import Company, ServiceKind, SwitchboardService, User
from sqlalchemy import select

from ..access import company_blueprint
from ..confirm import confirm_first
from ..csrf import csrf_token
from ..db import get_db, release_db
from ..i18n import LANGUAGES, current_language, gettext
from ..push import event_stream, hub

bp = company_blueprint("live", __name__)
# Where each watcher's form token goes in the shared panel (ASCII: nothing escapes it).
CSRF_SLOT = "CSRF-SLOT-7f3c"


def _actor() -> Actor:
    return g.actor.within(g.company.id)


def _panel(session, company: Company, *, pushed: bool = False) -> str:
    """The panel; `pushed` leaves the durations to the page's clock (data-since), so the
    text changes only when something happens and the hub sends nothing otherwise."""
    now = utcnow()
    return render_template("live/_panel.html", clock=clock, csrf=CSRF_SLOT, pushed=pushed,
                           board=live_board(session, company.id, now))


def _personal(text: str, token: str | None = None) -> str:
    return text.replace(CSRF_SLOT, token or csrf_token())


def _transfer_targets() -> list[tuple[str, str]]:
    """(extension, whose) for the transfer field's suggestions: colleagues and services."""
    db = get_db()
    users = db.execute(select(User.extension, User.name).where(
        User.company_id == g.company.id, User.active, User.extension.is_not(None))
        .order_by(User.extension)).all()
    services = db.execute(select(SwitchboardService.extension, SwitchboardService.name).where(
        SwitchboardService.company_id == g.company.id,
        SwitchboardService.extension.is_not(None)).order_by(SwitchboardService.extension)).all()
    return [(ext, name) for ext, name in [*users, *services] if ext]


@bp.get("/")
def show() -> str:
    return render_template("live/show.html", panel=_personal(_panel(get_db(), g.company)),
                           targets=_transfer_targets())


@bp.get("/panel")
def panel() -> tuple[str, int, dict]:
    """The part of the page that changes, as it is now."""
    return _personal(_panel(get_db(), g.company)), 200, {"Cache-Control": "no-store"}


@bp.get("/events")
def events() -> Response:
    """The panel, pushed: each change as it happens (server-sent events)."""
    company_id, language, token = g.company.id, current_language(), csrf_token()
    release_db()  # the stream lasts as long as the console is open
    return event_stream(hub(f"console:{language}", _renderer(current_app._get_current_object(),
                                                             language)),
                        company_id, lambda text: _personal(text, token))


def _renderer(app: Flask, language: str):
    """Render a company's panel on the hub's thread, in one language."""
    assert language in LANGUAGES
    factory = app.extensions["vaxel_session_factory"]

    def render(company_id: int) -> str:
        with app.test_request_context("/"), factory() as session:
            g.lang = language
            g.company = session.get(Company, company_id)
            return _panel(session, g.company, pushed=True)
    return render


# -- actions on calls and callers ----------------------------------------------------------

def _done(message: str) -> Response:
    flash(message, "ok")
    return redirect(url_for("live.show"), 303)


@bp.post("/calls/<call_id>/hang-up")
@confirm_first("Hang up this call?", "Hang up")
def hang_up(call_id: str) -> Response:
    actions.hang_up(get_db(), _actor(), call_id)
    return _done(gettext("The call is being hung up."))


@bp.post("/calls/<call_id>/transfer")
def transfer(call_id: str) -> Response:
    destination = request.form.get("destination", "")
    command = actions.transfer(get_db(), _actor(), call_id, destination)
    return _done(gettext("The call is being transferred to %(to)s.",
                         to=command.args["destination"]))


@bp.post("/calls/<call_id>/park")
def park(call_id: str) -> Response:
    command = console.park_call(get_db(), _actor(), call_id)
    return _done(gettext("The call is being parked on slot %(slot)s.", slot=command.args["slot"]))


@bp.post("/parked/<int:slot>/pick-up")
def pick_up(slot: int) -> Response:
    console.pick_up_parked(get_db(), _actor(), slot)
    return _done(gettext("Your phone rings: answer it to take the call parked on %(slot)s.",
                         slot=slot))


@bp.post("/calls/<call_id>/consult")
def consult(call_id: str) -> Response:
    command = console.start_consultation(get_db(), _actor(), call_id,
                                         request.form.get("destination", ""))
    return _done(gettext("The caller is on hold; %(to)s is being called.",
                         to=command.args["destination"]))


@bp.post("/calls/<call_id>/consult/<consult_id>/complete")
def complete(call_id: str, consult_id: str) -> Response:
    console.complete_transfer(get_db(), _actor(), call_id, consult_id)
    return _done(gettext("The caller is being put through."))


@bp.post("/calls/<call_id>/consult/<consult_id>/cancel")
@confirm_first("End the consultation and take the caller back?", "End the consultation")
def cancel(call_id: str, consult_id: str) -> Response:
    console.cancel_consultation(get_db(), _actor(), call_id, consult_id)
    return _done(gettext("The consultation is ending; the caller is taken back."))


@bp.post("/calls/<call_id>/supervise/<any(listen, whisper, barge):mode>")
def supervise(call_id: str, mode: str) -> Response:
    console.supervise_call(get_db(), _actor(), call_id, mode)
    return _done({"listen": gettext("Your phone rings: answer it to listen in."),
                  "whisper": gettext("Your phone rings: answer it to whisper to the agent."),
                  "barge": gettext("Your phone rings: answer it to join the call.")}[mode])


@bp.post("/callers/<int:entry_id>/take")
def take(entry_id: int) -> Response:
    actions.take_caller(get_db(), _actor(), entry_id, utcnow())
    return _done(gettext("Your phone rings for the caller now."))


# -- wallboard links -----------------------------------------------------------------------

def _queues() -> list[SwitchboardService]:
    return list(get_db().scalars(select(SwitchboardService).where(
        SwitchboardService.company_id == g.company.id,
        SwitchboardService.kind == ServiceKind.QUEUE).order_by(SwitchboardService.name)))


@bp.get("/wallboards")
def wallboards() -> str:
    queues = _queues()
    names = {q.id: q.name for q in queues}
    return render_template("live/wallboards.html", queues=queues, names=names,
                           links=wallboard.links(get_db(), g.company.id))


@bp.post("/wallboards")
def create_wallboard() -> str:
    queue_ids = [int(v) for v in request.form.getlist("queue") if v.isdigit()]
    new = wallboard.create_link(get_db(), _actor(), g.company.id, request.form.get("name", ""),
                                queue_ids)
    url = url_for("wallboard.board", token=new.token, _external=True)
    queues = _queues()
    return render_template("live/wallboards.html", queues=queues,
                           names={q.id: q.name for q in queues}, new_url=url,
                           links=wallboard.links(get_db(), g.company.id))


def _link_name(link_id: int) -> str:
    from vaxel.live.models import WallboardLink
    from ..access import scoped
    return scoped(WallboardLink, link_id).name


@bp.post("/wallboards/<int:link_id>/revoke")
@confirm_first("Revoke this wallboard link? The screen showing it goes blank.", "Revoke",
               find=_link_name)
def revoke_wallboard(link_id: int) -> Response:
    wallboard.revoke_link(get_db(), _actor(), g.company.id, link_id, utcnow())
    flash(gettext("The wallboard link is revoked."), "ok")
    return redirect(url_for("live.wallboards"), 303)
