"""The fax mailbox on the real switch: FreeSWITCH itself plays the fax machine (mod_spandsp's
txfax with a TIFF made here) on a loopback channel, as Alex's phone dialling the fax
mailbox's extension; the controller receives it with rxfax → a receipt row, a PDF of the page, an
e-mail carrying the PDF, and one call-log row."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import delete, func, select

from . import processes
from .harness import DOMAIN
from .journey_tools import EslEvents, esl_api
from .waiting import wait_until
from tests.actors import SYSTEM

pytestmark = pytest.mark.freeswitch
FAX_EXTENSION, SENDER = "4890", "1000"
FAX_SECONDS = 60.0  # T.30 at 9600-14400 bit/s: a sparse page takes some 15-25 s
MAIL_TIMEOUT = 15.0


@pytest.fixture(scope="module")
def fax_mailbox(fs_sessions, demo_company_id):
    """A FAX_MAILBOX service on extension 4890, mailing two addresses."""
    from vaxel.models import ServiceKind
    from vaxel.switchboard.models import SwitchboardService
    from vaxel.switchboard.services import create_service
    from vaxel.tenancy.models import Company

    with fs_sessions.begin() as session:
        company = session.get(Company, demo_company_id)
        service = create_service(session, SYSTEM, company, ServiceKind.FAX_MAILBOX, "Fax",
                                 extension=FAX_EXTENSION)
        service.settings = {"emails": ["fax@example.com", "boss@example.com"]}
        session.flush()
        service_id = service.id
    yield service_id
    with fs_sessions.begin() as session:
        session.execute(delete(SwitchboardService).where(SwitchboardService.id == service_id))


def fax_page(path: Path) -> Path:
    """One A4 page as a fax machine sends it: 1728 dots wide, 204x196 dpi, bi-level, G4."""
    page = Image.new("1", (1728, 2200), 1)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 1628, 400), outline=0, width=8)
    for y in range(500, 2000, 60):
        draw.line((150, y, 1578, y), fill=0, width=4)
    page.save(path, compression="group4", dpi=(204, 196))
    return path


def test_a_fax_arrives_as_a_pdf_and_is_mailed(freeswitch, fs_secrets, fs_env, test_company,
                                             journey_controller, fax_mailbox, fs_sessions,
                                             smtp_inbox, tmp_path):
    from vaxel.calls.models import CallLogEntry

    tiff = fax_page(tmp_path / "page.tif")
    sender_uuid = str(uuid.uuid4())
    events = EslEvents(freeswitch.esl_port, fs_secrets.esl, "CHANNEL_EXECUTE CHANNEL_HANGUP_COMPLETE")
    try:
        # FreeSWITCH calls itself through a loopback channel whose B leg enters the
        # `default` context as Alex's phone would (user_name/domain_name are what the
        # directory sets for an authenticated phone), dialling the mailbox's extension.
        reply = esl_api(freeswitch.esl_port, fs_secrets.esl,
                        f"originate {{origination_uuid={sender_uuid},user_name={SENDER},"
                        f"domain_name={DOMAIN},origination_caller_id_number={SENDER}}}"
                        f"loopback/{FAX_EXTENSION}/default &txfax({tiff})")
        assert reply.startswith("+OK"), reply + processes.tail(freeswitch.log, 60)
        receiving = events.wait_for(lambda e: e.get("Application") == "rxfax", 10, "rxfax ran")
        ended = events.wait_for(lambda e: e.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE"
                                and e.get("Unique-ID") == sender_uuid, FAX_SECONDS,
                                "the fax call ended")
    finally:
        events.close()
    assert ended.get("variable_fax_success") == "1", \
        {k: v for k, v in ended.items() if "fax" in k} or processes.tail(freeswitch.log, 60)
    call_uuid = receiving["Unique-ID"]
    [receipt] = wait_until(lambda: receipts(fs_sessions, call_uuid), 10, "the fax receipt")
    assert receipt.success and receipt.pages == 1 and receipt.caller_number == SENDER
    pdf = Path(fs_env["VAXEL_DATA_DIR"]) / "fax" / receipt.pdf_path
    assert pdf.read_bytes().startswith(b"%PDF")
    [mail] = smtp_inbox[1].wait_for(1, MAIL_TIMEOUT)
    assert mail["To"] == "fax@example.com, boss@example.com"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()
    with fs_sessions() as session:
        assert session.scalar(select(func.count()).select_from(CallLogEntry).where(
            CallLogEntry.call_uuid.in_([call_uuid, sender_uuid]))) == 1


def receipts(fs_sessions, call_uuid: str):
    from vaxel.fax.models import FaxReceipt

    with fs_sessions() as session:
        return session.scalars(select(FaxReceipt).where(FaxReceipt.call_uuid == call_uuid)).all()
