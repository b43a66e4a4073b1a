"""sipp through Kamailio: phones registered at PHONE_IP, carrier calls from CARRIER."""
from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.integration.phones import Mode, SippUas
from tests.integration.sipp import SCENARIOS, explain, sipp_command

from .topology import DOMAIN, PHONE_IP, PROXY

PHONES = f"{PROXY}:5060"
TRUNKS = f"{PROXY}:5080"


def sipp(cwd: Path, scenario: str, target: str, *options: str, address: str,
         calls: int = 1, timeout_s: int = 30) -> subprocess.CompletedProcess:
    command = sipp_command(scenario, target, *options, address=address, calls=calls,
                           timeout_s=timeout_s)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout_s + 15, stdin=subprocess.DEVNULL)


def scenario_variant(cwd: Path, scenario: str, label: str, *changes: tuple[str, str]) -> Path:
    """A copy of tests/sipp/`scenario` in `cwd` with each (old, new) text replaced; every
    `old` must be there, so a changed scenario fails here rather than quietly."""
    text = (SCENARIOS / scenario).read_text()
    for old, new in changes:
        assert old in text, f"{old!r} is not in {scenario}"
        text = text.replace(old, new)
    path = cwd / f"{Path(scenario).stem}_{label}.xml"
    path.write_text(text)
    return path


def register(cwd: Path, user: str, password: str, contact_port: int, expires: int = 300,
             target: str = PHONES, scenario: str = "register.xml",
             address: str = PHONE_IP) -> subprocess.CompletedProcess:
    path: str | Path = scenario
    if expires != 300:
        path = scenario_variant(cwd, scenario, str(expires), ("Expires: 300", f"Expires: {expires}"))
    return sipp(cwd, path, target, "-s", user, "-key", "domain", DOMAIN, "-key", "contact_port",
                str(contact_port), "-au", user, "-ap", password, address=address, timeout_s=10)


@contextmanager
def phone(cwd: Path, user: str, password: str, address: str = PHONE_IP,
          target: str = PHONES, mode=Mode.ANSWER) -> Iterator[SippUas]:
    """`user`'s phone at `address`, registered through the Kamailio at `target`, taking
    every call as `mode` says (answering at once unless told otherwise)."""
    uas = SippUas.start(cwd, mode, address, lifetime_s=120)
    try:
        result = register(cwd, user, password, uas.port, target=target, address=address)
        assert result.returncode == 0, f"{user} did not register\n{explain(result, cwd)}"
        yield uas
    finally:
        register(cwd, user, password, uas.port, expires=0, target=target, address=address)
        uas.stop()
