"""The audit log reads as words: local time, labelled; field names, not columns; XML and
long texts summarised for company admins, readable for ops."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from vaxel.models import AuditEntry


def _snippet_entry(db, world) -> AuditEntry:
    return db.scalar(select(AuditEntry).where(AuditEntry.company_id == world.a.company,
                                              AuditEntry.object_type.contains("snippet")))


def test_company_admins_read_words_in_local_time_without_xml(portal, world, db):
    entry = _snippet_entry(db, world)
    assert entry is not None and "<extension" in str(entry.after)
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/audit/").text
    assert "Times are in Europe/Stockholm." in page
    local = entry.at.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d %H:%M")
    assert f">{local}</td>" in page
    assert "&lt;extension" not in page and "(long text)" in page
    assert "<code>" not in page.split("<main>")[1]   # no column names in code type
    assert "company_id" not in page


def test_ops_may_open_the_detail(portal, world, db):
    portal.login(world.ops_email)
    page = portal.get(f"/companies/{world.a.company}/audit/").text
    assert "&lt;extension" in page
