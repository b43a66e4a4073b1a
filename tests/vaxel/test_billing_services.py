"""Cost centres, assignments and the next invoice against PostgreSQL."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.billing import services as billing
from vaxel.billing.charges import next_invoice
from vaxel.errors import InvalidInput, NotFound
from vaxel.models import AuditEntry, LicenceKind, Plan, ServiceKind
from vaxel.mobiledata.services import buy_top_up, set_subscription
from vaxel.numbers.services import add_number
from vaxel.people.licences import assign_licence, buy_licence
from vaxel.people.services import create_user
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company


NOW = dt.datetime(2030, 3, 15, 12, tzinfo=dt.timezone.utc)
OPS = Actor.system("ops@x")
ADMIN = Actor.system("admin@x")
ANNA = Actor.system("anna@x")


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.BUSINESS)


def _prices(db):
    for product, price in (("licence:fixed", 9900), ("number:local", 2500),
                           ("service:queue", 4900), ("addon:recording", 1900),
                           ("data:5gb", 9000), ("data:top_up", 4000)):
        billing.set_price(db, "*", product, price, OPS)
    billing.set_price(db, "business", "licence:fixed", 8900, OPS)


def test_the_invoice_follows_users_services_and_numbers_to_their_cost_centres(db, company):
    _prices(db)
    sales = billing.create_cost_centre(db, company, "Sales", ADMIN, code="100")
    anna = create_user(db, SYSTEM, company, "Anna", "1001")
    anna.recording_enabled = True
    assign_licence(db, SYSTEM, buy_licence(db, SYSTEM, company, LicenceKind.FIXED), anna)
    queue = create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Support")
    add_number(db, SYSTEM, company, "+46812345678", user=anna)
    set_subscription(db, anna, "5gb", 1, ADMIN)
    buy_top_up(db, anna, NOW, private_card=False, actor=ANNA)
    buy_top_up(db, anna, NOW, private_card=True, actor=ANNA)  # the private card pays
    billing.assign(db, anna, sales, ADMIN)
    preview = next_invoice(db, company, NOW)
    by_centre = {c.cost_centre_id: {line.product: line.amount_minor for line in c.lines}
                 for c in preview.centres}
    assert by_centre[sales.id] == {"licence:fixed": 8900, "number:local": 2500,
                                   "addon:recording": 1900, "data:5gb": 9000,
                                   "data:top_up": 4000}
    assert by_centre[None] == {"service:queue": 4900}
    billing.assign(db, queue, sales, ADMIN)
    assert [c.cost_centre_id for c in next_invoice(db, company, NOW).centres] == [sales.id]
    assert preview.period_start == dt.date(2030, 4, 1)


def test_moves_are_audited_and_stay_inside_the_company(db, company):
    other = create_company(db, SYSTEM, "Other", "other.example")
    foreign = billing.create_cost_centre(db, other, "Theirs", Actor.system("x"))
    user = create_user(db, SYSTEM, company, "Bo", "1002")
    with pytest.raises(NotFound):
        billing.assign(db, user, foreign, ADMIN)
    mine = billing.create_cost_centre(db, company, "Mine", ADMIN)
    assert billing.assign(db, user, mine, ADMIN)
    assert not billing.assign(db, user, mine, ADMIN)
    assert billing.assign(db, user, None, ADMIN)
    moves = db.scalars(select(AuditEntry).where(AuditEntry.action == "move-cost-centre")
                       .order_by(AuditEntry.id)).all()
    assert [(m.before, m.after) for m in moves] == [
        ({"cost_centre_id": None}, {"cost_centre_id": mine.id}),
        ({"cost_centre_id": mine.id}, {"cost_centre_id": None})]


def test_cost_centre_names_are_unique_and_required(db, company):
    billing.create_cost_centre(db, company, "HQ", Actor.system("a"))
    with pytest.raises(InvalidInput):
        billing.create_cost_centre(db, company, "HQ", Actor.system("a"))
    with pytest.raises(InvalidInput):
        billing.create_cost_centre(db, company, " ", Actor.system("a"))


def test_removing_a_price(db, company):
    billing.set_price(db, "*", "licence:free", 0, Actor.system("ops"))
    assert billing.price_list(db).price("free", "licence:free").amount_minor == 0
    billing.set_price(db, "*", "licence:free", None, Actor.system("ops"))
    assert billing.price_list(db).price("free", "licence:free") is None
