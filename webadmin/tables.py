"""Tables that fit a phone: each data cell is given its column's heading as data-label,
so the stylesheet can show a row as a card of labelled lines on a narrow screen (no
column hidden, no JavaScript). Pure: HTML in, HTML out; our templates write every table."""
from __future__ import annotations

import html
import re

from flask import Response
from markupsafe import escape

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_HEADINGS = re.compile(r"<thead\b.*?</thead>", re.S | re.I)
_TH = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S | re.I)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S | re.I)
_TD = re.compile(r"<td\b([^>]*)>", re.I)
_SPAN = re.compile(r'colspan="?(\d+)', re.I)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _label_row(row: re.Match, headings: list[str]) -> str:
    column = 0

    def cell(match: re.Match) -> str:
        nonlocal column
        attrs = match.group(1)
        label = headings[column] if column < len(headings) else ""
        span = _SPAN.search(attrs)
        column += int(span.group(1)) if span else 1
        if "data-label" in attrs or span:
            return match.group(0)
        return f'<td data-label="{escape(label)}"{attrs}>'
    return row.group(1) + _TD.sub(cell, row.group(2)) + row.group(3)


def _label_table(table: re.Match) -> str:
    head = _HEADINGS.search(table.group(0))
    if head is None:
        return table.group(0)
    headings = []
    for attrs, content in _TH.findall(head.group(0)):
        span = _SPAN.search(attrs)
        headings += [_text(content)] * (int(span.group(1)) if span else 1)
    body = table.group(0)[head.end():]
    return table.group(0)[:head.end()] + _ROW.sub(lambda r: _label_row(r, headings), body)


def label_cells(page: str) -> str:
    return _TABLE.sub(_label_table, page)


def label_tables(response: Response) -> Response:
    """after_request: every HTML page's tables get their cells labelled."""
    if response.mimetype == "text/html" and not response.direct_passthrough:
        response.set_data(label_cells(response.get_data(as_text=True)))
    return response
