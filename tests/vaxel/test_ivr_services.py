"""IVR menus in PostgreSQL: options, entry menu, company scoping and tree checks."""
import pytest
from sqlalchemy.exc import IntegrityError

from tests.actors import SYSTEM
from vaxel.errors import InvalidInput, NotFound
from vaxel.models import Plan, ServiceKind
from vaxel.people.services import create_user
from vaxel.routing.destinations import Destination, DestinationKind as K
from vaxel.switchboard.ivr.rules import IvrAction, next_step
from vaxel.switchboard.ivr.services import (
    check_service_menus, company_extensions, create_menu, entry_menu, load_menu,
    remove_option, set_option,
)
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)


@pytest.fixture
def ivr(db, company):
    return create_service(db, SYSTEM, company, ServiceKind.IVR, "Reception")


def test_entry_menu_reads_back_as_a_view_the_rules_can_use(db, company, ivr):
    create_user(db, SYSTEM, company, "Op", "1000")
    main = create_menu(db, SYSTEM, ivr, "Main", entry=True, default_destination="user:1000",
                       direct_dial_digits=4)
    sub = create_menu(db, SYSTEM, ivr, "Support")
    set_option(db, SYSTEM, main, "1", f"menu:{sub.id}", "Support")
    view = entry_menu(db, company.id, ivr.id)
    assert view.options == {"1": Destination(K.MENU, str(sub.id))}
    assert next_step(view, "1000", 1, company_extensions(db, company.id)).action is IvrAction.ROUTE
    assert load_menu(db, company.id, sub.id).name == "Support"


def test_setting_a_key_again_replaces_it_and_remove_deletes_it(db, ivr):
    main = create_menu(db, SYSTEM, ivr, "Main", entry=True)
    set_option(db, SYSTEM, main, "1", "hangup")
    set_option(db, SYSTEM, main, "1", "message:closed")
    assert [o.destination for o in main.options] == ["message:closed"]
    assert remove_option(db, SYSTEM, main, "1") and not remove_option(db, SYSTEM, main, "1")


def test_bad_keys_and_destinations_are_refused(db, ivr):
    main = create_menu(db, SYSTEM, ivr, "Main", entry=True)
    with pytest.raises(InvalidInput):
        set_option(db, SYSTEM, main, "A", "hangup")
    with pytest.raises(InvalidInput):
        set_option(db, SYSTEM, main, "1", "teleport:1")


def test_only_ivr_services_have_menus(db, company):
    queue = create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Q")
    with pytest.raises(InvalidInput):
        create_menu(db, SYSTEM, queue, "Main")


def test_one_entry_menu_per_service(db, ivr):
    create_menu(db, SYSTEM, ivr, "Main", entry=True)
    with pytest.raises(IntegrityError):
        create_menu(db, SYSTEM, ivr, "Other", entry=True)


def test_another_companys_menu_is_not_found_and_flagged(db, company, ivr):
    other = create_company(db, SYSTEM, "Other", "other.example", plan=Plan.UNLIMITED)
    theirs = create_menu(db, SYSTEM, create_service(db, SYSTEM, other, ServiceKind.IVR, "T"),
                         "Theirs")
    with pytest.raises(NotFound):
        load_menu(db, company.id, theirs.id)
    main = create_menu(db, SYSTEM, ivr, "Main", entry=True)
    set_option(db, SYSTEM, main, "1", f"menu:{theirs.id}")
    problems = check_service_menus(db, company.id, ivr.id)
    assert [(p.digit, p.message) for p in problems] == [
        ("1", f"Menu {theirs.id} does not exist in this company.")]
