"""Which snippets a dialplan request gets, and what a test call to a number would match.
Pure: snippet bodies in, XML fragments or matches out.

Matching follows FreeSWITCH's XML dialplan for the part a number decides: conditions on
destination_number are tested with the expression (Python's re, close to PCRE for the
patterns dialplans use); a failing condition ends the extension (break="on-false").
Conditions on anything else (time of day, caller id, variables) cannot be known without
a call and are assumed to hold; the preview says which were assumed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable, Sequence

from .rules import parse, validate_snippet

DESTINATION_FIELDS = ("destination_number", "${destination_number}")


@dataclass(frozen=True)
class SnippetView:
    snippet_id: int
    name: str
    company_id: int | None  # None: every company
    context: str
    body: str
    version: int = 1
    position: int = 100
    active: bool = True


@dataclass(frozen=True)
class CallMatch:
    snippet_id: int
    snippet_name: str
    version: int
    extension: str
    actions: tuple[tuple[str, str], ...]  # (application, data with $1… filled in)
    assumed: tuple[str, ...]              # conditions taken to hold without a call
    continues: bool                       # continue="true": later extensions run too


def applicable(snippets: Iterable[SnippetView], context: str,
               company_id: int | None) -> list[SnippetView]:
    """Active snippets of this context for the company and for everyone, company first."""
    chosen = [s for s in snippets if s.active and s.context == context
              and (s.company_id is None or s.company_id == company_id)]
    return sorted(chosen, key=lambda s: (s.company_id is None, s.position, s.snippet_id))


def preview_call(snippets: Iterable[SnippetView], context: str, company_id: int | None,
                 destination: str) -> list[CallMatch]:
    """The extensions a call to `destination` would run, in order: the first, and those
    after it while each says continue="true"."""
    matches: list[CallMatch] = []
    for snippet in _valid(applicable(snippets, context, company_id)):
        for ext in parse(snippet.body):
            match = _match_extension(snippet, ext, destination)
            if match is not None:
                matches.append(match)
                if not match.continues:
                    return matches
    return matches


def snippets_for(context: str, company_id: int | None, destination: str,
                 snippets: Sequence[SnippetView]) -> list[str]:
    """The validated <extension> fragments a dialplan request for `destination` should
    include, in order (for xml_curl to render ahead of the generated extensions)."""
    return [ET.tostring(ext, encoding="unicode").strip()
            for snippet in _valid(applicable(snippets, context, company_id))
            for ext in parse(snippet.body)
            if _match_extension(snippet, ext, destination) is not None]


def _valid(snippets: Iterable[SnippetView]) -> Iterable[SnippetView]:
    # Checked again on the way out: rules may have tightened since a body was saved.
    return (s for s in snippets if not validate_snippet(s.body))


def _match_extension(snippet: SnippetView, ext: ET.Element, destination: str) -> CallMatch | None:
    actions: list[tuple[str, str]] = []
    assumed: list[str] = []
    for condition in ext.findall("condition"):
        groups = _condition_groups(condition, destination, assumed)
        if groups is None:
            return None
        actions += [(a.get("application", ""), _fill(a.get("data", ""), groups))
                    for a in condition.findall("action")]
    return CallMatch(snippet.snippet_id, snippet.name, snippet.version, ext.get("name", ""),
                     tuple(actions), tuple(assumed), ext.get("continue") == "true")


def _condition_groups(condition: ET.Element, destination: str,
                      assumed: list[str]) -> tuple[str, ...] | None:
    """The captures when the condition holds for `destination`, None when it fails."""
    field, expression = condition.get("field"), condition.get("expression")
    if field in DESTINATION_FIELDS and expression is not None:
        found = re.search(expression, destination)
        return (found.group(0), *found.groups(default="")) if found else None
    if field is not None or len(condition.attrib) > 0:
        assumed.append(" ".join(f'{k}="{v}"' for k, v in condition.attrib.items()))
    return ("",)


def _fill(data: str, groups: tuple[str, ...]) -> str:
    return re.sub(r"\$(\d)", lambda m: groups[int(m.group(1))]
                  if int(m.group(1)) < len(groups) else "", data)
