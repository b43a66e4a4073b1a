"""Set-up for scripts/bench_trunk_calls.py: the company, the processes, the sipp runs.

Everything runs on loopback with the integration harness's building blocks
(tests/integration/processes.py): FreeSWITCH on a rendered copy of freeswitch-conf, the
xml_curl service and the controller as production starts them (`scripts.cli serve-…`).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from tests.integration import processes
from tests.integration.harness import DOMAIN, TRUNK_ADDRESS, freeswitch_binary
from tests.integration.sipp import SIPP, free_port_udp
from vaxel.actor import Actor
from vaxel.calls.events import CallDirection
from vaxel.calls.models import CallLogEntry
from vaxel.db import make_engine, make_session_factory
from vaxel.models import ServiceKind, Trunk
from vaxel.numbers.services import add_number
from vaxel.people.services import add_sip_device, create_user
from vaxel.queues.models import EntryOutcome, QueueEntry
from vaxel.queues.services import add_member, configure_queue, log_in
from vaxel.switchboard.ivr.services import create_menu, set_option
from vaxel.switchboard.services import create_service
from vaxel.tenancy.models import Plan
from vaxel.tenancy.services import create_company

SYSTEM = Actor.system()  # who sets the rows up

SCENARIOS = Path(__file__).resolve().parent / "sipp"
NUMBER = "+4681234560"  # the company's number: the reception menu
FLOOR_NUMBER = "+4681234599"  # nobody's number: FreeSWITCH's static floor extension answers
GREETING = "Welcome to Bench. For sales, press 1."
# The floor: what FreeSWITCH does alone, without xml_curl's route or the controller.
FLOOR_EXTENSION = f"""
    <extension name="bench_floor">
      <condition field="destination_number" expression="^\\{FLOOR_NUMBER}$">
        <action application="answer"/>
        <action application="playback" data="{{prompt}}"/>
        <action application="park"/>
      </condition>
    </extension>
"""


@dataclass(frozen=True)
class Agent:
    extension: str
    password: str


def load_company(url: str, agents: int) -> list[Agent]:
    """A company whose number answers with a menu: 1 (or nothing) the sales queue, where
    `agents` colleagues are logged in; calls from TRUNK_ADDRESS are its carrier's."""
    factory = make_session_factory(make_engine(url))
    now = dt.datetime.now(dt.timezone.utc)
    with factory.begin() as s:
        company = create_company(s, SYSTEM, "Bench AB", DOMAIN)
        company.plan = Plan.UNLIMITED
        s.add(Trunk(company_id=company.id, name="bench-trunk", gateway="carrier",
                    source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=10))
        sales = create_service(s, SYSTEM, company, ServiceKind.QUEUE, "Sales", extension="4601")
        # No wrap-up, and announcements off: a caller is offered as soon as an agent is free.
        queue = configure_queue(s, SYSTEM, sales, wrapup_seconds=0, announce_every_seconds=0,
                                callback_enabled=False)
        found = []
        for n in range(agents):
            user = create_user(s, SYSTEM, company, f"Agent {n}", str(2000 + n))
            password = secrets.token_urlsafe(12)
            add_sip_device(s, SYSTEM, company, user, password=password)
            add_member(s, SYSTEM, queue, user)
            log_in(s, Actor.of_user(user), user.id, queue.service_id, now=now)
            found.append(Agent(user.extension, password))
        reception = create_service(s, SYSTEM, company, ServiceKind.IVR, "Reception",
                                   extension="4600")
        menu = create_menu(s, SYSTEM, reception, "Welcome", entry=True, greeting_text=GREETING,
                           default_destination=f"service:{sales.id}")
        set_option(s, SYSTEM, menu, "1", f"service:{sales.id}", "Sales")
        add_number(s, SYSTEM, company, NUMBER, service=reception)
    return found


def incoming_logged(url: str, since: dt.datetime) -> int:
    """Call-log rows of incoming calls that started since `since`."""
    return _count(url, select(func.count()).select_from(CallLogEntry).where(
        CallLogEntry.started_at >= since, CallLogEntry.direction == CallDirection.INCOMING))


def reached_agent(url: str, since: dt.datetime) -> int:
    """Queue callers since `since` whom an agent answered."""
    return _count(url, select(func.count()).select_from(QueueEntry).where(
        QueueEntry.joined_at >= since, QueueEntry.outcome == EntryOutcome.ANSWERED))


def _count(url: str, query) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(query)
    finally:
        engine.dispose()


def environment() -> dict[str, str]:
    """The VAXEL_* settings FreeSWITCH's rendered files and the services share."""
    port = processes.free_port
    return {"VAXEL_ESL_ADDRESS": f"127.0.0.1:{port()}",
            "VAXEL_ESL_PASSWORD": secrets.token_urlsafe(18),
            "VAXEL_XMLCURL_LISTEN": f"127.0.0.1:{port()}", "VAXEL_XMLCURL_USER": "freeswitch",
            "VAXEL_XMLCURL_PASSWORD": secrets.token_urlsafe(18),
            "VAXEL_CONTROLLER_LISTEN": f"127.0.0.1:{port()}", "VAXEL_SIP_IP": "127.0.0.1",
            "VAXEL_TRUNK_ADDRESSES": TRUNK_ADDRESS, "VAXEL_LOG_LEVEL": "WARNING"}


def add_floor(conf: Path, prompt: Path) -> None:
    """Put the floor extension ahead of the fallback in the run's copy of public.xml."""
    public = conf / "dialplan" / "public.xml"
    marker = '<extension name="vaxel_unavailable">'
    body = public.read_text()
    public.write_text(body.replace(marker, FLOOR_EXTENSION.format(prompt=prompt) + marker, 1))


def tune(conf: Path, sessions_per_second: int | None, max_sessions: int | None) -> None:
    """Override switch.conf's limits in the run's copy (to measure another setting)."""
    path = conf / "autoload_configs" / "switch.conf.xml"
    body = path.read_text()
    for name, value in (("sessions-per-second", sessions_per_second),
                        ("max-sessions", max_sessions)):
        if value is not None:
            start = body.index(f'<param name="{name}" value="')
            end = body.index('"/>', start)
            body = body[:start] + f'<param name="{name}" value="{value}' + body[end:]
    path.write_text(body)


def sip_ports_free() -> bool:
    """Is anything (another helper's FreeSWITCH run) already on 5060/5080? Then its switch
    would answer our calls and registrations; never start beside it."""
    for port in (5060, 5080):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def start_freeswitch(root: Path, env: dict[str, str]) -> subprocess.Popen:
    if not sip_ports_free():
        raise SystemExit("127.0.0.1:5060 or :5080 is taken: another FreeSWITCH runs "
                         "(run this under flock /tmp/vaxel-fs.lock)")
    process = processes.start(processes.freeswitch_command(freeswitch_binary(), root), root,
                              "freeswitch")
    esl_port = int(env["VAXEL_ESL_ADDRESS"].rpartition(":")[2])
    try:
        processes.wait_for_port(esl_port, process, 60.0)
    except (RuntimeError, TimeoutError):
        processes.stop(process)
        log = processes.tail(root / "log" / "freeswitch.log")
        raise SystemExit("FreeSWITCH did not start:\n" + log) from None
    return process


def start_service(root: Path, env: dict[str, str], command: str, port: int | None = None,
                  health: int | None = None) -> subprocess.Popen:
    """`scripts.cli <command>`, once listening on `port` (or healthy on `health`)."""
    process = processes.start([sys.executable, "-m", "scripts.cli", command], root, command,
                              env={**os.environ, **env}, cwd=processes.REPO)
    try:
        if health is not None:
            processes.wait_for_health(health, process, 30.0)
        else:
            processes.wait_for_port(port, process, 30.0)
    except (RuntimeError, TimeoutError) as exc:
        processes.stop(process)
        log = processes.tail(root / f"{command}.out")
        raise SystemExit(f"{command} did not start: {exc}\n" + log) from exc
    return process


def register_agents(root: Path, agents: list[Agent], contact_port: int, tries: int = 3) -> None:
    """REGISTER every agent (digest auth), its contact the answering sipp's port. A fresh
    xml_curl worker can take longer than FreeSWITCH's 4 s on its first look-ups (then
    FreeSWITCH refuses with 403), so a failed round is tried again (registering twice is
    harmless); a round that leaves at most 1 % of the agents out is good enough."""
    for _ in range(tries):
        result = _register_round(root, agents, contact_port)
        failed = re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", result.stdout)
        if result.returncode == 0 or (failed and int(failed.group(1)) * 100 <= len(agents)):
            return
    raise SystemExit(f"agents did not register (sipp exited {result.returncode}):\n"
                     f"{result.stdout[-2000:]}{result.stderr[-1000:]}")


def _register_round(root: Path, agents: list[Agent], contact_port: int) -> subprocess.CompletedProcess:
    users = root / "agents.csv"
    users.write_text("SEQUENTIAL\n" + "".join(
        f"{a.extension};[authentication username={a.extension} password={a.password}]\n"
        for a in agents))
    command = [SIPP, "-sf", str(SCENARIOS / "bench_register.xml"), "-inf", str(users),
               "-i", "127.0.0.1", "-p", str(free_port_udp()), "-m", str(len(agents)),
               "-r", "50", "-l", "50", "-key", "domain", DOMAIN, "-key", "contact_port",
               str(contact_port), "-timeout", "60s", "-timeout_error", "-nostdin",
               "-trace_err", "127.0.0.1:5060"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=90,
                          stdin=subprocess.DEVNULL)


def answering_agents(root: Path, port: int) -> subprocess.Popen:
    """One sipp that answers every call to any agent, until stopped."""
    command = [SIPP, "-sf", str(processes.REPO / "tests" / "sipp" / "uas_answer.xml"),
               "-i", "127.0.0.1", "-p", str(port), "-nostdin", "-trace_stat", "-fd", "1",
               "-stf", str(root / "agents_stat.csv")]
    return processes.start(command, root, "agents")
