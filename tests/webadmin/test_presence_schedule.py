"""Presence schedules edited by an admin for a user, and by the user on their own page."""
import datetime as dt

from sqlalchemy import select

from vaxel.models import AuditEntry, PresenceState, ProfileSchedule


def _windows(db, user_id):
    db.expire_all()
    return [(w.weekdays, w.starts, w.ends) for w in db.scalars(
        select(ProfileSchedule).where(ProfileSchedule.user_id == user_id)
        .order_by(ProfileSchedule.id))]


def test_admin_schedules_lunch_for_a_user(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/presence/users/{world.a.user}"
    portal.post(base, {"profile_id": str(world.a.profile), "weekday": ["0", "4"],
                       "starts": "11:00", "ends": "11:45"})
    assert ([0, 4], dt.time(11), dt.time(11, 45)) in _windows(db, world.a.user)
    portal.post(f"{base}/windows/{world.a.window}/delete", {"confirmed": "yes"})
    assert len(_windows(db, world.a.user)) == 1
    portal.post(f"{base}/fallback", {"profile_id": str(world.a.profile)})
    assert db.get(PresenceState, world.a.user).fallback_profile_id == world.a.profile
    actions = set(db.scalars(select(AuditEntry.action)))
    assert {"create", "delete", "set-fallback-profile"} <= actions
    assert "Lunch" in portal.get(base).text


def test_user_edits_their_own_schedule(portal, world, db):
    portal.login(world.a.user_email)
    portal.post("/me/schedule", {"profile_id": str(world.a.profile), "weekday": "2",
                                 "starts": "08:00", "ends": "09:00"})
    assert ([2], dt.time(8), dt.time(9)) in _windows(db, world.a.user)
    response = portal.post("/me/schedule", {"profile_id": str(world.a.profile),
                                            "starts": "08:00", "ends": "09:00"},
                           follow_redirects=True)
    assert "Tick at least one weekday." in response.text
