"""Swedish and English: a small dictionary translator (no compile step to forget).

Texts are written in English in the code and templates; translations/sv.py maps them
to Swedish. A missing translation shows the English text.
"""
from __future__ import annotations

from flask import g, request, session

from .translations.sv import SV

LANGUAGES = ("en", "sv")
_CATALOGS = {"sv": SV}


def current_language() -> str:
    """The account's choice, else this session's switch, else the browser's preference."""
    if "lang" not in g:
        account = g.get("account")
        chosen = (account.language if account else None) or session.get("lang")
        g.lang = chosen if chosen in LANGUAGES else (
            request.accept_languages.best_match(LANGUAGES, default="en"))
    return g.lang


def gettext(text: str, **values: object) -> str:
    translated = _CATALOGS.get(current_language(), {}).get(text, text)
    return translated % values if values else translated
