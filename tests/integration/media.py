"""A phone's media for real-switch journeys: RTP in and out of one UDP socket, and how loud
audio is.

sipp does the signalling; its scenarios (tests/sipp/vm_*.xml) put this socket's port in
their SDP (`-key rtp_port N`), so FreeSWITCH sends the call's audio here and takes ours from
here. We send 20 ms PCMA frames: the real speech of sipp's g711a.pcap, or silence, and RFC
2833 digits with timestamps that run on with the stream (replaying sipp's dtmf_2833 pcaps
repeats their timestamps, and FreeSWITCH drops a second press as a duplicate). What
arrives is kept, so a test can measure what the phone heard.
"""
from __future__ import annotations

import math
import os
import re
import socket
import struct
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

SPEECH_PCAP = Path("/usr/share/sip-tester/g711a.pcap")
PCMA, TELEPHONE_EVENT = 8, 101
FRAME_BYTES = 160            # 20 ms of 8 kHz G.711
FRAME_SECONDS = 0.02
ALAW_SILENCE = b"\xd5" * FRAME_BYTES
DTMF_EVENTS = {**{str(d): d for d in range(10)}, "*": 10, "#": 11}


def alaw_to_linear(byte: int) -> int:
    """One G.711 A-law byte as a 16-bit sample (ITU-T G.711)."""
    byte ^= 0x55
    exponent, mantissa = (byte >> 4) & 0x07, byte & 0x0F
    value = (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    return value if byte & 0x80 else -value


ALAW = [alaw_to_linear(b) for b in range(256)]


@dataclass(frozen=True)
class Level:
    rms: float
    peak: int
    seconds: float

    def has_sound(self, min_rms: float = 200.0) -> bool:
        """Speech, not silence or comfort noise (A-law's "silence" decodes to ±8)."""
        return self.rms >= min_rms and self.peak >= 1000


def level(samples: list[int], rate: int = 8000) -> Level:
    if not samples:
        return Level(0.0, 0, 0.0)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return Level(rms, max(abs(s) for s in samples), len(samples) / rate)


def wav_level(path: Path) -> Level:
    """How loud a 16-bit PCM WAV is, over all its channels."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2, f"{path}: {wav.getsampwidth() * 8}-bit, not 16"
        frames = wav.readframes(wav.getnframes())
        rate, channels = wav.getframerate(), wav.getnchannels()
    samples = list(struct.unpack(f"<{len(frames) // 2}h", frames))
    return level(samples, rate * channels)


def finished_wav_level(path: Path) -> Level | None:
    """A WAV's level once the switch has finished writing it; None while it is missing or
    its header is not written out yet (FreeSWITCH completes it when the file is closed, a
    moment after the command that stopped the recording has answered)."""
    try:
        return wav_level(path)
    except (FileNotFoundError, EOFError, wave.Error, struct.error):
        return None


def wav_channel_levels(path: Path) -> list[Level]:
    """Each channel's loudness: a stereo call recording has the caller left, callee right."""
    with wave.open(str(path), "rb") as wav:
        frames, channels = wav.readframes(wav.getnframes()), wav.getnchannels()
        rate = wav.getframerate()
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    return [level(list(samples[c::channels]), rate) for c in range(channels)]


def sdp_media(message: str) -> tuple[str, int] | None:
    """The audio address of the SDP in a SIP message: (c= address, m=audio port)."""
    address = re.search(r"^c=IN IP4 (\S+)", message, re.M)
    port = re.search(r"^m=audio (\d+) ", message, re.M)
    return (address.group(1), int(port.group(1))) if address and port else None


def pcap_payloads(path: Path = SPEECH_PCAP) -> bytes:
    """The RTP payloads of a pcap of Ethernet/IPv4/UDP/RTP packets, one after another."""
    data = path.read_bytes()
    assert struct.unpack("<I", data[:4])[0] == 0xA1B2C3D4, f"{path}: not a little-endian pcap"
    offset, payload = 24, bytearray()
    while offset + 16 <= len(data):
        length = struct.unpack("<I", data[offset + 8:offset + 12])[0]
        packet = data[offset + 16:offset + 16 + length]
        offset += 16 + length
        ip_header = (packet[14] & 0x0F) * 4
        rtp = packet[14 + ip_header + 8:]
        payload += rtp[12 + (rtp[0] & 0x0F) * 4:]
    return bytes(payload)


def speech() -> bytes:
    """About 7 s of a real voice, PCMA."""
    return pcap_payloads(SPEECH_PCAP)


def rtp_packet(payload_type: int, seq: int, timestamp: int, ssrc: int, payload: bytes,
               marker: bool = False) -> bytes:
    return struct.pack("!BBHII", 0x80, payload_type | (0x80 if marker else 0),
                       seq & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc) + payload


def dtmf_packets(digit: str, duration_frames: int = 8) -> list[tuple[bool, bytes]]:
    """An RFC 2833 event as (marker, payload) per 20 ms: growing duration, then three ends."""
    event = DTMF_EVENTS[digit]
    packets = [(i == 0, struct.pack("!BBH", event, 10, (i + 1) * FRAME_BYTES))
               for i in range(duration_frames)]
    end = struct.pack("!BBH", event, 0x80 | 10, duration_frames * FRAME_BYTES)
    return packets + [(False, end)] * 3


@dataclass(frozen=True)
class Packet:
    at: float  # time.monotonic() when it arrived
    payload_type: int
    marker: bool
    seq: int
    timestamp: int
    payload: bytes


class RtpPhone:
    """The media side of one call leg, on its own thread until close()."""

    def __init__(self, address: str = "127.0.0.1"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 0))
        self.sock.settimeout(FRAME_SECONDS / 2)
        self.port = self.sock.getsockname()[1]
        self.received: list[Packet] = []
        self.remote: tuple[str, int] | None = None
        self._lock = threading.Lock()
        self._audio = bytearray()
        self._digits: list[str] = []
        self._stop = threading.Event()
        self._seq, self._ts, self._ssrc = 1, 0, int.from_bytes(os.urandom(4), "big")
        self._thread = threading.Thread(target=self._run, name=f"rtp-{self.port}", daemon=True)
        self._thread.start()

    def __enter__(self) -> "RtpPhone":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def say(self, pcma: bytes) -> None:
        """Speak these PCMA bytes (after anything still queued)."""
        with self._lock:
            self._audio += pcma

    def press(self, digits: str) -> None:
        with self._lock:
            self._digits.extend(digits)

    def heard(self, since: float = 0.0) -> Level:
        """How loud the PCMA that reached this phone (after `since`, time.monotonic) was."""
        return level([ALAW[b] for packet in list(self.received)
                      if packet.payload_type == PCMA and packet.at >= since
                      for b in packet.payload])

    def connect(self, remote: tuple[str, int]) -> None:
        """Start sending to the far end's SDP address (before any of its RTP arrived)."""
        self.remote = remote

    def wait_for_media(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.remote is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no RTP reached port {self.port} within {timeout} s")
            time.sleep(0.02)

    def _run(self) -> None:
        next_send = time.monotonic()
        pending: list[tuple[bool, bytes]] = []
        while not self._stop.is_set():
            self._receive()
            now = time.monotonic()
            if self.remote is None or now < next_send:
                continue
            next_send = max(next_send + FRAME_SECONDS, now - FRAME_SECONDS)
            pending = pending or self._next_event()
            if pending:
                marker, payload = pending.pop(0)
                self._send(TELEPHONE_EVENT, payload, marker)
                if not pending:  # the event is over: the stream's clock runs on
                    self._ts += FRAME_BYTES * 11
            else:
                self._send(PCMA, self._next_frame())
                self._ts += FRAME_BYTES

    def _receive(self) -> None:
        try:
            data, source = self.sock.recvfrom(2048)
        except (socket.timeout, BlockingIOError):
            return
        except OSError:
            return
        if len(data) < 12 or data[0] >> 6 != 2:
            return
        # Symmetric RTP: without the SDP's address, answer where FreeSWITCH sends from.
        self.remote = self.remote or source
        header = 12 + (data[0] & 0x0F) * 4
        seq, timestamp = struct.unpack("!HI", data[2:8])
        self.received.append(Packet(time.monotonic(), data[1] & 0x7F, bool(data[1] & 0x80),
                                    seq, timestamp, data[header:]))

    def _next_event(self) -> list[tuple[bool, bytes]]:
        with self._lock:
            return dtmf_packets(self._digits.pop(0)) if self._digits else []

    def _next_frame(self) -> bytes:
        with self._lock:
            frame, self._audio[:FRAME_BYTES] = bytes(self._audio[:FRAME_BYTES]), b""
        return frame.ljust(FRAME_BYTES, ALAW_SILENCE[:1])

    def _send(self, payload_type: int, payload: bytes, marker: bool = False) -> None:
        self.sock.sendto(rtp_packet(payload_type, self._seq, self._ts, self._ssrc, payload,
                                    marker), self.remote)
        self._seq += 1
