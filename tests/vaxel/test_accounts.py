import datetime as dt

import pytest

from tests.actors import SYSTEM
from vaxel.accounts import ratelimit
from vaxel.accounts.errors import TooManyAttempts
from vaxel.accounts.passwords import hash_password, verify_password
from vaxel.accounts.roles import PortalRole
from vaxel.accounts.services import (authenticate, create_ops_account, create_user_account,
                                     role_of)
from vaxel.errors import Conflict, WeakCredential
from vaxel.models import Role
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
PASSWORD = "correct horse battery"


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example")


def test_passwords_are_stored_as_argon2_hashes():
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, "wrong password!")
    assert not verify_password(None, PASSWORD)


def test_short_portal_passwords_are_refused():
    with pytest.raises(WeakCredential):
        hash_password("short")


def test_role_follows_the_linked_users_role(db, company):
    user = create_user(db, SYSTEM, company, "Ann", "1000", role=Role.ADMIN)
    account = create_user_account(db, user, "Ann@Acme.example", PASSWORD)
    assert account.email == "ann@acme.example"
    assert role_of(account) is PortalRole.ADMIN
    user.role = Role.USER
    assert role_of(account) is PortalRole.USER
    assert role_of(create_ops_account(db, "ops@vaxel.example", PASSWORD)) is PortalRole.OPS


def test_one_login_per_address_and_per_user(db, company):
    user = create_user(db, SYSTEM, company, "Ann", "1000")
    create_user_account(db, user, "ann@acme.example", PASSWORD)
    with pytest.raises(Conflict):
        create_ops_account(db, "ANN@acme.example", PASSWORD)
    with pytest.raises(Conflict):
        create_user_account(db, user, "other@acme.example", PASSWORD)


def test_authenticate_accepts_right_and_refuses_wrong_passwords(db):
    account = create_ops_account(db, "ops@vaxel.example", PASSWORD)
    assert authenticate(db, "ops@vaxel.example", "nope nope nope", "10.0.0.1", NOW) is None
    assert authenticate(db, "nobody@vaxel.example", PASSWORD, "10.0.0.1", NOW) is None
    assert authenticate(db, " OPS@vaxel.example", PASSWORD, "10.0.0.1", NOW) is account
    assert account.last_login_at == NOW


def test_failed_logins_lock_the_guessing_address_out_of_the_account_for_a_while(db):
    """Issue 13: the lock is per account *and* address, so a guesser cannot lock the
    owner (who logs in from elsewhere) out of their account."""
    create_ops_account(db, "ops@vaxel.example", PASSWORD)
    for _ in range(ratelimit.MAX_FAILURES_PER_ACCOUNT):
        authenticate(db, "ops@vaxel.example", "wrong password", "10.0.0.1", NOW)
    with pytest.raises(TooManyAttempts):
        authenticate(db, "ops@vaxel.example", PASSWORD, "10.0.0.1", NOW)
    assert authenticate(db, "ops@vaxel.example", PASSWORD, "10.0.0.2", NOW) is not None
    later = NOW + ratelimit.WINDOW + dt.timedelta(seconds=1)
    assert authenticate(db, "ops@vaxel.example", PASSWORD, "10.0.0.1", later) is not None


def test_failed_logins_lock_the_source_address_across_accounts(db):
    create_ops_account(db, "ops@vaxel.example", PASSWORD)
    for n in range(ratelimit.MAX_FAILURES_PER_ADDRESS):
        authenticate(db, f"guess{n}@vaxel.example", "wrong password", "10.0.0.9", NOW)
    with pytest.raises(TooManyAttempts):
        authenticate(db, "ops@vaxel.example", PASSWORD, "10.0.0.9", NOW)
    assert authenticate(db, "ops@vaxel.example", PASSWORD, "10.0.0.1", NOW) is not None
