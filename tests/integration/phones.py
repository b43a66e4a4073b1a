"""sipp phones, a sipp carrier and a trunk caller, for journeys on the real FreeSWITCH.

- `registered_phone`: a SIP user's phone, registered with its password, that answers every
  call and sends audio (g711a.pcap), or is busy (486), declines (603), or rings unanswered;
  unregistered and stopped when the `with` block ends, so later tests find the user offline.
- `Carrier`: a sipp UAS on the trunk address, reached through a gateway file on the
  external profile; it answers what the switch dials out and keeps the INVITEs it got.
- `trunk_call`: a carrier's caller to a company number; sipp does the SIP, a
  tests.integration.rtp.RtpEndpoint sends audio and presses keys when the test says so.
"""
from __future__ import annotations

import enum
import re
import secrets
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import processes
from .calllog import the_call_log_row
from .harness import DOMAIN, TRUNK_ADDRESS
from .rtp import RtpEndpoint
from .sipp import SCENARIOS, explain, free_port_udp, run_sipp, sipp_command
from .switch_events import CallLegs, SwitchWatch
from .waiting import wait_until

INTERNAL = "127.0.0.1:5060"
EXTERNAL = "127.0.0.1:5080"
CALLER = "+46701234567"
_REQUEST_LINE = re.compile(r"^(INVITE|CANCEL|BYE) sip:(\S+) SIP/2\.0", re.M)
_MESSAGE_SEPARATOR = re.compile(r"^-{20,} .*$", re.M)  # between messages in -trace_msg


class Mode(enum.Enum):
    """A phone's scenario, and a status line to put in place of its 486 (None: as it is)."""

    ANSWER = ("phone_answer.xml", None)
    BUSY = ("phone_refuse.xml", None)
    DECLINE = ("phone_refuse.xml", "603 Decline")
    RING = ("phone_ring.xml", None)

    def scenario(self, cwd: Path) -> Path:
        name, status = self.value
        if status is None:
            return SCENARIOS / name
        path = cwd / f"{self.name.lower()}_{name}"
        path.write_text((SCENARIOS / name).read_text().replace("486 Busy Here", status))
        return path


@dataclass
class SippUas:
    """A sipp UAS running in the background, taking calls until stopped."""

    process: subprocess.Popen
    cwd: Path
    scenario: str
    port: int

    @classmethod
    def start(cls, cwd: Path, mode: Mode, address: str, lifetime_s: int) -> "SippUas":
        port = free_port_udp()
        scenario = mode.scenario(cwd)
        command = sipp_command(scenario, "", "-mp", str(free_port_udp()),
                               "-trace_msg", port=port, timeout_s=lifetime_s, address=address,
                               calls=None)
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        return cls(process, cwd, scenario.name, port)

    def requests(self) -> list[tuple[str, str]]:
        """(method, request URI) of the INVITEs, CANCELs and BYEs this UAS received."""
        return [m.groups() for block in self.messages() for m in _REQUEST_LINE.finditer(block)]

    def messages(self, method: str = "") -> list[str]:
        """The whole text of each message this UAS received (only `method`'s, if given)."""
        log = self.cwd / f"{Path(self.scenario).stem}_{self.process.pid}_messages.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return [block for block in _MESSAGE_SEPARATOR.split(text) if "message received" in block
                and (not method or re.search(rf"^{method} sip:", block, re.M))]

    def received(self, method: str) -> list[str]:
        return [uri for m, uri in self.requests() if m == method]

    def wait_for_request(self, method: str, timeout: float, skip: int = 0) -> str:
        """The request URI of the `method` received after the first `skip` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received(method)[skip:]
            if found:
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"{self.scenario} on port {self.port} got no {method} within "
                             f"{timeout:.0f} s; it got {self.requests()}")

    def stop(self) -> None:
        processes.stop(self.process, timeout=5)


def register(cwd: Path, user: str, password: str, contact_port: int, expires: int = 300,
             tries: int = 3) -> subprocess.CompletedProcess:
    """REGISTER `user` with digest auth (tests/sipp/register.xml); expires=0 unregisters.
    Tried again after a refusal, as a phone does: on a loaded machine the switch's
    directory look-up (xml_curl, 4 s time-out) can fail and the REGISTER gets a 403."""
    scenario: str | Path = "register.xml"
    if expires != 300:
        scenario = cwd / f"register_{expires}.xml"
        scenario.write_text((SCENARIOS / "register.xml").read_text()
                            .replace("Expires: 300", f"Expires: {expires}"))
    for _ in range(tries):
        result = run_sipp(cwd, scenario, INTERNAL, "-s", user, "-key", "domain", DOMAIN,
                          "-key", "contact_port", str(contact_port), "-au", user, "-ap", password)
        if result.returncode == 0:
            break
    return result


def make_offline(cwd: Path, user: str, password: str) -> None:
    """Leave `user` with no registration, whatever earlier tests left: with one contact per
    user (multiple-registrations=false) a new one replaces it, and is then removed."""
    port = free_port_udp()
    for expires in (300, 0):
        result = register(cwd, user, password, port, expires)
        assert result.returncode == 0, f"{user}: REGISTER {expires} failed\n{explain(result, cwd)}"


@contextmanager
def registered_phone(cwd: Path, user: str, password: str, mode: Mode = Mode.ANSWER,
                     lifetime_s: int = 90) -> Iterator[SippUas]:
    phone = SippUas.start(cwd, mode, "127.0.0.1", lifetime_s)
    try:
        result = register(cwd, user, password, phone.port)
        assert result.returncode == 0, f"phone {user} did not register\n{explain(result, cwd)}"
        yield phone
    finally:
        gone = register(cwd, user, password, phone.port, expires=0)
        phone.stop()
        assert gone.returncode == 0, f"phone {user} did not unregister\n{explain(gone, cwd)}"


class Carrier:
    """A sipp UAS at the trunk address answering the calls sent to gateway `name`."""

    def __init__(self, cwd: Path, conf: Path, watch: SwitchWatch, name: str = "journey-carrier"):
        self.name = name
        self.watch = watch
        self.uas = SippUas.start(cwd, Mode.ANSWER, TRUNK_ADDRESS, lifetime_s=3600)
        self.file = conf / "sip_profiles" / "external" / f"{name}.xml"

    def __enter__(self) -> "Carrier":
        # The pre-processor drops any line holding <include>: keep it alone on its line.
        self.file.write_text(
            "<include>\n"
            f'  <gateway name="{self.name}">\n'
            f'    <param name="proxy" value="{TRUNK_ADDRESS}:{self.uas.port}"/>\n'
            '    <param name="register" value="false"/>\n'
            '    <param name="caller-id-in-from" value="true"/>\n'
            "  </gateway>\n"
            "</include>\n")
        self.watch.api("reloadxml")
        self.watch.api("sofia profile external rescan")
        deadline = time.monotonic() + 10
        while self.name not in self.watch.api("sofia status gateway"):
            assert time.monotonic() < deadline, self.watch.api("sofia status gateway")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        self.watch.api(f"sofia profile external killgw {self.name}")
        self.file.unlink(missing_ok=True)
        self.uas.stop()

    def calls_so_far(self) -> int:
        return len(self.uas.received("INVITE"))

    def dialled(self, timeout: float, skip: int = 0) -> str:
        """The number dialled out (request URI user part) in the INVITE after `skip` others."""
        return self.uas.wait_for_request("INVITE", timeout, skip).partition("@")[0]


@dataclass
class TrunkCall:
    legs: CallLegs
    media: RtpEndpoint
    process: subprocess.Popen
    cwd: Path

    def menu(self, contains: str, timeout: float = 15.0, after=None):
        """Wait until the caller hears the menu whose prompt holds `contains`."""
        return self.legs.executed("play_and_get_digits", timeout, contains, after)

    def press(self, keys: str) -> None:
        self.media.press(keys)

    def hears_sound(self, packets: int = 25, timeout: float = 10.0) -> None:
        """Wait until the caller gets `packets` more packets of sound (not silence)."""
        heard = self.media.loud_received
        wait_until(lambda: self.media.loud_received > heard + packets, timeout,
                   f"sound at the caller of call {self.legs.uuid}")

    def log_row(self, url: str):
        """The call's one call-log row (see calllog.the_call_log_row)."""
        return the_call_log_row(url, self.legs.uuid, self.legs.uuids())

    def finish(self, timeout: float = 20.0) -> int:
        """End the call if it still runs; sipp's exit code (0: the call went as scripted)."""
        if self.process.poll() is None:
            self.legs.hang_up()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            return -9


@contextmanager
def trunk_call(cwd: Path, watch: SwitchWatch, number: str, caller: str = CALLER,
               lifetime_s: int = 60) -> Iterator[TrunkCall]:
    """A call from the carrier to `number`, ended (from the switch) when the block ends."""
    call_id = f"journey-{secrets.token_hex(6)}"
    with RtpEndpoint(TRUNK_ADDRESS) as media:
        command = sipp_command("trunk_caller.xml", EXTERNAL, "-s", number, "-key", "caller", caller,
                               "-key", "domain", DOMAIN, "-key", "rtp_port", str(media.port),
                               "-recv_timeout", str(lifetime_s * 1000), "-cid_str",
                               f"{call_id}-%u@%s", timeout_s=lifetime_s, address=TRUNK_ADDRESS)
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
        call = None
        try:
            call = TrunkCall(CallLegs(watch, call_id), media, process, cwd)
            yield call
        finally:
            if call is not None:
                call.finish()
            elif process.poll() is None:
                process.kill()
            process.wait(10)
