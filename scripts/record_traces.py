"""Record fresh Event Socket traces from a real FreeSWITCH, in the captures' format.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        flock /tmp/vaxel-fs.lock .venv/bin/python -m scripts.record_traces [--out DIR] [-k JOURNEY]

Runs the project's own harness (freeswitch-conf rendered into a temporary folder, the
xml_curl service, the controller, sipp callers and phones; tests/integration/harness.py) through
the differential test, tests/integration/test_double_differential_freeswitch.py, with a
recording proxy on the controller's inbound Event Socket and on each call's outbound socket.
Each journey leaves <journey>-outbound.trace and <journey>-inbound.trace in DIR (default
tests/captures/freeswitch/recorded, which the fast double-vs-recording tests read). The
same run compares the double with the switch; the traces are kept even when they differ.
Needs FreeSWITCH (FREESWITCH_BIN or /opt/freeswitch) and sipp; ports 5060/5080 must be free.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST = "tests/integration/test_double_differential_freeswitch.py"
DEFAULT_OUT = REPO / "tests" / "captures" / "freeswitch" / "recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the traces go")
    parser.add_argument("-k", dest="journeys", default="",
                        help="only these journeys (a pytest -k expression)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL (a PostgreSQL server; a throw-away database is made)")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider",
               *(["-k", args.journeys] if args.journeys else [])]
    env = {**os.environ, "VAXEL_RECORD_TRACES_DIR": str(out)}
    code = subprocess.call(command, cwd=REPO, env=env)
    for path in sorted(out.glob("*.trace")):
        print(f"{path}  {path.stat().st_size} bytes")
    return code


if __name__ == "__main__":
    sys.exit(main())
