"""scripts/run's local set-up: secrets generated once and kept private, the environment
wins, one run per data folder."""
from __future__ import annotations

import stat

import pytest

from scripts import local_setup
from scripts.render_freeswitch_conf import conf_values
from vaxel.config import Settings


def test_secrets_are_generated_once_private_and_accepted_by_the_renderer(tmp_path):
    first = local_setup.stored_secrets(tmp_path)
    path = tmp_path / local_setup.SECRETS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(first) == set(local_setup.GENERATED_SECRETS)
    path.chmod(0o644)
    assert local_setup.stored_secrets(tmp_path) == first  # kept, not regenerated
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conf_values(Settings.from_env(first))  # strong enough for FreeSWITCH (raises if not)


def test_the_environment_wins_over_stored_secrets_and_the_guessed_address(tmp_path):
    env = local_setup.run_environment({"VAXEL_ESL_PASSWORD": "Mine-very-own-secret",
                                       "VAXEL_SIP_IP": "192.0.2.7"}, tmp_path)
    assert env["VAXEL_ESL_PASSWORD"] == "Mine-very-own-secret"
    assert env["VAXEL_SIP_IP"] == "192.0.2.7"
    assert env["VAXEL_XMLCURL_PASSWORD"] == local_setup.stored_secrets(tmp_path)["VAXEL_XMLCURL_PASSWORD"]


def test_a_second_run_on_the_same_data_folder_is_refused(tmp_path):
    held = local_setup.hold_run_lock(tmp_path)
    try:
        with pytest.raises(local_setup.AlreadyRunning):
            local_setup.hold_run_lock(tmp_path)
    finally:
        held.close()
    local_setup.hold_run_lock(tmp_path).close()  # free again once the first has ended
