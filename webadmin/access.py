"""Who is logged in, what they may open, and looking objects up within their company.

Company screens live under /companies/<id>/…: a company admin reaches only their own
company (any other id answers 404, as if it did not exist), ops reach every company,
and a self-service user gets 403.
"""
from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from vaxel.accounts.roles import PortalRole
from vaxel.accounts.services import role_of
from vaxel.accounts.sessions import account_of_session
from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.models import Company
from vaxel.tenancy.scoped import in_company

from .db import get_db

M = TypeVar("M")


def load_account() -> None:
    g.account = g.actor = None
    token = session.get("sid")
    if token is None or request.endpoint == "static":
        return
    # The session row decides, not the cookie: a logged-out or revoked session is over.
    account = account_of_session(get_db(), token, utcnow())
    if account is None:
        session.clear()
        return
    g.account = account
    g.role = role_of(account)
    g.actor = Actor.of_account(account)


def login_redirect() -> Response | None:
    if g.account is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def require_login() -> Response | None:
    return login_redirect()


def require_ops() -> Response | None:
    if (response := login_redirect()) is not None:
        return response
    if g.role is not PortalRole.OPS:
        abort(403)
    return None


def _require_company_admin() -> Response | None:
    if (response := login_redirect()) is not None:
        return response
    if g.role is PortalRole.USER:
        abort(403)
    company = get_db().get(Company, g.company_id)
    if company is None or (g.role is PortalRole.ADMIN and company.id != g.account.company_id):
        abort(404)
    g.company = company
    return None


def _take_company_id(endpoint: str | None, values: dict | None) -> None:
    g.company_id = (values or {}).pop("company_id", None)


def _add_company_id(endpoint: str, values: dict) -> None:
    if "company_id" not in values and g.get("company") is not None:
        values["company_id"] = g.company.id


def company_blueprint(name: str, import_name: str, path: str | None = None) -> Blueprint:
    """A blueprint of company-admin screens under /companies/<company_id>/<path>, the path
    being the name unless an address older than the name is kept."""
    bp = Blueprint(name, import_name, url_prefix=f"/companies/<int:company_id>/{path or name}")
    bp.url_value_preprocessor(_take_company_id)
    bp.url_defaults(_add_company_id)
    bp.before_request(_require_company_admin)
    return bp


def scoped(model: type[M], object_id: int) -> M:
    """The company's object with this id; another company's id is simply not found."""
    return in_company(get_db(), model, g.company.id, object_id)
