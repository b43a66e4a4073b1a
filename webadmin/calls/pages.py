"""Reading a call-log page request: the filter and the page number from the query string."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from werkzeug.datastructures import MultiDict

from vaxel.calls.log import CallFilter
from vaxel.calls.models import CallLogEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class CallPage:
    which: CallFilter
    number: int  # 1-based
    entries: Sequence[CallLogEntry]
    has_next: bool


def call_page(args: MultiDict, fetch: Callable[..., list[CallLogEntry]]) -> CallPage:
    """One page of calls; fetch(which=, limit=, offset=) reads the log. One extra row tells
    whether a next page exists without counting the whole log."""
    try:
        which = CallFilter(args.get("which", "all"))
    except ValueError:
        which = CallFilter.ALL
    page = max(1, int(args["page"])) if args.get("page", "").isdigit() else 1
    rows = fetch(which=which, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return CallPage(which, page, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE)
