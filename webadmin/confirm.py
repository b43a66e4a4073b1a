"""Destructive actions ask first: the view acts only on a POST that carries
confirmed=yes; any other POST is answered with a page that asks, whose button sends the
same form again, confirmed. No JavaScript is needed, and a forged or stray click (the
form without the flag) changes nothing."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import render_template, request

from .errors import back_url
from .i18n import gettext

CONFIRMED = "confirmed"


def confirm_first(question: str, button: str, *, find: Callable[..., str] | None = None,
                  when: Callable[..., bool] | None = None) -> Callable:
    """Wrap a POST view so it first asks `question` (answered by `button`).

    `find(**view arguments)` names the thing at stake, looked up as the view would (so
    another company's id answers 404 before anything is asked); `when(**view arguments)`
    limits the question to some calls (e.g. a licence's terminate step)."""
    def wrap(view: Callable) -> Callable:
        @wraps(view)
        def asking(**kwargs):
            if request.form.get(CONFIRMED) == "yes" or (when is not None and not when(**kwargs)):
                return view(**kwargs)
            return render_template("confirm.html", question=gettext(question),
                                   what=find(**kwargs) if find else "",
                                   button=gettext(button), action=request.path,
                                   fields=_fields_to_send_again(),
                                   back=back_url()), 200
        asking.asks_first = True
        return asking
    return wrap


def asked_in_the_browser(view: Callable) -> Callable:
    """A JSON route of the app or the widget whose page asks first (window.confirm) before
    it posts: there is no form to answer with a question page."""
    view.asked_in_the_browser = True
    return view


def _fields_to_send_again() -> list[tuple[str, str]]:
    return [(name, value) for name, value in request.form.items(multi=True)
            if name not in ("csrf_token", CONFIRMED)]
