"""The toll policy for legs the controller dials itself (forwards and IVR destinations to
outside numbers): a leg the policy refuses is dropped from the bridge before any trunk
sees it, and ops are alerted. Calls typed on a phone are checked by the dialplan."""
from __future__ import annotations

import dataclasses
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.callflow.commands import Bridge
from vaxel.security.outbound import alert_refused, outbound_limits
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
        with self.session_factory() as session:
            country = session.scalar(select(Company.country).where(Company.id == company_id))
            limits = outbound_limits(session, company_id, None)
            kept = []
            for target in command.targets:
                verdict = limits.check(country or "SE", target.address) \
                    if target.kind == "external" else None
                if isinstance(verdict, Refused):
                    alert_refused(session, company_id, "call %s (controller)" % call_uuid,
                                  target.address, verdict.reason)
                else:
                    kept.append(target)
            session.commit()
        return dataclasses.replace(command, targets=tuple(kept))
