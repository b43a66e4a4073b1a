"""Subscription plans and the limits they put on a company."""
from __future__ import annotations

import enum

from ..errors import PlanLimitReached


class Plan(str, enum.Enum):
    FREE = "free"
    BUSINESS = "business"
    ENTERPRISE = "enterprise"
    UNLIMITED = "unlimited"


# None means no limit.
SWITCHBOARD_SERVICE_LIMIT: dict[Plan, int | None] = {
    Plan.FREE: 1,
    Plan.BUSINESS: 3,
    Plan.ENTERPRISE: 8,
    Plan.UNLIMITED: None,
}


def check_service_allowed(plan: Plan, services_in_use: int) -> None:
    """Raise PlanLimitReached if a company on `plan` may not add one more switchboard service."""
    limit = SWITCHBOARD_SERVICE_LIMIT[plan]
    if limit is not None and services_in_use >= limit:
        raise PlanLimitReached(
            f"The {plan.value} plan allows {limit} switchboard service"
            f"{'' if limit == 1 else 's'}; upgrade the plan to add more.",
            plan=plan.value,
            limit=limit,
        )
