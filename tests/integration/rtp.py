"""A caller's media, made in the test: PCMA audio and RFC 2833 key presses on one RTP stream.

sipp replays its digit pcaps byte for byte, so a key pressed twice in one call repeats RTP
timestamps and FreeSWITCH drops the second press, and a pcap plays at a fixed moment, blind
to when the switch is listening. Here one stream carries both, with sequence numbers and
timestamps that run on, and a key goes out when the test says so (once the menu plays).
The far end is learnt from the first packet the switch sends (symmetric RTP).
"""
from __future__ import annotations

import math
import os
import queue
import socket
import struct
import threading
import time
import wave
from pathlib import Path

G711A_PCAP = Path("/usr/share/sip-tester/g711a.pcap")
FRAME = 160  # samples (and PCMA bytes) per 20 ms packet
PCMA, EVENT = 8, 101  # payload types offered in tests/sipp/trunk_caller.xml
EVENT_CODES = {**{str(d): d for d in range(10)}, "*": 10, "#": 11}
PRESS_PACKETS, END_PACKETS = 5, 3  # a 100 ms press; the end packet is sent three times


def pcap_payloads(path: Path) -> bytes:
    """The UDP payloads' RTP payloads of an Ethernet/IPv4 pcap, joined (sipp's g711a.pcap)."""
    data = path.read_bytes()
    offset, audio = 24, bytearray()
    while offset + 16 <= len(data):
        length = struct.unpack_from("<I", data, offset + 8)[0]
        frame = data[offset + 16:offset + 16 + length]
        offset += 16 + length
        ip = frame[14:]
        udp = ip[(ip[0] & 0x0F) * 4:]
        audio += udp[8 + 12:]  # UDP header, fixed RTP header
    return bytes(audio)


def alaw_to_linear(byte: int) -> int:
    value = byte ^ 0x55
    exponent, mantissa = (value >> 4) & 0x07, value & 0x0F
    sample = (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    return sample if value & 0x80 else -sample


_LINEAR = [alaw_to_linear(b) for b in range(256)]


def pcma_rms(payload: bytes) -> float:
    return math.sqrt(sum(_LINEAR[b] ** 2 for b in payload) / max(1, len(payload)))


def wav_rms(path: Path) -> float:
    """The loudness of a 16-bit WAV file (a recording or voicemail message)."""
    with wave.open(str(path)) as recording:
        assert recording.getsampwidth() == 2, path
        samples = memoryview(recording.readframes(recording.getnframes())).cast("h")
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


class RtpEndpoint:
    """Sends audio every 20 ms once the far end is known, keys on request; counts what it
    hears. Use as a context manager; `port` is what the SDP offer names."""

    LOUD = 500.0  # RMS above this counts as sound (PCMA silence decodes to ±8)

    def __init__(self, address: str, audio: bytes | None = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 0))
        self.port = self.sock.getsockname()[1]
        self.audio = audio or pcap_payloads(G711A_PCAP)
        self.remote: tuple[str, int] | None = None
        self.received = self.loud_received = 0
        self._keys: queue.Queue[str] = queue.Queue()
        self._stop = threading.Event()
        self._seq, self._ts, self._ssrc = (int.from_bytes(os.urandom(2), "big"),
                                           int.from_bytes(os.urandom(4), "big"),
                                           int.from_bytes(os.urandom(4), "big"))
        self._position = 0
        self._thread = threading.Thread(target=self._run, name=f"rtp-{self.port}", daemon=True)

    def __enter__(self) -> "RtpEndpoint":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()

    def press(self, keys: str) -> None:
        """Queue key presses (0-9 * #), sent one after another with a pause between."""
        for key in keys:
            self._keys.put(key)

    def pending_keys(self) -> int:
        return self._keys.qsize()

    def _run(self) -> None:
        due = time.monotonic()
        while not self._stop.is_set():
            self._receive_until(due)
            # Paced by the clock; after a stall (a loaded machine) start again from now
            # rather than send the missed packets in one burst.
            due = max(due + 0.02, time.monotonic() - 0.1)
            if self.remote is None:
                continue
            try:
                key = self._keys.get_nowait()
            except queue.Empty:
                self._send_audio()
            else:
                due = self._send_key(key, due)

    def _receive_until(self, deadline: float) -> None:
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                packet, sender = self.sock.recvfrom(2048)
            except socket.timeout:
                return
            if len(packet) <= 12:
                continue
            self.remote = self.remote or sender
            self.received += 1
            if packet[1] & 0x7F == PCMA and pcma_rms(packet[12:]) > self.LOUD:
                self.loud_received += 1

    def _packet(self, payload_type: int, payload: bytes, marker: bool = False) -> bytes:
        header = struct.pack("!BBHII", 0x80, payload_type | (0x80 if marker else 0),
                             self._seq, self._ts, self._ssrc)
        self._seq = (self._seq + 1) & 0xFFFF
        return header + payload

    def _send_audio(self) -> None:
        if self._position + FRAME > len(self.audio):
            self._position = 0
        frame = self.audio[self._position:self._position + FRAME]
        self._position += FRAME
        self.sock.sendto(self._packet(PCMA, frame), self.remote)
        self._ts = (self._ts + FRAME) & 0xFFFFFFFF

    def _send_key(self, key: str, due: float) -> float:
        """One RFC 2833 event: growing durations at one timestamp, then the end bit."""
        code = EVENT_CODES[key]
        for n in range(1, PRESS_PACKETS + END_PACKETS + 1):
            end = n > PRESS_PACKETS
            duration = FRAME * min(n, PRESS_PACKETS)
            payload = struct.pack("!BBH", code, (0x80 if end else 0) | 10, duration)
            self.sock.sendto(self._packet(EVENT, payload, marker=n == 1), self.remote)
            self._receive_until(due)
            due += 0.02
        self._ts = (self._ts + FRAME * PRESS_PACKETS) & 0xFFFFFFFF
        for _ in range(5):  # 100 ms of audio between presses, as a finger needs
            self._send_audio()
            self._receive_until(due)
            due += 0.02
        return due
