"""The journeys' media tools, without FreeSWITCH: a phone's RTP reaches another, digits are
RFC 2833 events whose second press is a new event, and loudness tells speech from silence."""
from __future__ import annotations

import struct
import wave

from .waiting import wait_until
from .media import (ALAW, ALAW_SILENCE, TELEPHONE_EVENT, RtpPhone, level, sdp_media,
                    speech, wav_level)


def test_alaw_decodes_silence_to_almost_nothing_and_peaks_loud():
    assert ALAW[0xD5] == 8 and ALAW[0x55] == -8
    assert max(ALAW) == 32256 and min(ALAW) == -32256
    assert not level([ALAW[b] for b in ALAW_SILENCE * 10]).has_sound()


def test_sipps_speech_sample_has_sound():
    voice = speech()
    assert len(voice) > 8000 * 5  # several seconds
    assert level([ALAW[b] for b in voice]).has_sound()


def test_one_phone_hears_what_the_other_says():
    with RtpPhone() as alice, RtpPhone() as bob:
        alice.connect(("127.0.0.1", bob.port))
        alice.say(speech()[8000:16000])  # its first second is quiet
        wait_until(lambda: bob.heard().seconds >= 1.0, 5, "a second of audio")
        assert bob.heard().has_sound()
        assert bob.remote == ("127.0.0.1", alice.port)  # symmetric RTP


def test_each_press_is_its_own_event_with_its_own_timestamp():
    with RtpPhone() as alice, RtpPhone() as bob:
        alice.connect(("127.0.0.1", bob.port))
        alice.press("11")
        wait_until(lambda: len(ends(bob)) >= 6, 5, "two digits ended")
        events = [p for p in bob.received if p.payload_type == TELEPHONE_EVENT]
        assert {p.payload[0] for p in events} == {1}
        starts = [p.timestamp for p in events if p.marker]
        assert len(starts) == 2 and starts[1] > starts[0], starts
        seqs = [p.seq for p in bob.received]
        assert seqs == sorted(set(seqs))  # one stream, no repeats


def ends(phone):
    return [p for p in phone.received
            if p.payload_type == TELEPHONE_EVENT and p.payload[1] & 0x80]


def test_sdp_media_reads_the_audio_address():
    sdp = "v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 23456 RTP/AVP 8 101\r\n"
    assert sdp_media(sdp.replace("\r\n", "\n")) == ("127.0.0.1", 23456)
    assert sdp_media("SIP/2.0 100 Trying\n") is None


def test_wav_level_of_a_tone_and_of_silence(tmp_path):
    for name, sample in (("quiet", 0), ("loud", 8000)):
        with wave.open(str(tmp_path / f"{name}.wav"), "wb") as out:
            out.setnchannels(1), out.setsampwidth(2), out.setframerate(8000)
            out.writeframes(struct.pack("<8000h", *[sample if i % 2 else -sample
                                                     for i in range(8000)]))
    assert wav_level(tmp_path / "loud.wav").has_sound()
    assert not wav_level(tmp_path / "quiet.wav").has_sound()
    assert wav_level(tmp_path / "quiet.wav").seconds == 1.0
