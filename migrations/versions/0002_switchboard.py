"""switchboard: opening schedules, IVR menus, presence-profile schedules, the call log

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.Enum('incoming', 'outgoing', 'internal', name='calldirection', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('other_number', sa.String(length=64), nullable=False),
    sa.Column('other_name', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=False),
    sa.Column('talk_seconds', sa.Integer(), nullable=False),
    sa.Column('result', sa.Enum('answered', 'missed', 'busy', 'failed', 'voicemail', name='callresult', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('hangup_cause', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_call_log_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_log')),
    sa.UniqueConstraint('call_uuid', name=op.f('uq_call_log_call_uuid'))
    )
    op.create_index('ix_call_log_company_started', 'call_log', ['company_id', 'started_at'], unique=False)
    op.create_index('ix_call_log_user_started', 'call_log', ['user_id', 'started_at'], unique=False)
    op.create_table('ivr_menu',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('entry', sa.Boolean(), nullable=False),
    sa.Column('greeting_file', sa.String(length=500), nullable=True),
    sa.Column('greeting_text', sa.Text(), nullable=False),
    sa.Column('timeout_seconds', sa.Integer(), nullable=False),
    sa.Column('max_retries', sa.Integer(), nullable=False),
    sa.Column('invalid_prompt', sa.String(length=100), nullable=False),
    sa.Column('timeout_prompt', sa.String(length=100), nullable=False),
    sa.Column('default_destination', sa.String(length=200), nullable=False),
    sa.Column('direct_dial_digits', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('direct_dial_digits BETWEEN 0 AND 6', name=op.f('ck_ivr_menu_direct_dial_digits')),
    sa.CheckConstraint('max_retries BETWEEN 0 AND 9', name=op.f('ck_ivr_menu_max_retries')),
    sa.CheckConstraint('timeout_seconds BETWEEN 1 AND 60', name=op.f('ck_ivr_menu_timeout_seconds')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_ivr_menu_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_ivr_menu_service_id_switchboard_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ivr_menu'))
    )
    op.create_index(op.f('ix_ivr_menu_company_id'), 'ivr_menu', ['company_id'], unique=False)
    op.create_index(op.f('ix_ivr_menu_service_id'), 'ivr_menu', ['service_id'], unique=False)
    op.create_index('uq_ivr_menu_entry', 'ivr_menu', ['service_id'], unique=True, postgresql_where=sa.text('entry'))
    op.create_table('opening_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('closed_destination', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_opening_schedule_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_opening_schedule_service_id_switchboard_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_schedule'))
    )
    op.create_index(op.f('ix_opening_schedule_company_id'), 'opening_schedule', ['company_id'], unique=False)
    op.create_index('uq_opening_schedule_company_default', 'opening_schedule', ['company_id'], unique=True, postgresql_where=sa.text('service_id IS NULL'))
    op.create_index('uq_opening_schedule_service_id', 'opening_schedule', ['service_id'], unique=True, postgresql_where=sa.text('service_id IS NOT NULL'))
    op.create_table('ivr_option',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('menu_id', sa.Integer(), nullable=False),
    sa.Column('digit', sa.String(length=1), nullable=False),
    sa.Column('destination', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.CheckConstraint("digit ~ '^[0-9*#]$'", name=op.f('ck_ivr_option_digit')),
    sa.ForeignKeyConstraint(['menu_id'], ['ivr_menu.id'], name=op.f('fk_ivr_option_menu_id_ivr_menu'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ivr_option')),
    sa.UniqueConstraint('menu_id', 'digit', name=op.f('uq_ivr_option_menu_id_digit'))
    )
    op.create_table('opening_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_opening_hours_weekday')),
    sa.ForeignKeyConstraint(['schedule_id'], ['opening_schedule.id'], name=op.f('fk_opening_hours_schedule_id_opening_schedule'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_hours'))
    )
    op.create_index(op.f('ix_opening_hours_schedule_id'), 'opening_hours', ['schedule_id'], unique=False)
    op.create_table('presence_state',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fallback_profile_id', sa.Integer(), nullable=True),
    sa.Column('manual_profile_id', sa.Integer(), nullable=True),
    sa.Column('manual_set_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied_profile_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['applied_profile_id'], ['presence_profile.id'], name=op.f('fk_presence_state_applied_profile_id_presence_profile'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fallback_profile_id'], ['presence_profile.id'], name=op.f('fk_presence_state_fallback_profile_id_presence_profile'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['manual_profile_id'], ['presence_profile.id'], name=op.f('fk_presence_state_manual_profile_id_presence_profile'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_presence_state_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_presence_state'))
    )
    op.create_table('profile_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('weekdays', postgresql.ARRAY(sa.SmallInteger()), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_profile_schedule_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['presence_profile.id'], name=op.f('fk_profile_schedule_profile_id_presence_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_profile_schedule_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_schedule'))
    )
    op.create_index(op.f('ix_profile_schedule_company_id'), 'profile_schedule', ['company_id'], unique=False)
    op.create_index(op.f('ix_profile_schedule_user_id'), 'profile_schedule', ['user_id'], unique=False)
    op.create_table('schedule_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=True),
    sa.Column('closes', sa.Time(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.CheckConstraint('(opens IS NULL) = (closes IS NULL)', name=op.f('ck_schedule_exception_hours_pair')),
    sa.ForeignKeyConstraint(['schedule_id'], ['opening_schedule.id'], name=op.f('fk_schedule_exception_schedule_id_opening_schedule'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_exception'))
    )
    op.create_index('ix_schedule_exception_schedule_day', 'schedule_exception', ['schedule_id', 'day'], unique=False)
    op.create_table('schedule_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('set_by_user_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['opening_schedule.id'], name=op.f('fk_schedule_override_schedule_id_opening_schedule'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_user_id'], ['users.id'], name=op.f('fk_schedule_override_set_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_override')),
    sa.UniqueConstraint('schedule_id', name=op.f('uq_schedule_override_schedule_id'))
    )


def downgrade() -> None:
    op.drop_table('schedule_override')
    op.drop_index('ix_schedule_exception_schedule_day', table_name='schedule_exception')
    op.drop_table('schedule_exception')
    op.drop_index(op.f('ix_profile_schedule_user_id'), table_name='profile_schedule')
    op.drop_index(op.f('ix_profile_schedule_company_id'), table_name='profile_schedule')
    op.drop_table('profile_schedule')
    op.drop_table('presence_state')
    op.drop_index(op.f('ix_opening_hours_schedule_id'), table_name='opening_hours')
    op.drop_table('opening_hours')
    op.drop_table('ivr_option')
    op.drop_index('uq_opening_schedule_service_id', table_name='opening_schedule', postgresql_where=sa.text('service_id IS NOT NULL'))
    op.drop_index('uq_opening_schedule_company_default', table_name='opening_schedule', postgresql_where=sa.text('service_id IS NULL'))
    op.drop_index(op.f('ix_opening_schedule_company_id'), table_name='opening_schedule')
    op.drop_table('opening_schedule')
    op.drop_index('uq_ivr_menu_entry', table_name='ivr_menu', postgresql_where=sa.text('entry'))
    op.drop_index(op.f('ix_ivr_menu_service_id'), table_name='ivr_menu')
    op.drop_index(op.f('ix_ivr_menu_company_id'), table_name='ivr_menu')
    op.drop_table('ivr_menu')
    op.drop_index('ix_call_log_user_started', table_name='call_log')
    op.drop_index('ix_call_log_company_started', table_name='call_log')
    op.drop_table('call_log')
