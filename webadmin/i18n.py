"""Swedish and English: a small dictionary translator (no compile step to forget).

Texts are written in English in the code and templates; translations/sv.py maps them
to Swedish. A missing translation shows the English text.
"""
from __future__ import annotations

from flask import g, request, session

from .translations.sv import SV, SV_PATTERNS

LANGUAGES = ("en", "sv")
_CATALOGS = {"sv": SV}
_PATTERNS = {"sv": SV_PATTERNS}


def current_language() -> str:
    """The account's choice, else this session's switch, else the browser's preference."""
    if "lang" not in g:
        account = g.get("account")
        chosen = (account.language if account else None) or session.get("lang")
        g.lang = chosen if chosen in LANGUAGES else (
            request.accept_languages.best_match(LANGUAGES, default="en"))
    return g.lang


def gettext(text: str, **values: object) -> str:
    language = current_language()
    translated = _CATALOGS.get(language, {}).get(text)
    if translated is None:
        translated = _by_pattern(_PATTERNS.get(language, ()), text)
    return translated % values if values else translated


def _by_pattern(patterns, text: str) -> str:
    """Domain messages that carry a value ("Menu 7 does not exist…") match a pattern."""
    for pattern, replacement in patterns:
        if pattern.fullmatch(text):
            return pattern.sub(replacement, text)
    return text
