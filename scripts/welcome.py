"""`scripts/run`'s first run on an empty database: the demo company and an operator
log-in, and what to tell the person who ran it (portal, log-in, softphone settings).
Passwords exist in clear only here and are printed once."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select

from vaxel.config import Settings

OPS_EMAIL = "ops@example.com"
SIP_PORT = 5060  # the internal profile's, fixed in freeswitch-conf/vars.xml
TRUNK_PORT = 5080
SHOWN_EXTENSIONS = ("1000", "1001")


@dataclass
class FirstRun:
    ops_email: str
    ops_password: str
    domain: str
    sip_passwords: dict[str, str] = field(default_factory=dict)


def set_up_if_empty(database_url: str, domain: str) -> FirstRun | None:
    """On a database with no company and no log-in: the demo company in SIP domain
    `domain` and an operator account. Anything there already: touch nothing."""
    from vaxel.accounts.models import Account
    from vaxel.accounts.services import create_ops_account
    from vaxel.db import make_engine, make_session_factory
    from vaxel.demo import load_demo
    from vaxel.models import Company

    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            if session.scalar(select(func.count(Company.id))) or session.scalar(
                    select(func.count(Account.id))):
                return None
            demo = load_demo(session, domain)
            password = secrets.token_urlsafe(12)
            create_ops_account(session, OPS_EMAIL, password)
    finally:
        engine.dispose()
    return FirstRun(OPS_EMAIL, password, demo.domain, demo.passwords)


def portal_url(settings: Settings) -> str:
    host, port = settings.webadmin_listen
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}/"


def welcome_text(settings: Settings, first: FirstRun | None, sip_address: str,
                 freeswitch: str | None, how_to_get_freeswitch: str) -> str:
    lines = ["", "Växel is running.", f"  Portal: {portal_url(settings)}"]
    if first is None:
        lines.append("  Log in with the operator account created on the first run "
                     "(its password was shown then).")
    else:
        lines += [f"  Log in as {first.ops_email} with the password {first.ops_password}",
                  "  (shown only now: write it down, or change it in the portal).",
                  f"  Demo company created: Växel Demo AB, SIP domain {first.domain}."]
    if not freeswitch:
        lines += ["", *_no_freeswitch(how_to_get_freeswitch)]
    lines += ["", *_softphone(first, sip_address, running=bool(freeswitch))]
    return "\n".join(lines + ["", "Ctrl-C stops everything.", ""])


def _softphone(first: FirstRun | None, sip_address: str, running: bool) -> list[str]:
    lines = ["Register a softphone" + (":" if running else " (once FreeSWITCH runs):"),
             f"  SIP server {sip_address}, port {SIP_PORT} (UDP or TCP); "
             f"carriers (trunks) use port {TRUNK_PORT}."]
    if first is None:
        return lines + ["  Extensions and their SIP passwords were shown on the first run "
                        "(new passwords: the portal's Users screen)."]
    lines.append(f"  Domain {first.domain}; user name = extension, password:")
    lines += [f"    extension {ext}  password {first.sip_passwords[ext]}" for ext in SHOWN_EXTENSIONS]
    others = sorted(set(first.sip_passwords) - set(SHOWN_EXTENSIONS))
    lines.append(f"  Call one from the other; 4600 is the reception menu. "
                 f"Other extensions ({others[0]}–{others[-1]}):")
    lines += [f"    extension {ext}  password {first.sip_passwords[ext]}" for ext in others]
    return lines


def _no_freeswitch(how_to_get_it: str) -> list[str]:
    return ["Calls need FreeSWITCH, and none is installed: the portal and API work, but no",
            "phone can register and no call is made. To get it, " + how_to_get_it + ";",
            "then run scripts/run again."]
