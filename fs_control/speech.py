"""Spoken prompts rendered once: flite writes each text to a WAV in the sounds folder, and
calls play that file instead of `say:`.

FreeSWITCH's `say:` (mod_flite) synthesises the whole text again for every call: 14 ms of
CPU for a one-line greeting, 33 ms for the demo's, on the switch, before the caller hears
anything (BENCHMARKS.md). The controller renders a text with the same libflite and voice
(`kal`, as freeswitch-conf/vars.xml sets for `say:`), in a thread of its own, the first
time it is asked for; until the file is there, that call still hears `say:`. FreeSWITCH
reads the file from the same path (the sounds folder is shared, as for recordings).
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import os
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

VOICE = "kal"
# A text naming a phone number or a PIN is the caller's own: not kept on disk, and there
# would be one file per caller. Menus and announcements carry a few digits at most.
MAX_DIGITS = 4
MAX_FILES = 2000  # texts are finite (menus, announcements); this bounds a surprise


class FliteVoice:
    """libflite through ctypes, the library mod_flite links (Debian's libflite1)."""

    def __init__(self, voice: str = VOICE):
        for name in ("libflite_usenglish.so.1", "libflite_cmulex.so.1"):
            ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL)
        self._flite = ctypes.CDLL("libflite.so.1")
        register = getattr(ctypes.CDLL(f"libflite_cmu_us_{voice}.so.1"), f"register_cmu_us_{voice}")
        register.restype = ctypes.c_void_p
        self._flite.flite_init()
        self._voice = register(None)
        speak = self._flite.flite_text_to_speech
        speak.restype = ctypes.c_float
        speak.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_char_p]

    def render(self, text: str, path: Path) -> None:
        """Write `text` as a WAV (8 kHz, 16-bit mono for kal); ctypes lets go of the GIL."""
        seconds = self._flite.flite_text_to_speech(text.encode(), self._voice, str(path).encode())
        if seconds <= 0:
            raise OSError(f"flite rendered nothing for {text!r}")


def load_voice() -> FliteVoice | None:
    try:
        return FliteVoice()
    except (OSError, AttributeError) as exc:
        log.warning("no libflite (%s): prompts are spoken by FreeSWITCH on every call", exc)
        return None


class SpeechCache:
    """Which file holds a text's speech; renders a missing one in the background, once."""

    def __init__(self, folder: Path, render: Callable[[str, Path], None] | None,
                 spawn: Callable[..., object]):
        self.folder = folder
        self._render = render
        self._spawn = spawn
        self._ready: set[Path] = set()
        self._pending: set[Path] = set()

    def file_for(self, text: str) -> Path | None:
        """The rendered file, or None (speak it this time) while it is being made."""
        if self._render is None or sum(c.isdigit() for c in text) > MAX_DIGITS:
            return None
        path = self.folder / f"{VOICE}-{hashlib.sha256(text.encode()).hexdigest()[:32]}.wav"
        if path in self._ready:
            return path
        if path.is_file():
            self._ready.add(path)
            return path
        if path not in self._pending and len(self._ready) + len(self._pending) < MAX_FILES:
            self._pending.add(path)
            self._spawn(self._make, text, path)
        return None

    def _make(self, text: str, path: Path) -> None:
        partial = path.with_name(f".{path.stem}.{os.getpid()}.wav")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._render(text, partial)
            os.replace(partial, path)  # never a half-written file under the played name
            self._ready.add(path)
        except OSError as exc:
            log.warning("could not render a prompt to %s: %s", path, exc)
            partial.unlink(missing_ok=True)
        finally:
            self._pending.discard(path)


def speech_cache(folder: Path) -> SpeechCache:
    """The controller's cache: flite runs in gevent's thread pool, so the calls' greenlets
    keep running while a text is rendered; the bookkeeping stays in a greenlet."""
    import gevent

    voice = load_voice()
    if voice is None:
        return SpeechCache(folder, None, gevent.spawn)
    pool = gevent.get_hub().threadpool
    return SpeechCache(folder, lambda text, path: pool.apply(voice.render, (text, path)),
                       gevent.spawn)
