"""Uploaded IVR greetings: only WAV files, stored under the recordings folder with a name
the portal chooses (never the uploaded file name, which the browser controls)."""
from __future__ import annotations

import secrets
from pathlib import Path

from vaxel.errors import InvalidInput


def is_wav(head: bytes) -> bool:
    """A RIFF/WAVE header: what FreeSWITCH's playback reads without a transcoder."""
    return len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def store_greeting(recordings_dir: Path, company_id: int, menu_id: int, data: bytes) -> str:
    """Write the greeting and answer its path relative to the recordings folder."""
    if not is_wav(data):
        raise InvalidInput("The greeting must be a WAV file.")
    relative = Path("greetings") / str(company_id) / f"menu-{menu_id}-{secrets.token_hex(4)}.wav"
    target = recordings_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return str(relative)
