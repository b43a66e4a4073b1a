"""Making text safe to hand to FreeSWITCH as a channel variable or application argument.

XML escaping (done by the templates) only keeps the document well-formed. FreeSWITCH also
*expands* `${var}`, `$${global}` and `${api(args)}` in variable values and application
data whenever something reads them through switch_channel_expand_variables — and, in 1.10,
it expands each substituted value again (switch_channel_expand_variables_check calls itself
on `sub_val`, up to depth 100). A user named `${system(touch x)}` would run a shell command
the first time a dial string, a `set`, or a template mentioned `${effective_caller_id_name}`.
A backslash *is* honoured (`\\$` → a literal `$`), but only by the expansion that consumes
it: `set x=${effective_caller_id_name}` stores the unescaped `${system(...)}` in x, which
the next expansion of x runs; and where nothing expands (a phone's display) the backslash
shows. So escaping is not a defence. Instead:

- text from users (names) has every ASCII `$` replaced by U+FF04 FULLWIDTH DOLLAR SIGN:
  it reads the same on a phone's display but no expander, at any depth, sees a `$`;
  control characters (which could end a header or a line) become spaces;
- numbers, extensions, user names and domains are validated against a strict pattern and
  refused when they don't match — they are never escaped into something else.
"""
from __future__ import annotations

import re

FULLWIDTH_DOLLAR = "\uff04"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# \Z, never $: "$" also matches before a final line break, so "1000\n" would pass.
_NUMBER = re.compile(r"^\+?[0-9]{1,20}\Z")
_E164 = re.compile(r"^\+[1-9][0-9]{3,14}\Z")
_SIP_USER = re.compile(r"^[A-Za-z0-9_.+-]{1,64}\Z")
_DOMAIN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\Z")
_TOKEN = re.compile(r"^[A-Za-z0-9_.+-]{1,64}\Z")
_GATEWAY = re.compile(r"^[A-Za-z0-9_.-]{1,64}\Z")


def display_text(text: str | None, limit: int = 80) -> str:
    """User-chosen text (a caller-ID name) made inert for FreeSWITCH's variable expansion."""
    cleaned = _CONTROL.sub(" ", text or "").replace("$", FULLWIDTH_DOLLAR)
    return cleaned.strip()[:limit]


def is_number(text: str | None) -> bool:
    """Digits with an optional leading `+`: what a dialled number may look like."""
    return bool(text) and bool(_NUMBER.match(text))


def is_e164(text: str | None) -> bool:
    return bool(text) and bool(_E164.match(text))


def is_sip_user(text: str | None) -> bool:
    return bool(text) and bool(_SIP_USER.match(text))


def is_domain(text: str | None) -> bool:
    return bool(text) and bool(_DOMAIN.match(text))


def is_gateway(text: str | None) -> bool:
    return bool(text) and bool(_GATEWAY.match(text))


_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")


def is_uuid(text: str | None) -> bool:
    """A channel's uuid as FreeSWITCH makes them."""
    return bool(text) and bool(_UUID.match(text))


def is_token(text: str | None) -> bool:
    """A short word of letters, digits and `_.+-`: safe anywhere in action data."""
    return bool(text) and bool(_TOKEN.match(text))


_FOLDER = re.compile(r"^/[A-Za-z0-9_./-]{1,400}\Z")


def is_safe_folder(text: str | None) -> bool:
    """An absolute folder of plain characters, no '..': safe inside application data."""
    return bool(text and _FOLDER.match(text) and ".." not in text)
