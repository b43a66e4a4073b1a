"""Driving whole call journeys on the real switch: sipp phones running in the background
(their SIP read back from sipp's message trace), the Event Socket's events, and the rows
and mails the journey should leave. Every wait has a deadline."""
from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import processes
from .esl import EslSession
from .sipp import explain, free_port_udp, sipp_command

# sipp's message trace separates messages with a line of dashes and a time stamp.
TRACE_SEPARATOR = re.compile(r"^-{10,}.*$", re.M)


@dataclass
class SippPhone:
    """One sipp scenario running in the background, tracing its SIP messages."""

    process: subprocess.Popen
    cwd: Path
    trace: Path
    port: int

    def messages(self) -> list[str]:
        """Every SIP message sipp sent or received so far, each with its trace header."""
        if not self.trace.exists():
            return []
        text = self.trace.read_text(errors="replace")
        return [m.strip() for m in TRACE_SEPARATOR.split(text) if m.strip()]

    def received(self, start_line: str) -> list[str]:
        """Received messages whose first SIP line starts with `start_line` ("NOTIFY ")."""
        found = []
        for message in self.messages():
            head, _, sip = message.partition("\n\n")
            if "received" in head and sip.lstrip().startswith(start_line):
                found.append(sip.lstrip())
        return found

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError(f"sipp still running after {timeout} s\n{self.explain()}") from None

    def stop(self) -> None:
        processes.stop(self.process, timeout=5)

    def explain(self) -> str:
        out = self.process.stdout.read() if self.process.stdout and self.process.poll() is not None else ""
        result = subprocess.CompletedProcess([], self.process.returncode, out or "", "")
        return explain(result, self.cwd) + "\n" + "\n---\n".join(self.messages()[-6:])


def start_sipp(cwd: Path, scenario: str, target: str, *options: str, address: str = "127.0.0.1",
               port: int | None = None, timeout_s: int = 30, name: str = "phone") -> SippPhone:
    port = port or free_port_udp()
    trace = cwd / f"{name}-{port}-messages.log"
    command = sipp_command(scenario, target, *options, "-trace_msg", "-message_file", str(trace),
                           port=port, timeout_s=timeout_s)
    command[command.index("-i") + 1] = address
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True)
    return SippPhone(process, cwd, trace, port)


def sip_header(message: str, name: str) -> str | None:
    match = re.search(rf"^{re.escape(name)}:\s*(.*?)\s*$", message, re.M | re.I)
    return match.group(1) if match else None


def esl_api(port: int, password: str, command: str, timeout: float = 15.0) -> str:
    """One API command on a session of its own (an events session would interleave)."""
    session = EslSession(port, timeout=timeout)
    try:
        assert session.auth(password) == "+OK accepted"
        return session.api(command)
    finally:
        session.close()


class EslEvents:
    """An inbound Event Socket of the test's own, to see what the switch does with a call."""

    def __init__(self, port: int, password: str, events: str):
        self.session = EslSession(port, timeout=0.5)
        assert self.session.auth(password) == "+OK accepted"
        self.session.sock.sendall(f"event plain {events}\n\n".encode())
        headers, _ = self.session.read_frame()
        assert headers.get("Reply-Text", "").startswith("+OK"), headers
        self.seen: list[dict[str, str]] = []
        self._next = 0  # where the next wait_for starts looking in `seen`

    def close(self) -> None:
        self.session.close()

    def _poll(self, until: float) -> Iterator[dict[str, str]]:
        while time.monotonic() < until:
            try:
                headers, body = self.session.read_frame()
            except TimeoutError:
                continue
            if headers.get("Content-Type") != "text/event-plain":
                continue
            event = _plain_event(body)
            self.seen.append(event)
            yield event

    def wait_for(self, match: Callable[[dict[str, str]], bool], timeout: float,
                 what: str) -> dict[str, str]:
        """The first matching event after the one the previous wait_for returned (already
        seen, or arriving within `timeout`): a journey's steps, in order."""
        for index in range(self._next, len(self.seen)):
            if match(self.seen[index]):
                self._next = index + 1
                return self.seen[index]
        for event in self._poll(time.monotonic() + timeout):
            if match(event):
                self._next = len(self.seen)
                return event
        names = [e.get("Event-Name", "?") + ":" + e.get("Application", "") for e in self.seen[-30:]]
        raise TimeoutError(f"{what}: no such event within {timeout} s; last: {names}")


def _plain_event(body: str) -> dict[str, str]:
    from urllib.parse import unquote

    head = body.split("\n\n", 1)[0]
    return {k: unquote(v) for k, _, v in (line.partition(": ") for line in head.splitlines()) if k}


def empty_mailbox(fs_sessions, extension: str) -> None:
    """Earlier journeys in the same run (IVR, forwards) leave messages: a test that counts
    them, or whose phone must not get the lamp's NOTIFY on registering (sipp's -aa answer
    would use up its one call), starts from an empty mailbox."""
    from sqlalchemy import delete, select

    from vaxel.people.models import User
    from vaxel.voicemail.models import Mailbox, Message

    with fs_sessions() as session:
        boxes = select(Mailbox.id).join(User, User.id == Mailbox.user_id).where(
            User.extension == extension)
        session.execute(delete(Message).where(Message.mailbox_id.in_(boxes)))
        session.commit()
