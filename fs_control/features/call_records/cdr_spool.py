"""Reconciling the call log with mod_json_cdr's spool: no finished call is ever lost.

FreeSWITCH writes one JSON file per call leg (`a_<uuid>.cdr.json` for A-legs) into its
`json_cdr` log folder when the channel is destroyed — whether or not the controller or
PostgreSQL was up. The live path (CHANNEL_HANGUP_COMPLETE → call log) is fast; this job is
the safety net: every SPOOL_INTERVAL it writes each spooled CDR with the same upsert by
call UUID (vaxel.calls.log.record_call), so a call logged live is overwritten with the
same values, never doubled, and one that ended while we were down is logged now. A file is
deleted only once its row is committed; a file that is not JSON is moved to `rejected/`.

Why the spool and not mod_json_cdr's HTTP POST: a POST needs a web service that is up
when the call ends, and retries in FreeSWITCH's own threads; files survive anything short
of a lost disk, and the folder is local (the controller runs beside FreeSWITCH: the Event
Socket is loopback-only).
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Mapping

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from vaxel.calls.events import CallEnded
from vaxel.calls.log import record_call
from vaxel.security.outbound import record_end

from ... import metrics
from ...call_events import call_ended

log = logging.getLogger(__name__)

SPOOL_INTERVAL = 30.0
SETTLE_SECONDS = 2.0  # a file younger than this may still be being written
BATCH = 500


def cdr_headers(doc: Mapping) -> dict[str, str]:
    """A JSON CDR as the CHANNEL_HANGUP_COMPLETE headers call_events.call_ended reads."""
    variables = doc.get("variables") or {}
    flow = doc.get("callflow") or {}
    if isinstance(flow, list):  # one entry per dialplan transfer; the first is the call's start
        flow = flow[0] if flow else {}
    profile = flow.get("caller_profile") or {}
    headers = {"variable_" + k: str(v) for k, v in variables.items()}
    headers.update({
        "Unique-ID": str(variables.get("uuid") or ""),
        "Caller-Caller-ID-Number": str(profile.get("caller_id_number") or ""),
        "Caller-Caller-ID-Name": str(profile.get("caller_id_name") or ""),
        "Caller-Destination-Number": str(profile.get("destination_number") or ""),
        "Call-Direction": str(variables.get("direction") or ""),
    })
    return headers


def cdr_call_ended(doc: Mapping) -> CallEnded | None:
    """The call-log event of a spooled CDR, or None for legs we don't log (B-legs...)."""
    return call_ended(cdr_headers(doc))


class CdrSpool:
    def __init__(self, folder: Path, session_factory: sessionmaker[Session]):
        self.folder = Path(folder)
        self.session_factory = session_factory

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        settled = time.time() - SETTLE_SECONDS
        found = [p for p in self.folder.glob("*.cdr.json") if p.stat().st_mtime <= settled]
        metrics.CDR_SPOOL.set(len(found))
        return sorted(found)[:BATCH]

    def reconcile(self) -> int:
        """Write every settled CDR; returns how many calls were logged."""
        logged = 0
        for path in self.files():
            try:
                logged += self._one(path)
            except SQLAlchemyError as exc:  # the database is down: keep the files, retry later
                log.warning("CDR reconciliation paused, database unavailable: %s", exc)
                break
        if logged:
            log.info("reconciled %s call(s) from the CDR spool", logged)
        return logged

    def _one(self, path: Path) -> int:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.error("CDR %s unreadable (%s); moved to rejected/", path.name, exc)
            self._reject(path)
            return 0
        ended = cdr_call_ended(doc)
        if ended is not None:
            with self.session_factory.begin() as session:
                record_call(session, ended)
                record_end(session, ended.call_uuid, ended.at)
            metrics.CDR_RECONCILED.inc()
        path.unlink(missing_ok=True)
        return 1 if ended is not None else 0

    def _reject(self, path: Path) -> None:
        rejected = self.folder / "rejected"
        rejected.mkdir(exist_ok=True)
        path.replace(rejected / path.name)


def outbound_end_writer(session_factory: sessionmaker[Session]):
    """An EventBus handler: a call that ended stops counting against the caps — an
    outgoing one, and an incoming one whose forward or mobile twin was counted."""
    def end(event: CallEnded) -> None:
        with session_factory.begin() as session:
            record_end(session, event.call_uuid, event.at)
    return end
