"""Where the captured FreeSWITCH traffic is: tests/captures/freeswitch, committed with the
tests (a fresh clone has everything it needs), or $VAXEL_CAPTURES_DIR to check the code
against another set (e.g. one just recorded with scripts/record_traces.py)."""
from __future__ import annotations

import os
from pathlib import Path

CAPTURES = Path(__file__).resolve().parent / "captures" / "freeswitch"


def freeswitch_captures() -> Path:
    """esl/ and xml_curl/: traffic captured from a real FreeSWITCH 1.10.12."""
    override = os.environ.get("VAXEL_CAPTURES_DIR")
    return Path(override) if override else CAPTURES
