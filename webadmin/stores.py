"""Where the portal and the API read audio: the folders the app was configured with."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from vaxel.storage import Store


def voicemail_store() -> Store:
    return Store(Path(current_app.config["VAXEL_VOICEMAIL_DIR"]))


def recordings_store() -> Store:
    return Store(Path(current_app.config["VAXEL_RECORDINGS_DIR"]))
