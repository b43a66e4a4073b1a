"""IVR menu decisions (knappval): what a key press or silence leads to, and whether a
company's menu tree holds together. Pure: plain values in, plain values out.

Attempts count from 1 (the first time the menu is played). A wrong key or silence on
attempt n replays the menu with the invalid/timeout prompt as attempt n+1, until
`max_retries` replays are used up; then the call goes to the default destination.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Collection, Iterable, Mapping, Sequence

from ...conference.rules import DIAL_IN
from ...routing.destinations import Destination, DestinationKind as K

DIGITS = frozenset("0123456789*#")
_E164 = re.compile(r"^\+[1-9][0-9]{5,14}\Z")


@dataclass(frozen=True)
class MenuView:
    """The parts of an IVR menu the decisions read."""

    menu_id: int
    options: Mapping[str, Destination] = field(default_factory=dict)
    default_destination: Destination = Destination(K.HANGUP)
    max_retries: int = 2
    timeout_seconds: int = 5
    direct_dial_digits: int = 0  # 0: callers may not dial extensions directly
    greeting_file: str | None = None
    greeting_text: str = ""
    invalid_prompt: str = "invalid_option"
    timeout_prompt: str = "no_input"
    name: str = ""


class IvrAction(str, enum.Enum):
    ROUTE = "route"    # leave the menu for `destination` (another menu is a destination too)
    REPLAY = "replay"  # play `prompt` (if any), then the menu again as `attempt`


@dataclass(frozen=True)
class IvrStep:
    action: IvrAction
    reason: str  # option, extension, retries_exhausted, invalid, timeout, repeat
    destination: Destination | None = None
    prompt: str | None = None
    attempt: int = 1


def digits_to_collect(menu: MenuView) -> int:
    """How many keys to collect at most: one, or an extension's length if direct dialling is on."""
    return max(1, menu.direct_dial_digits)


def next_step(menu: MenuView, input: str | None, attempt: int,
              known_extensions: Collection[str]) -> IvrStep:
    """Decide what follows the caller's keys (`input`; None = silence until the timeout)."""
    if input and input in menu.options:
        return _chosen(menu.options[input], attempt)
    if input and _is_direct_dial(menu, input, known_extensions):
        return IvrStep(IvrAction.ROUTE, "extension", Destination(K.USER, input))
    if not input:
        return _failed(menu, attempt, "timeout", menu.timeout_prompt)
    return _failed(menu, attempt, "invalid", menu.invalid_prompt)


def _chosen(destination: Destination, attempt: int) -> IvrStep:
    if destination.kind is K.REPEAT:
        # Asking to hear the menu again is not a mistake: the attempt count stays.
        return IvrStep(IvrAction.REPLAY, "repeat", attempt=attempt)
    return IvrStep(IvrAction.ROUTE, "option", destination)


def _is_direct_dial(menu: MenuView, keys: str, known_extensions: Collection[str]) -> bool:
    return (menu.direct_dial_digits > 0 and len(keys) == menu.direct_dial_digits
            and keys.isdigit() and keys in known_extensions)


def _failed(menu: MenuView, attempt: int, reason: str, prompt: str) -> IvrStep:
    if attempt > menu.max_retries:
        return IvrStep(IvrAction.ROUTE, "retries_exhausted", menu.default_destination)
    return IvrStep(IvrAction.REPLAY, reason, prompt=prompt, attempt=attempt + 1)


@dataclass(frozen=True)
class CompanyTargets:
    """What destinations inside the company may point at."""

    menu_ids: frozenset[int] = frozenset()
    extensions: frozenset[str] = frozenset()
    service_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class MenuProblem:
    menu_id: int | None
    digit: str | None  # None: the menu itself or its default destination
    message: str


def validate_menu_tree(entry_menu_id: int | None, menus: Sequence[MenuView],
                       targets: CompanyTargets) -> list[MenuProblem]:
    """Problems with a service's menus: missing entry, bad keys, destinations that lead
    nowhere or into another company, menus no caller can reach. Cycles ("0: back") are fine."""
    if entry_menu_id is None or entry_menu_id not in {m.menu_id for m in menus}:
        return [MenuProblem(None, None, "The service has no entry menu.")]
    problems = [p for menu in menus for p in _menu_problems(menu, targets)]
    reachable = _reachable(entry_menu_id, menus)
    problems += [MenuProblem(m.menu_id, None, f"No caller can reach menu {m.name or m.menu_id}.")
                 for m in menus if m.menu_id not in reachable]
    return problems


def _menu_problems(menu: MenuView, targets: CompanyTargets) -> Iterable[MenuProblem]:
    for digit, destination in menu.options.items():
        if digit not in DIGITS:
            yield MenuProblem(menu.menu_id, digit, f"{digit!r} is not a key on a phone.")
        message = destination_problem(destination, targets)
        if message:
            yield MenuProblem(menu.menu_id, digit, message)
    if menu.default_destination.kind is K.REPEAT:
        yield MenuProblem(menu.menu_id, None, "The default destination cannot repeat the menu.")
    message = destination_problem(menu.default_destination, targets)
    if message:
        yield MenuProblem(menu.menu_id, None, message)
    if menu.direct_dial_digits == 1 and menu.options:
        yield MenuProblem(menu.menu_id, None, "Direct dialling needs extensions of 2+ digits.")


def destination_problem(destination: Destination, targets: CompanyTargets) -> str | None:
    """Why a destination leads nowhere in this company, or None when it is fine."""
    kind, target = destination.kind, destination.target or ""
    if kind is K.MENU and _int_or_none(target) not in targets.menu_ids:
        return f"Menu {target} does not exist in this company."
    if kind is K.SERVICE and _int_or_none(target) not in targets.service_ids:
        return f"Service {target} does not exist in this company."
    if kind in (K.USER, K.VOICEMAIL) and target not in targets.extensions:
        return f"Extension {target} does not exist in this company."
    if kind is K.EXTERNAL and not _E164.match(target):
        return f"{target} is not an international (E.164) number."
    if kind is K.CONFERENCE and target != DIAL_IN:
        return "Meeting rooms are reached through their dial-in, which asks for the room."
    return None


def _reachable(entry_menu_id: int, menus: Sequence[MenuView]) -> set[int]:
    by_id = {m.menu_id: m for m in menus}
    seen, todo = set(), [entry_menu_id]
    while todo:
        menu = by_id.get(todo.pop())
        if menu is None or menu.menu_id in seen:
            continue
        seen.add(menu.menu_id)
        todo += [_int_or_none(d.target) for d in (*menu.options.values(), menu.default_destination)
                 if d.kind is K.MENU]
    return seen


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None
