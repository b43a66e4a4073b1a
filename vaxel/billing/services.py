"""Cost centres, invoice places, assignments and the price list in PostgreSQL; every
change is audited with the actor."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change, snapshot
from ..errors import InvalidInput, NotFound
from ..numbers.models import PhoneNumber
from ..people.models import User
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from .models import CostAssignment, CostCentre, InvoicePlace, PriceListEntry
from .preview import Price, PriceList
from .products import ALL_PLANS

Chargeable = User | SwitchboardService | PhoneNumber
_COLUMN = {User: "user_id", SwitchboardService: "service_id", PhoneNumber: "number_id"}


def _audit(session: Session, actor: Actor, company_id, action: str, obj, was: dict | None,
           gone: bool = False) -> None:
    record_change(session, actor, company_id, action, obj.__tablename__, obj.id, was,
                  None if gone else snapshot(obj))


def create_invoice_place(session: Session, company: Company, name: str, actor: Actor, *,
                         address: str = "", email: str | None = None,
                         reference: str = "") -> InvoicePlace:
    if not name.strip():
        raise InvalidInput("An invoice place needs a name.")
    place = InvoicePlace(company_id=company.id, name=name.strip(), address=address.strip(),
                         email=email, reference=reference.strip())
    session.add(place)
    session.flush()
    _audit(session, actor, company.id, "create", place, None)
    return place


def create_cost_centre(session: Session, company: Company, name: str, actor: Actor, *,
                       code: str = "", invoice_place: InvoicePlace | None = None) -> CostCentre:
    if not name.strip():
        raise InvalidInput("A cost centre needs a name.")
    if session.scalar(select(CostCentre.id).where(CostCentre.company_id == company.id,
                                                  CostCentre.name == name.strip())):
        raise InvalidInput(f"There is already a cost centre called {name.strip()}.")
    centre = CostCentre(company_id=company.id, name=name.strip(), code=code.strip(),
                        invoice_place_id=_own_place(company, invoice_place))
    session.add(centre)
    session.flush()
    _audit(session, actor, company.id, "create", centre, None)
    return centre


def _own_place(company: Company, place: InvoicePlace | None) -> int | None:
    if place is not None and place.company_id != company.id:
        raise NotFound("No such invoice place in this company.")
    return place.id if place else None


def set_invoice_place(session: Session, centre: CostCentre, place: InvoicePlace | None,
                      actor: Actor) -> None:
    was = snapshot(centre)
    centre.invoice_place_id = place.id if place and place.company_id == centre.company_id else None
    session.flush()
    _audit(session, actor, centre.company_id, "update", centre, was)


def delete_cost_centre(session: Session, centre: CostCentre, actor: Actor) -> None:
    """Remove a centre; what was charged to it goes back to the company as a whole."""
    was = snapshot(centre)
    session.delete(centre)
    session.flush()
    _audit(session, actor, centre.company_id, "delete", centre, was, gone=True)


def assignment_of(session: Session, obj: Chargeable) -> CostAssignment | None:
    column = getattr(CostAssignment, _COLUMN[type(obj)])
    return session.scalar(select(CostAssignment).where(column == obj.id))


def assign(session: Session, obj: Chargeable, centre: CostCentre | None,
           actor: Actor) -> bool:
    """Charge a user, service or number to `centre` (None: the company as a whole);
    False when nothing changed."""
    if centre is not None and centre.company_id != obj.company_id:
        raise NotFound("No such cost centre in this company.")
    row = assignment_of(session, obj)
    if (row.cost_centre_id if row else None) == (centre.id if centre else None):
        return False
    if row is None:
        row = CostAssignment(company_id=obj.company_id, **{_COLUMN[type(obj)]: obj.id})
        session.add(row)
    before = {"cost_centre_id": row.cost_centre_id}
    if centre is None:
        session.delete(row)
    else:
        row.cost_centre_id = centre.id
    session.flush()
    record_change(session, actor, obj.company_id, "move-cost-centre", obj.__tablename__,
                  obj.id, before, {"cost_centre_id": centre.id if centre else None})
    return True


def has_prices(session: Session) -> bool:
    """Whether any price is set: with none, every invoice is zero (and says why)."""
    return session.scalar(select(PriceListEntry.id).limit(1)) is not None


def price_list(session: Session) -> PriceList:
    return PriceList({(e.plan, e.product): Price(e.monthly_price_minor, e.currency)
                      for e in session.scalars(select(PriceListEntry))})


def set_price(session: Session, plan: str, product: str, amount_minor: int | None,
              actor: Actor, *, currency: str = "SEK") -> None:
    """Set a product's monthly price for a plan ("*": every plan); None removes it."""
    if amount_minor is not None and amount_minor < 0:
        raise InvalidInput("A price cannot be negative.")
    row = session.scalar(select(PriceListEntry).where(PriceListEntry.plan == plan,
                                                      PriceListEntry.product == product))
    was = snapshot(row) if row else None
    if amount_minor is None:
        if row is not None:
            session.delete(row)
            session.flush()
            record_change(session, actor, None, "delete", row.__tablename__, row.id, was, None)
        return
    if row is None:
        row = PriceListEntry(plan=plan or ALL_PLANS, product=product)
        session.add(row)
    row.monthly_price_minor, row.currency = amount_minor, currency.upper()
    session.flush()
    _audit(session, actor, None, "update" if was else "create", row, was)
