"""The views Kamailio reads (migration 0140): the same a1-hash the directory serves, under
the same conditions, and the bans in force; no second copy of either."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from vaxel.base import utcnow
from vaxel.demo import load_demo
from vaxel.sip_directory import find_directory_user
from vaxel.models import Device, SipBan, User


def subscriber(db, username: str, domain: str = "demo.example") -> str | None:
    return db.execute(text("SELECT ha1 FROM kamailio_subscriber WHERE username = :u AND "
                           "domain = :d"), {"u": username, "d": domain}).scalar()


def test_kamailio_reads_the_directorys_a1_hash_and_nothing_the_directory_refuses(db):
    load_demo(db, "Demo.Example", passwords={"1000": "Demo-pass-2026", "1001": "Other-pass-2026"})
    db.flush()
    assert subscriber(db, "1000") == find_directory_user(db, "demo.example", "1000").a1_hash
    db.execute(Device.__table__.update().where(Device.sip_username == "1000").values(enabled=False))
    db.execute(User.__table__.update().where(User.extension == "1001").values(active=False))
    assert subscriber(db, "1000") is None and find_directory_user(db, "demo.example", "1000") is None
    assert subscriber(db, "1001") is None and find_directory_user(db, "demo.example", "1001") is None
    assert subscriber(db, "no-such-user") is None


def test_kamailio_sees_the_bans_in_force_only(db):
    now = utcnow()
    db.add_all([SipBan(source="192.0.2.1", reason="manual", until=now + dt.timedelta(hours=1)),
                SipBan(source="192.0.2.2", reason="manual", until=now - dt.timedelta(hours=1)),
                SipBan(source="192.0.2.3", reason="manual", until=now + dt.timedelta(hours=1),
                       lifted_at=now)])
    db.flush()
    assert db.scalars(text("SELECT source FROM kamailio_banned")).all() == ["192.0.2.1"]
    assert db.scalars(select(SipBan.source)).all()  # the table itself is untouched
