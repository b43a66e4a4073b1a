"""What an attachment really is, decided from its bytes: an allow-list of harmless types.

The name and type the browser sends are not believed: a file is accepted only when its
first bytes are those of an allowed type, and it is stored and served as that type. HTML,
SVG and programs are never on the list, whatever they are called, and everything is served
as a download with nosniff (webadmin.employee.chat), so no attachment runs script in our
origin.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

MAX_BYTES = 512 * 1024
MAX_NAME = 100

# (content type, its usual suffix, does the file start with these bytes?)
_SIGNATURES: tuple[tuple[str, str, bytes], ...] = (
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff"),
    ("image/gif", ".gif", b"GIF87a"),
    ("image/gif", ".gif", b"GIF89a"),
    ("application/pdf", ".pdf", b"%PDF-"),
)
# What markup looks like at the start of a text file: browsers that sniff would run it.
_MARKUP = (b"<", b"\xef\xbb\xbf<")


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    suffix: str


class Refused(ValueError):
    """The file is not taken; the message says why, for the person who sent it."""


def sniff(data: bytes) -> Sniffed:
    """The file's real type, or Refused (too big, empty, or not on the allow-list)."""
    if not data:
        raise Refused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise Refused(f"Attachments are at most {MAX_BYTES // 1024} KB.")
    for content_type, suffix, magic in _SIGNATURES:
        if data.startswith(magic):
            return Sniffed(content_type, suffix)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Sniffed("image/webp", ".webp")
    if _plain_text(data):
        return Sniffed("text/plain", ".txt")
    raise Refused("Only pictures (PNG, JPEG, GIF, WebP), PDF and plain text can be attached.")


def _plain_text(data: bytes) -> bool:
    if data.lstrip().startswith(_MARKUP) or b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)


def safe_name(name: str, sniffed: Sniffed) -> str:
    """A name to show and offer as the download's: no folders, no control characters,
    bounded, and ending in the real type's suffix (a "photo.png.exe" becomes a .png only
    if it is one)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base)
                      if unicodedata.category(ch)[0] != "C" and ch not in '<>:"/\\|?*')
    stem = cleaned.strip(" .")[: MAX_NAME]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return (stem.strip(" .") or "attachment") + sniffed.suffix
