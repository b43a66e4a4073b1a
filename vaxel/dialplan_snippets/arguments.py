"""The argument shapes a snippet's applications may take. Pure: data in, problems out.

Allowing an application is not enough: several harmless-looking ones take a dialplan
destination and jump there — `transfer`, `limit`'s over-limit destination, the last
argument of `play_and_get_digits`, a `loopback/` bridge — and the dialplan `inline` runs
any application, so `transfer 'bgsystem:…' inline` ran a shell. Each application's data
must therefore fit a shape from this list (an allow-list, not a search for bad words), and
no data may name `inline` or `system` at all.
"""
from __future__ import annotations

import re
from typing import Iterator

_NUMBER = r"[0-9*#+]{1,32}"
_NAME = r"[A-Za-z0-9_.-]{1,64}"
_DOMAIN = r"[A-Za-z0-9.-]{1,253}"
_CONTEXT = r"(?:default|public)"
# Where a jump may go: an extension in our own XML dialplan, nothing else.
_DESTINATION = rf"{_NUMBER}(?: XML(?: {_CONTEXT})?)?"
_SOUND = r"(?:[A-Za-z0-9_][A-Za-z0-9_/.-]{0,200}|silence_stream://\d{1,6}|tone_stream://[%()0-9,;.=a-z-]{1,100})"
_ENDPOINT = (rf"(?:user/{_NUMBER}(?:@{_DOMAIN})?|sofia/gateway/{_NAME}/{_NUMBER}"
             r"|error/[A-Z_]{1,40})")
_LEVEL = r"(?:DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT|CONSOLE)"

SHAPES: dict[str, str] = {
    "answer": "", "pre_answer": "", "ring_ready": "", "park": "", "echo": "",
    "hangup": r"(?:[A-Z_]{1,40})?",
    "playback": _SOUND,
    "sleep": r"\d{1,6}",
    "set": r"[a-z][a-z0-9_]{0,63}=[^'\"`|;]{0,400}",
    "export": r"[a-z][a-z0-9_]{0,63}=[^'\"`|;]{0,400}",
    "unset": r"[a-z][a-z0-9_]{0,63}",
    "bridge": rf"{_ENDPOINT}(?:[,|]{_ENDPOINT}){{0,9}}",
    "transfer": _DESTINATION,
    "voicemail": rf"(?:check )?(?:auth )?default {_DOMAIN}(?: {_NUMBER})?",
    "conference": rf"{_NAME}(?:@{_NAME})?(?:\+flags\{{[a-z|-]{{0,100}}\}})?",
    "log": rf"{_LEVEL} [^'\"`]{{0,400}}",
    "respond": r"[1-6]\d\d(?: [A-Za-z ]{1,60})?",
    "say": r"[a-z]{2}(?:_[A-Z]{2})? [A-Za-z_]{1,30} [A-Za-z_]{1,30} [A-Za-z_]{1,30} [\w .:-]{1,100}",
    "phrase": r"[A-Za-z0-9_-]{1,60}(?:,[\w .@+-]{0,100})?",
    # min max tries timeout terminators file invalid-file [variable [regexp [digit-timeout
    # [on-failure destination]]]], the destination in quotes as FreeSWITCH wants it.
    "play_and_get_digits": (rf"\d{{1,3}} \d{{1,3}} \d{{1,2}} \d{{1,6}} (?:[0-9*#]{{1,4}}|none) "
                            rf"{_SOUND} (?:{_SOUND}|silence_stream://\d{{1,6}})"
                            r"(?: [a-z][a-z0-9_]{0,63}(?: [][0-9\\d*#+|(){},^$?-]{1,100}"
                            rf"(?: \d{{1,6}}(?: '{_DESTINATION}')?)?)?)?"),
    "sched_hangup": r"\+?\d{1,6}(?: [A-Z_]{1,40})?(?: alt)?",
    # limit backend realm resource [max[/interval] [over-limit destination]]
    "limit": rf"(?:hash|db) {_NAME} {_NAME}(?: \d{{1,6}}(?:/\d{{1,6}})?(?: {_DESTINATION})?)?",
}
ALLOWED_APPLICATIONS = frozenset(SHAPES)
_FORBIDDEN_WORDS = re.compile(r"inline|system", re.IGNORECASE)
_SAFE_EXPANSION = re.compile(r"\$\{[a-z_]+\}|\$\d")


def argument_problems(application: str, data: str) -> Iterator[str]:
    """Why `data` is not an argument `application` may take (nothing when it is). Safe
    ${…} and $1… (checked elsewhere) stand for a name or digits here."""
    if _FORBIDDEN_WORDS.search(data):
        yield (f"{application}: inline dialplans and system commands are never allowed "
               f"in a snippet.")
        return
    plain = _SAFE_EXPANSION.sub("1", data)
    if not re.fullmatch(SHAPES[application], plain):
        yield f"{application}: {data!r} is not an argument this application may take here."
