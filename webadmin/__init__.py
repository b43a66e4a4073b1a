"""The admin portal: a Flask app of one blueprint per feature, over the vaxel domain."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from flask import Flask
from sqlalchemy.orm import Session

from vaxel.config import Settings, require_secret
from vaxel.models import ForwardKind

from . import db, errors
from .access import load_account
from .client import parse_proxies
from .csrf import check_csrf, csrf_token
from .i18n import current_language, gettext
from .labels import label
from .tables import label_tables


def _default_session_factory(settings: Settings) -> Callable[[], Session]:
    from vaxel.db import make_engine, make_session_factory, resolve_database_url

    url = resolve_database_url(settings.database_url, settings.data_dir)
    return make_session_factory(make_engine(url))


def _register_blueprints(app: Flask) -> None:
    from .audit.views import bp as audit
    from .auth.views import bp as auth
    from .licences.views import bp as licences
    from .me.views import bp as me
    from .numbers.views import bp as numbers
    from .ops.views import bp as ops
    from .switchboard.views import bp as switchboard
    from .users.views import bp as users

    for bp in (auth, me, ops, users, licences, numbers, switchboard, audit):
        app.register_blueprint(bp)
    _register_round_two(app)


def _register_round_two(app: Flask) -> None:
    from .billing.labels import product_label
    from .billing.money import money
    from .billing.views import bp as billing
    from .calls.views import bp as calls
    from .dashboard.views import bp as dashboard
    from .employee import bp as employee
    from .schedules.views import bp as hours
    from .voicemail.views import mine as my_voicemail, shared as shared_voicemail
    from .mobiledata.views import bp as mobiledata
    from .ops.prices import bp as prices
    from .ops.snippets import bp as snippets
    from .presence.views import bp as presence
    from .recordings.views import company as recordings, mine as my_recordings
    from .stats.views import bp as stats
    from .switchboard.ivr_views import bp as ivr
    from .switchboard.queue_views import bp as queue
    from .destinations import colleagues
    from .numbers.services import company_numbers
    from .timefmt import local_time

    for bp in (dashboard, ivr, hours, calls, presence, billing, mobiledata, prices, snippets,
               stats, my_voicemail, shared_voicemail, queue, recordings, my_recordings,
               employee):
        app.register_blueprint(bp)
    app.jinja_env.globals.update(colleagues=lambda cid: colleagues(db.get_db(), cid),
                                 local_time=local_time, money=money,
                                 product_label=product_label, company_numbers=company_numbers)


def create_app(settings: Settings | None = None,
               session_factory: Callable[[], Session] | None = None,
               config: dict[str, Any] | None = None) -> Flask:
    """Build the portal; `config` overrides Flask settings (tests turn off secure cookies)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config.update(
        # Anyone holding the key can sign a session cookie: never a known or empty one.
        SECRET_KEY=require_secret("VAXEL_SECRET_KEY", settings.secret_key),
        VAXEL_TRUSTED_PROXIES=parse_proxies(settings.trusted_proxies),
        SESSION_COOKIE_NAME="vaxel_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        MAX_CONTENT_LENGTH=1024 * 1024,
        VAXEL_RECORDINGS_DIR=settings.recordings_dir,
        VAXEL_VOICEMAIL_DIR=settings.voicemail_dir,
    )
    app.config.update(config or {})
    db.init_app(app, session_factory or _default_session_factory(settings))
    # CSRF first: a forged POST is refused before anything else looks at it.
    app.before_request(check_csrf)
    app.before_request(load_account)
    app.jinja_env.globals.update(_=gettext, csrf_token=csrf_token, lang=current_language,
                                 ForwardKind=ForwardKind)
    app.jinja_env.filters["label"] = label
    errors.init_app(app)
    app.after_request(label_tables)
    _register_blueprints(app)
    _register_security(app)
    _register_integrations(app, settings)
    _register_onboarding_and_live(app)
    return app


def _register_integrations(app: Flask, settings: Settings) -> None:
    """The REST API (/api/v1) and the integrations screens (tokens, webhooks, look-up)."""
    from . import api
    from .integrations.views import bp as integrations

    app.config.setdefault("VAXEL_SETTINGS", settings)
    api.init_app(app)
    app.register_blueprint(integrations)


def _register_security(app: Flask) -> None:
    """Ops' security screen (bans, allow-list, alerts, toll policies) and /healthz."""
    from .security.health import bp as health
    from .security.views import bp as security

    app.register_blueprint(security)
    app.register_blueprint(health)


def _register_onboarding_and_live(app: Flask) -> None:
    """Choosing one's password from an e-mailed link, the live view of calls and queues, and
    the website widget (its portal screen and its public door)."""
    from .auth.password_views import bp as password
    from .live.views import bp as live
    from .numberfmt import phone
    from .wallboard.views import bp as wallboard
    from .widget import public as widget_public
    from .widget.views import bp as widget

    for bp in (password, live, widget, wallboard):
        app.register_blueprint(bp)
    widget_public.init_app(app)
    app.jinja_env.filters["phone"] = phone
