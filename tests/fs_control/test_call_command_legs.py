"""Which channels an attended transfer joins (found on the real switch: joining the two
live-call rows, both A-legs, connected the waiting caller back to the transferring user)."""
import pytest

from fs_control.features.call_commands.commands import attended_legs
from vaxel.callcontrol import fsapi
from vaxel.callcontrol.models import LiveCallRow
from vaxel.errors import VaxelError

CALLER, USER_LEG = "a0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002"
CONSULT, COLLEAGUE = "c0000000-0000-4000-8000-000000000003", "d0000000-0000-4000-8000-000000000004"
PARTNERS = {CALLER: USER_LEG, USER_LEG: CALLER, CONSULT: COLLEAGUE, COLLEAGUE: CONSULT}


def row(uuid: str, state: str = "ACTIVE", user_id: int | None = None) -> LiveCallRow:
    return LiveCallRow(call_uuid=uuid, company_id=1, state=state, user_id=user_id)


def test_an_incoming_call_joins_its_caller_with_the_consulted_colleague():
    assert attended_legs(row(CALLER), row(CONSULT, "ACTIVE", 7), PARTNERS.get) == (
        CALLER, COLLEAGUE)


def test_an_outgoing_call_joins_the_called_party_with_the_consulted_colleague():
    assert attended_legs(row(USER_LEG, "OUTGOING", 7), row(CONSULT, "ACTIVE", 7),
                         PARTNERS.get) == (CALLER, COLLEAGUE)


def test_a_consultation_nobody_answered_is_refused():
    with pytest.raises(VaxelError):
        attended_legs(row(CALLER), row(CONSULT), {}.get)


@pytest.mark.parametrize("reply, partner", [
    (COLLEAGUE + "\n", COLLEAGUE), ("_undef_", None), ("-ERR No such channel!\n", None), ("", None)])
def test_the_partner_is_read_from_uuid_getvar(reply, partner):
    assert fsapi.partner_query(CONSULT) == f"uuid_getvar {CONSULT} bridge_uuid"
    assert fsapi.partner_from(reply) == partner


def test_a_click_to_call_names_its_user_as_the_caller_and_nothing_else_rides_along():
    command = fsapi.click_to_call("a0000000-0000-0000-0000-000000000001", ["1000"],
                                  "acme.example", 7, 3, "1001", "1000")
    assert command.startswith("originate {vaxel_caller=1000,")
    odd = fsapi.click_to_call("a0000000-0000-0000-0000-000000000001", ["1000"],
                              "acme.example", 7, 3, "1001", "10,x=1}")
    assert "vaxel_caller" not in odd and "x=1" not in odd
