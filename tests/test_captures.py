"""The captured FreeSWITCH traffic the tests replay is part of the repository: a fresh
clone (no ../shared beside it) runs the double's and xml_curl's capture tests as they are."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.shared import freeswitch_captures

REPO = Path(__file__).resolve().parents[1]


def test_captures_are_committed_files_of_this_repository(monkeypatch):
    monkeypatch.delenv("VAXEL_CAPTURES_DIR", raising=False)
    root = freeswitch_captures()
    assert root.is_relative_to(REPO)
    traces = sorted(p.name for p in (root / "esl").glob("*.trace"))
    requests = sorted(p.name for p in (root / "xml_curl").glob("*.http"))
    assert "outbound-ivr-record-bridge.trace" in traces and len(requests) >= 40
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", *(f"{root}/esl/{t}" for t in traces)],
                             cwd=REPO, capture_output=True, text=True)
    assert tracked.returncode == 0, tracked.stderr


def test_no_test_reads_outside_the_repository():
    """Nothing under tests/ or scripts/ reaches for the old ../shared captures."""
    needles = ("shared/freeswitch/" + "esl", "shared/freeswitch/" + "xml_curl",
               '/ "shared"')
    offenders = [str(p.relative_to(REPO)) for folder in ("tests", "scripts")
                 for p in (REPO / folder).rglob("*.py")
                 if p != Path(__file__).resolve()
                 and any(needle in p.read_text() for needle in needles)]
    assert offenders == []
