"""Carrying call-flow commands out on a live channel through the Event Socket."""
from __future__ import annotations

import logging
from typing import Callable, Mapping, Protocol

from vaxel.callflow.commands import (Answer, Bridge, BridgeResult, Collect, Command, Handover,
                                     Hangup, Play, Prompt, SetVariables)
from vaxel.callflow.driver import CallEnded
from vaxel.callflow.prompts import standard_prompt

from .apps import Media, bridge_failure, collect_args, collected_digits, dial_string, \
    prompt_file_string

log = logging.getLogger(__name__)

# A bridge lasts as long as the conversation; this only guards against a lost event.
BRIDGE_TIMEOUT = 4 * 3600.0
MEDIA_TIMEOUT = 300.0
_SAFE_VALUE = str.maketrans({"$": "", "{": "", "}": "", "\n": " ", "\r": " "})


class Channel(Protocol):
    """The part of an outbound Event Socket session the executor needs."""

    uuid: str

    def execute(self, app: str, arg: str = "", timeout: float | None = None) -> Mapping[str, str]:
        """Run an application; return its CHANNEL_EXECUTE_COMPLETE headers (decoded).

        Raises CallHangup (any exception carrying `is_hangup = True`) if the caller is gone.
        """


class CallExecutor:
    """Performs one command at a time for a call flow (see vaxel.callflow.driver.drive)."""

    def __init__(self, channel: Channel, media: Media, gateway: str | None,
                 performers: Mapping[type, Callable[["CallExecutor", object], object]] | None = None):
        self.channel = channel
        self.media = media
        self.gateway = gateway
        self.answered = False
        self.bridged = False
        self._may_fail = False  # continue_on_fail set on this channel
        # Features' own commands (queue waits, voicemail recording…), keyed by class.
        self.performers = dict(performers or {})

    def perform(self, command: Command) -> object:
        try:
            return self._dispatch(command)
        except Exception as exc:
            if getattr(exc, "is_hangup", False):
                raise CallEnded() from exc
            raise

    def _dispatch(self, command: Command) -> object:
        performer = self.performers.get(type(command))
        if performer is not None:
            return performer(self, command)
        if isinstance(command, Answer):
            return self._answer()
        if isinstance(command, Play):
            return self._play(command.prompt)
        if isinstance(command, Collect):
            return self._collect(command)
        if isinstance(command, Bridge):
            return self._bridge(command)
        if isinstance(command, SetVariables):
            return self._set(command.values)
        if isinstance(command, Handover):
            return self._handover(command)
        if isinstance(command, Hangup):
            self.channel.execute("hangup", command.cause, timeout=10)
            raise CallEnded()
        raise TypeError(f"unknown command {command!r}")

    def _answer(self) -> None:
        if not self.answered:
            self.channel.execute("answer", timeout=30)
            self.answered = True

    def _play(self, prompt: Prompt) -> None:
        self._answer()
        self.channel.execute("playback", prompt_file_string(prompt, self.media), MEDIA_TIMEOUT)

    def _collect(self, command: Collect) -> str | None:
        self._answer()
        done = self.channel.execute("play_and_get_digits", collect_args(command, self.media),
                                    MEDIA_TIMEOUT)
        return collected_digits(done)

    def _bridge(self, command: Bridge) -> BridgeResult:
        """Ring the targets; a failed bridge returns its cause for the flow to go on with.
        Without continue_on_fail FreeSWITCH hangs the caller up after a busy, rejected or
        offline callee (only no-answer causes go on), so it is set before the first one."""
        dial = dial_string(command, self.gateway)
        if not dial:
            log.warning("call %s: nothing dialable in %s", self.channel.uuid, command.targets)
            return BridgeResult(False, "UNALLOCATED_NUMBER")
        values = {} if self._may_fail else {"continue_on_fail": "true"}
        if command.ringback:
            values["ringback"] = command.ringback
        self._set(values)
        self._may_fail = True
        done = self.channel.execute("bridge", dial, BRIDGE_TIMEOUT)
        result = bridge_failure(done)
        self.bridged = self.bridged or result.answered
        return result

    def _set(self, values: Mapping[str, str]) -> None:
        for name, value in values.items():
            if not name.replace("_", "").isalnum():
                raise ValueError(f"bad channel variable name {name!r}")
            self.channel.execute("set", f"{name}={str(value).translate(_SAFE_VALUE)}", 10)

    def _handover(self, command: Handover) -> None:
        """A destination no feature of this controller serves: apologise, never ring nowhere."""
        log.warning("call %s: no %s feature in this controller; caller hears an apology",
                    self.channel.uuid, command.kind)
        self._play(standard_prompt(0, "service_unavailable"))
        self.channel.execute("hangup", "NORMAL_CLEARING", timeout=10)
        raise CallEnded()
