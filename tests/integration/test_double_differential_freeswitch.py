"""The double against the real switch: the same call journeys run on the real FreeSWITCH
(sipp callers and phones, the real controller) and on tests/fsdouble (the in-process
controller), each with a recording proxy on both Event Socket connections; the events the
controller receives (tests/fsdouble/differential.py: names, order per leg, the headers it
reads) must be the same. A divergence fails: fix the double (the real switch is right).

With VAXEL_RECORD_TRACES_DIR set, the real traces are kept there as
<journey>-outbound.trace / <journey>-inbound.trace (scripts/record_traces.py).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from tests.fsdouble import differential
from tests.fsdouble.differential_run import Recorded, run_on_double
from tests.fsdouble.recorder import RecordingProxy

from . import processes
from .cmd_phones import answering_phone, trunk_caller, unregister
from .waiting import wait_until
from .harness import DOMAIN, TRUNK_ADDRESS

pytestmark = pytest.mark.freeswitch
CALLER = "+46701234599"
ALEX = "1000"  # the demo menu's option 2


@dataclass(frozen=True)
class Journey:
    name: str
    keys: str  # what the caller keys in the reception menu
    talk_ms: int  # how long after the answer (and keys) the caller hangs up
    alex: str  # "answers", "offline" or "absent" (not called)


JOURNEYS = [
    Journey("ivr-to-colleague", "2", 8000, "answers"),  # past the menu's digit time-out
    Journey("hangup-mid-prompt", "", 700, "absent"),
    Journey("ivr-to-offline-colleague", "2", 4000, "offline"),
]


def warm_up(fs_env, timeout: float = 30.0) -> None:
    """One directory look-up before the first phone registers: on a loaded machine the
    service's first request (database pool, templates) outlasted mod_xml_curl's 4 s timeout
    and the REGISTER it served was refused (seen in this test's first run)."""
    import base64
    import urllib.request

    credentials = base64.b64encode(
        f"{fs_env['VAXEL_XMLCURL_USER']}:{fs_env['VAXEL_XMLCURL_PASSWORD']}".encode()).decode()
    request = urllib.request.Request(
        f"http://{fs_env['VAXEL_XMLCURL_LISTEN']}/fs", method="POST",
        data=f"section=directory&action=sip_auth&user={ALEX}&domain={DOMAIN}".encode(),
        headers={"Authorization": f"Basic {credentials}"})
    urllib.request.urlopen(request, timeout=timeout).close()


@pytest.fixture(scope="module")
def main_number(test_company, fs_database_url, fs_env, xmlcurl_service):
    """The demo company's number, with a trunk row for the carrier address."""
    from vaxel.db import make_engine, make_session_factory
    from vaxel.numbers.models import PhoneNumber, Trunk
    from vaxel.tenancy.models import Company

    engine = make_engine(fs_database_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
        number = session.scalar(select(PhoneNumber).where(
            PhoneNumber.company_id == company.id, PhoneNumber.service_id.is_not(None)))
        session.add(Trunk(company_id=company.id, name="differential-trunk", gateway="carrier",
                          source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=10))
        e164 = number.e164
    warm_up(fs_env)
    yield e164, factory
    with factory.begin() as session:
        session.execute(delete(Trunk).where(Trunk.name == "differential-trunk"))
    engine.dispose()


def _port(address: str) -> int:
    return int(address.rpartition(":")[2])


def record_on_freeswitch(journey: Journey, freeswitch, fs_env, fs_database_url, passwords,
                         number: str, folder: Path) -> Recorded:
    folder.mkdir(parents=True)
    controller_port = processes.free_port()
    inbound = RecordingProxy(0, ("127.0.0.1", freeswitch.esl_port), ("client", "fs"),
                             folder, "inbound").start()
    # The dialplan's `socket` target (xml_curl renders VAXEL_CONTROLLER_LISTEN) is the proxy.
    outbound = RecordingProxy(_port(fs_env["VAXEL_CONTROLLER_LISTEN"]),
                              ("127.0.0.1", controller_port), ("fs", "controller"),
                              folder, "outbound").start()
    env = {**fs_env, "DATABASE_URL": fs_database_url,
           "VAXEL_ESL_ADDRESS": f"127.0.0.1:{inbound.port}",
           "VAXEL_CONTROLLER_LISTEN": f"127.0.0.1:{controller_port}",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf")}
    phone = None
    try:
        with processes.controller(env, folder) as log:
            if journey.alex == "offline":
                unregister(folder, ALEX, passwords[ALEX])
            elif journey.alex == "answers":
                phone = answering_phone(folder, ALEX, passwords[ALEX])
            caller = trunk_caller(folder, number, CALLER, journey.keys, journey.talk_ms)
            try:
                caller.finished(timeout=journey.talk_ms / 1000 + 30)
            finally:
                caller.close()
            # The socket's last word (the disconnect notice) and the inbound HANGUP_COMPLETE.
            wait_until(lambda: outbound.traces and any(
                v[0] == "disconnect" for v in differential.outbound_view(outbound.traces[0])),
                15, "no disconnect notice on the call's socket",
                lambda: processes.tail(log) + processes.tail(freeswitch.log))
            a_uuid = differential.call_uuid(outbound.traces[0])
            wait_until(lambda: any(("CHANNEL_HANGUP_COMPLETE" == v[0])
                                   for t in inbound.traces
                                   for v in differential.inbound_view(t, a_uuid)["A"]),
                       15, "no CHANNEL_HANGUP_COMPLETE on the inbound socket")
            if phone is not None:
                assert phone.finished() == 0, phone.explain()
    finally:
        if phone is not None:
            phone.close()
        inbound.stop()
        outbound.stop()
    a_uuid = differential.call_uuid(outbound.traces[0])
    main = next(t for t in inbound.traces if differential.inbound_view(t, a_uuid)["A"])
    return Recorded(outbound.traces[0], main)


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.name for j in JOURNEYS])
def test_the_double_gives_the_controller_what_freeswitch_gives_it(
        journey, freeswitch, fs_env, fs_database_url, xmlcurl_service, test_company,
        main_number, tmp_path):
    number, session_factory = main_number
    real = record_on_freeswitch(journey, freeswitch, fs_env, fs_database_url,
                                test_company.passwords, number, tmp_path / "real")
    keep = os.environ.get("VAXEL_RECORD_TRACES_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(real.outbound, Path(keep) / f"{journey.name}-outbound.trace")
        shutil.copy(real.inbound, Path(keep) / f"{journey.name}-inbound.trace")
    double = run_on_double(real.outbound, session_factory, tmp_path / "double")
    differential.assert_same(real.outbound, real.inbound, double.outbound, double.inbound)
