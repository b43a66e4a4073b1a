"""Writing a refused form's input back into the page that holds the form (pure: HTML in,
HTML out), with the reason beside the field at fault.

Every form in the portal is written by our templates, so a form is found by its action
(the path it posts to) and, when several share one, by its hidden fields; passwords and
files are never written back.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import escape
from werkzeug.datastructures import MultiDict

_FORM = re.compile(r"(<form\b[^>]*>)(.*?)(</form>)", re.S | re.I)
_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_FIELD = re.compile(r"<(input)\b[^>]*>|<(select|textarea)\b[^>]*>.*?</\2>", re.S | re.I)
_OPTION = re.compile(r"(<option\b[^>]*>)([^<]*)", re.I)
NEVER_REFILLED = {"hidden", "password", "file", "submit", "button"}


@dataclass(frozen=True)
class Refusal:
    """A form the domain refused: where it posted, what was typed, why, and which field."""

    action: str
    form: MultiDict
    message: str
    field: str | None = None


def attributes(tag: str) -> dict[str, str]:
    inner = re.sub(r"^<[\w-]+|/?>$", "", tag)
    found = {}
    for match in _ATTR.finditer(inner):
        name, *values = match.groups()
        found[name.lower()] = html.unescape(next((v for v in values if v is not None), ""))
    return found


def _with_attr(tag: str, name: str, value: str | None) -> str:
    """The tag without attribute `name`, then with it again when value is not None."""
    tag = re.sub(rf"""\s{name}(\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?(?=[\s/>])""", "", tag)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    added = f' {name}="{escape(value)}"' if value != "" or name == "value" else f" {name}"
    return tag[:end] + added + tag[end:]


def _refill_field(element: str, form: MultiDict) -> str:
    opening = element[:element.index(">") + 1]
    attrs = attributes(opening)
    name, kind = attrs.get("name"), attrs.get("type", "text").lower()
    if name is None or (opening[1:6].lower() == "input" and kind in NEVER_REFILLED):
        return element
    if kind in ("checkbox", "radio"):
        checked = attrs.get("value", "on") in form.getlist(name)
        return _with_attr(opening, "checked", "" if checked else None)
    if name not in form:
        return element
    if opening.lower().startswith("<input"):
        return _with_attr(opening, "value", form.get(name, ""))
    if opening.lower().startswith("<textarea"):
        return f"{opening}{escape(form.get(name, ''))}</textarea>"
    return _refill_options(element, form.getlist(name))


def _refill_options(select: str, chosen: list[str]) -> str:
    def option(match: re.Match) -> str:
        attrs = attributes(match.group(1))
        value = attrs.get("value", html.unescape(match.group(2)).strip())
        return _with_attr(match.group(1), "selected", "" if value in chosen else None) + match.group(2)
    return _OPTION.sub(option, select)


def _error_note(message: str) -> str:
    return f'<small class="field-error" role="alert">{escape(message)}</small>'


def _refill_form(body: str, refusal: Refusal) -> str:
    placed = False

    def field(match: re.Match) -> str:
        nonlocal placed
        element = _refill_field(match.group(0), refusal.form)
        if not placed and attributes(element[:element.index(">") + 1]).get("name") == refusal.field:
            placed = True
            close = element.index(">")
            element = (_with_attr(element[:close + 1], "aria-invalid", "true") + element[close + 1:]
                       + _error_note(refusal.message))
        return element

    body = _FIELD.sub(field, body)
    if not placed:
        body = f'<p class="flash error" role="alert">{escape(refusal.message)}</p>' + body
    return body


def _is_the_form(opening: str, body: str, refusal: Refusal, page_path: str) -> bool:
    attrs = attributes(opening)
    if attrs.get("method", "get").lower() != "post":
        return False
    if urlsplit(attrs.get("action") or page_path).path != refusal.action:
        return False
    hidden = [attributes(m.group(0)) for m in re.finditer(r"<input\b[^>]*>", body, re.I)]
    return all(refusal.form.get(h.get("name", "")) == h.get("value", "") for h in hidden
               if h.get("type") == "hidden" and h.get("name") not in (None, "csrf_token"))


def refill(page: str, refusal: Refusal, page_path: str) -> str:
    """The page with the refused form filled in as it was sent and the reason shown in it;
    the reason at the top of the page when the form is not on it."""
    for match in _FORM.finditer(page):
        if _is_the_form(match.group(1), match.group(2), refusal, page_path):
            start, end = match.span(2)
            return page[:start] + _refill_form(match.group(2), refusal) + page[end:]
    note = f'<p class="flash error" role="alert">{escape(refusal.message)}</p>'
    return page.replace("<main>", "<main>" + note, 1)
