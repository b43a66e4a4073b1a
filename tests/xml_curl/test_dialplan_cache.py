"""Dialplan look-ups cached per company while the change listener runs: a repeated call to a
known company costs no query, and an admin's change is seen by the next call."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.dialplan_snippets.services import create_snippet
from vaxel.models import PhoneNumber, User
from vaxel.numbers.services import add_number
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company

from .fixtures import SNIPPET, emptied, wait_until
from .helpers import actions, answer, dialplan_form, is_not_found, public_form


TO_QUEUE = ("socket", "127.0.0.1:8084 async full")


def rings(cached, extension: str, intent: str) -> tuple[str, str]:
    """The bridge to a colleague's one phone (each leg names whose phone it rings)."""
    return ("bridge", f"[leg_timeout=20,vaxel_company_id={cached.ids.company},"
                      f"vaxel_user_id={cached.ids.users[extension]},vaxel_intent={intent}]"
                      f"user/{extension}@127.0.0.1")


@contextmanager
def counted_queries():
    """The SQL statements every engine in this process sends while the block runs."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def test_a_repeated_call_costs_no_query(cached):
    forms = [dialplan_form("1001"), dialplan_form("4600"), dialplan_form("4601", caller="1002"),
             public_form("4601"), public_form("4699")]
    first = [actions(answer(cached.client, form)) for form in forms]
    with counted_queries() as statements:
        again = [actions(answer(cached.client, form)) for form in forms]
    assert again == first
    assert statements == []
    assert rings(cached, "1001", "internal") in first[0]
    assert TO_QUEUE[0] in [app for app, _ in first[3]]


def test_outbound_calls_still_read_the_callers_caps_every_time(cached):
    answer(cached.client, dialplan_form("0701234567"))
    with counted_queries() as statements:
        steps = actions(answer(cached.client, dialplan_form("0701234567")))
    assert ("bridge", "sofia/gateway/carrier/+46701234567") in steps
    assert statements, "toll caps count calls made this hour: they must never be cached"


def test_a_deactivated_user_stops_ringing_on_the_next_call(cached):
    assert rings(cached, "1001", "internal") in actions(
        answer(cached.client, dialplan_form("1001")))
    with cached.db() as session:
        session.get(User, cached.ids.users["1001"]).active = False
        session.commit()
    emptied(cached.cache)
    assert is_not_found(answer(cached.client, dialplan_form("1001")))


def test_a_number_routed_elsewhere_is_followed_on_the_next_call(cached):
    assert TO_QUEUE in actions(answer(cached.client, public_form("4601")))
    with cached.db() as session:
        number = session.query(PhoneNumber).filter_by(e164="+46812344601").one()
        number.service_id, number.user_id = None, cached.ids.users["1002"]
        session.commit()
    emptied(cached.cache)
    assert rings(cached, "1002", "inbound") in actions(
        answer(cached.client, public_form("4601")))


def test_a_number_moved_to_another_company_leaves_the_first_ones_cache(cached):
    with cached.db() as session:
        other = create_company(session, SYSTEM, "Other AB", "other.example")
        session.commit()
    wait_until(lambda: cached.cache.enabled, "the change listener")
    assert TO_QUEUE in actions(answer(cached.client, public_form("4601")))
    with cached.db() as session:
        number = session.query(PhoneNumber).filter_by(e164="+46812344601").one()
        number.company_id, number.service_id = other.id, None
        session.commit()
    emptied(cached.cache)
    # The capture company's own trunk cannot reach another company's number.
    assert is_not_found(answer(cached.client, public_form("4601")))


def test_a_new_number_and_a_new_snippet_count_on_the_next_call(cached):
    assert is_not_found(answer(cached.client, public_form("4610")))
    assert [e.get("name") for e in answer(cached.client, dialplan_form("5555")).iter(
        "extension")] != ["opening-party"]
    with cached.db() as session:
        from vaxel.models import Company
        company = session.get(Company, cached.ids.company)
        add_number(session, SYSTEM, company, "+46812344610",
                   user=session.get(User, cached.ids.users["1000"]))
        create_snippet(session, company.id, "party line", "default", SNIPPET,
                       Actor.system("ops@example.com"))
        session.commit()
    emptied(cached.cache)
    assert rings(cached, "1000", "inbound") in actions(
        answer(cached.client, public_form("4610")))
    assert ("playback", "party.wav") in actions(answer(cached.client, dialplan_form("5555")))


def test_a_new_colleague_is_reachable_on_the_next_call(cached):
    assert not [a for a in actions(answer(cached.client, dialplan_form("1003")))
                if a[0] == "bridge" and "user/1003" in a[1]]
    with cached.db() as session:
        from vaxel.models import Company
        create_user(session, SYSTEM, session.get(Company, cached.ids.company), "Emma Millet",
                    "1003")
        session.commit()
    emptied(cached.cache)
    assert not is_not_found(answer(cached.client, dialplan_form("1003")))


def test_emptying_the_tables_empties_the_cache(cached):
    # Row triggers do not fire for TRUNCATE (a restore, a test's clean-up): a statement
    # trigger tells every cache to start afresh.
    from sqlalchemy import text
    answer(cached.client, dialplan_form("1001"))
    assert len(cached.cache)
    with cached.db() as session:
        session.execute(text("TRUNCATE users CASCADE"))
        session.commit()
    emptied(cached.cache)
    assert is_not_found(answer(cached.client, dialplan_form("1001")))
