"""A received fax: what FreeSWITCH reported, the TIFF turned into a PDF, the e-mail queued."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from ..mail.services import queue_mail
from ..storage import Store
from ..switchboard.models import SwitchboardService
from .models import FaxReceipt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaxResult:
    success: bool
    pages: int
    text: str

    @property
    def partial(self) -> bool:
        return not self.success and self.pages > 0


def fax_result(variables: Mapping[str, str]) -> FaxResult:
    """Read mod_spandsp's channel variables after rxfax (missing ones mean nothing came)."""
    pages = variables.get("fax_document_transferred_pages") or "0"
    return FaxResult(variables.get("fax_success") == "1",
                     int(pages) if pages.isdigit() else 0,
                     variables.get("fax_result_text") or "no fax result from FreeSWITCH")


def tiff_to_pdf(tiff: Path, pdf: Path) -> int:
    """Every page of the TIFF into one PDF; returns the page count."""
    with Image.open(tiff) as image:
        pages = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            pages.append(image.convert("L"))
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=200.0)
    return len(pages)


def fax_emails(service: SwitchboardService) -> list[str]:
    return [a for a in (service.settings or {}).get("emails", []) if isinstance(a, str)]


def record_fax(session: Session, store: Store, service: SwitchboardService, call_uuid: str,
               caller: str, tiff: Path, result: FaxResult) -> FaxReceipt:
    """Log the fax (failed ones too, with the reason); e-mail whatever pages arrived."""
    receipt = FaxReceipt(company_id=service.company_id, service_id=service.id,
                         call_uuid=call_uuid, caller_number=caller[:64], success=result.success,
                         partial=result.partial, result_text=result.text[:500],
                         pages=result.pages)
    session.add(receipt)
    session.flush()
    pdf = _convert(store, tiff, f"{service.company_id}/{service.id}/{receipt.id}.pdf")
    if pdf is None:
        log.warning("fax %s from %s on service %s failed: %s", receipt.id, caller, service.id,
                    result.text)
        return receipt
    receipt.pdf_path = store.relative(pdf)
    note = "" if result.success else f"\nThe fax did not finish: {result.text}."
    queue_mail(session, fax_emails(service), f"Fax from {caller or 'unknown'}",
               f"A fax of {result.pages} page(s) arrived from {caller or 'an unknown number'}."
               + note, company_id=service.company_id, attachment=pdf,
               attachment_name=f"fax-{receipt.id}.pdf", attachment_type="application/pdf")
    if not result.success:
        log.warning("fax %s from %s partial (%s pages): %s", receipt.id, caller, result.pages,
                    result.text)
    return receipt


def _convert(store: Store, tiff: Path, relative: str) -> Path | None:
    if not tiff.is_file():
        return None
    incoming = store.incoming_path(".pdf")
    try:
        tiff_to_pdf(tiff, incoming)
    except (OSError, UnidentifiedImageError) as exc:
        log.error("fax %s could not be converted to PDF: %s", tiff, exc)
        incoming.unlink(missing_ok=True)
        return None
    pdf = store.commit(incoming, relative)
    tiff.unlink(missing_ok=True)
    return pdf
