"""Translating call-flow commands into FreeSWITCH applications, and their results back.

Pure functions over plain values: what is sent and how FreeSWITCH's answer is read are
tested here without a socket. fs_control.executor does the sending.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from vaxel.callflow.commands import Bridge, BridgeResult, Collect, DialTarget, Prompt, whose_leg
from vaxel.presence.rules import leg_seconds

if TYPE_CHECKING:
    from .speech import SpeechCache

DIGITS_VARIABLE = "vaxel_digits"
# Text for speech must not reach FreeSWITCH's variable expansion or its argument splitter.
_UNSAFE_SPEECH = re.compile(r"[^\w .,!?:;%/-]", re.UNICODE)
_E164 = re.compile(r"^\+[1-9]\d{3,14}\Z")
_SIP_ADDRESS = re.compile(r"^[A-Za-z0-9_.+-]{1,64}@[A-Za-z0-9.-]{1,253}\Z")
_DIGITS = re.compile(r"^[0-9*#]+\Z")


@dataclass(frozen=True)
class Media:
    """Where prompts live: recordings under sounds_dir, rendered speech in `speech`."""

    sounds_dir: Path | None = None
    speech: "SpeechCache | None" = None


def speech_text(text: str) -> str:
    return _UNSAFE_SPEECH.sub(" ", text).strip() or "."


def prompt_file_string(prompt: Prompt, media: Media) -> str:
    """A FreeSWITCH file string for the prompt: the recording if it exists, else the text
    rendered once to a file, else speech synthesised by FreeSWITCH (`say:`)."""
    if prompt.stream:
        return prompt.stream
    if prompt.file:
        path = Path(prompt.file)
        if not path.is_absolute() and media.sounds_dir is not None:
            path = media.sounds_dir / path
        if path.is_file():
            return str(path)
    spoken = speech_text(prompt.text)
    rendered = media.speech.file_for(spoken) if media.speech is not None else None
    if rendered is not None:
        return str(rendered)
    # say: speaks through tts_engine/tts_voice, FreeSWITCH-wide in freeswitch-conf/vars.xml.
    return "say:" + spoken


def quoted(arg: str) -> str:
    """Quote one argument for apps that split their data on spaces (play_and_get_digits)."""
    return "'" + arg.replace("'", " ") + "'"


def collect_args(cmd: Collect, media: Media) -> str:
    prompt = quoted(prompt_file_string(cmd.prompt, media))
    terminators = cmd.terminators or "none"
    return (f"1 {cmd.max_digits} 1 {cmd.timeout_ms} {terminators} {prompt} "
            f"silence_stream://250 {DIGITS_VARIABLE} [0-9*#]+ {cmd.digit_timeout_ms}")


def collected_digits(headers: Mapping[str, str]) -> str | None:
    value = headers.get(f"variable_{DIGITS_VARIABLE}") or ""
    return value if _DIGITS.match(value) else None


def leg(target: DialTarget, gateway: str | None, timeout: int) -> str:
    """One leg of a dial string; addresses are validated so nothing else rides along."""
    options = [f"leg_timeout={int(timeout)}"]
    if target.caller_id_number and _E164.match(target.caller_id_number):
        options.append(f"origination_caller_id_number={target.caller_id_number}")
    options += whose_leg(target.company_id, target.user_id)  # read by call_events
    prefix = "[" + ",".join(options) + "]"
    if target.kind == "sip" and _SIP_ADDRESS.match(target.address):
        return f"{prefix}user/{target.address}"
    if target.kind == "external" and _E164.match(target.address) and gateway:
        return f"{prefix}sofia/gateway/{gateway}/{target.address}"
    raise ValueError(f"cannot dial {target.kind} target {target.address!r}")


def dial_string(cmd: Bridge, gateway: str | None) -> str:
    legs = []
    seconds = leg_seconds(cmd.timeout_seconds, len(cmd.targets), not cmd.simultaneous)
    for target in cmd.targets:
        try:
            legs.append(leg(target, gateway, seconds))
        except ValueError:
            continue
    separator = "," if cmd.simultaneous else "|"
    return separator.join(legs)


def bridge_failure(headers: Mapping[str, str]) -> BridgeResult:
    """Read why a bridge ended without being answered from its EXECUTE_COMPLETE."""
    cause = (headers.get("variable_originate_disposition")
             or headers.get("variable_DIALSTATUS") or "NO_ANSWER")
    return BridgeResult(cause in ("SUCCESS", "ANSWER"), cause)
