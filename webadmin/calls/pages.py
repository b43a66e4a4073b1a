"""Reading a call-log request: the filter, the search, the days and the page number from
the query string (bad values are ignored, never an error)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Sequence
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from vaxel.calls.log import CallFilter
from vaxel.calls.models import CallLogEntry
from vaxel.calls.search import CallQuery

PAGE_SIZE = 50


@dataclass(frozen=True)
class CallPage:
    which: CallFilter
    number: int  # 1-based
    entries: Sequence[CallLogEntry]
    has_next: bool
    query: CallQuery

    def link(self, **changes: object) -> str:
        """The query string of this page with some values changed (pager, filters, export)."""
        q = self.query
        values = {"which": q.which.value, "q": q.search,
                  "from": q.since.isoformat() if q.since else "",
                  "to": q.until.isoformat() if q.until else "", "page": self.number}
        values.update(changes)
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})


def _day(args: MultiDict, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(args.get(name, ""))
    except ValueError:
        return None


def call_query(args: MultiDict) -> CallQuery:
    try:
        which = CallFilter(args.get("which", "all"))
    except ValueError:
        which = CallFilter.ALL
    return CallQuery(which, args.get("q", "").strip()[:100], _day(args, "from"), _day(args, "to"))


def call_page(args: MultiDict, fetch: Callable[..., list[CallLogEntry]]) -> CallPage:
    """One page of calls; fetch(query, limit=, offset=) reads the log. One extra row tells
    whether a next page exists without counting the whole log."""
    query = call_query(args)
    page = max(1, int(args["page"])) if args.get("page", "").isdigit() else 1
    rows = fetch(query, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return CallPage(query.which, page, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE, query)
