from tests.actors import SYSTEM
from vaxel.accounts.services import create_ops_account
from vaxel.actor import Actor
from vaxel.audit.services import entries_for_company, record_change, snapshot
from vaxel.people.services import add_sip_device, create_user
from vaxel.tenancy.services import create_company


def test_changes_are_recorded_with_actor_and_before_after(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    other = create_company(db, SYSTEM, "Other", "other.example")
    ops = create_ops_account(db, "ops@vaxel.example", "correct horse battery")
    user = create_user(db, SYSTEM, company, "Ann", "1000")
    created = entries_for_company(db, company.id)  # the company and Ann, by their builders
    before = snapshot(user)
    user.recording_enabled = True
    record_change(db, Actor.of_account(ops), company.id, "update", "user", user.id, before,
                  snapshot(user))
    record_change(db, Actor.system("cli"), other.id, "create", "user", 1, None, {"name": "X"})
    [entry] = entries_for_company(db, company.id)[:-len(created)]
    assert entry.actor == "ops@vaxel.example" and entry.actor_account_id == ops.id
    assert entry.before["recording_enabled"] is False
    assert entry.after["recording_enabled"] is True
    assert entry.object_id == str(user.id)


def test_snapshots_never_contain_secrets(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    user = create_user(db, SYSTEM, company, "Ann", "1000")
    device = add_sip_device(db, SYSTEM, company, user).device
    assert "a1_hash" not in snapshot(device)
    assert snapshot(device)["kind"] == "softphone"
