"""The queue editor: settings through vaxel.queues, members added and logged in."""
from sqlalchemy import select

from vaxel.queues.models import QueueMember, QueueSettings, Strategy


def test_admin_configures_a_queue_and_logs_a_member_in(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/queue/{world.a.service}"
    assert "Alpha Admin" in portal.get(base).text
    portal.post(base, {"strategy": "round_robin", "ring_seconds": "15", "wrapup_seconds": "0",
                       "max_wait_seconds": "120", "max_length": "5",
                       "announce_every_seconds": "30", "service_level_seconds": "30",
                       "announce_position": "on", "overflow_destination_destination": "external",
                       "overflow_destination_external": "08 555 000 11"})
    settings = db.get(QueueSettings, world.a.service)
    db.refresh(settings)
    assert settings.strategy is Strategy.ROUND_ROBIN and settings.max_length == 5
    assert settings.overflow_destination == "external:+46855500011"
    assert settings.no_agents_destination == "" and not settings.announce_wait
    portal.post(f"{base}/members", {"user_id": str(world.a.user), "tier": "2"})
    portal.post(f"{base}/members/{world.a.user}/login")
    member = db.scalar(select(QueueMember).where(QueueMember.user_id == world.a.user))
    db.refresh(member)
    assert member.tier == 2 and member.logged_in
