"""Snippet validation, the test-call preview and snippets_for, with plain values."""
import pytest

from vaxel.dialplan_snippets.matching import SnippetView, preview_call, snippets_for
from vaxel.dialplan_snippets.rules import validate_snippet

GOOD = """<extension name="support-line">
  <condition field="destination_number" expression="^(77\\d{2})$">
    <action application="answer"/>
    <action application="playback" data="ivr/welcome.wav"/>
    <action application="transfer" data="$1 XML default"/>
  </condition>
</extension>"""


def test_a_plain_extension_is_accepted():
    assert validate_snippet(GOOD) == []


@pytest.mark.parametrize("body, fragment", [
    ("<extension name='x'><condition>", "Not well-formed"),
    ('<!DOCTYPE x [<!ENTITY a "b">]><extension name="x"/>', "Document type"),
    ("<?xml-stylesheet x?><extension name='x'/>", "processing instructions"),
    ("", "at least one"),
    ("<foo/>", "<foo> is not allowed"),
    ("<extension/>", "needs a name"),
    ("<extension name='x'><condition><action application='system' data='rm -rf /'/></condition></extension>",
     "never allowed"),
    ("<extension name='x'><condition><action application='lua' data='x.lua'/></condition></extension>",
     "never allowed"),
    ("<extension name='x'><condition><action application='mkdir' data='x'/></condition></extension>",
     "not on the allowed list"),
    ("<extension name='x'><condition><action application='log' data='${caller_id_name}'/>"
     "</condition></extension>",
     "caller-controlled"),
    ("<extension name='x'><condition><action application='log' data='$${hold_music}'/>"
     "</condition></extension>",
     "global variables"),
    ("<extension name='x'><condition><action application='set' data='api_hangup_hook=system x'/>"
     "</condition></extension>",
     "could run commands"),
    ("<extension name='x'><condition><action application='bridge' data='{execute_on_answer=x}user/1'/>"
     "</condition></extension>",
     "channel variables"),
    ("<extension name='x'><condition field='destination_number' expression='^(.*)$'>"
     "<action application='transfer' data='$1'/></condition></extension>",
     "captures of digits"),
    ("<extension name='x'><condition field='destination_number' expression='^(['>"
     "<action application='answer'/></condition></extension>",
     "not a valid regular expression"),
    ("<extension name='x' onload='y'/>", "does not take onload"),
])
def test_unsafe_or_malformed_snippets_are_refused(body, fragment):
    problems = validate_snippet(body)
    assert any(fragment in p for p in problems), problems


def test_safe_variables_and_digit_captures_pass():
    body = ("<extension name='x'><condition field='destination_number' expression='^9([0-9]{4})$'>"
            "<action application='bridge' data='user/$1@${domain_name}'/></condition></extension>")
    assert validate_snippet(body) == []


def _views():
    return [
        SnippetView(1, "global", None, "default", GOOD, version=3),
        SnippetView(2, "alpha", 10, "default",
                    "<extension name='alpha-9'><condition field='destination_number' "
                    "expression='^9(\\d+)$'><action application='bridge' data='user/$1'/>"
                    "</condition></extension>"),
        SnippetView(3, "beta", 20, "default", GOOD.replace("support-line", "beta-line")),
        SnippetView(4, "off", None, "default", GOOD.replace("support-line", "off"), active=False),
        SnippetView(5, "broken", None, "default", "<extension name='b'><condition>"
                    "<action application='system' data='x'/></condition></extension>"),
    ]


def test_preview_finds_the_extension_and_fills_in_captures():
    [match] = preview_call(_views(), "default", 10, "7712")
    assert (match.snippet_name, match.version, match.extension) == ("global", 3, "support-line")
    assert match.actions[-1] == ("transfer", "7712 XML default")


def test_company_snippets_come_before_global_ones_and_others_are_invisible():
    assert preview_call(_views(), "default", 10, "91001")[0].actions == (("bridge", "user/1001"),)
    assert preview_call(_views(), "default", 20, "91001") == []
    assert preview_call(_views(), "public", 10, "7712") == []
    assert [m.snippet_name for m in preview_call(_views(), "default", 20, "7712")] == ["beta"]


def test_conditions_a_number_cannot_decide_are_assumed():
    body = ("<extension name='t'><condition wday='2-6'/><condition field='destination_number' "
            "expression='^1$'><action application='answer'/></condition></extension>")
    [match] = preview_call([SnippetView(1, "t", None, "default", body)], "default", 1, "1")
    assert match.assumed == ('wday="2-6"',)


def test_snippets_for_returns_only_valid_matching_fragments():
    fragments = snippets_for("default", 10, "7712", _views())
    assert len(fragments) == 1 and fragments[0].startswith('<extension name="support-line">')
    assert snippets_for("default", 10, "5555", _views()) == []
