import pytest

from fs_control.apps import (Media, bridge_failure, collect_args, collected_digits, dial_string,
                             prompt_file_string, speech_text)
from vaxel.callflow.commands import Bridge, Collect, DialTarget, Prompt


def test_recorded_prompt_is_played_when_the_file_exists(tmp_path):
    (tmp_path / "welcome.wav").write_bytes(b"RIFF")
    media = Media(sounds_dir=tmp_path)
    assert prompt_file_string(Prompt(file="welcome.wav", text="Welcome"), media) == \
        str(tmp_path / "welcome.wav")


def test_missing_recording_falls_back_to_speech(tmp_path):
    media = Media(sounds_dir=tmp_path)
    assert prompt_file_string(Prompt(file="gone.wav", text="Welcome"), media) == "say:Welcome"


@pytest.mark.parametrize("hostile", ["${system(touch x)}", "$${var}", "a'b", "x\ny", "a {b} c"])
def test_spoken_text_cannot_expand_or_split(hostile):
    said = speech_text(hostile)
    assert not set(said) & set("${}'\n")


def test_collect_quotes_the_prompt_and_names_the_digits_variable():
    args = collect_args(Collect(Prompt(text="Press one, for sales"), max_digits=4), Media())
    assert args.startswith("1 4 1 5000 # 'say:Press one, for sales' silence_stream://250 ")
    assert collected_digits({"variable_vaxel_digits": "12"}) == "12"
    assert collected_digits({}) is None
    assert collected_digits({"variable_vaxel_digits": "1;x"}) is None


def test_dial_string_rings_devices_together_or_in_turn():
    targets = (DialTarget("sip", "1001@acme.example"), DialTarget("external", "+46701234567"))
    together = dial_string(Bridge(targets, 25, True), "trunk1")
    assert together == ("[leg_timeout=25]user/1001@acme.example,"
                        "[leg_timeout=25]sofia/gateway/trunk1/+46701234567")
    in_turn = dial_string(Bridge(targets, 20, False), "trunk1")
    assert in_turn.count("|") == 1 and in_turn.count("leg_timeout=10") == 2


def test_each_leg_names_the_user_whose_phone_it_rings():
    """FreeSWITCH gives a B-leg the directory's variables only by its hang-up; the ringing
    and answered webhooks read whose phone rings from the leg itself."""
    targets = (DialTarget("sip", "1001@acme.example", company_id=7, user_id=3),
               DialTarget("external", "+46701234567", "+46812345600", 7, 3))
    assert dial_string(Bridge(targets, 20, True), "trunk1") == (
        "[leg_timeout=20,vaxel_company_id=7,vaxel_user_id=3]user/1001@acme.example,"
        "[leg_timeout=20,origination_caller_id_number=+46812345600,vaxel_company_id=7,"
        "vaxel_user_id=3]sofia/gateway/trunk1/+46701234567")


def test_dial_string_drops_targets_that_are_not_plain_addresses():
    targets = (DialTarget("sip", "1001@acme.example,evil/x"), DialTarget("external", "+46${x}"))
    assert dial_string(Bridge(targets, 20), "trunk1") == ""


def test_bridge_failure_reads_the_originate_disposition():
    assert bridge_failure({"variable_originate_disposition": "USER_BUSY"}).cause == "USER_BUSY"
    assert not bridge_failure({}).answered
