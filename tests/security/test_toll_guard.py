"""Outside legs the controller dials (forwards, IVR destinations) obey the toll policy."""
from __future__ import annotations

from sqlalchemy import select

from fs_control.toll_guard import TollGuard
from tests.actors import SYSTEM
from vaxel.callflow.commands import Bridge, DialTarget
from vaxel.models import OpsAlert
from vaxel.tenancy.services import create_company


def test_refused_outside_legs_are_dropped_and_alerted(committed_db):
    with committed_db.begin() as s:
        company_id = create_company(s, SYSTEM, "Fraud Target AB", "fraud.example").id
    bridge = Bridge((DialTarget("sip", "1001@fraud.example"),
                     DialTarget("external", "+46701234567"),
                     DialTarget("external", "+46900123456"),
                     DialTarget("external", "+881612345678")))
    kept = TollGuard(committed_db).allowed(company_id, "uuid-1", bridge)
    assert [t.address for t in kept.targets] == ["1001@fraud.example", "+46701234567"]
    with committed_db() as s:
        alerts = s.scalars(select(OpsAlert).where(OpsAlert.company_id == company_id)).all()
    assert len(alerts) == 2 and all(a.kind == "toll_refused" for a in alerts)


def test_bridges_without_outside_legs_touch_no_database():
    class Exploding:
        def __call__(self):
            raise AssertionError("no query expected")
    bridge = Bridge((DialTarget("sip", "1001@a.example"),))
    assert TollGuard(Exploding()).allowed(1, "u", bridge) is bridge


def test_alerts_are_mailed_to_ops_when_configured(db):
    from vaxel.mail.models import OutboxMail
    from vaxel.security.services import configure_alerts, raise_alert
    configure_alerts("ops@example.net, not-an-address")
    try:
        raise_alert(db, "toll_refused", "call to +881 refused")
    finally:
        configure_alerts("")
    mail = db.scalars(select(OutboxMail)).one()
    assert mail.to_addrs == "ops@example.net" and "+881" in mail.body
