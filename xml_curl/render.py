"""The Jinja2 templates in dialplans/, loaded and compiled once per process."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from vaxel.config import REPO_ROOT

TEMPLATES_DIR = REPO_ROOT / "dialplans"
CONTENT_TYPE = "text/xml; charset=utf-8"


@lru_cache(maxsize=1)
def environment() -> Environment:
    # Autoescape on for .xml: every value is escaped for an XML attribute (& < > " ').
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["xml"]),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    return environment().get_template(name)


def render(name: str, **context) -> str:
    return template(name).render(**context)


def not_found() -> str:
    """FreeSWITCH's "not found": it falls through to the next binding or its static files."""
    return render("not-found.xml")
