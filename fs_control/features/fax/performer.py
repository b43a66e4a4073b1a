"""Receiving faxes with mod_spandsp's rxfax for FAX_MAILBOX services."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from vaxel.fax.flow import ReceiveFax
from vaxel.fax.services import FaxResult, fax_result, record_fax
from vaxel.storage import Store, StorageError
from vaxel.switchboard.models import SwitchboardService

from ...esl import CallHangup

log = logging.getLogger(__name__)

FAX_TIMEOUT = 30 * 60.0  # a long fax takes minutes; this only guards against a lost event


class FaxPerformer:
    def __init__(self, session_factory: sessionmaker[Session], store: Store):
        self.session_factory = session_factory
        self.store = store

    def __call__(self, executor, cmd: ReceiveFax) -> FaxResult:
        try:
            self.store.check_writable()
        except StorageError as exc:
            log.error("fax on service %s refused: %s", cmd.service_id, exc)
            return FaxResult(False, 0, str(exc))
        tiff = self.store.incoming_path(".tif")
        variables = self._receive(executor, str(tiff))
        result = fax_result(variables)
        with self.session_factory.begin() as session:
            service = session.get(SwitchboardService, cmd.service_id)
            record_fax(session, self.store, service, executor.channel.uuid, cmd.caller_number,
                       tiff, result)
        return result

    def _receive(self, executor, path: str) -> dict[str, str]:
        try:
            done = executor.channel.execute("rxfax", path, FAX_TIMEOUT)
        except CallHangup:
            # The sender hung up mid-fax; what arrived is in the TIFF and the latest event.
            done = getattr(executor.channel, "channel", None) or {}
        return {k[len("variable_"):]: v for k, v in done.items() if k.startswith("variable_fax_")}
