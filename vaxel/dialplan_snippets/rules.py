"""Validating a dialplan snippet. Pure: text in, problems out.

A snippet is one or more <extension> elements. It is refused unless it is well-formed XML
without a DTD or entities, uses only the elements and attributes of a dialplan extension,
runs only applications from ALLOWED_APPLICATIONS with data of the shapes arguments.py
lists (no inline dialplans, nothing reaching system), and expands nothing a caller controls:
FreeSWITCH expands ${…} recursively, so a variable holding caller text (a caller id
name, a SIP header, even the dialled number on a trunk) could smuggle in ${system(…)}.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from .arguments import ALLOWED_APPLICATIONS, argument_problems

MAX_LENGTH = 20_000
CONTEXTS = ("default", "public")
# Named in the refusal, since these are what an attacker would reach for.
DANGEROUS_APPLICATIONS = frozenset({
    "system", "bgsystem", "lua", "luarun", "python", "perl", "javascript", "eval", "expand",
    "bgapi", "spawn", "socket", "curl", "exec",
})
# Variables only the platform sets: safe to expand.
SAFE_VARIABLES = frozenset({"domain_name", "vaxel_company_id", "vaxel_destination", "uuid"})
ATTRIBUTES = {
    "extension": {"name", "continue"},
    "condition": {"field", "expression", "break", "wday", "mon", "mday", "hour", "minute",
                  "minute-of-day", "time-of-day", "date-time", "require-nested"},
    "action": {"application", "data", "inline"},
    "anti-action": {"application", "data", "inline"},
}
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}\Z")
_RISKY_SET = ("hook", "exec", "api", "bridge_pre", "transfer_after", "origination", "socket")
_SAFE_CAPTURE = re.compile(r"^(?:\\d|[0-9*#+]|\[[0-9*#+-]+\]|\{\d+(?:,\d*)?\}|[?+*|])*\Z")


def parse(body: str) -> ET.Element:
    """The snippet's extensions under one root; raises ValueError when it is not XML we take."""
    if len(body) > MAX_LENGTH:
        raise ValueError(f"The snippet is longer than {MAX_LENGTH} characters.")
    if re.search(r"<!(?!--)|<\?", body):
        raise ValueError("Document type declarations, entities and processing instructions "
                         "are not allowed.")
    try:
        return ET.fromstring(f"<snippet>{body}</snippet>")
    except ET.ParseError as exc:
        raise ValueError(f"Not well-formed XML: {exc}.") from exc


def validate_snippet(body: str) -> list[str]:
    """Everything wrong with a snippet (empty when it may go live)."""
    try:
        root = parse(body)
    except ValueError as exc:
        return [str(exc)]
    if len(root) == 0:
        return ["A snippet holds at least one <extension>."]
    return [p for ext in root for p in _element_problems(ext, "extension", None)]


def _element_problems(el: ET.Element, expected: str | tuple[str, ...],
                      condition: ET.Element | None) -> Iterator[str]:
    names = (expected,) if isinstance(expected, str) else expected
    if el.tag not in names:
        yield f"<{el.tag}> is not allowed here (expected {' or '.join(f'<{n}>' for n in names)})."
        return
    unknown = set(el.attrib) - ATTRIBUTES[el.tag]
    if unknown:
        yield f"<{el.tag}> does not take {', '.join(sorted(unknown))}."
    if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        yield f"<{el.tag}> holds text; only elements belong there."
    yield from _own_problems(el, condition)
    for child in el:
        yield from _element_problems(child, _CHILDREN[el.tag],
                                     el if el.tag == "condition" else condition)


_CHILDREN = {"extension": "condition", "condition": ("condition", "action", "anti-action"),
             "action": (), "anti-action": ()}


def _own_problems(el: ET.Element, condition: ET.Element | None) -> Iterator[str]:
    if el.tag == "extension" and not el.get("name"):
        yield "Every <extension> needs a name."
    elif el.tag == "condition":
        yield from _condition_problems(el)
    elif el.tag in ("action", "anti-action"):
        yield from action_problems(el.get("application", ""), el.get("data", ""), condition)


def _condition_problems(el: ET.Element) -> Iterator[str]:
    field, expression = el.get("field"), el.get("expression")
    if field is not None:
        yield from _expansion_problems(field, "field")
    if expression is not None:
        try:
            re.compile(expression)
        except re.error as exc:
            yield f"The expression {expression!r} is not a valid regular expression ({exc})."


def action_problems(application: str, data: str, condition: ET.Element | None) -> Iterator[str]:
    """Why an action may not run (nothing when it may)."""
    if application in DANGEROUS_APPLICATIONS:
        yield f"The application {application} runs code on the server and is never allowed."
        return
    if application not in ALLOWED_APPLICATIONS:
        yield f"The application {application or '(none)'} is not on the allowed list."
        return
    if "\n" in data or len(data) > 500:
        yield f"The data of {application} must be one line of at most 500 characters."
    yield from argument_problems(application, data)
    yield from _expansion_problems(data, application)
    yield from _capture_problems(data, application, condition)
    if application in ("set", "export", "unset"):
        yield from _set_problems(data, application)
    if application == "bridge" and re.search(r"[{}\[\]<>&]", _VARIABLE.sub("", data)):
        yield "bridge may not carry channel variables or endpoints in {…}, […], <…> or &…."


def _expansion_problems(text: str, where: str) -> Iterator[str]:
    if "$${" in text:
        yield f"{where}: global variables ($${{…}}) are not allowed."
    for name in _VARIABLE.findall(text.replace("$${", "")):
        if name not in SAFE_VARIABLES:
            yield (f"{where}: ${{{name}}} may carry caller-controlled text; only "
                   f"{', '.join(sorted(SAFE_VARIABLES))} may be expanded.")


def _capture_problems(data: str, application: str, condition: ET.Element | None) -> Iterator[str]:
    """$1… copy what the caller dialled: allowed only from captures of digits and keys."""
    if not re.search(r"\$\d", data):
        return
    expression = condition.get("expression", "") if condition is not None else ""
    groups = re.findall(r"\(([^()]*)\)", expression)
    if not groups or not all(_SAFE_CAPTURE.match(g.removeprefix("?:")) for g in groups):
        yield (f"{application}: $1… may only copy captures of digits (like (\\d+) or "
               f"([0-9]{{4}})), since anything else could carry caller text.")


def _set_problems(data: str, application: str) -> Iterator[str]:
    name = data.split("=", 1)[0].strip()
    if not _SET_NAME.match(name):
        yield f"{application}: {name!r} is not a plain variable name."
    elif any(risky in name for risky in _RISKY_SET):
        yield f"{application}: {name} could run commands (hooks, api, exec) and is not allowed."
