import hashlib

import pytest

from vaxel.credentials import a1_hash, check_password_strength, generate_password
from vaxel.errors import WeakCredential


def test_a1_hash_matches_the_capture_freeswitch_accepted():
    # tests/captures/freeswitch/xml_curl/accepted/directory-user-a1-hash.xml
    assert a1_hash("1003", "127.0.0.1", "Xy7-secret") == "d58cb411a1edec6b98096a4906da66fa"
    assert a1_hash("u", "r", "p") == hashlib.md5(b"u:r:p").hexdigest()


@pytest.mark.parametrize("password", ["1001", "1234", "12345678901", "password", "x1001yzzzzzz",
                                      "aaaaaaaaaaaa", "short1A"])
def test_weak_sip_passwords_are_refused(password):
    with pytest.raises(WeakCredential):
        check_password_strength(password, "1001", "1001")


def test_generated_passwords_are_strong_and_distinct():
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for p in passwords:
        check_password_strength(p, "1001", "1001")
