"""WAV files for upload tests."""
from __future__ import annotations

import io
import wave


def real_wav(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A WAV the wave module writes: a header alone is no longer taken for one."""
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\x00\x10" * int(rate * seconds))
    return out.getvalue()
