"""Creating switchboard services within the company's plan."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..tenancy.models import Company
from ..tenancy.plans import check_service_allowed
from .models import ServiceKind, SwitchboardService


def create_service(
    session: Session,
    actor: Actor,
    company: Company,
    kind: ServiceKind,
    name: str,
    *,
    extension: str | None = None,
    settings: dict | None = None,
) -> SwitchboardService:
    """A new service of the company, within its plan's limit; for the company's admins."""
    actor.check_admin(company.id, "company")
    # Lock the company row so two admins cannot both squeeze in the last allowed service.
    session.execute(select(Company.id).where(Company.id == company.id).with_for_update())
    in_use = session.scalar(
        select(func.count()).where(SwitchboardService.company_id == company.id)
    )
    check_service_allowed(company.plan, in_use or 0)
    service = SwitchboardService(
        company_id=company.id, kind=kind, name=name.strip(), extension=extension,
        settings=settings or {},
    )
    session.add(service)
    session.flush()
    record(session, actor, "create", service)
    return service
