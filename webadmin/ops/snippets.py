"""Dialplan snippets for ops: per company or global, edited in the browser with
validation, a test-call preview, version history and roll-back."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.dialplan_snippets import services as snippets
from vaxel.dialplan_snippets.matching import preview_call
from vaxel.dialplan_snippets.models import DialplanSnippet
from vaxel.dialplan_snippets.rules import ALLOWED_APPLICATIONS, CONTEXTS, validate_snippet
from vaxel.errors import NotFound
from vaxel.models import Company

from .. import forms
from ..access import require_ops
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = Blueprint("snippets", __name__, url_prefix="/ops/snippets")
bp.before_request(require_ops)
EXAMPLE = """<extension name="example">
  <condition field="destination_number" expression="^(7\\d{3})$">
    <action application="answer"/>
    <action application="playback" data="ivr/ivr-welcome.wav"/>
  </condition>
</extension>"""


def _snippet(snippet_id: int) -> DialplanSnippet:
    snippet = get_db().get(DialplanSnippet, snippet_id)
    if snippet is None:
        raise NotFound("No such snippet.")
    return snippet


def _companies() -> list[Company]:
    return list(get_db().scalars(select(Company).order_by(Company.name)))


def _preview() -> dict | None:
    args = request.args
    number = (args.get("number") or "").strip()
    if not number:
        return None
    company_id = int(args["company_id"]) if args.get("company_id", "").isdigit() else None
    context = args.get("context") if args.get("context") in CONTEXTS else CONTEXTS[0]
    matches = preview_call(snippets.snippet_views(get_db(), company_id), context, company_id, number)
    return {"number": number, "company_id": company_id, "context": context, "matches": matches}


@bp.get("/")
def list_snippets() -> str:
    rows = get_db().scalars(select(DialplanSnippet).order_by(
        DialplanSnippet.context, DialplanSnippet.company_id.nulls_first(),
        DialplanSnippet.position, DialplanSnippet.id)).all()
    return render_template("ops/snippets.html", snippets=rows, companies=_companies(),
                           contexts=CONTEXTS, example=EXAMPLE, preview=_preview())


@bp.post("/")
def create_snippet() -> Response | tuple[str, int]:
    form = request.form
    body = form.get("body", "")
    problems = validate_snippet(body)
    if problems:
        return _refused(None, body, problems)
    snippet = snippets.create_snippet(
        get_db(), forms.optional_id(form, "company_id"), forms.required(form, "name", "Name"),
        forms.text(form, "context"), body, g.actor,
        position=forms.whole_number(form, "position", 0, 1000))
    flash(gettext("%(name)s was created.", name=snippet.name), "ok")
    return redirect(url_for("snippets.edit_snippet", snippet_id=snippet.id), 303)


def _refused(snippet: DialplanSnippet | None, body: str, problems: list[str]) -> tuple[str, int]:
    """Show the editor again with what was typed, so nothing is lost to a mistake."""
    template = "ops/snippet.html" if snippet else "ops/snippet_new.html"
    company = get_db().get(Company, snippet.company_id) if snippet and snippet.company_id else None
    return render_template(template, snippet=snippet, body=body, problems=problems,
                           companies=_companies(), contexts=CONTEXTS, form=request.form,
                           allowed=sorted(ALLOWED_APPLICATIONS), company=company), 422


@bp.get("/<int:snippet_id>")
def edit_snippet(snippet_id: int) -> str:
    snippet = _snippet(snippet_id)
    return render_template("ops/snippet.html", snippet=snippet, body=snippet.current.body,
                           problems=[], allowed=sorted(ALLOWED_APPLICATIONS),
                           company=get_db().get(Company, snippet.company_id or 0))


@bp.post("/<int:snippet_id>")
def save_snippet(snippet_id: int) -> Response | tuple[str, int]:
    snippet = _snippet(snippet_id)
    body = request.form.get("body", "")
    problems = validate_snippet(body)
    if problems:
        return _refused(snippet, body, problems)
    version = snippets.save_version(get_db(), snippet, body, g.actor,
                                    forms.text(request.form, "note"))
    flash(gettext("Version %(n)s is in force.", n=version.version), "ok")
    return redirect(url_for("snippets.edit_snippet", snippet_id=snippet.id), 303)


@bp.post("/<int:snippet_id>/rollback")
def roll_back(snippet_id: int) -> Response:
    snippet = _snippet(snippet_id)
    version = snippets.roll_back(get_db(), snippet,
                                 forms.whole_number(request.form, "version", 1, 100000), g.actor)
    flash(gettext("Version %(n)s is in force.", n=version.version), "ok")
    return redirect(url_for("snippets.edit_snippet", snippet_id=snippet.id), 303)


@bp.post("/<int:snippet_id>/active")
def set_active(snippet_id: int) -> Response:
    snippets.set_active(get_db(), _snippet(snippet_id), forms.checkbox(request.form, "active"),
                        g.actor)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("snippets.edit_snippet", snippet_id=snippet_id), 303)


@bp.post("/<int:snippet_id>/delete")
@confirm_first("Remove this snippet from the dialplan?", "Remove snippet")
def delete_snippet(snippet_id: int) -> Response:
    snippet = _snippet(snippet_id)
    snippets.delete_snippet(get_db(), snippet, g.actor)
    flash(gettext("%(name)s was removed.", name=snippet.name), "ok")
    return redirect(url_for("snippets.list_snippets"), 303)
