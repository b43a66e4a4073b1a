"""Small writes committed together, and a bad one never takes the others with it."""
import gevent
from sqlalchemy import select, text

from fs_control.batching import BatchWriter
from tests.actors import SYSTEM
from vaxel.tenancy.models import Company
from vaxel.tenancy.services import create_company


def test_writes_arrive_in_order_in_few_transactions_and_a_bad_one_is_isolated(committed_db):
    writer = BatchWriter(committed_db, interval=0.05)
    for n in range(20):
        writer.submit(lambda s, n=n: create_company(s, SYSTEM, f"Firm {n}", f"firm{n}.example"))
    writer.submit(lambda s: s.execute(text("SELECT no_such_column FROM company")))
    writer.submit(lambda s: create_company(s, SYSTEM, "Last", "last.example"))
    writer.flush()
    with committed_db() as s:
        names = s.scalars(select(Company.name).order_by(Company.id)).all()
    assert names == [f"Firm {n}" for n in range(20)] + ["Last"]


def test_flush_returns_at_once_when_nothing_is_waiting(committed_db):
    writer = BatchWriter(committed_db)
    with gevent.Timeout(1):
        writer.flush()
