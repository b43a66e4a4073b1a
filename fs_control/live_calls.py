"""The controller's picture of live calls, kept from events and rebuilt from FreeSWITCH."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Iterable, Mapping

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveCall:
    uuid: str
    caller_number: str
    destination: str
    state: str
    company_id: int | None = None


class LiveCalls:
    def __init__(self) -> None:
        self._calls: dict[str, LiveCall] = {}

    def __len__(self) -> int:
        return len(self._calls)

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._calls

    def get(self, uuid: str) -> LiveCall | None:
        return self._calls.get(uuid)

    def all(self) -> list[LiveCall]:
        return list(self._calls.values())

    def replace(self, calls: Iterable[LiveCall]) -> None:
        """After (re)connecting, FreeSWITCH's own list is the truth."""
        self._calls = {c.uuid: c for c in calls}

    def on_event(self, event: Mapping[str, str]) -> None:
        name, uuid = event.get("Event-Name"), event.get("Unique-ID") or ""
        if not uuid:
            return
        if name == "CHANNEL_HANGUP_COMPLETE" or name == "CHANNEL_DESTROY":
            self._calls.pop(uuid, None)
        elif name in ("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_PARK"):
            self._calls[uuid] = from_event(event, "ACTIVE" if name != "CHANNEL_CREATE" else "RINGING")


def from_event(event: Mapping[str, str], state: str) -> LiveCall:
    company = event.get("variable_vaxel_company_id") or ""
    return LiveCall(event.get("Unique-ID") or "", event.get("Caller-Caller-ID-Number") or "",
                    event.get("Caller-Destination-Number") or "", state,
                    int(company) if company.isdigit() else None)


def parse_show_channels(text: str) -> list[LiveCall]:
    """`show channels as json` → calls; FreeSWITCH answers {"row_count": 0} with no rows."""
    try:
        data = json.loads(text)
    except ValueError:
        log.warning("show channels answered something that is not JSON: %.80r", text)
        return []
    return [LiveCall(row.get("uuid", ""), row.get("cid_num", ""), row.get("dest", ""),
                     row.get("callstate", ""))
            for row in data.get("rows") or [] if row.get("uuid")]
