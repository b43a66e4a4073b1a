"""The feed reader process: `python -m vaxel.calendar.reader` reads feeds apart from the
process that answers calls.

Parsing and expanding a feed is CPU-bound pure Python: run in the controller it would hold
its gevent loop (no thread helps: the GIL is released only in C code). The controller keeps
one reader process, sends it one job a line and waits for one answer a line, with a
deadline; a reader past the deadline is killed and a new one started (fs_control/
features/calendar/reader.py). The reader's memory is capped too.

Protocol: the reader says READY once its imports are done (so a job's deadline is the job's
alone); then JSON, one object a line: job {"feed": base64, "since": ISO, "until": ISO,
"tz": zone} → answer {"busy": [[start ISO, end ISO], ...]} or {"error": text}.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import resource
import sys
from typing import BinaryIO

from .busy import BadFeed, Busy, busy_intervals

MEMORY_LIMIT = 512 * 1024 * 1024  # a 2 MiB feed parses in well under this
READY = b"ready\n"


def job_line(feed: bytes, since: dt.datetime, until: dt.datetime, tz: str) -> bytes:
    return json.dumps({"feed": base64.b64encode(feed).decode(), "since": since.isoformat(),
                       "until": until.isoformat(), "tz": tz}).encode() + b"\n"


def answer_of(line: bytes) -> list[Busy]:
    """The busy stretches in a reader's answer; BadFeed when it reports an error."""
    try:
        answer = json.loads(line)
        if "error" in answer:
            raise BadFeed(str(answer["error"]))
        return [Busy(dt.datetime.fromisoformat(s), dt.datetime.fromisoformat(e))
                for s, e in answer["busy"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadFeed(f"the feed reader answered nonsense: {exc}") from exc


def answer_line(job: bytes) -> bytes:
    try:
        fields = json.loads(job)
        busy = busy_intervals(base64.b64decode(fields["feed"]),
                              dt.datetime.fromisoformat(fields["since"]),
                              dt.datetime.fromisoformat(fields["until"]), fields["tz"])
        answer: dict = {"busy": [[b.start.isoformat(), b.end.isoformat()] for b in busy]}
    except BadFeed as exc:
        answer = {"error": str(exc)}
    except (ValueError, KeyError, TypeError, MemoryError, RecursionError) as exc:
        answer = {"error": f"not a readable iCalendar feed: {type(exc).__name__}"}
    return json.dumps(answer).encode() + b"\n"


def serve(jobs: BinaryIO, answers: BinaryIO) -> None:
    answers.write(READY)
    answers.flush()
    for job in jobs:
        answers.write(answer_line(job))
        answers.flush()


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    serve(sys.stdin.buffer, sys.stdout.buffer)
