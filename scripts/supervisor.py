"""`scripts/run`'s supervision: start children, wait for them to listen, and when one
stops (or we are told to stop) stop them all."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import time
from typing import Mapping, Sequence

log = logging.getLogger(__name__)

STOP_TIMEOUT = 40.0  # above gunicorn's 30 s graceful stop; FreeSWITCH takes seconds to unload
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


class Stopped(RuntimeError):
    """A child exited, or a stop was asked for, before everything was up."""


class Supervisor:
    """The children of one `scripts/run`, by name; SIGINT/SIGTERM ask it to stop."""

    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping: list[int] = []
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "Supervisor":
        # Our own handlers, not KeyboardInterrupt: a shell may start us with SIGINT
        # ignored, and a stop asked for during start-up must still stop what started.
        self._previous = {signum: signal.signal(signum, lambda num, _f: self.stopping.append(num))
                          for signum in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_all()
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def start(self, name: str, command: Sequence[str], env: Mapping[str, str], cwd,
              stdout=None) -> subprocess.Popen:
        self.check()
        # Its own process group: Ctrl-C reaches only us, and we stop the children in
        # order (SIGTERM), rather than each reacting to SIGINT its own way (gunicorn's
        # quick shutdown SIGKILLs its workers).
        child = subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=stdout,
                                 stderr=subprocess.STDOUT if stdout else None,
                                 stdin=subprocess.DEVNULL, process_group=0,
                                 preexec_fn=_die_with_parent(os.getpid()))
        self.children[name] = child
        log.info("started %s, pid %s", name, child.pid)
        return child

    def check(self) -> None:
        """Raise Stopped if a child has exited or a signal asked us to stop."""
        if self.stopping:
            raise Stopped(f"signal {self.stopping[0]}")
        for name, child in self.children.items():
            if child.poll() is not None:
                raise Stopped(f"{name} stopped (exit {child.returncode})")

    def wait_for_port(self, name: str, address: tuple[str, int], timeout: float) -> None:
        """Return once `name` accepts TCP on address; Stopped if anything stops first."""
        host = "127.0.0.1" if address[0] in ("0.0.0.0", "") else address[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check()
            try:
                socket.create_connection((host, address[1]), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise Stopped(f"{name} did not listen on {host}:{address[1]} within {timeout:.0f} s")

    def wait(self) -> int:
        """Until a child exits (→ its exit code, at least 1) or a signal asks us to stop (→ 0)."""
        while not self.stopping:
            for name, child in self.children.items():
                if child.poll() is not None and not self.stopping:
                    log.error("%s stopped (exit %s); stopping everything", name, child.returncode)
                    return child.returncode or 1
            time.sleep(0.2)
        log.info("signal %s: stopping everything", self.stopping[0])
        return 0

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, child in self.children.items():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %ss; killing it", name, STOP_TIMEOUT)
                child.kill()
                child.wait(timeout=STOP_TIMEOUT)


def _die_with_parent(parent: int):
    """For the child, before exec: SIGTERM when we die, even by SIGKILL (Linux
    PR_SET_PDEATHSIG), so no service or FreeSWITCH outlives its supervisor."""
    def prepare() -> None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # we died before the line above took effect
            os._exit(1)
    return prepare
