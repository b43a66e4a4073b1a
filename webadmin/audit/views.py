"""The company's audit log."""
from __future__ import annotations

from flask import g, render_template

from vaxel.accounts.roles import PortalRole
from vaxel.audit.services import entries_for_company

from ..access import company_blueprint
from ..db import get_db
from . import display

bp = company_blueprint("audit", __name__)


@bp.get("/")
def list_entries() -> str:
    entries = entries_for_company(get_db(), g.company.id)
    return render_template("audit/list.html", entries=entries, zone=g.company.timezone,
                           show_detail=g.role is PortalRole.OPS, words=display.words,
                           field_name=display.field_name, is_bulky=display.is_bulky,
                           changed_fields=display.changed_fields,
                           value_text=display.value_text)
