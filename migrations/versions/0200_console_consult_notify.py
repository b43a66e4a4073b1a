"""an attended transfer's requests NOTIFY vaxel_live

The operator console shows a call's consultation (being set up, connected, ended) from the
call_command rows of consult / attended_transfer / cancel_consult
(vaxel.callcontrol.console.consultations); without a notification the pushed console kept
its last state, without the consultation just asked for, or with one that had failed.
Other requests (click-to-call, hang-up…) change live_call rows, which notify already (0130).

Revision ID: 0200
Revises: 0190
"""
from alembic import op

revision = "0200"
down_revision = "0190"
branch_labels = None
depends_on = ("0130",)  # vaxel_notify_live()


def upgrade() -> None:
    op.execute("CREATE TRIGGER vaxel_notify_live AFTER INSERT OR UPDATE ON call_command "
               "FOR EACH ROW WHEN (NEW.action IN ('consult', 'attended_transfer', "
               "'cancel_consult')) EXECUTE FUNCTION vaxel_notify_live()")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS vaxel_notify_live ON call_command")
