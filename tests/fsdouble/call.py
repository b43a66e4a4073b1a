"""A simulated channel: who is calling, its variables, and its events rendered from captures."""
from __future__ import annotations

import re
import time
import uuid as uuidlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Sequence

import gevent.event

from .events import FsEvent, Template, channel_data_template, enc, header_line, templates

# The identity of the captured call the event templates come from.
TEMPLATE_SOURCES = ("1000", "Alex%20Nguyen", "4600")
_CONTEXT_HEADERS = {"Caller-Context", "Channel-Context"}
_NAME_HEADERS = {"Caller-Caller-ID-Name", "Caller-Orig-Caller-ID-Name", "Channel-Caller-ID-Name",
                 "Channel-Orig-Caller-ID-Name", "variable_sip_from_display"}


@dataclass
class CallScript:
    """What the far end does during a call. Every field is optional.

    digits: app name → successive inputs, one per run of that app ("" = caller keyed nothing),
        e.g. {"play_and_get_digits": ["2"]}.
    hangup_during: the caller hangs up while this app runs (its `hangup_on`-th run),
        `hangup_delay` seconds into it, as in outbound-caller-hangs-up-mid-playback.
    hangup_after: the caller hangs up this many seconds after the controller connects.
    bridge_outcome: dial-string substring → "ANSWER" or a cause ("USER_BUSY", "NO_ANSWER",
        "CALL_REJECTED"...); unmatched bridges are answered.
    talk_time: how long an answered bridge lasts before the callee hangs up.
    prompt_time: how long playback/play_and_get_digits/record take.
    record_seconds: how much audio the caller leaves in each `record` (the WAV written).
    fax_pages, fax_outcome: what `rxfax` receives: pages in the TIFF written, and
        "success", "partial" (the line dropped after those pages) or "failed" (no page).
    """

    digits: Mapping[str, Sequence[str]] = field(default_factory=dict)
    hangup_during: str | None = None
    hangup_on: int = 1
    hangup_delay: float = 0.0
    hangup_after: float | None = None
    bridge_outcome: Mapping[str, str] = field(default_factory=dict)
    talk_time: float = 0.0
    prompt_time: float = 0.0
    record_seconds: float = 0.1
    fax_pages: int = 1
    fax_outcome: str = "success"


@dataclass
class Sent:
    """One command the controller sent on a call's socket."""

    command: str  # first word: connect, myevents, linger, sendmsg, api, ...
    line: str  # the whole first line
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def app(self) -> str | None:
        return self.headers.get("execute-app-name")

    @property
    def arg(self) -> str | None:
        return self.headers.get("execute-app-arg")


class DoubleCall:
    """State of one simulated call, and its events rendered from the captured templates."""

    def __init__(self, caller: str = "1000", destination: str = "4600", *,
                 caller_name: str = "Alex Nguyen", context: str = "default",
                 variables: Mapping[str, str] | None = None, script: CallScript | None = None,
                 uuid: str | None = None, profile: str | None = None):
        self.uuid = uuid or str(uuidlib.uuid4())
        self.caller, self.caller_name = caller, caller_name
        self.destination, self.context = destination, context
        self.script = script or CallScript()
        self.profile = profile or ("external" if context == "public" else "internal")
        self.channel_name = "sofia/%s/%s@127.0.0.1" % (self.profile, caller)
        self.commands: list[Sent] = []
        self.variables: dict[str, str] = dict(variables or {})
        self.held = False  # uuid_hold
        self.answered = self.hungup = self.bridged = False
        self.created_at, self.answered_at = time.time(), 0.0
        self.created_at, self.answered_at = time.time(), 0.0
        self.cause = ""
        self.b_leg = ""
        self.recordings: list[str] = []
        self.leg = None  # the CallLeg serving the controller's socket, once connected
        self.app_runs: dict[str, int] = {}
        self.keyed: dict[str, str] = {}  # digits keyed during the app now running
        self._digits_used: dict[str, int] = {}
        self.ended = gevent.event.Event()  # set once the call and its socket are finished
        self._hangup_evt = gevent.event.Event()
        self._break_evt = gevent.event.Event()  # uuid_break: stop the playback now running
        self._values = (enc(caller), enc(caller_name), enc(destination), enc(context))
        self._cache: dict[tuple, str] = {}
        self._build_blocks()

    @property
    def apps(self) -> list[tuple[str, str]]:
        """(app, arg) of every execute the controller sent, in order."""
        return [(s.app or "", s.arg or "") for s in self.commands if s.command == "sendmsg"]

    def next_digits(self, app: str, arg: str) -> str:
        """The caller's next input for this prompt: keyed by app name or a part of its arg."""
        key = app if app in self.script.digits else next(
            (k for k in self.script.digits if k in arg), None)
        if key is None:
            return ""
        used = self._digits_used.get(key, 0)
        self._digits_used[key] = used + 1
        answers = self.script.digits[key]
        return answers[used] if used < len(answers) else ""

    def mark_answered(self) -> None:
        self.answered, self.answered_at = True, time.time()

    def mark_ended(self, cause: str) -> None:
        """The CDR variables FreeSWITCH adds at hang-up (CHANNEL_HANGUP_COMPLETE has them)."""
        self.cause, self.hungup = cause, True
        end = time.time()
        answered = int(self.answered_at)
        for name, value in (("hangup_cause", cause), ("hangup_cause_q850", _Q850.get(cause, 16)),
                            ("start_epoch", int(self.created_at)), ("answer_epoch", answered),
                            ("end_epoch", int(end)), ("duration", int(end - self.created_at)),
                            ("billsec", int(end - self.answered_at) if answered else 0)):
            self.set_variable(name, str(value))

    def bridge_outcome(self, dial: str) -> str:
        return next((v for k, v in self.script.bridge_outcome.items() if k in dial), "ANSWER")

    # -- rendering ----------------------------------------------------------------------
    def _personalize(self, lines: tuple[str, ...], source_uuid: str,
                     sources: tuple[str, str, str] = TEMPLATE_SOURCES) -> str:
        """Lines of a captured event with the captured call's identity replaced by ours."""
        return _skeleton(lines, source_uuid, sources).format(self.uuid, *self._values)

    def _build_blocks(self) -> None:
        src, sources, caller_lines, var_lines, head_lines = _channel_parts(self.profile)
        self._caller_block = self._personalize(caller_lines, src, sources)
        self._base_block = self._personalize(var_lines, src, sources)
        self._var_block = self._base_block
        self._set_vars: dict[str, str] = {}  # lines of variables set during the call
        for name, value in list(self.variables.items()):
            self.set_variable(name, value)
        self._cd_head = self._personalize(head_lines[0], src, sources)
        self._cd_middle = self._personalize(head_lines[1], src, sources)

    def set_variable(self, name: str, value: str) -> None:
        self.variables[name] = value
        start = self._base_block.find("variable_%s: " % name)
        if start == 0 or start > 0 and self._base_block[start - 1] == "\n":
            # A variable the channel already had: its line moves to the set ones.
            end = self._base_block.index("\n", start) + 1
            self._base_block = self._base_block[:start] + self._base_block[end:]
        self._set_vars[name] = header_line("variable_" + name, value)
        self._var_block = self._base_block + "".join(self._set_vars.values())

    def _part(self, tmpl: Template, part: str) -> str:
        key = (id(tmpl), part, self.cause if part == "head" else self.b_leg)
        text = self._cache.get(key)
        if text is None:
            text = self._personalize(getattr(tmpl, part), tmpl.uuid)
            if part == "head":
                text = self._fix_head(text)
            if part == "middle" and self.b_leg:
                text = _replace_other_leg(text, self.b_leg)
            self._cache[key] = text
        return text

    def _fix_head(self, text: str) -> str:
        if self.profile == "external":  # trunk calls have no presence id
            text = re.sub(r"Channel-Presence-ID: [^\n]*\n", "", text)
        if self.cause:
            if "\nHangup-Cause: " not in text:  # events after a hang-up carry its cause
                text = re.sub(r"(\nAnswer-State: [^\n]*\n)", r"\1Hangup-Cause: x\n", text)
            text = re.sub(r"Hangup-Cause: [^\n]*", "Hangup-Cause: " + enc(self.cause), text)
        return text

    def bridge_to(self, b_leg: str, callee: str) -> None:
        """After a bridge the caller profile names the callee (as in the capture)."""
        self.b_leg = b_leg
        line = "Caller-Orig-Caller-ID-Number: %s\n" % self._values[0]
        self._caller_block = self._caller_block.replace(
            line, line + "Caller-Callee-ID-Name: Outbound%%20Call\nCaller-Callee-ID-Number: %s\n"
            % enc(callee), 1)

    def created_event(self) -> FsEvent:
        """CHANNEL_CREATE: fired as the channel comes up, before the dialplan's `set`s ran,
        so without the variables the call was placed with (recorded on 1.10.12: a trunk
        call's CHANNEL_CREATE has no vaxel_company_id; its CHANNEL_ANSWER has)."""
        bare = DoubleCall(self.caller, self.destination, caller_name=self.caller_name,
                          context=self.context, uuid=self.uuid, profile=self.profile)
        return bare.event("CHANNEL_CREATE")

    def event(self, name: str, tail: Sequence[tuple[str, str]] = (), digit: str = "") -> FsEvent:
        """This call's event `name` (the capture's headers, our identity, `tail` appended)."""
        found = templates()
        tmpl = (self.answered and found.get(name + "+media")) or found.get(name) \
            or found.get(name + "+media") or _renamed(found["CHANNEL_BRIDGE+media"], name)
        middle = self._part(tmpl, "middle")
        if digit:
            middle = middle.replace("DTMF-Digit: 2\n", "DTMF-Digit: %s\n" % enc(digit))
        parts = [self._part(tmpl, "head"), self._caller_block, middle]
        if tmpl.has_variables:
            parts.append(self._var_block)
        parts.extend("%s: %s\n" % (k, enc(v)) for k, v in (*tail, *self._timing(name)))
        parts.append("\n")
        return FsEvent(name, "".join(parts), self.uuid)

    def _timing(self, name: str) -> list[tuple[str, str]]:
        """FreeSWITCH adds the call's times and cause to its channel variables at hang-up."""
        if name == "CHANNEL_ANSWER" and not self.answered_at:
            self.answered_at = time.time()
        if name != "CHANNEL_HANGUP_COMPLETE":
            return []
        end = time.time()
        return [("variable_start_epoch", str(int(self.created_at))),
                ("variable_answer_epoch", str(int(self.answered_at))),
                ("variable_end_epoch", str(int(end))),
                ("variable_duration", str(int(end - self.created_at))),
                ("variable_billsec", str(int(end - self.answered_at)) if self.answered_at else "0"),
                ("variable_hangup_cause", self.cause or "NORMAL_CLEARING")]

    def channel_data_reply(self) -> bytes:
        """The `connect` answer: CHANNEL_DATA as URL-encoded headers, then the reply headers."""
        return (self._cd_head + self._caller_block + self._cd_middle + self._var_block +
                "Content-Type: command/reply\nReply-Text: %2BOK%0A\n"
                "Socket-Mode: async\nControl: full\n\n").encode()

    def row(self) -> dict[str, str]:
        """This call as a row of `show channels as json`."""
        return {"uuid": self.uuid, "direction": "inbound", "name": self.channel_name,
                "state": "CS_EXECUTE", "cid_name": self.caller_name, "cid_num": self.caller,
                "dest": self.destination, "context": self.context,
                "callstate": "ACTIVE" if self.answered else "RINGING",
                "call_uuid": self.uuid}


_Q850 = {"NORMAL_CLEARING": 16, "USER_BUSY": 17, "NO_USER_RESPONSE": 18, "NO_ANSWER": 19,
         "CALL_REJECTED": 21, "NORMAL_TEMPORARY_FAILURE": 41, "ORIGINATOR_CANCEL": 487}


@lru_cache(maxsize=None)
def _channel_parts(profile: str):
    """A profile's CHANNEL_DATA: its uuid, caller identity, Caller-/variable_/all lines."""
    lines = channel_data_template(profile)
    value = {ln.split(": ", 1)[0]: ln.split(": ", 1)[1] for ln in reversed(lines)}
    sources = (value["Caller-Caller-ID-Number"], value["Caller-Caller-ID-Name"],
               value["Caller-Destination-Number"])
    callers = [i for i, ln in enumerate(lines) if ln.startswith("Caller-")]
    variables = [i for i, ln in enumerate(lines) if ln.startswith("variable_")]
    assert variables[-1] + 5 == len(lines)  # then only the four reply lines
    return (value["Unique-ID"], sources, tuple(lines[i] for i in callers),
            tuple(lines[i] for i in variables),
            (tuple(lines[:callers[0]]), tuple(lines[callers[-1] + 1:variables[0]])))


@lru_cache(maxsize=None)
def _skeleton(lines: tuple[str, ...], source_uuid: str, sources: tuple[str, str, str]) -> str:
    """The lines joined into a str.format pattern: {0} uuid, {1} number, {2} name,
    {3} destination, {4} context (one C-speed pass per call instead of five replaces)."""
    number, name, dest = sources
    out = []
    for line in lines:
        header, _, value = line.partition(": ")
        if header in _CONTEXT_HEADERS:
            value = "\x05"
        elif value == name and (header in _NAME_HEADERS or name != number):
            value = "\x03"
        elif value == number:
            value = "\x02"
        elif value == dest:
            value = "\x04"
        out.append(header + ": " + value + "\n")
    text = "".join(out).replace("{", "{{").replace("}", "}}")
    text = text.replace(source_uuid, "\x01").replace(number + "%40", "\x02%40")
    text = text.replace(dest + "%40", "\x04%40")
    for token, placeholder in (("\x01", "{0}"), ("\x02", "{1}"), ("\x03", "{2}"),
                               ("\x04", "{3}"), ("\x05", "{4}")):
        text = text.replace(token, placeholder)
    return text


def _renamed(tmpl: Template, name: str) -> Template:
    head = ("Event-Name: " + name,) + tmpl.head[1:]
    return Template(name, tmpl.uuid, tmpl.lines, head, tmpl.middle, tmpl.tail, tmpl.has_variables)


def _replace_other_leg(text: str, b_leg: str) -> str:
    out = []
    for line in text.split("\n"):
        if line.startswith(("Other-Leg-Unique-ID: ", "Bridge-B-Unique-ID: ")):
            line = line.split(": ", 1)[0] + ": " + b_leg
        out.append(line)
    return "\n".join(out)
