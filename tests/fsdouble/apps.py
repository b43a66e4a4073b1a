"""What the double's channel does for each dialplan application the controller executes."""
from __future__ import annotations

import logging
import re
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .call import DoubleCall

if TYPE_CHECKING:
    from .outbound import CallLeg

log = logging.getLogger(__name__)
DIALSTATUS = {"USER_BUSY": "BUSY", "NO_ANSWER": "NOANSWER", "NO_USER_RESPONSE": "NOANSWER",
              "CALL_REJECTED": "BUSY", "SUBSCRIBER_ABSENT": "CHANUNAVAIL"}
INTERRUPTED = {"playback": "PLAYBACK ERROR"}  # what the capture shows on a caller hang-up
# Apps whose output survives a hang-up: FreeSWITCH closes a recording with what it has.
KEEPS_OUTPUT = {"hangup", "record"}


def run_app(leg: "CallLeg", app: str, arg: str, app_uuid: str) -> str:
    """EXECUTE, the application's effect, EXECUTE_COMPLETE; returns Application-Response."""
    call = leg.call
    base = [("Application", app)] + ([("Application-Data", arg)] if arg else [])
    leg.emit("CHANNEL_EXECUTE", base + [("Application-UUID", app_uuid)])
    runs = call.app_runs[app] = call.app_runs.get(app, 0) + 1
    script = call.script
    if script.hangup_during == app and script.hangup_on == runs:
        leg.wait(script.hangup_delay)
        leg.caller_hangup("NORMAL_CLEARING")
    response = "_none_"
    if not call.hungup or app in KEEPS_OUTPUT:
        response = APPS.get(app, _generic)(leg, arg) or "_none_"
    if call.hungup and app != "hangup":
        response = INTERRUPTED.get(app, response)
    leg.emit("CHANNEL_EXECUTE_COMPLETE",
             base + [("Application-Response", response), ("Application-UUID", app_uuid)])
    for digit in call.keyed.pop(app, ""):  # the capture shows DTMF after the completion
        leg.emit("DTMF", digit=digit)
    if app == "bridge" and call.bridged and call.variables.get("hangup_after_bridge") == "true":
        leg.hangup("NORMAL_CLEARING")
    return response


def split_args(arg: str) -> list[str]:
    """Split application arguments as FreeSWITCH does: quoted parts stay whole."""
    return [p.strip("'\"") for p in re.findall(r"'[^']*'|\"[^\"]*\"|\S+", arg)]


def _generic(leg: "CallLeg", arg: str) -> str:
    return "_none_"


def _answer(leg: "CallLeg", arg: str) -> str:
    if not leg.call.answered:
        leg.call.mark_answered()
        leg.emit("CHANNEL_PROGRESS_MEDIA")
        leg.emit("CHANNEL_ANSWER")
    return "_none_"


def _playback(leg: "CallLeg", arg: str) -> str:
    if leg.wait(leg.call.script.prompt_time, breakable=True):
        return "PLAYBACK ERROR"
    ms = int(leg.call.script.prompt_time * 1000)
    for name, value in (("playback_last_offset_pos", ms * 8), ("playback_seconds", ms // 1000),
                        ("playback_ms", ms), ("playback_samples", ms * 8)):
        leg.call.set_variable(name, str(value))
    return "FILE PLAYED"


def fs_split(arg: str) -> list[str]:
    """Split application data on blanks as FreeSWITCH's switch_separate_string does:
    'single quotes' group words (and are removed), a backslash keeps the next character."""
    parts, current, quoted, escaped, started = [], [], False, False, False
    for ch in arg:
        if escaped:
            current.append("\\" + ch if ch not in "' \\" else ch)
            escaped = False
        elif ch == "\\":
            escaped, started = True, True
        elif ch == "'":
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started:
                parts.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
    if started:
        parts.append("".join(current))
    return parts


def _collect(leg: "CallLeg", arg: str, var_index: int, app: str) -> str:
    parts = fs_split(arg)
    variable = parts[var_index] if len(parts) > var_index else "read_digits"
    _playback(leg, arg)
    if leg.call.hungup:
        return "_none_"
    digits = leg.call.next_digits(app, arg)
    leg.call.keyed[app] = digits
    leg.call.set_variable("read_result", "success" if digits else "timeout")
    leg.call.set_variable(variable, digits)
    return "_none_"


def _bridge(leg: "CallLeg", arg: str) -> str:
    call = leg.call
    outcome = call.bridge_outcome(arg)
    if outcome not in ("ANSWER", "SUCCESS"):
        for name in ("originate_disposition", "originate_failed_cause", "bridge_hangup_cause"):
            call.set_variable(name, outcome)
        call.set_variable("DIALSTATUS", DIALSTATUS.get(outcome, outcome))
        if not continues_after(outcome, call.variables.get("continue_on_fail", "")):
            leg.hangup(outcome)
        return "_none_"
    callee, variables = answering_leg(arg)
    b_leg = _callee_leg(leg, callee, variables)
    call.bridge_to(b_leg.uuid, b_leg.destination)
    call.set_variable("bridge_uuid", b_leg.uuid)  # set on both legs of a bridge, as FreeSWITCH does
    call.bridged = True
    call.set_variable("originate_disposition", "SUCCESS")
    call.set_variable("DIALSTATUS", "SUCCESS")
    leg.emit("CHANNEL_BRIDGE")
    leg.wait(call.script.talk_time)  # ends early if the caller hangs up
    leg.emit("CHANNEL_UNBRIDGE")
    call.set_variable("bridge_hangup_cause", "NORMAL_CLEARING")
    # By its hang-up the B-leg carries the called user's directory variables (recorded on
    # 1.10.12: not on its CREATE/ANSWER, on its HANGUP_COMPLETE).
    for name, value in leg.double.directory.get(b_leg.destination, {}).items():
        b_leg.set_variable(name, value)
    b_leg.mark_ended("NORMAL_CLEARING")
    _to_listeners(leg, b_leg, "CHANNEL_HANGUP_COMPLETE")
    return "_none_"


_LEG = re.compile(r"(?:\[([^\]]*)\])?(?:user|gateway/[^/]+)/([^@/ ,|]+)")


def answering_leg(dial: str) -> tuple[str, dict[str, str]]:
    """The callee of a dial string's first leg (the one the double answers) and the
    variables it is created with: the string's {…} and that leg's […], as FreeSWITCH puts
    them on the new channel before its CHANNEL_CREATE."""
    found = _LEG.search(dial)
    if found is None:
        return "", {}
    shared = re.match(r"\{([^}]*)\}", dial)
    variables = {}
    for options in ((shared.group(1) if shared else ""), found.group(1) or ""):
        for item in options.split(","):
            name, equals, value = item.partition("=")
            if equals:
                variables[name.strip()] = value
    return found.group(2), variables


def _callee_leg(leg: "CallLeg", callee: str, leg_variables: dict[str, str]) -> DoubleCall:
    """The B-leg a bridge creates: inbound listeners see its CHANNEL_CREATE (naming the
    caller's channel in variable_originating_leg_uuid) and CHANNEL_ANSWER before the
    caller's CHANNEL_BRIDGE, and its CHANNEL_HANGUP_COMPLETE when the bridge ends
    (inbound-plain-ivr-bridge.trace; the live-call list counts on them)."""
    call = leg.call
    variables = {**leg_variables, "originating_leg_uuid": call.uuid, "bridge_uuid": call.uuid}
    b_leg = DoubleCall(call.caller, callee, caller_name=call.caller_name, context=call.context,
                       variables=variables, uuid=leg.double.new_uuid(), profile=call.profile)
    _to_listeners(leg, b_leg, "CHANNEL_CREATE")
    b_leg.mark_answered()
    _to_listeners(leg, b_leg, "CHANNEL_ANSWER")
    return b_leg


def _to_listeners(leg: "CallLeg", channel: DoubleCall, name: str) -> None:
    if leg.double.wants(name):
        leg.double.broadcast(channel.event(name))


# Failed-bridge causes after which FreeSWITCH runs the next command whatever the channel
# says; any other cause hangs the caller up (switch_channel_handle_cause, seen on 1.10.12).
CONTINUE_ALWAYS = {"NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL"}


def continues_after(cause: str, continue_on_fail: str) -> bool:
    """Whether the caller's channel goes on after a bridge failed with `cause`:
    `continue_on_fail` is true, or a comma list of cause names."""
    if cause in CONTINUE_ALWAYS:
        return True
    value = continue_on_fail.strip().lower()
    if value in ("true", "yes", "on", "1", "enabled", "active", "allow"):
        return True
    return cause.lower() in {c.strip().lower() for c in value.split(",")}


def _set(leg: "CallLeg", arg: str) -> str:
    name, _, value = arg.partition("=")
    leg.call.set_variable(name.replace("nolocal:", "").strip(), value)
    return "_none_"


def _hangup(leg: "CallLeg", arg: str) -> str:
    leg.hangup(arg.strip() or "NORMAL_CLEARING")
    return "_none_"


def _record(leg: "CallLeg", arg: str) -> str:
    path = Path(arg.split()[0]) if arg.split() else None
    if path is None:
        return "_none_"
    leg.wait(leg.call.script.prompt_time)
    samples = int(leg.call.script.record_seconds * 8000)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as out:  # 8 kHz mono silence: a real WAV
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(b"\0\0" * samples)
        leg.call.recordings.append(str(path))
    except OSError as exc:
        log.warning("double: cannot write recording %s: %s", path, exc)
    for name, value in (("record_ms", str(samples // 8)), ("record_samples", str(samples)),
                        ("record_seconds", str(samples // 8000))):
        leg.call.set_variable(name, value)
    return "_none_"


# What mod_spandsp sets after rxfax (spandsp's T.30 completion codes and texts).
FAX_RESULTS = {"success": ("1", "0", "OK"), "partial": ("0", "49", "Call dropped prematurely"),
               "failed": ("0", "2", "T0 timeout - no response to CED")}


def _rxfax(leg: "CallLeg", arg: str) -> str:
    """Receive a fax into a TIFF (one bilevel A4-width page per scripted page)."""
    from PIL import Image  # the double only needs Pillow when a test sends a fax
    script = leg.call.script
    leg.wait(script.prompt_time)
    pages = 0 if script.fax_outcome == "failed" else script.fax_pages
    if pages:
        images = [Image.new("1", (1728, 200), 1) for _ in range(pages)]
        images[0].save(arg.strip(), save_all=True, append_images=images[1:],
                       compression="group4", dpi=(204, 98))
        leg.call.recordings.append(arg.strip())
    success, code, text = FAX_RESULTS[script.fax_outcome]
    for name, value in (("fax_success", success), ("fax_result_code", code),
                        ("fax_result_text", text), ("fax_document_transferred_pages", str(pages)),
                        ("fax_document_total_pages", str(script.fax_pages)),
                        ("fax_remote_station_id", "+46 8 555 0100")):
        leg.call.set_variable(name, value)
    return "_none_"


APPS: dict[str, Callable[["CallLeg", str], str]] = {
    "answer": _answer, "pre_answer": _generic, "playback": _playback,
    "play_and_get_digits": lambda leg, arg: _collect(leg, arg, 7, "play_and_get_digits"),
    "read": lambda leg, arg: _collect(leg, arg, 3, "read"),
    "bridge": _bridge, "set": _set, "export": _set, "hangup": _hangup, "record": _record,
    "rxfax": _rxfax, "unset": lambda leg, arg: leg.call.variables.pop(arg.strip(), None) and "_none_",
    "sleep": lambda leg, arg: leg.wait(leg.call.script.prompt_time) and "_none_",
}
