"""The snippet validator against the ways around it (issue 13, item 4): an allowed
application whose argument is a dialplan jump — into `inline`, which runs any application,
`system` and `bgsystem` included — must be refused, while ordinary snippets still pass."""
import pytest

from vaxel.dialplan_snippets.rules import validate_snippet


def snippet(application: str, data: str) -> str:
    return (f"<extension name='x'><condition field='destination_number' expression='^(\\d+)$'>"
            f"<action application='{application}' data=\"{data}\"/></condition></extension>")


@pytest.mark.parametrize("application, data", [
    ("transfer", "'bgsystem:touch /tmp/pwned' inline"),
    ("transfer", "'system:id' inline"),
    ("transfer", "1000 inline"),
    ("transfer", "1000 XML evil_context"),
    ("transfer", "-both 1000 XML default"),
    ("play_and_get_digits",
     "1 1 1 1000 # ivr/welcome.wav silence_stream://250 x \\d 1000 'bgsystem:id inline'"),
    ("play_and_get_digits",
     "1 1 1 1000 # ivr/welcome.wav silence_stream://250 x \\d 1000 'system:id inline'"),
    ("limit", "hash acme calls 1 'system:id' inline"),
    ("limit", "hash acme calls 1 'bgsystem:id' inline"),
    ("bridge", "loopback/'system:id'/default/inline"),
    ("bridge", "loopback/1000/default/XML"),
    ("bridge", "sofia/internal/sip:x@evil.example;transport=tcp"),
    ("playback", "${system(id)}"),
    ("playback", "file_string://a.wav!b.wav"),
    ("log", "INFO ${bgsystem(id)}"),
    ("set", "continue_on_fail='system:id' inline"),
    ("conference", "room@default+flags{mute}+bgdial"),
    ("voicemail", "default x 1000 'system:id'"),
    ("sched_hangup", "+10 'system:id' inline"),
    ("echo", "system:id"),
])
def test_jumps_into_inline_dialplans_and_system_are_refused(application, data):
    problems = validate_snippet(snippet(application, data))
    assert problems, f"{application} {data} was accepted"


@pytest.mark.parametrize("application, data", [
    ("transfer", "$1 XML default"),
    ("transfer", "4600"),
    ("transfer", "4600 XML public"),
    ("bridge", "user/$1@${domain_name}"),
    ("bridge", "user/1001@acme.example,user/1002@acme.example"),
    ("bridge", "sofia/gateway/carrier/+46812345678"),
    ("playback", "ivr/welcome.wav"),
    ("playback", "tone_stream://%(500,500,425)"),
    ("play_and_get_digits",
     "1 4 3 5000 # ivr/enter.wav ivr/invalid.wav pin \\d+ 3000 '4600 XML default'"),
    ("limit", "hash acme calls 5 4600 XML default"),
    ("limit", "hash acme calls 5/60"),
    ("set", "continue_on_fail=true"),
    ("set", "effective_caller_id_name=Acme Support"),
    ("voicemail", "default ${domain_name} $1"),
    ("conference", "room-$1@default+flags{mute}"),
    ("hangup", "USER_BUSY"),
    ("hangup", ""),
    ("answer", ""),
    ("sleep", "500"),
    ("log", "INFO a call for support"),
    ("respond", "486 Busy Here"),
    ("sched_hangup", "+3600 ALLOTTED_TIMEOUT"),
])
def test_ordinary_arguments_still_pass(application, data):
    assert validate_snippet(snippet(application, data)) == []


def test_a_capture_ending_in_a_line_break_may_not_be_copied():
    """$ also matches before a final line break: the capture check read `\\d+\\n` as digits,
    and `$1` would carry the caller's line break into the transfer."""
    expression = "^(\\d+&#10;)$"
    xml = (f"<extension name='x'><condition field='destination_number' expression='{expression}'>"
           f"<action application='transfer' data='$1 XML default'/></condition></extension>")
    assert validate_snippet(xml)
