"""Spoken prompts rendered once to a WAV (fs_control.speech) and played from the file."""
from __future__ import annotations

import wave
from array import array

import pytest

from fs_control.apps import Media, collect_args, prompt_file_string
from fs_control.speech import MAX_FILES, SpeechCache, load_voice
from vaxel.callflow.commands import Collect, Prompt


class Renderer:
    """Writes a stand-in file and counts renders; spawn runs the job at once."""

    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, text, path):
        self.texts.append(text)
        path.write_bytes(b"RIFF" + text.encode())


def cache(tmp_path, render=None, spawn=lambda fn, *args: fn(*args)) -> SpeechCache:
    return SpeechCache(tmp_path / "tts", render if render is not None else Renderer(), spawn)


def test_first_call_is_spoken_by_freeswitch_and_the_next_plays_the_rendered_file(tmp_path):
    speech = cache(tmp_path)
    media = Media(tmp_path, speech)
    prompt = Prompt(text="Welcome to Acme. For sales, press 1.")
    assert prompt_file_string(prompt, media) == "say:Welcome to Acme. For sales, press 1."
    played = prompt_file_string(prompt, media)
    assert played.startswith(str(tmp_path / "tts")) and played.endswith(".wav")
    assert (tmp_path / "tts").joinpath(played.rsplit("/", 1)[1]).read_bytes().endswith(b"press 1.")


def test_a_text_is_rendered_once_however_many_calls_ask_while_it_is_made(tmp_path):
    render, jobs = Renderer(), []
    speech = cache(tmp_path, render, spawn=lambda fn, *args: jobs.append((fn, args)))
    for _ in range(50):
        assert speech.file_for("Welcome") is None
    assert len(jobs) == 1
    fn, args = jobs[0]
    fn(*args)
    assert speech.file_for("Welcome") is not None and render.texts == ["Welcome"]


def test_a_file_rendered_before_a_restart_is_played_without_rendering(tmp_path):
    cache(tmp_path).file_for("Welcome")
    render = Renderer()
    assert cache(tmp_path, render).file_for("Welcome") is not None
    assert render.texts == []


def test_a_text_with_a_phone_number_is_spoken_every_time_and_never_stored(tmp_path):
    render = Renderer()
    speech = cache(tmp_path, render)
    text = "We will call you back on 4 6 7 0 1 2 3 4 5 6 7. Press 1 to confirm."
    assert speech.file_for(text) is None and speech.file_for(text) is None
    assert render.texts == [] and not (tmp_path / "tts").exists()


def test_a_failed_render_leaves_no_file_and_the_call_is_spoken(tmp_path):
    def broken(text, path):
        path.write_bytes(b"RIF")  # half written, then the disk fills up
        raise OSError("No space left on device")

    speech = cache(tmp_path, broken)
    assert speech.file_for("Welcome") is None and speech.file_for("Welcome") is None
    assert list((tmp_path / "tts").iterdir()) == []


def test_the_number_of_rendered_texts_is_bounded(tmp_path):
    render = Renderer()
    speech = cache(tmp_path, lambda text, path: render.texts.append(text))
    speech._ready.update(tmp_path / f"{n}.wav" for n in range(MAX_FILES))
    assert speech.file_for("One more text") is None and render.texts == []


def test_without_libflite_every_prompt_is_spoken_by_freeswitch(tmp_path):
    speech = SpeechCache(tmp_path / "tts", None, lambda fn, *args: fn(*args))
    media = Media(tmp_path, speech)
    assert prompt_file_string(Prompt(text="Welcome"), media) == "say:Welcome"
    assert prompt_file_string(Prompt(text="Welcome"), media) == "say:Welcome"


def test_the_menu_collects_digits_over_the_rendered_file(tmp_path):
    speech = cache(tmp_path)
    speech.file_for("Press 1 for sales")
    args = collect_args(Collect(Prompt(text="Press 1 for sales"), max_digits=1), Media(None, speech))
    assert f"'{tmp_path / 'tts'}/kal-" in args and ".wav' silence_stream://250" in args


def test_flite_renders_speech_with_sound_in_it(tmp_path):
    voice = load_voice()
    if voice is None:
        pytest.skip("libflite (Debian libflite1, which FreeSWITCH's mod_flite needs) is missing")
    path = tmp_path / "welcome.wav"
    voice.render("Welcome to Acme. For sales, press 1.", path)
    with wave.open(str(path)) as audio:
        assert (audio.getframerate(), audio.getsampwidth(), audio.getnchannels()) == (8000, 2, 1)
        assert audio.getnframes() > 8000  # more than a second of it
        samples = array("h", audio.readframes(audio.getnframes()))
    assert max(abs(s) for s in samples) > 3000  # speech, not silence
