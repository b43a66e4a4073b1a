"""web devices: the app's browser softphone, with a credential that expires

A device kind `web` (the CHECK of the kind column widened) and `device.expires_at`: a web
device's password is issued to a portal session for a few hours and rotated; after
`expires_at` the directory refuses it like a wrong password.

Revision ID: 0120
Revises: 0115
"""
from alembic import op
import sqlalchemy as sa

revision = "0120"
down_revision = "0115"
branch_labels = None
depends_on = None

_KINDS = ("softphone", "desk", "dect", "mobile_twin")


def _kind_check(kinds: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_device_devicekind"), "device", type_="check")
    listed = ", ".join(f"'{k}'" for k in kinds)
    op.create_check_constraint(op.f("ck_device_devicekind"), "device", f"kind IN ({listed})")


def upgrade() -> None:
    op.add_column("device", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    _kind_check(_KINDS + ("web",))


def downgrade() -> None:
    op.execute("DELETE FROM device WHERE kind = 'web'")
    _kind_check(_KINDS)
    op.drop_column("device", "expires_at")
