"""The scale-out topology on loopback addresses (docs/scale-out.md): Kamailio in front of
two FreeSWITCH nodes, each with its own xml_curl service and controller (or one controller
following both: one_controller_for), all on one PostgreSQL database. The nodes know two
Kamailios; the second one is started only by the tests of two proxies.

Addresses stay clear of the single-switch tests (127.0.0.1:5060/5080, carrier 127.0.0.5),
which may run at the same time on a shared machine: Kamailio 127.0.0.20 (the second one
127.0.0.19), nodes 127.0.0.21 and 127.0.0.22 (SIP ports 5060/5080 of freeswitch-conf, on
their own addresses), the carrier 127.0.0.25, phones 127.0.0.26-27. Event Sockets,
xml_curl and controllers listen on free loopback ports.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from sqlalchemy import select

from scripts.freeswitch_run import silence_wav
from scripts.render_kamailio_conf import PHONE_SET, SIP_PORT, TRUNK_PORT, TRUNK_SET
from scripts.render_kamailio_conf import render as render_kamailio
from tests.integration import processes
from tests.integration.esl import EslSession
from tests.scaleout.tcp_bridge import tcp_reachable

PROXY, SECOND_PROXY = "127.0.0.20", "127.0.0.19"
NODES = ("127.0.0.21", "127.0.0.22")
CARRIER = "127.0.0.25"
PHONE_IP, CALLER_IP = "127.0.0.26", "127.0.0.27"
DOMAIN = PROXY  # the company's SIP domain: the address its phones send to
KAMAILIO_CONF = processes.REPO / "kamailio-conf"
START_TIMEOUT = 60.0


def create_company(database_url: str) -> tuple[dict[str, str], str]:
    """The demo company in DOMAIN with known passwords for 1000 and 1001 and the carrier's
    trunk; returns (passwords, the company number that rings its reception menu)."""
    from vaxel.db import make_engine, make_session_factory
    from vaxel.demo import load_demo
    from vaxel.numbers.models import PhoneNumber, Trunk
    from vaxel.tenancy.models import Company

    passwords = {ext: f"Pw-{secrets.token_urlsafe(12)}" for ext in ("1000", "1001")}
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            load_demo(session, DOMAIN, passwords=passwords)
            company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
            session.add(Trunk(company_id=company.id, name="scale-trunk", gateway="carrier",
                              source_addresses=[f"{CARRIER}/32"], priority=10))
            number = session.scalar(select(PhoneNumber).where(
                PhoneNumber.company_id == company.id, PhoneNumber.service_id.is_not(None)))
            session.commit()
            return passwords, number.e164
    finally:
        engine.dispose()


QUEUE_NUMBER = "+46812345699"  # rings the demo's sales queue straight, no menu first
QUEUE_AGENT = "1001"  # Daria, a member of the sales queue
# Quick, and quiet while waiting (no announcement, no callback offer: only music), with no
# limit on the wait, so a waiting caller stays until a test ends the call.
QUEUE_SETTINGS = dict(strategy="ordered", ring_seconds=10, wrapup_seconds=1,
                      max_missed_offers=0, announce_every_seconds=0, callback_enabled=False,
                      max_wait_seconds=0)


def set_up_queue(database_url: str) -> dict[str, int]:
    """The sales queue on QUEUE_NUMBER with QUEUE_SETTINGS; its ids and the agent's."""
    from vaxel.actor import Actor
    from vaxel.db import make_engine, make_session_factory
    from vaxel.numbers.services import add_number
    from vaxel.people.models import User
    from vaxel.queues.services import configure_queue
    from vaxel.switchboard.models import SwitchboardService
    from vaxel.tenancy.models import Company

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine).begin() as session:
            company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
            sales = session.scalar(select(SwitchboardService).where(
                SwitchboardService.company_id == company.id, SwitchboardService.name == "Sales"))
            actor = Actor.system(company_id=company.id)
            configure_queue(session, actor, sales, **QUEUE_SETTINGS)
            add_number(session, actor, company, QUEUE_NUMBER, service=sales)
            agent = session.scalar(select(User.id).where(User.company_id == company.id,
                                                         User.extension == QUEUE_AGENT))
            return {"company_id": company.id, "queue_id": sales.id, "agent_id": agent}
    finally:
        engine.dispose()


def shared_env(database_url: str, moh_dir: Path) -> dict[str, str]:
    """The settings every piece shares (each node adds its own addresses)."""
    return {
        "DATABASE_URL": database_url,
        "VAXEL_ESL_PASSWORD": secrets.token_urlsafe(18),
        "VAXEL_XMLCURL_USER": "freeswitch",
        "VAXEL_XMLCURL_PASSWORD": secrets.token_urlsafe(18),
        "VAXEL_MOH_DIR": str(silence_wav(moh_dir / "silence.wav").parent),
        "VAXEL_TRUNK_ADDRESSES": CARRIER,
        "VAXEL_SIP_PROXY": f"{PROXY},{SECOND_PROXY}",
        "VAXEL_SIP_PROXY_SECRET": secrets.token_urlsafe(18),
        "VAXEL_FS_NODES": " ".join(NODES),
        "VAXEL_LOG_FORMAT": "json",
        "VAXEL_SPEECH_CACHE": "off",
    }


@dataclass
class Node:
    """One FreeSWITCH node with its xml_curl service and controller."""

    ip: str
    env: dict[str, str]
    root: Path
    command: list[str]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def esl_port(self) -> int:
        return int(self.env["VAXEL_ESL_ADDRESS"].rpartition(":")[2])

    @property
    def log(self) -> Path:
        return self.root / "log" / "freeswitch.log"

    def api(self, command: str) -> str:
        session = EslSession(self.esl_port)
        try:
            assert session.auth(self.env["VAXEL_ESL_PASSWORD"]).startswith("+OK")
            return session.api(command)
        finally:
            session.close()

    def sessions_since_start(self) -> int:
        """FreeSWITCH's own count of calls (channels) it has created since it started."""
        for line in self.api("status").splitlines():
            if "session(s) since startup" in line:
                return int(line.split()[0])
        raise AssertionError(f"no session count in status of {self.ip}")

    def start_switch(self) -> None:
        process = processes.start(self.command, self.root, "freeswitch")
        self.processes["freeswitch"] = process
        try:
            processes.wait_for_port(self.esl_port, process, START_TIMEOUT)
            wait_for_sofia(self, START_TIMEOUT)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"FreeSWITCH {self.ip} did not start: {exc}\n"
                               f"{processes.tail(self.log)}") from exc

    def wait_for_controller(self, timeout: float = START_TIMEOUT) -> None:
        """Until the node's controller follows its Event Socket again (healthy): a call the
        node takes before that is handled (the socket call reaches the controller) but its
        end is not heard, so it would miss the call log."""
        port = int(self.env["VAXEL_CONTROLLER_METRICS_LISTEN"].rpartition(":")[2])
        processes.wait_for_health(port, self.processes["controller"], timeout, answers=3)

    def kill_switch(self) -> None:
        """As a crash: SIGKILL, no goodbye to anyone."""
        process = self.processes["freeswitch"]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for name in ("controller", "freeswitch", "xmlcurl"):
            if name in self.processes:
                processes.stop(self.processes[name])


def wait_for_sofia(node: Node, timeout: float) -> None:
    """Both profiles running on the node's address (a profile that cannot bind gives up)."""
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        status = node.api("sofia status")
        if status.count("RUNNING") >= 2:
            return
        time.sleep(0.3)
    raise TimeoutError(f"sofia profiles of {node.ip} not running: {status}")


def node_env(base: Mapping[str, str], ip: str, data_dir: Path) -> dict[str, str]:
    port = processes.free_port
    return {**base,
            "VAXEL_SIP_IP": ip,
            "VAXEL_NODE": ip,  # its controller takes only its own calls' commands
            "VAXEL_ESL_ADDRESS": f"127.0.0.1:{port()}",
            "VAXEL_XMLCURL_LISTEN": f"127.0.0.1:{port()}",
            "VAXEL_CONTROLLER_LISTEN": f"127.0.0.1:{port()}",
            "VAXEL_CONTROLLER_METRICS_LISTEN": f"127.0.0.1:{port()}",
            "VAXEL_DATA_DIR": str(data_dir)}


def start_node(base_env: Mapping[str, str], ip: str, root: Path, binary: str) -> Node:
    env = node_env(base_env, ip, root / "data")
    processes.prepare_run_dir(root, env)
    env["VAXEL_FS_CONF_DIR"] = str(root / "conf")
    node = Node(ip, env, root, processes.freeswitch_command(binary, root))
    try:
        # answers=6: every xml_curl worker up (a slow first answer outlasts mod_xml_curl's).
        start_service(node, "xmlcurl", "VAXEL_XMLCURL_LISTEN", answers=6)
        node.start_switch()
        start_service(node, "controller", "VAXEL_CONTROLLER_METRICS_LISTEN")
    except Exception:
        node.stop()
        raise
    return node


@contextmanager
def one_controller_for(nodes: list[Node], root: Path) -> Iterator[subprocess.Popen]:
    """The nodes' own controllers replaced by one process following them all (VAXEL_NODES,
    each on the listener its node's dialplan names; its output in root/controller.out).
    The nodes' own controllers are back afterwards."""
    for node in nodes:
        processes.stop(node.processes.pop("controller"))
    env = {name: value for name, value in nodes[0].env.items()
           if name not in ("VAXEL_NODE", "VAXEL_ESL_ADDRESS", "VAXEL_CONTROLLER_LISTEN")}
    env["VAXEL_NODES"] = " ".join(
        f"{node.ip}={node.env['VAXEL_ESL_ADDRESS']}/{node.env['VAXEL_CONTROLLER_LISTEN']}"
        for node in nodes)
    port = processes.free_port()
    env["VAXEL_CONTROLLER_METRICS_LISTEN"] = f"127.0.0.1:{port}"
    try:
        process = processes.start_service("controller", env, root, port, START_TIMEOUT)
        try:
            yield process
        finally:
            processes.stop(process)
    finally:
        for node in nodes:
            start_service(node, "controller", "VAXEL_CONTROLLER_METRICS_LISTEN")


def start_service(node: Node, service: str, port_variable: str, answers: int = 1) -> None:
    """The node's xml_curl or controller, once healthy."""
    port = int(node.env[port_variable].rpartition(":")[2])
    try:
        node.processes[service] = processes.start_service(service, node.env, node.root, port,
                                                          START_TIMEOUT, answers)
    except RuntimeError as exc:
        raise RuntimeError(f"node {node.ip}: {exc}") from exc


@dataclass
class Kamailio:
    ip: str
    command: list[str]
    root: Path
    process: subprocess.Popen | None = None

    @property
    def out(self) -> Path:
        return self.root / "kamailio.out"

    def rpc(self, *command: str) -> str:
        result = subprocess.run(["kamcmd", "-s", f"unix:{self.root / 'run' / 'kamailio_ctl'}",
                                 *command], capture_output=True, text=True, timeout=10)
        return result.stdout + result.stderr

    def active_nodes(self) -> set[str]:
        """Nodes whose phone-facing destination the dispatcher holds active (flags A...)."""
        active, uri = set(), None
        for line in self.rpc("dispatcher.list").splitlines():
            line = line.strip()
            if line.startswith("URI:"):
                uri = line.split("sip:", 1)[1].split(":")[0]
            elif line.startswith("FLAGS:") and uri and line.split()[1].startswith("A"):
                active.add(uri)
        return active

    def wait_for_nodes(self, wanted: set[str], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.active_nodes() != wanted:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Kamailio's active nodes {self.active_nodes()} != {wanted}:\n"
                                   f"{self.rpc('dispatcher.list')}")
            time.sleep(0.3)

    def set_node_state(self, ip: str, state: str) -> None:
        """`kamcmd dispatcher.set_state` for the node's phone and carrier destinations:
        "d" takes it out (docs/scale-out.md, draining a node), "ap" puts it back."""
        for group, port in ((PHONE_SET, SIP_PORT), (TRUNK_SET, TRUNK_PORT)):
            reply = self.rpc("dispatcher.set_state", state, str(group), f"sip:{ip}:{port}")
            assert "error" not in reply.lower(), reply

    def start(self) -> None:
        """Start (again), once its control socket is there."""
        control = self.root / "run" / "kamailio_ctl"
        control.unlink(missing_ok=True)  # left behind by a killed one
        self.process = processes.start(self.command, self.root, "kamailio")
        deadline = time.monotonic() + START_TIMEOUT
        while not control.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Kamailio {self.ip} did not start:\n{processes.tail(self.out)}")
            time.sleep(0.2)

    def kill(self) -> None:
        """As a crash: SIGKILL to it and its children, no goodbye to anyone."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process)


def start_kamailio(env: Mapping[str, str], root: Path, ip: str = PROXY) -> Kamailio:
    """The Kamailio at `ip`, one of VAXEL_SIP_PROXY."""
    conf, run = root / "conf", root / "run"
    shutil.copytree(KAMAILIO_CONF, conf, ignore=shutil.ignore_patterns("*.local.cfg", "dispatcher.list"))
    run.mkdir(parents=True, exist_ok=True)
    # Kamailio reaches PostgreSQL over TCP only (the embedded one has just a Unix socket).
    render_kamailio({**env, "DATABASE_URL": tcp_reachable(env["DATABASE_URL"]), "VAXEL_SIP_IP": ip},
                    conf, run)
    command = ["kamailio", "-DD", "-E", "-f", str(conf / "kamailio.cfg"), "-Y", str(run),
               "-P", str(run / "kamailio.pid")]
    kamailio = Kamailio(ip, command, root)
    kamailio.start()
    return kamailio
