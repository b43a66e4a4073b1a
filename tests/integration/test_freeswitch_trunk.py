"""A carrier's call to a company number on a real FreeSWITCH: it is accepted only from a
trunk address, xml_curl's `public` dialplan picks the company by the number, and the call
is handed to the controller (`socket ... async full`), which answers it and runs the
number's service (the demo's Reception IVR)."""
from __future__ import annotations

import json
import subprocess
import time

import pytest
from sqlalchemy import delete, select

from . import processes
from .harness import DOMAIN, TRUNK_ADDRESS
from .sipp import explain, sipp_command

pytestmark = pytest.mark.freeswitch
EXTERNAL = "127.0.0.1:5080"
STRANGER = "127.0.0.6"  # not a trunk address
CALLER = "+46701234567"


def call_from(address: str, cwd, scenario: str, number: str, timeout_s: int = 20):
    command = sipp_command(scenario, EXTERNAL, "-s", number, "-key", "caller", CALLER,
                           "-key", "domain", DOMAIN, timeout_s=timeout_s)
    command[command.index("-i") + 1] = address
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout_s + 10, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def company_number(test_company, fs_database_url):
    """(the demo company's main number, the id of the service it rings), with a trunk row
    for TRUNK_ADDRESS so that xml_curl knows which carrier the call came from."""
    from vaxel.db import make_engine, make_session_factory
    from vaxel.numbers.models import PhoneNumber, Trunk
    from vaxel.tenancy.models import Company

    engine = make_engine(fs_database_url)
    try:
        with make_session_factory(engine)() as session:
            company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
            number = session.scalar(select(PhoneNumber).where(
                PhoneNumber.company_id == company.id, PhoneNumber.service_id.is_not(None)))
            session.add(Trunk(company_id=company.id, name="integration-trunk", gateway="carrier",
                              source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=10))
            session.commit()
            found = number.e164, number.service_id
        yield found
        with make_session_factory(engine)() as session:
            session.execute(delete(Trunk).where(Trunk.name == "integration-trunk"))
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def controller(freeswitch, fs_env, fs_database_url, tmp_path_factory):
    """`scripts.cli serve-controller`, taking the dialplan's socket calls; yields its log."""
    root = tmp_path_factory.mktemp("trunk-controller")
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_LOG_FORMAT": "json",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf"), "VAXEL_DATA_DIR": str(root / "data")}
    with processes.controller(env, root) as log:
        yield log


def handled_calls(log) -> list[str]:
    """The controller's "call … from … → …" lines: one per call it took over the socket."""
    messages = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            message = json.loads(line).get("msg", "")
        except (ValueError, AttributeError):
            continue
        if message.startswith("call ") and " from " in message:
            messages.append(message)
    return messages


def test_trunk_call_to_a_company_number_reaches_the_controller(
        freeswitch, xmlcurl_service, company_number, controller, sipp_dir):
    e164, service_id = company_number
    start = freeswitch.log.stat().st_size
    result = call_from(TRUNK_ADDRESS, sipp_dir, "uac_answered.xml", e164)
    with freeswitch.log.open("rb") as handle:
        handle.seek(start)
        log = handle.read().decode(errors="replace")  # this call's lines only
    assert result.returncode == 0, explain(result, sipp_dir) + log[-4000:] + processes.tail(controller)
    # The dialplan handed the call over (not the fallback), and the controller ran it.
    assert "in context public" in log and "async full)" in log, log[-4000:]
    assert "Socket Error" not in log and "xml_curl gave no dialplan" not in log, log[-4000:]
    # The demo's reception menu was played, and heard: a `say:` prompt without a TTS engine
    # is "Invalid Args".
    assert "play_and_get_digits" in log and "Welcome to" in log, log[-4000:]
    assert "Invalid Args" not in log, log[-4000:]
    assert any(m.endswith(f"from {CALLER} → service:{service_id}") for m in handled_calls(controller)), \
        processes.tail(controller)


def test_call_from_an_address_that_is_no_trunk_is_refused(freeswitch, xmlcurl_service,
                                                          company_number, sipp_dir):
    result = call_from(STRANGER, sipp_dir, "uac_refused.xml", company_number[0])
    assert result.returncode == 0, explain(result, sipp_dir) + freeswitch.log.read_text()[-3000:]


def test_the_next_call_hears_the_menu_from_the_file_rendered_once(
        freeswitch, xmlcurl_service, company_number, controller, sipp_dir):
    """The first call spoke the greeting with say: (mod_flite, on the switch); the controller
    rendered it to sounds/tts meanwhile, and a later call plays that WAV instead."""
    rendered = controller.parent / "data" / "sounds" / "tts"
    # A call that reaches the menu, however slow a fresh xml_curl worker's first answer is
    # (FreeSWITCH gives up after 4 s and refuses the call): up to three tries.
    for _ in range(3):
        call_from(TRUNK_ADDRESS, sipp_dir, "uac_answered.xml", company_number[0])
        deadline = time.monotonic() + 10
        while not any(rendered.glob("kal-*.wav")) and time.monotonic() < deadline:
            time.sleep(0.2)
        if any(rendered.glob("kal-*.wav")):
            break
    assert any(rendered.glob("kal-*.wav")), processes.tail(controller)
    start = freeswitch.log.stat().st_size
    result = call_from(TRUNK_ADDRESS, sipp_dir, "uac_answered.xml", company_number[0])
    with freeswitch.log.open("rb") as handle:
        handle.seek(start)
        log = handle.read().decode(errors="replace")
    assert result.returncode == 0, explain(result, sipp_dir) + log[-4000:]
    menu = [line for line in log.splitlines() if "play_and_get_digits(" in line]
    assert menu and str(rendered / "kal-") in menu[0] and "say:" not in menu[0], log[-4000:]
    assert "Invalid" not in log and "Can't open" not in log and "File not found" not in log.replace(
        "say:", ""), log[-4000:]
