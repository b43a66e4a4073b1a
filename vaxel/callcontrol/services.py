"""Call-control requests in PostgreSQL: the API asks, the controller claims and answers.

Requests are never retried by themselves: a click-to-call repeated after a crash would ring
the user twice, so one found half-done after a restart is failed, and the client asks again.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..actor import Actor
from ..errors import InvalidInput
from ..tenancy.scoped import in_company
from .models import CallCommand, CommandAction, CommandStatus, LiveCallRow

STUCK_AFTER = dt.timedelta(minutes=2)
# How long after it was started a call may still lack its live row (the controller writes
# it in batches, within a second).
STARTED_RECENTLY = dt.timedelta(minutes=10)


def request_command(session: Session, actor: Actor, action: CommandAction,
                    args: dict[str, Any]) -> CallCommand:
    """Queue a request for the controller in the actor's company (a trigger NOTIFYs it at
    commit)."""
    if actor.company_id is None:
        raise InvalidInput("A call command acts in one company.")
    command = CallCommand(company_id=actor.company_id, action=action, args=args, result={},
                          status=CommandStatus.PENDING, requested_by=actor.label[:200],
                          node=_node_of(session, actor.company_id, args))
    session.add(command)
    session.flush()
    return command


# The keys of a command's result that name a call the command started on its node.
STARTED_CALLS = ("call_id", "consult_call_id", "supervisor_call_id")


def _node_of(session: Session, company_id: int, args: dict[str, Any]) -> str | None:
    """The node holding the call(s) a command acts on; None for a new call (any node). A
    call a command has just started (a click-to-call whose live row is not written yet)
    is on the node whose controller carried that command out."""
    uuids = [args[k] for k in ("call_id", "consult_call_id") if args.get(k)]
    if not uuids:
        return None
    live = dict(session.execute(select(LiveCallRow.call_uuid, LiveCallRow.node)
                                .where(LiveCallRow.call_uuid.in_(uuids))).all())
    nodes = set(live.values())
    if unseen := [uuid for uuid in uuids if uuid not in live]:
        # The company's recent commands only: the look-up reads their results one by one.
        started = or_(*(CallCommand.result[key].astext.in_(unseen) for key in STARTED_CALLS))
        nodes |= set(session.scalars(select(CallCommand.node).where(
            CallCommand.company_id == company_id, CallCommand.node.is_not(None),
            CallCommand.created_at > func.now() - STARTED_RECENTLY, started)))
    if len(nodes) > 1:
        raise InvalidInput("The call and the consultation are on different switches; "
                           "transfer blind instead.")
    return nodes.pop() if nodes else None


def get_command(session: Session, company_id: int, command_id: int) -> CallCommand:
    return in_company(session, CallCommand, company_id, command_id,
                      "No such call command in this company.")


def claim_pending(session: Session, node: str = "", limit: int = 10) -> list[CallCommand]:
    """Pending requests for `node` (its calls', and new calls'), oldest first, marked
    running; two controllers never take one twice."""
    rows = list(session.scalars(select(CallCommand)
                                .where(CallCommand.status == CommandStatus.PENDING,
                                       CallCommand.node.is_(None) | (CallCommand.node == node))
                                .order_by(CallCommand.id).limit(limit)
                                .with_for_update(skip_locked=True)))
    for row in rows:
        row.status = CommandStatus.RUNNING
        if row.node is None:  # a new call: it starts on this node
            row.node = node
    return rows


def finish(session: Session, command_id: int, ok: bool, result: dict[str, Any],
           now: dt.datetime) -> None:
    session.execute(update(CallCommand).where(CallCommand.id == command_id).values(
        status=CommandStatus.DONE if ok else CommandStatus.FAILED, result=result,
        finished_at=now))


def fail_stuck(session: Session, now: dt.datetime) -> int:
    """Requests left running by a controller that stopped: failed, not retried."""
    result = session.execute(update(CallCommand).where(
        CallCommand.status == CommandStatus.RUNNING,
        CallCommand.created_at < now - STUCK_AFTER).values(
        status=CommandStatus.FAILED, finished_at=now,
        result={"error": "interrupted: the call controller restarted"}))
    return result.rowcount


# -- live calls ---------------------------------------------------------------------------

_LIVE = LiveCallRow.__table__
_LIVE_DEFAULTS = {"user_id": None, "caller_number": "", "destination": "", "state": "RINGING",
                  "node": ""}


def _live_value(column: str):
    bound = bindparam(column, type_=_LIVE.c[column].type)
    default = _LIVE_DEFAULTS[column]
    return bound if default is None else func.coalesce(bound, default)


# Built once: this runs for every channel event, and building it each time cost more
# than PostgreSQL's work. A value left out (None) keeps what the row has.
_UPSERT_LIVE = insert(_LIVE).values(
    call_uuid=bindparam("call_uuid"), company_id=bindparam("company_id"),
    **{c: _live_value(c) for c in _LIVE_DEFAULTS},
).on_conflict_do_update(
    index_elements=[_LIVE.c.call_uuid],
    set_={c: func.coalesce(bindparam(c, type_=_LIVE.c[c].type), _LIVE.c[c]) for c in _LIVE_DEFAULTS},
)


def upsert_live_call(session: Session, call_uuid: str, company_id: int, **values: Any) -> None:
    """Record or update a live call; only the given values change on update."""
    params = dict.fromkeys(_LIVE_DEFAULTS) | values
    # On the session's connection: the ORM's execution layer adds nothing to a Core upsert.
    session.connection().execute(_UPSERT_LIVE, dict(params, call_uuid=call_uuid,
                                                    company_id=company_id))


_END_LIVE = delete(_LIVE).where(_LIVE.c.call_uuid == bindparam("call_uuid"))


def end_live_call(session: Session, call_uuid: str) -> None:
    session.connection().execute(_END_LIVE, {"call_uuid": call_uuid})


def keep_only(session: Session, live_uuids: set[str], node: str = "") -> int:
    """Forget rows of calls this node's FreeSWITCH no longer has (after a missed hang-up or
    a restart); other nodes' calls are theirs to keep."""
    mine = delete(LiveCallRow).where(LiveCallRow.node == node)
    result = session.execute(mine.where(LiveCallRow.call_uuid.not_in(live_uuids))
                             if live_uuids else mine)
    return result.rowcount


def live_calls(session: Session, company_id: int) -> list[LiveCallRow]:
    return list(session.scalars(select(LiveCallRow).where(LiveCallRow.company_id == company_id)
                                .order_by(LiveCallRow.started_at, LiveCallRow.call_uuid)))


def live_call(session: Session, company_id: int, call_uuid: str) -> LiveCallRow:
    return in_company(session, LiveCallRow, company_id, call_uuid,
                      "No such live call in this company.")
