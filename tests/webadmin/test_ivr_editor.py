"""The IVR editor: a two-level menu built from the portal, validated, audited."""
import io

from sqlalchemy import select

from vaxel.models import AuditEntry, IvrMenu

from .audio import real_wav
from .conftest import flashes


def _base(world) -> str:
    return f"/companies/{world.a.company}/ivr/{world.a.ivr}"


def test_admin_builds_a_two_level_menu(portal, world, db):
    portal.login(world.a.admin_email)
    base = _base(world)
    portal.post(f"{base}/menus", {"name": "Support"})
    sub = db.scalar(select(IvrMenu).where(IvrMenu.service_id == world.a.ivr,
                                          IvrMenu.name == "Support"))
    assert not sub.entry
    portal.post(f"{base}/menus/{world.a.menu}/options",
                {"digit": "2", "destination": f"menu:{sub.id}", "label": "Support"})
    portal.post(f"{base}/menus/{sub.id}/options", {"digit": "0", "destination": f"menu:{world.a.menu}"})
    portal.post(f"{base}/menus/{sub.id}/options",
                {"digit": "1", "destination": "external", "external": "08 555 000 11"})
    db.expire_all()
    main = db.get(IvrMenu, world.a.menu)
    assert {o.digit: o.destination for o in main.options} == {"2": f"menu:{sub.id}"}
    assert {o.digit: o.destination for o in sub.options} == {
        "0": f"menu:{world.a.menu}", "1": "external:+46855500011"}
    page = portal.get(base).text
    assert "The menu tree is sound" in page and "+46855500011" in page
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "set-option")
                       .order_by(AuditEntry.id)).first()
    assert entry.before["options"] == {} and entry.after["options"] == {"2": f"menu:{sub.id}"}


def test_problems_in_the_tree_are_shown(portal, world, db):
    portal.login(world.a.admin_email)
    portal.post(f"{_base(world)}/menus", {"name": "Orphan"})
    page = portal.get(_base(world)).text
    assert "No caller can reach menu Orphan." in page


def test_menu_settings_and_default_destination(portal, world, db):
    portal.login(world.a.admin_email)
    portal.post(f"{_base(world)}/menus/{world.a.menu}", {
        "name": "Welcome", "greeting_text": "Press 1 for sales", "timeout_seconds": "7",
        "max_retries": "1", "direct_dial_digits": "4", "default_destination": "voicemail:1000"})
    db.expire_all()
    menu = db.get(IvrMenu, world.a.menu)
    assert (menu.name, menu.timeout_seconds, menu.max_retries, menu.direct_dial_digits,
            menu.default_destination) == ("Welcome", 7, 1, 4, "voicemail:1000")


def test_greeting_upload_accepts_only_wav(portal, world, db, app, tmp_path):
    app.config["VAXEL_RECORDINGS_DIR"] = tmp_path
    portal.login(world.a.admin_email)
    url = f"{_base(world)}/menus/{world.a.menu}/greeting"
    wav = real_wav()
    portal.post(url, {"greeting": (io.BytesIO(wav), "hej.wav")},
                content_type="multipart/form-data")
    db.expire_all()
    path = db.get(IvrMenu, world.a.menu).greeting_file
    assert path.startswith(f"greetings/{world.a.company}/") and (tmp_path / path).read_bytes() == wav
    response = portal.post(url, {"greeting": (io.BytesIO(b"<html>"), "x.wav")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "The greeting must be a WAV file." in flashes(response.text)


def test_the_entry_menu_cannot_be_removed(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(f"{_base(world)}/menus/{world.a.menu}/delete", {"confirmed": "yes"},
                           follow_redirects=True)
    assert "The entry menu cannot be removed." in flashes(response.text)
    assert db.get(IvrMenu, world.a.menu) is not None


def test_the_key_picker_shows_used_keys_and_starts_on_a_free_one(portal, world, db):
    portal.login(world.a.admin_email)
    portal.post(f"{_base(world)}/menus/{world.a.menu}/options",
                {"digit": "1", "destination": "hangup"})
    page = portal.get(_base(world)).text
    assert '<option value="1">1 · in use</option>' in page
    assert '<option value="2" selected>2</option>' in page


def test_replacing_what_a_key_does_asks_first(portal, world, db):
    from vaxel.models import IvrMenu
    portal.login(world.a.admin_email)
    url = f"{_base(world)}/menus/{world.a.menu}/options"
    portal.post(url, {"digit": "1", "destination": f"user:{1001}"})
    asked = portal.post(url, {"digit": "1", "destination": "hangup"})
    assert asked.status_code == 200 and "This key already leads somewhere. Replace it?" in asked.text
    assert "1 → Alpha User (1001)" in asked.text
    db.expire_all()
    assert {o.digit: o.destination for o in db.get(IvrMenu, world.a.menu).options} == {"1": "user:1001"}
    assert portal.post(url, {"digit": "1", "destination": "hangup", "confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert {o.digit: o.destination for o in db.get(IvrMenu, world.a.menu).options} == {"1": "hangup"}
    # Saving a key as it already is asks nothing.
    assert portal.post(url, {"digit": "1", "destination": "hangup"}).status_code == 303


def test_a_key_can_open_the_meeting_rooms_dial_in_but_not_name_a_room(portal, world, db):
    portal.login(world.a.admin_email)
    base = _base(world)
    page = portal.get(base).text
    assert 'value="conference:dial-in"' in page
    portal.post(f"{base}/menus/{world.a.menu}/options",
                {"digit": "7", "destination": "conference:dial-in"})
    portal.post(f"{base}/menus/{world.a.menu}/options",  # a forged form naming a room's id
                {"digit": "8", "destination": "conference:1"})
    db.expire_all()
    options = {o.digit: o.destination for o in db.get(IvrMenu, world.a.menu).options}
    assert options["7"] == "conference:dial-in"
    # Kept as typed, like any key into nowhere, and shown as a problem in the tree.
    assert options["8"] == "conference:1"
    assert "Meeting rooms are reached through their dial-in" in portal.get(base).text
    sv = portal.get(base, headers={"Accept-Language": "sv"}).text
    assert "Inringning (frågar efter rummet)" in sv
