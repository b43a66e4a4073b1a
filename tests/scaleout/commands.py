"""Call commands asked for as the portal or the API would (a row in call_command for the
controllers to claim), and their outcome, for the scale-out tests."""
from __future__ import annotations

from sqlalchemy import text

from tests.integration.calllog import read


def request(url: str, company_id: int, action: str, args: dict) -> int:
    """The new command's id."""
    from vaxel.actor import Actor
    from vaxel.callcontrol.models import CommandAction
    from vaxel.callcontrol.services import request_command
    from vaxel.db import make_engine, make_session_factory

    engine = make_engine(url)
    try:
        with make_session_factory(engine).begin() as session:
            return request_command(session, Actor.system(company_id=company_id),
                                   CommandAction(action), args).id
    finally:
        engine.dispose()


def finished_command(url: str, command_id: int) -> dict | None:
    row = read(url, lambda s: s.execute(text(
        "SELECT status, node, result FROM call_command WHERE id = :i"), {"i": command_id})
        .mappings().one())
    return dict(row) if row["status"] in ("done", "failed") else None
