"""Where a call can be sent: the one vocabulary shared by IVR options, opening hours,
presence profiles, queue overflow and the dialplan."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class DestinationKind(str, enum.Enum):
    USER = "user"            # target: extension
    SERVICE = "service"      # target: switchboard service id (IVR, queue, shared voicemail…)
    VOICEMAIL = "voicemail"  # target: extension whose personal mailbox takes the call
    EXTERNAL = "external"    # target: E.164 number, dialled through a trunk
    MESSAGE = "message"      # target: prompt name; played, then the call ends
    HANGUP = "hangup"        # target: unused
    MENU = "menu"            # target: IVR menu id (another level of knappval)
    REPEAT = "repeat"        # target: unused; only inside a menu: play the menu again
    CONFERENCE = "conference"  # target: conference room id (dialled from a phone)


# Kinds that say everything by themselves and take no target.
TARGETLESS = frozenset({DestinationKind.HANGUP, DestinationKind.REPEAT})


@dataclass(frozen=True)
class Destination:
    kind: DestinationKind
    target: str | None = None

    def __post_init__(self) -> None:
        needs_target = self.kind not in TARGETLESS
        if needs_target and not self.target:
            raise ValueError(f"a {self.kind.value} destination needs a target")

    @classmethod
    def parse(cls, text: str) -> "Destination":
        """Parse the stored form "kind:target" (e.g. "user:1001", "hangup")."""
        kind, _, target = text.partition(":")
        return cls(DestinationKind(kind), target or None)

    def __str__(self) -> str:
        return self.kind.value if self.target is None else f"{self.kind.value}:{self.target}"
