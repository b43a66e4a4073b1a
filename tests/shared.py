"""Where the shared fixtures are: ../shared beside the repository (as laid out for
developers and CI), or $VAXEL_SHARED_DIR."""
from __future__ import annotations

import os
from pathlib import Path


def freeswitch_captures() -> Path:
    """shared/freeswitch: traffic captured from a real FreeSWITCH 1.10.12."""
    override = os.environ.get("VAXEL_SHARED_DIR")
    root = Path(override) if override else Path(__file__).resolve().parents[1].parent / "shared"
    return root / "freeswitch"
