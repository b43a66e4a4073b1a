"""billing (cost centres, invoice places, assignments, price list), mobile data
(packages, usage, top-ups), dialplan snippets with versions

Revision ID: 0060
Revises: 0001
Depends on: 0005 (the vaxel_notify_config trigger function)
"""
from alembic import op
import sqlalchemy as sa

revision = "0060"
down_revision = "0001"  # company, users, switchboard_service, phone_number
branch_labels = None
# Snippet edits must reach the dialplan caches at once: the same NOTIFY as routing tables.
depends_on = ("0005",)
NOTIFYING = ("dialplan_snippet", "dialplan_snippet_version")


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _company(nullable: bool = False) -> sa.Column:
    return sa.Column("company_id", sa.Integer(), sa.ForeignKey(
        "company.id", ondelete="CASCADE", name=None), nullable=nullable, index=True)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                     nullable=False)


def _fk(column: str, target: str, ondelete: str, **kw) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), **kw)


def _billing() -> None:
    op.create_table(
        "invoice_place", _id(), _company(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("reference", sa.String(100), nullable=False), _created())
    op.create_table(
        "cost_centre", _id(), _company(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        _fk("invoice_place_id", "invoice_place.id", "SET NULL", nullable=True), _created(),
        sa.UniqueConstraint("company_id", "name", name="uq_cost_centre_company_id_name"))
    op.create_table(
        "cost_assignment", _id(), _company(),
        _fk("cost_centre_id", "cost_centre.id", "CASCADE", nullable=False),
        _fk("user_id", "users.id", "CASCADE", unique=True),
        _fk("service_id", "switchboard_service.id", "CASCADE", unique=True),
        _fk("number_id", "phone_number.id", "CASCADE", unique=True),
        sa.CheckConstraint("num_nonnulls(user_id, service_id, number_id) = 1",
                           name="ck_cost_assignment_one_object"))
    op.create_table(
        "price_list_entry", _id(),
        sa.Column("plan", sa.String(32), nullable=False),
        sa.Column("product", sa.String(64), nullable=False),
        sa.Column("monthly_price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.UniqueConstraint("plan", "product", name="uq_price_list_entry_plan_product"),
        sa.CheckConstraint("monthly_price_minor >= 0",
                           name="ck_price_list_entry_price_not_negative"))


def _mobiledata() -> None:
    op.create_table(
        "data_subscription", _id(), _company(),
        _fk("user_id", "users.id", "CASCADE", nullable=False, unique=True),
        sa.Column("package", sa.String(16), nullable=False),
        sa.Column("top_up_limit", sa.Integer(), nullable=False),
        sa.Column("top_up_mb", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False), _created(),
        sa.CheckConstraint("top_up_limit BETWEEN 0 AND 50",
                           name="ck_data_subscription_top_up_limit"),
        sa.CheckConstraint("top_up_mb > 0", name="ck_data_subscription_top_up_mb"))
    op.create_table(
        "data_usage", _id(), _company(),
        _fk("user_id", "users.id", "CASCADE", nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("megabytes", sa.Integer(), nullable=False),
        sa.UniqueConstraint("user_id", "day", name="uq_data_usage_user_id_day"),
        sa.CheckConstraint("megabytes >= 0", name="ck_data_usage_megabytes"))
    op.create_table(
        "data_top_up", _id(), _company(),
        _fk("user_id", "users.id", "CASCADE", nullable=False, index=True),
        sa.Column("bought_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("megabytes", sa.Integer(), nullable=False),
        sa.Column("payer", sa.String(32), nullable=False),
        sa.CheckConstraint("payer IN ('company', 'private_card')", name="ck_data_top_up_payer"))


def _snippets() -> None:
    op.create_table(
        "dialplan_snippet", _id(), _company(nullable=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("context", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False), _created())
    op.create_table(
        "dialplan_snippet_version", _id(),
        _fk("snippet_id", "dialplan_snippet.id", "CASCADE", nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(254), nullable=False),
        sa.Column("note", sa.String(200), nullable=False), _created(),
        sa.UniqueConstraint("snippet_id", "version", name="uq_dialplan_snippet_version_snippet_id_version"))


def upgrade() -> None:
    _billing()
    _mobiledata()
    _snippets()
    for table in NOTIFYING:
        op.execute(f"CREATE TRIGGER vaxel_notify_config AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_config()")


def downgrade() -> None:
    for table in ("dialplan_snippet_version", "dialplan_snippet", "data_top_up", "data_usage",
                  "data_subscription", "price_list_entry", "cost_assignment", "cost_centre",
                  "invoice_place"):
        op.drop_table(table)
