"""Snippet versions, roll-back and the request-time read against PostgreSQL."""
import pytest
from sqlalchemy import select, text

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.dialplan_snippets import services as snippets
from vaxel.errors import InvalidInput
from vaxel.models import AuditEntry
from vaxel.tenancy.services import create_company

OPS = Actor.system("ops@x")

V1 = ("<extension name='a'><condition field='destination_number' expression='^100$'>"
      "<action application='answer'/></condition></extension>")
V2 = V1.replace("answer", "hangup")


def test_versions_roll_back_and_take_effect_at_once(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    snippet = snippets.create_snippet(db, company.id, "test", "default", V1, OPS)
    snippets.save_version(db, snippet, V2, OPS, "hang up instead")
    assert "hangup" in snippets.fragments_for_request(db, "default", company.id, "100")[0]
    snippets.roll_back(db, snippet, 1, OPS)
    assert [v.version for v in snippet.versions] == [1, 2, 3]
    assert snippet.current.note == "roll-back to 1"
    assert "answer" in snippets.fragments_for_request(db, "default", company.id, "100")[0]
    snippets.set_active(db, snippet, False, OPS)
    assert snippets.fragments_for_request(db, "default", company.id, "100") == []
    audit = db.scalars(select(AuditEntry).where(AuditEntry.object_type == "dialplan_snippet")
                       .order_by(AuditEntry.id)).all()
    assert [a.action for a in audit] == ["create", "update", "update", "disable"]
    assert audit[1].before["body"] == V1 and audit[1].after["body"] == V2


def test_an_invalid_body_never_becomes_a_version(db):
    snippet = snippets.create_snippet(db, None, "global", "public", V1, OPS)
    with pytest.raises(InvalidInput) as refused:
        snippets.save_version(db, snippet, V1.replace("answer", "system"), OPS)
    assert refused.value.details["problems"]
    assert [v.version for v in snippet.versions] == [1]


def test_snippet_tables_notify_the_dialplan_caches(db):
    """The same trigger as the routing tables: a saved version reaches cached dialplans."""
    rows = db.execute(text(
        "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'vaxel_notify_config'"))
    assert {"dialplan_snippet", "dialplan_snippet_version"} <= {r[0] for r in rows}
