"""Fax mailbox through the double (rxfax writes a real TIFF): PDF, e-mail, failures logged."""
from pathlib import Path

from sqlalchemy import select

from fs_control.features.mail.smtp import outbox_job
from tests.fsdouble import CallScript
from vaxel.config import Settings
from vaxel.fax.models import FaxReceipt
from vaxel.mail.models import OutboxMail

from .conftest import place


def receipts(committed_db):
    with committed_db() as s:
        return s.scalars(select(FaxReceipt)).all()


def test_a_fax_becomes_a_pdf_emailed_to_the_addresses(double, controller, company,
                                                      committed_db, env, smtp):
    placed = place(double, controller, company, "service:%s" % company["fax"],
                   CallScript(fax_pages=3))
    assert [app for app, _ in placed.apps] == ["answer", "rxfax", "hangup"]
    [receipt] = receipts(committed_db)
    assert receipt.success and receipt.pages == 3 and receipt.result_text == "OK"
    pdf = Path(env["VAXEL_DATA_DIR"]) / "fax" / receipt.pdf_path
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 3
    assert not Path(placed.recordings[0]).exists()  # the TIFF is gone once the PDF is kept
    assert outbox_job(Settings.from_env(env), committed_db)() == 1
    [mail] = smtp[1].wait_for(1)
    assert mail["To"] == "fax@acme.example, boss@acme.example"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()


def test_a_partial_fax_is_logged_with_its_reason_and_still_sent(double, controller, company,
                                                               committed_db):
    place(double, controller, company, "service:%s" % company["fax"],
          CallScript(fax_pages=2, fax_outcome="partial"))
    [receipt] = receipts(committed_db)
    assert not receipt.success and receipt.partial and receipt.pages == 2
    assert receipt.result_text == "Call dropped prematurely"
    with committed_db() as s:
        [mail] = s.scalars(select(OutboxMail)).all()
    assert "did not finish: Call dropped prematurely" in mail.body


def test_a_failed_fax_is_logged_and_nothing_is_mailed(double, controller, company,
                                                      committed_db):
    place(double, controller, company, "service:%s" % company["fax"],
          CallScript(fax_outcome="failed"))
    [receipt] = receipts(committed_db)
    assert not receipt.success and not receipt.partial and receipt.pdf_path is None
    assert receipt.result_text.startswith("T0 timeout")
    with committed_db() as s:
        assert s.scalars(select(OutboxMail)).all() == []
