"""Where a call handed to the controller goes first: its destination, unless closed."""
from __future__ import annotations

from ..routing.destinations import Destination, DestinationKind as K
from ..schedules.services import Opening

CLOSED_DEFAULT = Destination(K.MESSAGE, "closed")


def first_destination(destination: Destination, opening: Opening | None) -> Destination:
    """Opening hours apply to switchboard services; calls to a person follow their profile."""
    if destination.kind is not K.SERVICE or opening is None or opening.state.open:
        return destination
    return opening.closed_destination or CLOSED_DEFAULT
