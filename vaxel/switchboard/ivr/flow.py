"""IVR menus (knappval) as a flow: play the menu, read keys, follow the rules' decision."""
from __future__ import annotations

from typing import Generator, Protocol

from ...routing.destinations import Destination, DestinationKind as K
from .rules import IvrAction, MenuView, digits_to_collect, next_step
from ...callflow.commands import Collect, Command, Play, Prompt
from ...callflow.context import CallContext, CallData

Flow = Generator[Command, object, Destination | None]


class MenuCallData(CallData, Protocol):
    def entry_menu(self, company_id: int, service_id: int) -> MenuView | None: ...

    def menu(self, company_id: int, menu_id: int) -> MenuView | None: ...

    def extensions(self, company_id: int) -> frozenset[str]: ...


def ivr_service_flow(ctx: CallContext, call_data: MenuCallData, target: str) -> Flow:
    """An IVR switchboard service: start at its entry menu."""
    menu = call_data.entry_menu(ctx.company_id, int(target)) if target.isdigit() else None
    return (yield from _run_or_apologise(ctx, call_data, menu))


def menu_flow(ctx: CallContext, call_data: MenuCallData, target: str) -> Flow:
    """A `menu:<id>` destination: another level of the same company's menus."""
    menu = call_data.menu(ctx.company_id, int(target)) if target.isdigit() else None
    return (yield from _run_or_apologise(ctx, call_data, menu))


def _run_or_apologise(ctx: CallContext, call_data: MenuCallData, menu: MenuView | None) -> Flow:
    if menu is None:
        return Destination(K.MESSAGE, "service_unavailable")
    return (yield from run_menu(ctx, call_data, menu))


def menu_prompt(menu: MenuView) -> Prompt:
    return Prompt(file=menu.greeting_file, text=menu.greeting_text or menu.name)


def run_menu(ctx: CallContext, call_data: MenuCallData, menu: MenuView) -> Flow:
    """Play the menu until the caller's keys (or silence, or retries) lead somewhere."""
    extensions = call_data.extensions(ctx.company_id) if menu.direct_dial_digits else frozenset()
    collect = Collect(menu_prompt(menu), max_digits=digits_to_collect(menu),
                      timeout_ms=menu.timeout_seconds * 1000,
                      terminators="none" if "#" in menu.options else "#")
    attempt = 1
    while True:
        keys = yield collect
        step = next_step(menu, keys if isinstance(keys, str) else None, attempt, extensions)
        if step.action is IvrAction.ROUTE:
            return step.destination
        if step.prompt:
            yield Play(call_data.prompt(ctx.company_id, step.prompt))
        attempt = step.attempt
