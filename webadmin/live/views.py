"""The live view: who is on a call now, who waits in each queue and for how long, which
agents are logged in. The page polls its panel (server-rendered HTML) every few seconds,
so it refreshes without a full reload and every text stays translated on the server."""
from __future__ import annotations

from flask import g, render_template

from vaxel.base import utcnow
from vaxel.live.rules import clock
from vaxel.live.services import live_board

from ..access import company_blueprint
from ..db import get_db

bp = company_blueprint("live", __name__)
REFRESH_SECONDS = 3


@bp.get("/")
def show() -> str:
    return render_template("live/show.html", board=live_board(get_db(), g.company.id, utcnow()),
                           clock=clock, refresh=REFRESH_SECONDS)


@bp.get("/panel")
def panel() -> tuple[str, int, dict]:
    """The part of the page that changes, for the page's script to swap in."""
    return (render_template("live/_panel.html", clock=clock,
                            board=live_board(get_db(), g.company.id, utcnow())),
            200, {"Cache-Control": "no-store"})
