"""sipp phones for call-command journeys on the real FreeSWITCH: a phone that registers and
answers (tests/sipp/cmd_phone.xml), a phone that places a call and talks until hung up
(cmd_call.xml), and the SIP messages each one received, read from sipp's message log."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .harness import DOMAIN, TRUNK_ADDRESS
from .sipp import explain, free_port_udp, run_sipp, sipp_command
from .waiting import wait_until

SIP = "127.0.0.1:5060"
EXTERNAL = "127.0.0.1:5080"  # the trunks' profile
SCENARIOS = Path(__file__).resolve().parents[1] / "sipp"
DTMF_PCAP = "/usr/share/sip-tester/dtmf_2833_{}.pcap"
# sipp writes one of these before each message it logs.
_RECEIVED = re.compile(r"^-+ (\S+)\s+(\d+):(\d+):([\d.]+)\n"
                       r"UDP message received \[\d+\] bytes :\n\n", re.M)
_LOGGED = re.compile(r"^-{20,}.*$|^UDP message sent.*$", re.M)


@dataclass(frozen=True)
class SipMessage:
    first_line: str
    headers: dict[str, str]
    at: float  # seconds since midnight, as sipp logged its arrival

    @property
    def method(self) -> str:
        """INVITE, BYE… for a request; '' for a response."""
        return "" if self.first_line.startswith("SIP/2.0") else self.first_line.split(" ", 1)[0]


def received_messages(log: Path) -> list[SipMessage]:
    """What sipp received, in order, from its -message_file (requests and responses)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    found = []
    for match in _RECEIVED.finditer(text):
        rest = text[match.end():]
        end = _LOGGED.search(rest)
        lines = (rest[:end.start()] if end else rest).split("\n")
        headers = {}
        for line in lines[1:]:
            if not line.strip():
                break
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), value.strip())
        hours, minutes, seconds = match.group(2, 3, 4)
        at = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        found.append(SipMessage(lines[0].strip(), headers, at))
    return found


class SippPhone:
    """One sipp process and its message log; stopped (killed if need be) by close()."""

    def __init__(self, cwd: Path, name: str, scenario: str | Path, target: str, *options: str,
                 port: int | None = None, calls: int = 1, timeout_s: int = 60,
                 address: str = "127.0.0.1"):
        self.cwd, self.name = cwd, name
        self.port = port or free_port_udp()
        self.log = cwd / f"{name}_messages.log"
        command = sipp_command(scenario, target, *options, port=self.port, timeout_s=timeout_s,)
        command[command.index("-m") + 1] = str(calls)
        command[command.index("-i") + 1] = address
        command += ["-trace_msg", "-message_file", str(self.log)]
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        text=True)

    def received(self, method: str | None = None) -> list[SipMessage]:
        messages = received_messages(self.log)
        return [m for m in messages if method is None or m.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[SipMessage]:
        return wait_until(lambda: len(self.received(method)) >= count and self.received(method),
                          timeout, f"{self.name} got no {method} #{count}", self.explain)

    def finished(self, timeout: float = 15.0) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"{self.name} still running after {timeout:.0f} s\n{self.explain()}") from None

    def explain(self) -> str:
        lines = [f"{self.name}: {m.first_line}" for m in self.received()]
        return "\n".join(lines) + "\n" + _errors(self.cwd)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        if self.process.stdout:
            self.process.stdout.close()


def _errors(cwd: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-1500:] for p in sorted(cwd.glob("*_errors.log")))


def register(cwd: Path, user: str, password: str, contact_port: int) -> None:
    result = run_sipp(cwd, "register.xml", SIP, "-s", user, "-key", "domain", DOMAIN,
                      "-key", "contact_port", str(contact_port), "-au", user, "-ap", password)
    assert result.returncode == 0, explain(result, cwd)


def answering_phone(cwd: Path, user: str, password: str, calls: int = 1) -> SippPhone:
    """`user`'s phone, registered, answering up to `calls` calls with audio."""
    phone = SippPhone(cwd, f"phone{user}", "cmd_phone.xml", "", calls=calls)
    try:
        register(cwd, user, password, phone.port)
    except AssertionError:
        phone.close()
        raise
    return phone


def calling_phone(cwd: Path, user: str, password: str, destination: str) -> SippPhone:
    """`user` dials `destination` and talks until the far end hangs up."""
    return SippPhone(cwd, f"caller{user}", "cmd_call.xml", SIP, "-s", destination,
                     "-key", "caller", user, "-key", "domain", DOMAIN, "-au", user,
                     "-ap", password)


def unregister(cwd: Path, user: str, password: str) -> None:
    """Take every registration of `user` away: calls to it fail as USER_NOT_REGISTERED."""
    result = run_sipp(cwd, "cmd_unregister.xml", SIP, "-s", user, "-key", "domain", DOMAIN,
                      "-au", user, "-ap", password)
    assert result.returncode == 0, explain(result, cwd)


def trunk_caller(cwd: Path, number: str, caller: str, keys: str = "", talk_ms: int = 3000,
                 key_after_ms: int = 1500) -> SippPhone:
    """A carrier's caller dialling `number`: `key_after_ms` after the answer it keys `keys`
    (RFC 2833, one pcap per digit; each digit once: a repeated pcap repeats its RTP
    timestamps and FreeSWITCH drops the repeat), then stays `talk_ms` and hangs up."""
    if len(set(keys)) != len(keys):
        raise ValueError("each digit at most once per call (the pcaps' timestamps repeat)")
    pressed = "".join(
        f'<pause milliseconds="{key_after_ms if i == 0 else 400}"/>\n'
        f'<nop><action><exec play_pcap_audio="{DTMF_PCAP.format(d)}"/></action></nop>\n'
        for i, d in enumerate(keys))
    text = (SCENARIOS / "cmd_trunk_caller.xml").read_text()
    path = cwd / f"cmd_trunk_caller_{keys or 'nokeys'}_{talk_ms}.xml"
    path.write_text(text.replace("<!-- KEYS -->", pressed).replace("TALK_MS", str(talk_ms)))
    return SippPhone(cwd, f"trunk{caller.lstrip('+')}", path, EXTERNAL, "-s", number,
                     "-key", "caller", caller, "-key", "domain", DOMAIN, address=TRUNK_ADDRESS)
