"""The commands a call flow can give, and the results it gets back."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prompt:
    """Something to play: a recorded file if there is one, else the text spoken."""

    file: str | None = None
    text: str = ""
    # A tone or stream (tone_stream://, local_stream://…), used as is.
    stream: str | None = None


@dataclass(frozen=True)
class Answer:
    pass


@dataclass(frozen=True)
class Play:
    prompt: Prompt


@dataclass(frozen=True)
class Collect:
    """Play a prompt and collect up to max_digits; the result is the digits or None."""

    prompt: Prompt
    max_digits: int = 1
    timeout_ms: int = 5000
    terminators: str = "#"
    digit_timeout_ms: int = 3000


def whose_leg(company_id: int | None, user_id: int | None) -> list[str]:
    """A leg's variables naming the user it rings, for the `[…]` of a dial string: the
    controller's bridges and the dialplan's both write them."""
    if company_id is None or user_id is None:
        return []
    return [f"vaxel_company_id={int(company_id)}", f"vaxel_user_id={int(user_id)}"]


@dataclass(frozen=True)
class DialTarget:
    """One leg to ring: a SIP device of ours or an outside number through a trunk."""

    kind: str  # "sip" | "external"
    address: str  # sip: "user@domain"; external: E.164
    caller_id_number: str | None = None
    # Whose phone this leg rings: the leg carries them, since FreeSWITCH puts the directory's
    # variables on a B-leg only by its hang-up (ringing/answered webhooks read them before).
    company_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Bridge:
    targets: tuple[DialTarget, ...]
    timeout_seconds: int = 20
    simultaneous: bool = True
    # Music or ringback the caller hears meanwhile.
    ringback: str | None = None
    # The user being rung whose calls are recorded (the recording add-on), if any.
    record_user_id: int | None = None


@dataclass(frozen=True)
class BridgeResult:
    answered: bool
    cause: str = ""


@dataclass(frozen=True)
class Hangup:
    cause: str = "NORMAL_CLEARING"


@dataclass(frozen=True)
class SetVariables:
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Handover:
    """Hand the call to a part not built into this flow (voicemail, queue, fax…)."""

    kind: str
    target: str


Command = Answer | Play | Collect | Bridge | Hangup | SetVariables | Handover
