import pytest

from vaxel.errors import PlanLimitReached
from vaxel.tenancy.plans import Plan, check_service_allowed


@pytest.mark.parametrize("plan,limit", [(Plan.FREE, 1), (Plan.BUSINESS, 3), (Plan.ENTERPRISE, 8)])
def test_plan_allows_services_up_to_its_limit(plan, limit):
    check_service_allowed(plan, limit - 1)
    with pytest.raises(PlanLimitReached) as err:
        check_service_allowed(plan, limit)
    assert str(limit) in err.value.message


def test_unlimited_plan_has_no_service_limit():
    check_service_allowed(Plan.UNLIMITED, 10_000)
