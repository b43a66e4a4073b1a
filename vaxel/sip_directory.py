"""Who may register as a SIP user in a company's domain: the directory look-up.

One SQL statement joins the device, its user, the company and the user's active presence
profile, so answering FreeSWITCH's digest check costs a single round trip and no ORM
object loading. On PostgreSQL it runs as a server-side prepared statement, prepared once
per connection: planning this join (~0.45 ms) costs ten times its execution (~0.05 ms),
and the directory is asked on every REGISTER and call. (Behind a transaction-pooling
PgBouncer, point xml_curl at PostgreSQL directly: prepared statements need a session.)
"""
from __future__ import annotations

import datetime as dt
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from .people.models import Device, ForwardKind, PresenceProfile, User
from .presence.rules import ProfileView, outward_caller_id
from .tenancy.models import Company

_d, _u, _c, _p = (Device.__table__, User.__table__, Company.__table__,
                  PresenceProfile.__table__)

_QUERY = (
    select(
        _d.c.sip_username, _d.c.a1_hash, _u.c.id.label("user_id"), _u.c.name, _u.c.extension,
        _u.c.voicemail_enabled, _u.c.outbound_caller_id, _u.c.mobile_number,
        _u.c.recording_enabled, _d.c.expires_at,
        _c.c.id.label("company_id"), _c.c.sip_domain, _c.c.main_number,
        _p.c.id.label("profile_id"), _p.c.accept_direct, _p.c.accept_queue, _p.c.forward_kind,
        _p.c.forward_target, _p.c.forward_after_seconds, _p.c.caller_id_number,
        _p.c.hide_caller_id,
    )
    .select_from(
        _d.join(_c, _c.c.id == _d.c.company_id)
        # Same company on both sides: a device can never lend its user to another tenant.
        .join(_u, (_u.c.id == _d.c.user_id) & (_u.c.company_id == _c.c.id))
        .outerjoin(_p, _p.c.id == _u.c.active_profile_id)
    )
    .where(
        _c.c.sip_domain == bindparam("domain"), _c.c.active.is_(True),
        _d.c.sip_username == bindparam("username"), _d.c.enabled.is_(True),
        _d.c.a1_hash.is_not(None), _u.c.active.is_(True),
    )
)

# The same, for every device of the domain: the username condition left out.
_DOMAIN_QUERY = select(*_QUERY.selected_columns).select_from(_QUERY.get_final_froms()[0]).where(
    *[c for c in _QUERY.whereclause.clauses if "username" not in str(c)])


@dataclass(frozen=True)
class DirectoryUser:
    sip_username: str
    a1_hash: str
    user_id: int
    company_id: int
    domain: str
    name: str
    extension: str
    profile: ProfileView
    outward_number: str | None
    recording_enabled: bool = False
    # A web device's credential ends then (vaxel.people.webphone); None: never.
    expires_at: dt.datetime | None = None

    def usable_at(self, now: dt.datetime) -> bool:
        """Whether its credential may authenticate at `now`: an answer cached before the
        credential expired must not let it in after."""
        return self.expires_at is None or now < self.expires_at


def find_directory_user(session: Session, domain: str, username: str) -> DirectoryUser | None:
    """The enabled device `username` of an active user in the company owning `domain`."""
    row = _fetch(session, {"domain": domain.lower(), "username": username})
    return None if row is None else _directory_user(row)


def domain_directory(session: Session, domain: str) -> dict[str, DirectoryUser]:
    """Every usable device of the company owning `domain`, by SIP user name (one query):
    what a per-company cache holds so that known and unknown names cost the same."""
    rows = session.execute(_DOMAIN_QUERY, {"domain": domain.lower()}).all()
    return {row.sip_username: _directory_user(row) for row in rows}


def _directory_user(row) -> DirectoryUser:
    # The row carries the user's and the profile's column names, so ProfileView.of reads it.
    profile = ProfileView.of(row, row if row.profile_id is not None else None)
    return DirectoryUser(
        sip_username=row.sip_username, a1_hash=row.a1_hash, user_id=row.user_id,
        company_id=row.company_id, domain=row.sip_domain, name=row.name,
        extension=row.extension, profile=profile,
        outward_number=outward_caller_id(profile, row.main_number),
        recording_enabled=row.recording_enabled, expires_at=row.expires_at,
    )


_PREPARED = "vaxel_directory_user"
_Row = namedtuple("_Row", _QUERY.selected_columns.keys())


@lru_cache(maxsize=1)
def _prepare_sql() -> str:
    compiled = _QUERY.compile(dialect=postgresql.psycopg2.dialect(paramstyle="numeric_dollar"))
    assert compiled.positiontup == ["domain", "username"]
    return f"PREPARE {_PREPARED} (text, text) AS {compiled}"


def _fetch(session: Session, params: dict):
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return session.execute(_QUERY, params).first()
    # Connection.info lives as long as the pooled DBAPI connection: prepare once per connection.
    if not connection.info.get(_PREPARED):
        connection.exec_driver_sql(_prepare_sql())
        connection.info[_PREPARED] = True
    # The DBAPI cursor directly: this runs on every REGISTER, and SQLAlchemy's result
    # machinery would cost more than the query itself.
    with connection.connection.dbapi_connection.cursor() as cursor:
        cursor.execute(f"EXECUTE {_PREPARED} (%(domain)s, %(username)s)", params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = _Row(*row)
    # The raw cursor gives the enum's stored text.
    return row._replace(forward_kind=ForwardKind(row.forward_kind)) if row.forward_kind else row
