"""Phones, callers and a carrier played by sipp, for call journeys on the real FreeSWITCH.

Each sipp runs in the background (`SippCall`) with a media port of its own; sipp never reads
the RTP that arrives there, so the kernel's receive queue and drop count on that port
(/proc/net/udp) tell whether, and when, the far end's audio reached it.
"""
from __future__ import annotations

import socket
import struct
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .esl import EslSession
from .sipp import explain, free_port_udp, sipp_command
from .waiting import wait_until

SIP = "127.0.0.1:5060"
EXTERNAL = "127.0.0.1:5080"


@dataclass(frozen=True)
class RtpSeen:
    """What arrived on a UDP port so far: bytes queued (never read) and packets dropped once
    the queue was full. Both only grow while the socket lives."""

    queued: int
    dropped: int

    def more_than(self, before: "RtpSeen") -> bool:
        return self.queued > before.queued or self.dropped > before.dropped


def _proc_address(address: str, port: int) -> str:
    # /proc/net/udp writes the address as the host-order integer, the port as plain hex.
    return "%08X:%04X" % (struct.unpack("<I", socket.inet_aton(address))[0], port)


def rtp_seen(address: str, port: int) -> RtpSeen:
    """What reached address:port; a port nobody listens on (yet, or any more) heard nothing,
    so a check of something heard can only fail for it."""
    wanted = _proc_address(address, port)
    for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted:
            return RtpSeen(int(fields[4].split(":")[1], 16), int(fields[-1]))
    return RtpSeen(0, 0)


class SippCall:
    """One sipp scenario running in the background (`-m 1`)."""

    def __init__(self, cwd: Path, scenario: str, target: str, *options: str,
                 address: str = "127.0.0.1", port: int | None = None, timeout_s: int = 30):
        self.cwd, self.address = cwd, address
        self.port = port or free_port_udp()
        self.media_port = free_port_udp()
        command = sipp_command(scenario, target, "-mp", str(self.media_port), *options,
                               port=self.port, timeout_s=timeout_s)
        command[command.index("-i") + 1] = address
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        text=True)
        self.timeout_s = timeout_s

    def rtp(self) -> RtpSeen:
        return rtp_seen(self.address, self.media_port)

    def wait(self, timeout: float | None = None) -> int:
        try:
            return self.process.wait(self.timeout_s + 5 if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            return -1

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def explain(self) -> str:
        self.stop()
        out = self.process.stdout.read() if self.process.stdout else ""
        result = subprocess.CompletedProcess(self.process.args, self.process.returncode, out, "")
        return explain(result, self.cwd)


def register(cwd: Path, extension: str, domain: str, password: str, contact_port: int,
             address: str = "127.0.0.1") -> None:
    """Register `extension`'s contact at address:contact_port (where its UAS listens)."""
    command = sipp_command("register.xml", SIP, "-s", extension, "-key", "domain", domain,
                           "-key", "contact_port", str(contact_port), "-au", extension,
                           "-ap", password, timeout_s=10)
    command[command.index("-i") + 1] = address
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=20,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, explain(result, cwd)


@contextmanager
def phone(cwd: Path, extension: str, domain: str, password: str,
          scenario: str = "q_agent_answer.xml", timeout_s: int = 30) -> Iterator[SippCall]:
    """A registered phone that takes one call as `scenario` says; stopped on the way out."""
    call = SippCall(cwd, scenario, "", timeout_s=timeout_s)
    try:
        register(cwd, extension, domain, password, call.port)
        yield call
    finally:
        call.stop()


def caller(cwd: Path, number: str, caller_id: str, domain: str, address: str,
           scenario: str = "q_caller.xml", hold_ms: int = 3000, timeout_s: int = 30) -> SippCall:
    """A carrier's caller from `address` to `number` on the external profile."""
    return SippCall(cwd, scenario, EXTERNAL, "-s", number, "-key", "caller", caller_id,
                    "-key", "domain", domain, "-d", str(hold_ms), address=address,
                    timeout_s=timeout_s)


# -- RFC 2833 digits ---------------------------------------------------------------------
PCAP_HEADER, RECORD_HEADER, RTP_AT = 24, 16, 14 + 20 + 8  # Ethernet, IPv4, UDP


def shifted_pcap(source: Path, target: Path, seq_offset: int = 1000,
                 ts_offset: int = 80000) -> Path:
    """The same RTP packets with later sequence numbers and timestamps, so that a digit can
    be pressed twice in one call (FreeSWITCH drops a repeated timestamp as a duplicate)."""
    data = bytearray(source.read_bytes())
    offset = PCAP_HEADER
    while offset < len(data):
        length = struct.unpack_from("<I", data, offset + 8)[0]
        rtp = offset + RECORD_HEADER + RTP_AT
        seq, stamp = struct.unpack_from(">HI", data, rtp + 2)
        struct.pack_into(">HI", data, rtp + 2, (seq + seq_offset) & 0xFFFF,
                         (stamp + ts_offset) & 0xFFFFFFFF)
        offset += RECORD_HEADER + length
    target.write_bytes(bytes(data))
    return target


# -- a carrier gateway on the running switch -----------------------------------------------
def gateway_xml(name: str, proxy: str) -> str:
    # `<include>` on a line of its own: FreeSWITCH's pre-processor drops a line holding it.
    return ("<include>\n"
            f'  <gateway name="{name}">\n'
            f'    <param name="proxy" value="{proxy}"/>\n'
            '    <param name="register" value="false"/>\n'
            '    <param name="caller-id-in-from" value="true"/>\n'
            "  </gateway>\n"
            "</include>\n")


@contextmanager
def carrier_gateway(conf_dir: Path, esl_port: int, esl_password: str, name: str,
                    proxy: str) -> Iterator[None]:
    """sofia/gateway/<name> to `proxy`, added to the running external profile and removed
    afterwards (other tests share this FreeSWITCH)."""
    path = conf_dir / "sip_profiles" / "external" / f"{name}.xml"
    path.write_text(gateway_xml(name, proxy))
    try:
        _api(esl_port, esl_password, "reloadxml", "sofia profile external rescan")
        wait_until(lambda: name in _api(esl_port, esl_password, "sofia status gateway")[0],
                   10, f"gateway {name} loaded")
        yield
    finally:
        path.unlink()
        _api(esl_port, esl_password, f"sofia profile external killgw {name}", "reloadxml")


def _api(port: int, password: str, *commands: str) -> list[str]:
    session = EslSession(port)
    try:
        assert session.auth(password) == "+OK accepted"
        return [session.api(command) for command in commands]
    finally:
        session.close()
