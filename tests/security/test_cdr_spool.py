"""Call records are never lost: mod_json_cdr's spool reconciled into the call log, exactly
once per call UUID, even when the controller or the database was down when the call ended."""
from __future__ import annotations

import json
import os
import time

import gevent
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from fs_control.features.call_records.cdr_spool import CdrSpool, cdr_call_ended
from tests.fsdouble import CallScript
from tests.security.crashing import crash, place
from vaxel.calls.events import CallDirection
from vaxel.calls.models import CallLogEntry
from vaxel.security.outbound import record_setup
from vaxel.models import OutboundCall


def cdr(uuid: str, company_id: int, **variables) -> dict:
    now = int(time.time())
    return {"variables": {"uuid": uuid, "direction": "inbound", "vaxel_company_id": str(company_id),
                          "vaxel_intent": "inbound", "start_epoch": str(now - 30),
                          "answer_epoch": str(now - 25), "end_epoch": str(now),
                          "hangup_cause": "NORMAL_CLEARING", **variables},
            "callflow": [{"caller_profile": {"caller_id_number": "+46701234567",
                                             "caller_id_name": "Caller",
                                             "destination_number": "+46812345600"}}]}


def spool_file(folder, doc, name=None, age=10.0):
    folder.mkdir(exist_ok=True)
    path = folder / (name or "a_%s.cdr.json" % doc["variables"]["uuid"])
    path.write_text(json.dumps(doc))
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def rows(committed_db, uuid=None):
    with committed_db() as s:
        query = select(CallLogEntry)
        if uuid:
            query = query.where(CallLogEntry.call_uuid == uuid)
        return s.scalars(query).all()


def test_a_cdr_maps_to_the_call_log_event():
    ended = cdr_call_ended(cdr("u-1", 7, vaxel_intent="outbound", vaxel_dialled="+4520123456"))
    assert ended.company_id == 7 and ended.direction is CallDirection.OUTGOING
    assert ended.to_number == "+4520123456" and ended.answered_at is not None
    assert cdr_call_ended(cdr("u-2", 7, originating_leg_uuid="u-1")) is None  # a B-leg
    assert cdr_call_ended({"variables": {"uuid": "u-3"}}) is None  # no company of ours


def test_the_same_cdr_twice_is_one_row(committed_db, company, tmp_path):
    spool = CdrSpool(tmp_path / "json_cdr", committed_db)
    doc = cdr("dup-1", company["id"])
    spool_file(spool.folder, doc)
    assert spool.reconcile() == 1
    spool_file(spool.folder, doc)
    spool_file(spool.folder, doc, name="copy.cdr.json")
    assert spool.reconcile() == 2
    assert len(rows(committed_db, "dup-1")) == 1
    assert list(spool.folder.glob("*.cdr.json")) == []


def test_files_still_being_written_wait_and_garbage_is_set_aside(committed_db, company, tmp_path):
    spool = CdrSpool(tmp_path / "json_cdr", committed_db)
    fresh = spool_file(spool.folder, cdr("fresh-1", company["id"]), age=0)
    spool_file(spool.folder, {}, name="broken.cdr.json").write_text("{not json")
    os.utime(spool.folder / "broken.cdr.json", (time.time() - 10, time.time() - 10))
    assert spool.reconcile() == 0
    assert fresh.exists() and (spool.folder / "rejected" / "broken.cdr.json").exists()


def test_database_down_keeps_the_files_for_later(committed_db, company, tmp_path):
    def broken():
        raise OperationalError("connect", {}, Exception("connection refused"))
    down = CdrSpool(tmp_path / "json_cdr", type("F", (), {"begin": staticmethod(broken)})())
    path = spool_file(down.folder, cdr("later-1", company["id"]))
    assert down.reconcile() == 0 and path.exists()
    assert CdrSpool(down.folder, committed_db).reconcile() == 1
    assert len(rows(committed_db, "later-1")) == 1 and not path.exists()


def test_an_outbound_call_stops_counting_once_reconciled(committed_db, company, tmp_path):
    with committed_db.begin() as s:
        record_setup(s, company["id"], "out-1", "+46701234567")
    spool = CdrSpool(tmp_path / "json_cdr", committed_db)
    spool_file(spool.folder, cdr("out-1", company["id"], vaxel_intent="outbound"))
    spool.reconcile()
    with committed_db() as s:
        assert s.scalars(select(OutboundCall.ended_at)).one() is not None


def test_a_call_ending_while_the_controller_is_down_is_logged_once(
        double, start, company, committed_db, tmp_path):
    double.cdr_dir = tmp_path / "json_cdr"
    ctl = start()
    call = place(double, ctl, company, CallScript(digits={"play_and_get_digits": ["2"]},
                                                  talk_time=0.5))
    with gevent.Timeout(5):
        while not call.bridged:
            gevent.sleep(0.02)
    crash(ctl)
    assert call.ended.wait(5)  # the call ends while nobody listens
    assert rows(committed_db, call.uuid) == []
    files = list(double.cdr_dir.glob("a_*.cdr.json"))
    assert len(files) == 1
    then = time.time() - 10
    os.utime(files[0], (then, then))
    spool = CdrSpool(double.cdr_dir, committed_db)  # what the restarted controller runs
    assert spool.reconcile() == 1 and spool.reconcile() == 0
    logged = rows(committed_db, call.uuid)
    assert len(logged) == 1 and logged[0].company_id == company["id"]
