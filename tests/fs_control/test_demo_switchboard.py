"""The demo company a newcomer loads (`scripts.cli demo`) answers its number with a working
switchboard: its menu tree is sound and a caller's key reaches a colleague."""
from sqlalchemy import select

from tests.fsdouble import CallScript
from tests.fsdouble.controller import running_controller
from vaxel.demo import load_demo
from vaxel.models import PhoneNumber, ServiceKind, SwitchboardService
from vaxel.queues.models import QueueMember
from vaxel.switchboard.ivr.services import check_service_menus

DOMAIN = "demo.example"


def load(committed_db) -> dict:
    with committed_db.begin() as s:
        load_demo(s, DOMAIN)
        number = s.scalar(select(PhoneNumber).where(PhoneNumber.e164 == "+46812345600"))
        services = {svc.kind: svc for svc in s.scalars(select(SwitchboardService))}
        reception, sales = services[ServiceKind.IVR], services[ServiceKind.QUEUE]
        assert number.service_id == reception.id
        assert check_service_menus(s, reception.company_id, reception.id) == []
        members = s.scalars(select(QueueMember).where(QueueMember.queue_id == sales.id)).all()
        assert len(members) == 3
        return {"company": reception.company_id, "reception": reception.id}


def test_the_demo_number_answers_with_a_menu_and_key_2_reaches_alex(double, committed_db,
                                                                      tmp_path):
    demo = load(committed_db)
    with running_controller(double, committed_db, tmp_path) as controller:
        placed = double.place_call(
            controller.outbound.address, caller="+46701234567", destination="+46812345600",
            context="public", script=CallScript(digits={"play_and_get_digits": ["2"]}),
            variables={"vaxel_company_id": str(demo["company"]), "vaxel_intent": "inbound",
                       "vaxel_destination": "service:%s" % demo["reception"]})
        assert placed.ended.wait(10), "the call never ended"
    apps = [app for app, _ in placed.apps]
    assert apps[:4] == ["answer", "play_and_get_digits", "set", "bridge"]
    assert placed.apps[2][1] == "continue_on_fail=true"
    assert "Welcome to Växel Demo" in placed.apps[1][1]
    assert placed.apps[3][1].endswith(f"user/1000@{DOMAIN}")
