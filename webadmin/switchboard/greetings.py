"""Uploaded IVR greetings: real WAV audio only, rewritten, limited, and kept per company.

The file lands on the volume that also holds every tenant's call recordings and voicemail,
and FreeSWITCH plays it to callers. So it is decoded with the wave module (a RIFF header in
front of anything else is not enough), written back as a fresh WAV with nothing but the
format and the samples (no extra chunks to smuggle data in), held to a length and a size,
and each company's greetings together to a quota; a replaced greeting's file is removed.
The name is the portal's, never the uploaded one, which the browser controls.
"""
from __future__ import annotations

import io
import secrets
import wave
from pathlib import Path

from vaxel.errors import InvalidInput

MAX_BYTES = 1024 * 1024             # the portal takes no bigger request anyway
MAX_SECONDS = 120
COMPANY_QUOTA_BYTES = 20 * 1024 * 1024
RATES = (8000, 16000, 32000, 44100, 48000)   # what FreeSWITCH plays without surprises


def _read(data: bytes) -> tuple[wave._wave_params, bytes]:
    try:
        with wave.open(io.BytesIO(data), "rb") as audio:
            params = audio.getparams()
            frames = audio.readframes(params.nframes)
    # The wave module answers a malformed chunk with any of these (RuntimeError included).
    except (wave.Error, EOFError, ValueError, RuntimeError, OSError) as exc:
        raise InvalidInput("The greeting must be a WAV file.") from exc
    return params, frames


def clean_wav(data: bytes) -> bytes:
    """The upload as a plain PCM WAV, or InvalidInput saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"The greeting may be at most {MAX_BYTES // 1024} kB.")
    params, frames = _read(data)
    if (params.comptype != "NONE" or params.sampwidth not in (1, 2)
            or params.nchannels not in (1, 2) or params.framerate not in RATES):
        raise InvalidInput("The greeting must be PCM WAV, 8–48 kHz, mono or stereo.")
    frame_bytes = params.sampwidth * params.nchannels
    if not frames or len(frames) % frame_bytes:
        raise InvalidInput("The greeting must be a WAV file.")
    if len(frames) / frame_bytes / params.framerate > MAX_SECONDS:
        raise InvalidInput(f"The greeting may be at most {MAX_SECONDS} seconds long.")
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setparams(params._replace(nframes=len(frames) // frame_bytes))
        audio.writeframes(frames)
    return out.getvalue()


def _used(folder: Path, leaving: Path | None) -> int:
    if not folder.is_dir():
        return 0
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file() and f != leaving)


def _own_file(recordings_dir: Path, company_id: int, relative: str | None) -> Path | None:
    """The company's greeting file at `relative`, or None (nothing, or not theirs)."""
    if not relative:
        return None
    folder = (recordings_dir / "greetings" / str(company_id)).resolve()
    path = (recordings_dir / relative).resolve()
    return path if path.parent == folder and path.is_file() else None


def store_greeting(recordings_dir: Path, company_id: int, menu_id: int, data: bytes,
                   previous: str | None = None) -> str:
    """Write the cleaned greeting, remove the one it replaces, and answer its path relative
    to the recordings folder."""
    audio = clean_wav(data)
    folder = recordings_dir / "greetings" / str(company_id)
    old = _own_file(recordings_dir, company_id, previous)
    if _used(folder, old) + len(audio) > COMPANY_QUOTA_BYTES:
        raise InvalidInput("The company's greetings have used their space; remove some first.")
    relative = Path("greetings") / str(company_id) / f"menu-{menu_id}-{secrets.token_hex(4)}.wav"
    folder.mkdir(parents=True, exist_ok=True)
    (recordings_dir / relative).write_bytes(audio)
    if old is not None:
        old.unlink(missing_ok=True)
    return str(relative)
