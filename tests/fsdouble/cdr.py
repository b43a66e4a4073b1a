"""mod_json_cdr as the double plays it: one JSON file per finished leg, written whether or
not anyone listens (json_cdr.conf.xml: log-dir, prefix-a-leg, encode-values=false)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from .call import DoubleCall


def write_json_cdr(call: DoubleCall, folder: Path) -> Path:
    """The file FreeSWITCH writes when the channel is destroyed: `a_<uuid>.cdr.json` for an
    A-leg (no originating leg), `<uuid>.cdr.json` otherwise."""
    variables = {"uuid": call.uuid, "direction": "inbound", **call.variables}
    doc = {
        "core-uuid": "a893ba6b-3554-400e-8c5b-da18bb011416",
        "switchname": "vm",
        "channel_data": {"state": "CS_REPORTING", "direction": "inbound"},
        "variables": variables,
        "callflow": [{"caller_profile": {
            "caller_id_name": call.caller_name, "caller_id_number": call.caller,
            "destination_number": call.destination, "context": call.context,
            "uuid": call.uuid}}],
    }
    prefix = "" if variables.get("originating_leg_uuid") else "a_"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix}{call.uuid}.cdr.json"
    tmp = folder / f".{call.uuid}.tmp"
    tmp.write_text(json.dumps(doc))
    os.replace(tmp, path)
    return path
