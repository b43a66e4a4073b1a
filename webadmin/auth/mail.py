"""The onboarding e-mails (invitation, new password), written in the portal's language
around a link that starts with the public address (VAXEL_PUBLIC_URL), never with the
request's Host header, which a client could choose."""
from __future__ import annotations

from flask import current_app, url_for

from vaxel.accounts.onboarding import INVITE_VALID, RESET_VALID

from ..i18n import gettext


def password_link(token: str) -> str:
    public_url = current_app.config["VAXEL_SETTINGS"].public_url
    return public_url + url_for("password.choose", token=token)


def invitation(company_name: str, inviter: str):
    def compose(token: str) -> tuple[str, str]:
        subject = gettext("You are invited to %(company)s's phone system", company=company_name)
        body = gettext(
            "%(inviter)s has invited you to the phone system of %(company)s.\n\n"
            "Choose your password here (the link works once, for %(days)s days):\n%(link)s\n",
            inviter=inviter, company=company_name, days=INVITE_VALID.days,
            link=password_link(token))
        return subject, body
    return compose


def new_password(token: str) -> tuple[str, str]:
    minutes = int(RESET_VALID.total_seconds() // 60)
    body = gettext(
        "Someone, probably you, asked for a new password for the phone system.\n\n"
        "Choose a new password here (the link works once, for %(minutes)s minutes):\n"
        "%(link)s\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n",
        minutes=minutes, link=password_link(token))
    return gettext("A new password for the phone system"), body
