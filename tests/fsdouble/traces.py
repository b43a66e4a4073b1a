"""Reading the captured FreeSWITCH traffic in tests/captures/freeswitch/esl (the ground truth)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..shared import freeswitch_captures

_MARKER = re.compile(rb"### (\S+)->(\S+) (\d+) bytes t=(\S+)")
_LENGTH = re.compile(r"^Content-Length: (\d+)$", re.M)


def trace_path(name: str) -> Path:
    return freeswitch_captures() / "esl" / (name if name.endswith(".trace") else name + ".trace")


def trace_names() -> list[str]:
    return sorted(p.stem for p in (freeswitch_captures() / "esl").glob("*.trace"))


@dataclass(frozen=True)
class Chunk:
    sender: str  # "fs", "client" or "controller"
    receiver: str
    time: float
    data: bytes


@dataclass(frozen=True)
class Frame:
    head: str  # header block, without the blank line
    body: bytes

    def headers(self) -> list[tuple[str, str]]:
        return [tuple(line.split(": ", 1)) for line in self.head.split("\n")]  # type: ignore

    def header(self, name: str) -> str | None:
        for key, value in self.headers():
            if key == name:
                return value
        return None


@lru_cache(maxsize=None)
def read_chunks(name: str) -> tuple[Chunk, ...]:
    return chunks_at(trace_path(name))


def chunks_at(path: Path) -> tuple[Chunk, ...]:
    """The chunks of any trace file (a capture, or one just recorded)."""
    data, name = path.read_bytes(), path.name
    chunks, pos = [], 0
    while pos < len(data):
        eol = data.index(b"\n", pos)
        match = _MARKER.match(data, pos, eol)
        if not match:
            raise ValueError("%s: bad chunk marker at byte %d" % (name, pos))
        size, start = int(match.group(3)), eol + 1
        chunks.append(Chunk(match.group(1).decode(), match.group(2).decode(),
                            float(match.group(4)), data[start:start + size]))
        pos = start + size + 1  # the one "\n" after each chunk is not data
    return tuple(chunks)


def stream(name: str, from_fs: bool) -> bytes:
    """Everything one side sent, joined (frames may cross chunk boundaries)."""
    return b"".join(c.data for c in read_chunks(name) if (c.sender == "fs") == from_fs)


def split_frames(data: bytes) -> list[Frame]:
    frames, pos = [], 0
    while True:
        while data[pos:pos + 1] == b"\n":
            pos += 1
        if pos >= len(data):
            return frames
        end = data.find(b"\n\n", pos)
        if end < 0:
            raise ValueError("trailing partial frame at byte %d" % pos)
        head = data[pos:end].decode()
        match = _LENGTH.search(head) if not head.startswith("Event-Name") else None
        size = int(match.group(1)) if match else 0
        frames.append(Frame(head, data[end + 2:end + 2 + size]))
        pos = end + 2 + size


@lru_cache(maxsize=None)
def fs_frames(name: str) -> tuple[Frame, ...]:
    return tuple(split_frames(stream(name, from_fs=True)))


@lru_cache(maxsize=None)
def client_commands(name: str) -> tuple[str, ...]:
    """The commands the client/controller sent, each without its terminating blank line."""
    text = stream(name, from_fs=False).decode()
    return tuple(cmd for cmd in text.split("\n\n") if cmd.strip())


def plain_events(name: str) -> list[str]:
    """The bodies of every text/event-plain frame FreeSWITCH sent in a trace."""
    return [f.body.decode() for f in fs_frames(name)
            if f.header("Content-Type") == "text/event-plain"]
