"""The toll policy for legs the controller dials itself (forwards, IVR destinations and
queue callbacks to outside numbers): a leg the policy refuses is dropped before any trunk
sees it and ops are alerted; one it lets through counts towards the company's caps
(vaxel.security.outbound.admit, the same check and count as a number dialled on a phone).
Calls typed on a phone, click-to-call and transfers are checked by the dialplan."""
from __future__ import annotations

import dataclasses
import logging
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.callflow.commands import Bridge, DialTarget
from vaxel.security.outbound import admit
from vaxel.security.toll import Refused
from vaxel.tenancy.models import Company

log = logging.getLogger(__name__)


class TollGuard:
    def __init__(self, session_factory: sessionmaker[Session]):
        self.session_factory = session_factory

    def allowed(self, company_id: int, call_uuid: str, command: Bridge) -> Bridge:
        """The bridge with only the legs the company's policy allows."""
        if not any(t.kind == "external" for t in command.targets):
            return command
        return dataclasses.replace(command, targets=self.allowed_targets(
            company_id, call_uuid, command.targets))

    def allowed_targets(self, company_id: int, call_uuid: str,
                        targets: Iterable[DialTarget]) -> tuple[DialTarget, ...]:
        """`targets` without the outside numbers the company's policy refuses; those kept
        are counted as this call's set-up."""
        targets = tuple(targets)
        if not any(t.kind == "external" for t in targets):
            return targets
        with self.session_factory() as session:
            country = session.scalar(select(Company.country).where(Company.id == company_id))
            kept = tuple(t for t in targets if t.kind != "external" or not isinstance(
                admit(session, company_id, None, country or "SE", t.address, call_uuid,
                      "call %s (controller)" % call_uuid), Refused))
            session.commit()
        return kept
