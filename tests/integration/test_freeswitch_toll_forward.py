"""Toll policy on a real FreeSWITCH (issue 13, item 2): a plain user whose profile forwards
to a satellite number after 1 s; a colleague calls them, and FreeSWITCH must never be told
to bridge that call to the carrier — the number the user could not dial themselves."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import delete, select

from .harness import DOMAIN
from .sipp import run_sipp

pytestmark = pytest.mark.freeswitch
SIP = "127.0.0.1:5060"
SATELLITE = "+881612345678"


@pytest.fixture
def forwarding_user(test_company, fs_database_url):
    """1001 forwards to SATELLITE after 1 s; the company has a trunk. Undone afterwards."""
    from vaxel.db import make_engine, make_session_factory
    from vaxel.models import ForwardKind, OpsAlert, Trunk, User
    from vaxel.tenancy.models import Company

    engine = make_engine(fs_database_url)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        company = s.scalar(select(Company).where(Company.sip_domain == DOMAIN))
        user = s.scalar(select(User).where(User.company_id == company.id,
                                           User.extension == "1001"))
        profile = user.active_profile
        was = profile.forward_kind, profile.forward_target, profile.forward_after_seconds
        profile.forward_kind, profile.forward_target = ForwardKind.EXTERNAL, SATELLITE
        profile.forward_after_seconds = 1
        s.add(Trunk(company_id=company.id, name="toll-forward-trunk", gateway="carrier",
                    priority=10))
        profile_id, company_id = profile.id, company.id
    yield factory, company_id
    with factory.begin() as s:
        from vaxel.people.models import PresenceProfile
        profile = s.get(PresenceProfile, profile_id)
        profile.forward_kind, profile.forward_target, profile.forward_after_seconds = was
        s.execute(delete(Trunk).where(Trunk.name == "toll-forward-trunk"))
        s.execute(delete(OpsAlert).where(OpsAlert.company_id == company_id))
    engine.dispose()


def answering(listen: str, times: int = 6, within: float = 60) -> bool:
    """xml_curl's workers answer (its port opens before they have booted, and on a loaded
    machine FreeSWITCH's first requests then time out after 4 s)."""
    deadline, answered = time.monotonic() + within, 0
    while answered < times and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{listen}/fs", data=b"section=none", timeout=2)
            answered += 1
        except urllib.error.HTTPError:  # 401 without credentials: a worker answered
            answered += 1
        except OSError:
            answered = 0
            time.sleep(0.5)
    return answered >= times


def test_a_colleagues_call_is_not_forwarded_to_a_barred_number(
        freeswitch, xmlcurl_service, fs_env, test_company, forwarding_user, sipp_dir):
    from vaxel.models import OpsAlert

    factory, company_id = forwarding_user
    assert answering(fs_env["VAXEL_XMLCURL_LISTEN"]), "xml_curl never answered"
    start = freeswitch.log.stat().st_size
    run_sipp(sipp_dir, "uac_call.xml", SIP, "-s", "1001", "-key", "caller", "1000",
             "-key", "domain", DOMAIN, "-au", "1000", "-ap", test_company.passwords["1000"],
             timeout_s=20)  # how the call ends is not the point: where FreeSWITCH sends it is
    with freeswitch.log.open("rb") as handle:
        handle.seek(start)
        log = handle.read().decode(errors="replace")
    assert "ring_1001" in log or "bridge(" in log, log[-4000:]  # the dialplan ran
    assert f"sofia/gateway/carrier/{SATELLITE}" not in log, log[-4000:]
    assert "vaxel_destination=message:unavailable" in log, log[-4000:]
    with factory() as s:
        alerts = s.scalars(select(OpsAlert).where(OpsAlert.company_id == company_id)).all()
    assert any(SATELLITE in a.message for a in alerts)
