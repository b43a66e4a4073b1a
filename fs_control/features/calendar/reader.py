"""The controller's side of the feed reader process (vaxel/calendar/reader.py): feeds are
parsed and expanded there, never on the gevent loop that answers calls.

gevent's subprocess pipes wait on the loop, so while the reader works every call, event and
job of the controller carries on. A reader past its deadline (a feed built to be slow) is
killed and the feed refused; the next feed gets a fresh reader.
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import gevent
import gevent.lock
import gevent.subprocess

import vaxel
from vaxel.calendar.busy import BadFeed, Busy
from vaxel.calendar.reader import READY, answer_of, job_line

log = logging.getLogger(__name__)

# icalendar parses ~100 kB a second: the largest feed fetched (2 MiB) takes ~20 s of CPU,
# off the loop. A reader still busy after this is working on something built to be slow.
READ_TIMEOUT = 30.0
STARTUP_TIMEOUT = 15.0  # Python and icalendar's imports, on a busy machine
_ROOT = Path(vaxel.__file__).resolve().parent.parent


class FeedReader:
    """Callable like vaxel.calendar.busy.busy_intervals, but in a separate process."""

    def __init__(self, timeout: float = READ_TIMEOUT):
        self.timeout = timeout
        self._process: gevent.subprocess.Popen | None = None
        self._one_at_a_time = gevent.lock.Semaphore()

    def __call__(self, feed: bytes, since: dt.datetime, until: dt.datetime,
                 tz: str) -> list[Busy]:
        with self._one_at_a_time:  # one reader, one job on its pipe at a time
            return self._read(feed, since, until, tz)

    def _read(self, feed: bytes, since: dt.datetime, until: dt.datetime,
              tz: str) -> list[Busy]:
        process = self._running()
        if process is None:
            raise BadFeed("the feed reader could not start")
        try:
            with gevent.Timeout(self.timeout):
                process.stdin.write(job_line(feed, since, until, tz))
                process.stdin.flush()
                line = process.stdout.readline()
        except gevent.Timeout:
            self.close()
            raise BadFeed(f"the feed took more than {self.timeout:g} s to read") from None
        except OSError as exc:  # the reader died (its memory cap, a crash)
            self.close()
            raise BadFeed(f"the feed reader failed: {exc}") from exc
        if not line:
            self.close()
            raise BadFeed("the feed reader stopped (the feed needed too much memory?)")
        return answer_of(line)

    def _running(self) -> gevent.subprocess.Popen | None:
        """The reader, started (and ready) if it was not; None if it cannot start."""
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        self._process = gevent.subprocess.Popen(
            [sys.executable, "-m", "vaxel.calendar.reader"], cwd=_ROOT,
            stdin=gevent.subprocess.PIPE, stdout=gevent.subprocess.PIPE)
        with gevent.Timeout(STARTUP_TIMEOUT, False):
            if self._process.stdout.readline() == READY:
                return self._process
        log.warning("the feed reader did not start")
        self.close()
        return None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        try:
            process.wait(timeout=5)
        except gevent.subprocess.TimeoutExpired:
            log.warning("feed reader %s did not exit after SIGKILL", process.pid)
        for pipe in (process.stdin, process.stdout):
            try:
                pipe.close()
            except OSError:  # the pipe broke with the process; nothing left to free
                pass
