"""What the controller receives over the Event Socket, reduced to what it acts on, so a call
on the double and the same call on the real FreeSWITCH can be compared (a difference is
the double lying). Pure: trace files in, lists of tuples out.

Each connection is parsed with fs_control's own FrameParser. Kept:
- outbound (the call's socket): the `connect` reply and which of the channel headers the
  call handler reads it carries; each CHANNEL_EXECUTE_COMPLETE of an application the
  controller ran (matched by the Event-UUID it sent), with the values the executor reads
  from it (collected digits, a bridge's disposition); the channel's CHANNEL_HANGUP and its
  cause; the disconnect notice.
- inbound (the controller's own connection): the channel events it subscribes to for this
  call's legs (A, and B legs by variable_originating_leg_uuid), each with which of the
  headers its call-log, live-call and webhook code reads are present.
Event ordering is compared per leg: how FreeSWITCH interleaves two legs' events varies.
"""
from __future__ import annotations

from pathlib import Path

from fs_control.apps import DIGITS_VARIABLE
from fs_control.esl.frames import Event, FrameParser, event_from_frame

from .call import CallScript
from .traces import chunks_at

# Read by fs_control.call_handler / esl.outbound from the connect reply.
CHANNEL_DATA_READ = ("Unique-ID", "Caller-Caller-ID-Number", "Caller-Caller-ID-Name",
                     "Caller-Destination-Number", "variable_vaxel_company_id",
                     "variable_vaxel_destination", "variable_vaxel_intent")
# Read from an application's completion (fs_control.apps): app → headers whose values count.
COMPLETION_READ = {"play_and_get_digits": ("variable_" + DIGITS_VARIABLE,),
                   "bridge": ("variable_originate_disposition",)}
INBOUND_EVENTS = ("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_BRIDGE",
                  "CHANNEL_HANGUP_COMPLETE", "DTMF")
# Read by fs_control.call_events, call_commands, live_calls and the webhooks.
INBOUND_READ = ("Unique-ID", "Caller-Caller-ID-Number", "Caller-Caller-ID-Name",
                "Caller-Destination-Number", "Hangup-Cause", "Event-Date-Timestamp",
                "variable_vaxel_company_id", "variable_vaxel_user_id", "variable_vaxel_intent",
                "variable_vaxel_dialled", "variable_originating_leg_uuid",
                "variable_start_epoch", "variable_answer_epoch", "variable_end_epoch",
                "variable_hangup_cause", "variable_billsec")


def frames(path: Path, sender: str) -> list[tuple[Event, bytes]]:
    """Every frame `sender` sent on the traced connection, parsed as the controller does."""
    parser = FrameParser()
    found: list[tuple[Event, bytes]] = []
    for chunk in chunks_at(path):
        if chunk.sender == sender:
            found.extend(parser.feed(chunk.data))
    return found


def sent_commands(path: Path, sender: str) -> list[dict[str, str]]:
    """The controller's commands: first line as "command", then its header lines."""
    text = b"".join(c.data for c in chunks_at(path) if c.sender == sender).decode()
    commands = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if lines:
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            commands.append({"command": lines[0], **headers})
    return commands


def events(path: Path, sender: str = "fs") -> list[Event]:
    return [event_from_frame(head.get("Content-Type"), body.decode())
            for head, body in frames(path, sender)
            if head.get("Content-Type", "").startswith("text/event-")]


def outbound_view(path: Path) -> list[tuple]:
    executed = {c["Event-UUID"]: c.get("execute-app-name", "")
                for c in sent_commands(path, "controller") if "Event-UUID" in c}
    call_uuid, noticed = "", False
    view: list[tuple] = []
    for head, body in frames(path, "fs"):
        kind = head.get("Content-Type", "")
        if head.get("Event-Name") == "CHANNEL_DATA":
            call_uuid = head.get("Unique-ID", "")
            view.append(("connect", tuple(h for h in CHANNEL_DATA_READ if head.get(h))))
        elif kind == "text/disconnect-notice":
            # The controller is done at the first notice; whether a second one (linger,
            # then disconnect) still reaches a socket the controller closed is a race.
            if noticed:
                break
            noticed = True
        elif kind.startswith("text/event-"):
            event = event_from_frame(kind, body.decode())
            name = event.get("Event-Name")
            if noticed:
                # FreeSWITCH sends the linger notice from its socket loop as soon as the
                # channel is down, while CHANNEL_HANGUP waits in the event queue: either
                # may come first (mod_event_socket.c, read_packet). The controller treats
                # the notice as the hang-up, so only the hang-up's cause still counts.
                if name == "CHANNEL_HANGUP" and event.get("Unique-ID") == call_uuid:
                    view.append(("hangup", event.get("Hangup-Cause")))
                    break
            elif name == "CHANNEL_EXECUTE_COMPLETE" and event.get("Application-UUID") in executed:
                app = executed[event["Application-UUID"]]
                read = COMPLETION_READ.get(app, ())
                view.append(("complete", app, tuple(event.get(h) or "" for h in read)))
            elif name == "CHANNEL_HANGUP" and event.get("Unique-ID") == call_uuid:
                view.append(("hangup", event.get("Hangup-Cause")))
    if noticed:
        view.append(("disconnect",))
    return _settled(view)


def _settled(view: list[tuple]) -> list[tuple]:
    """Drop completions that follow the hang-up: whether the interrupted application's
    EXECUTE_COMPLETE reaches the controller before its socket closes is a race on the real
    switch (two recordings of the same journey differed), and the controller acts on
    none of them."""
    cut = _hangup_at(view)
    return view[:cut + 1] + [v for v in view[cut + 1:] if v[0] != "complete"]


def call_uuid(outbound: Path) -> str:
    return next(head.get("Unique-ID", "") for head, _ in frames(outbound, "fs")
                if head.get("Event-Name") == "CHANNEL_DATA")


def channel_data(outbound: Path) -> Event:
    """The `connect` reply: the channel as the call's socket first saw it."""
    return next(head for head, _ in frames(outbound, "fs")
                if head.get("Event-Name") == "CHANNEL_DATA")


# Set by our dialplan before `socket` (vaxel.routing.dialplan), besides the vaxel_* ones.
DIALPLAN_VARIABLES = ("hangup_after_bridge", "continue_on_fail")


def channel_variables(outbound: Path) -> dict[str, str]:
    """The variables the dialplan gave the call (to place the same call on the double)."""
    return {k[len("variable_"):]: v for k, v in channel_data(outbound).items()
            if k.startswith("variable_vaxel_")
            or k[len("variable_"):] in DIALPLAN_VARIABLES}


def inbound_view(path: Path, a_uuid: str) -> dict[str, list[tuple]]:
    """Per leg ("A", "B"): the controller's subscribed events about this call, in order."""
    legs: dict[str, list[tuple]] = {"A": [], "B": []}
    for event in events(path):
        name = event.get("Event-Name")
        if name not in INBOUND_EVENTS:
            continue
        if event.get("Unique-ID") == a_uuid:
            leg = "A"
        elif event.get("variable_originating_leg_uuid") == a_uuid:
            leg = "B"
        else:
            continue
        legs[leg].append((name, tuple(h for h in INBOUND_READ if event.get(h))))
    return legs


def script_facts(outbound: Path) -> dict:
    """What the far ends did in a recorded call, for replaying it on the double: digits
    collected per run of play_and_get_digits, each bridge's disposition, and the
    application running (and its run number) when the caller hung up."""
    view = outbound_view(outbound)
    digits = [v[2][0] for v in view if v[:2] == ("complete", "play_and_get_digits")]
    bridges = [v[2][0] for v in view if v[:2] == ("complete", "bridge")]
    sent = [c.get("execute-app-name", "") for c in sent_commands(outbound, "controller")
            if c.get("call-command") == "execute"]
    completed = sum(1 for v in view[:_hangup_at(view)] if v[0] == "complete")
    running = sent[completed] if completed < len(sent) else None
    if running == "hangup":
        running = None  # the controller hung up itself: nothing for the caller to do
    return {"digits": digits, "bridges": bridges, "hangup_during": running,
            "hangup_on": sent[:completed + 1].count(running) if running else 0}


def _hangup_at(view: list[tuple]) -> int:
    return next((i for i, v in enumerate(view) if v[0] == "hangup"), len(view))


def bridge_outcomes(outbound: Path) -> dict[str, str]:
    """Each bridge's dial string → "ANSWER" or the cause it failed with, as recorded."""
    args = {c["Event-UUID"]: c.get("execute-app-arg", "")
            for c in sent_commands(outbound, "controller")
            if c.get("execute-app-name") == "bridge" and "Event-UUID" in c}
    outcomes = {}
    for event in events(outbound):
        if (event.get("Event-Name") == "CHANNEL_EXECUTE_COMPLETE"
                and event.get("Application-UUID") in args):
            cause = event.get("variable_originate_disposition") or "NO_ANSWER"
            outcomes[args[event["Application-UUID"]]] = (
                "ANSWER" if cause in ("SUCCESS", "ANSWER") else cause)
    return outcomes


def double_script(outbound: Path) -> CallScript:
    """A CallScript that makes the double's far ends do what the recorded ones did."""
    facts = script_facts(outbound)
    outcomes = bridge_outcomes(outbound)
    during = facts["hangup_during"]
    bridged = any(e.get("Event-Name") == "CHANNEL_BRIDGE" for e in events(outbound))
    if during == "bridge" and bridged:
        # The caller hung up while talking: after the bridge is up, before the callee does.
        return CallScript(digits={"play_and_get_digits": facts["digits"]},
                          bridge_outcome=outcomes, talk_time=30.0, hangup_after=1.0)
    return CallScript(digits={"play_and_get_digits": facts["digits"]},
                      bridge_outcome=outcomes, hangup_during=during,
                      hangup_on=facts["hangup_on"] or 1, hangup_delay=0.05)


def differences(real_out: Path, real_in: Path, double_out: Path, double_in: Path) -> list[str]:
    """Where the double's call, as the controller received it, is not the real one."""
    found = []
    real, ours = outbound_view(real_out), outbound_view(double_out)
    if real != ours:
        found.append("call socket:\n" + _side_by_side(real, ours))
    real_legs = inbound_view(real_in, call_uuid(real_out))
    our_legs = inbound_view(double_in, call_uuid(double_out))
    for leg in ("A", "B"):
        if real_legs[leg] != our_legs[leg]:
            found.append(f"inbound, {leg} leg:\n" + _side_by_side(real_legs[leg], our_legs[leg]))
    return found


def assert_same(real_out: Path, real_in: Path, double_out: Path, double_in: Path) -> None:
    found = differences(real_out, real_in, double_out, double_in)
    assert not found, "the double differs from FreeSWITCH (left: real, right: double)\n" + \
        "\n".join(found)


def _side_by_side(real: list, ours: list) -> str:
    rows = []
    for i in range(max(len(real), len(ours))):
        left = repr(real[i]) if i < len(real) else "-"
        right = repr(ours[i]) if i < len(ours) else "-"
        rows.append(("   " if left == right else "!! ") + f"{left}  |  {right}")
    return "\n".join(rows)
