"""Where audio and faxes live: a local folder, written so that nothing is half-stored.

FreeSWITCH writes a recording to an *incoming* name; `commit` then fsyncs it and renames it
into place (a rename within one file system is atomic) and fsyncs the folder, so a file
under its final name is always complete. Rows in PostgreSQL name files by their path
relative to the store's root, so the root can move.
"""
from __future__ import annotations

import logging
import os
import shutil
import uuid
import wave
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

INCOMING = ".incoming"
# Below this much free space a new recording is refused rather than cut off mid-way.
MIN_FREE_BYTES = 50 * 1024 * 1024


class StorageError(Exception):
    """The store cannot take a file (missing or unwritable folder, full disk)."""


@dataclass(frozen=True)
class Store:
    root: Path
    min_free_bytes: int = MIN_FREE_BYTES

    def check_writable(self) -> None:
        """Raise StorageError, with a reason an operator can act on, unless a file can be
        written now (folder exists or can be made, is writable, and has room)."""
        folder = self.root / INCOMING
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / (".probe-" + uuid.uuid4().hex)
            probe.write_bytes(b"")
            probe.unlink()
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise StorageError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
        if free < self.min_free_bytes:
            raise StorageError(f"{folder}: only {free // 1024} KiB free")

    def incoming_path(self, suffix: str = ".wav") -> Path:
        """A fresh name for FreeSWITCH to record to (never a final name)."""
        folder = self.root / INCOMING
        folder.mkdir(parents=True, exist_ok=True)
        return folder / (uuid.uuid4().hex + suffix)

    def path(self, relative: str) -> Path:
        """The absolute path of a stored file; refuses names that climb out of the root."""
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise StorageError(f"{relative!r} is outside the store")
        return path

    def relative(self, path: Path) -> str:
        return str(Path(path).resolve().relative_to(self.root.resolve()))

    def commit(self, incoming: Path, relative: str) -> Path:
        """fsync `incoming`, rename it to `relative`, fsync the folder; return the new path."""
        final = self.path(relative)
        final.parent.mkdir(parents=True, exist_ok=True)
        _fsync_file(incoming)
        os.replace(incoming, final)
        _fsync_dir(final.parent)
        return final

    def write_bytes(self, relative: str, data: bytes) -> Path:
        """Store `data` under `relative`: written to an incoming name first, then committed."""
        self.check_writable()
        incoming = self.incoming_path(Path(relative).suffix)
        incoming.write_bytes(data)
        return self.commit(incoming, relative)

    def remove(self, relative: str) -> None:
        try:
            self.path(relative).unlink()
        except FileNotFoundError:
            pass  # already gone: removing is idempotent


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    # The rename is only durable once the folder's entry is on disk too.
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def wav_seconds(path: Path) -> float | None:
    """How long a WAV file plays; None if it is missing or not a readable WAV (a file cut
    off before its header was written)."""
    try:
        with wave.open(str(path), "rb") as audio:
            rate = audio.getframerate()
            return audio.getnframes() / rate if rate else None
    except (OSError, EOFError, wave.Error):
        return None
