"""A FreeSWITCH run folder: freeswitch-conf copied and rendered, with every folder
FreeSWITCH writes to beside it, and the command that runs FreeSWITCH on it in the
foreground. Used by `scripts/run` (under the data folder) and the integration tests
(in a temporary folder).
"""
from __future__ import annotations

import os
import shutil
import wave
from pathlib import Path
from typing import Mapping

from scripts.render_freeswitch_conf import render
from vaxel.config import REPO_ROOT

CONF = REPO_ROOT / "freeswitch-conf"
# Where ../shared/freeswitch/install.sh unpacks its build.
INSTALLED_BINARY = Path("/opt/freeswitch/bin/freeswitch")
# Folders FreeSWITCH writes to; all of them inside the run folder.
# certs: FreeSWITCH writes its DTLS-SRTP and wss certificates there on first start.
RUN_DIRS = ("log", "db", "run", "temp", "storage", "cache", "recordings", "certs")
HOW_TO_GET_IT = ("install it with `sudo ../shared/freeswitch/install.sh` (FreeSWITCH 1.10.12 "
                 "into /opt/freeswitch), or point FREESWITCH_BIN at a freeswitch binary "
                 "(docs/freeswitch.md lists the modules it needs)")


def freeswitch_binary(env: Mapping[str, str] | None = None) -> str | None:
    """$FREESWITCH_BIN, else `freeswitch` on PATH, else where install.sh puts it."""
    env = os.environ if env is None else env
    return (env.get("FREESWITCH_BIN") or shutil.which("freeswitch", path=env.get("PATH"))
            or (str(INSTALLED_BINARY) if INSTALLED_BINARY.exists() else None))


def committed_files_only(folder: str, names: list[str]) -> set[str]:
    """A copytree filter: leave out a developer's rendered secrets and carrier gateways."""
    skipped = {n for n in names if n.endswith(".local.xml")}
    if Path(folder).parts[-2:] == ("sip_profiles", "external"):
        skipped |= {n for n in names if n.endswith(".xml")}
    return skipped


def prepare_run_dir(root: Path, env: Mapping[str, str]) -> Path:
    """Copy freeswitch-conf afresh into root/conf, render its site files from `env`
    (VAXEL_*), make the runtime folders (kept between runs); returns the conf folder."""
    conf = root / "conf"
    shutil.rmtree(conf, ignore_errors=True)
    shutil.copytree(CONF, conf, ignore=committed_files_only)
    for name in RUN_DIRS:
        (root / name).mkdir(parents=True, exist_ok=True)
    render(env, conf)
    return conf


def freeswitch_command(binary: str, root: Path) -> list[str]:
    """Foreground (-nf) without a console (-nc): the process is ours to wait for and stop."""
    command = [binary, "-nonat", "-nf", "-nc", "-conf", str(root / "conf")]
    for name in RUN_DIRS:
        command += [f"-{name}", str(root / name)]
    return command


def silence_wav(path: Path, seconds: float = 1.0) -> Path:
    """A music-on-hold file, so mod_local_stream has something to stream."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * int(8000 * seconds))
    return path
