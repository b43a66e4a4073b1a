"""queues: settings per queue service, members, agent state, waiting callers, offers,
callbacks and agent log-in sessions (the rows queue statistics are computed from)

Revision ID: 0030
Revises: 0006 (the latest switchboard revision: 0002 → 0005 → 0006)
"""
from alembic import op
import sqlalchemy as sa

revision = '0030'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('queue_agent',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('logged_out', 'available', 'ringing', 'on_call', 'wrap_up', 'away', name='agentstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state_since', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('idle_since', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('wrapup_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('missed_in_row', sa.Integer(), nullable=False),
    sa.Column('calls_day', sa.Date(), nullable=True),
    sa.Column('calls_today', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_agent_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_queue_agent_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_queue_agent'))
    )
    op.create_index(op.f('ix_queue_agent_company_id'), 'queue_agent', ['company_id'], unique=False)
    op.create_table('queue_settings',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('strategy', sa.Enum('ring_all', 'longest_idle', 'round_robin', 'fewest_calls', 'ordered', name='strategy', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('ring_seconds', sa.Integer(), nullable=False),
    sa.Column('wrapup_seconds', sa.Integer(), nullable=False),
    sa.Column('max_missed_offers', sa.Integer(), nullable=False),
    sa.Column('music_on_hold', sa.String(length=300), nullable=False),
    sa.Column('announce_every_seconds', sa.Integer(), nullable=False),
    sa.Column('announce_position', sa.Boolean(), nullable=False),
    sa.Column('announce_wait', sa.Boolean(), nullable=False),
    sa.Column('max_wait_seconds', sa.Integer(), nullable=False),
    sa.Column('max_length', sa.Integer(), nullable=False),
    sa.Column('overflow_destination', sa.String(length=200), nullable=False),
    sa.Column('no_agents_destination', sa.String(length=200), nullable=False),
    sa.Column('caller_priority', sa.Integer(), nullable=False),
    sa.Column('callback_enabled', sa.Boolean(), nullable=False),
    sa.Column('callback_attempts', sa.Integer(), nullable=False),
    sa.Column('callback_retry_seconds', sa.Integer(), nullable=False),
    sa.Column('service_level_seconds', sa.Integer(), nullable=False),
    sa.Column('rr_cursor', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_settings_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_queue_settings_service_id_switchboard_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', name=op.f('pk_queue_settings'))
    )
    op.create_index(op.f('ix_queue_settings_company_id'), 'queue_settings', ['company_id'], unique=False)
    op.create_table('queue_agent_session',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_agent_session_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_settings.service_id'], name=op.f('fk_queue_agent_session_queue_id_queue_settings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_queue_agent_session_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_agent_session'))
    )
    op.create_index('ix_queue_agent_session_user', 'queue_agent_session', ['user_id', 'started_at'], unique=False)
    op.create_table('queue_entry',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('caller_number', sa.String(length=64), nullable=False),
    sa.Column('caller_name', sa.String(length=200), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('callback', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'offered', 'connected', 'done', name='entrystate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('outcome', sa.Enum('answered', 'abandoned', 'overflow', 'callback_failed', name='entryoutcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('eligible_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('talk_seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['users.id'], name=op.f('fk_queue_entry_answered_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_entry_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_settings.service_id'], name=op.f('fk_queue_entry_queue_id_queue_settings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_entry'))
    )
    op.create_index('ix_queue_entry_call_uuid', 'queue_entry', ['call_uuid'], unique=False)
    op.create_index('ix_queue_entry_queue_joined', 'queue_entry', ['queue_id', 'joined_at'], unique=False)
    op.create_index('ix_queue_entry_waiting', 'queue_entry', ['queue_id', sa.literal_column('priority DESC'), 'joined_at'], unique=False, postgresql_where=sa.text("state = 'waiting'"))
    op.create_table('queue_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('logged_in', sa.Boolean(), nullable=False),
    sa.Column('supervisor', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_member_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_settings.service_id'], name=op.f('fk_queue_member_queue_id_queue_settings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_queue_member_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_member')),
    sa.UniqueConstraint('queue_id', 'user_id', name=op.f('uq_queue_member_queue_id_user_id'))
    )
    op.create_index(op.f('ix_queue_member_user_id'), 'queue_member', ['user_id'], unique=False)
    op.create_table('queue_callback',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'calling', 'connected', 'completed', 'failed', name='callbackstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('agent_uuid', sa.String(length=64), nullable=True),
    sa.Column('customer_uuid', sa.String(length=64), nullable=True),
    sa.Column('last_cause', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_callback_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['queue_entry.id'], name=op.f('fk_queue_callback_entry_id_queue_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_settings.service_id'], name=op.f('fk_queue_callback_queue_id_queue_settings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_callback')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_queue_callback_entry_id'))
    )
    op.create_index('ix_queue_callback_state', 'queue_callback', ['state'], unique=False)
    op.create_table('queue_offer',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.Enum('ringing', 'answered', 'missed', 'cancelled', name='offerresult', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('talk_seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_queue_offer_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['queue_entry.id'], name=op.f('fk_queue_offer_entry_id_queue_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['queue_settings.service_id'], name=op.f('fk_queue_offer_queue_id_queue_settings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_queue_offer_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_offer'))
    )
    op.create_index('ix_queue_offer_entry', 'queue_offer', ['entry_id'], unique=False)
    op.create_index('ix_queue_offer_user_offered', 'queue_offer', ['user_id', 'offered_at'], unique=False)
    op.create_index('uq_queue_offer_agent_busy', 'queue_offer', ['user_id'], unique=True, postgresql_where=sa.text("result = 'ringing' OR (result = 'answered' AND ended_at IS NULL)"))
    op.create_foreign_key(op.f('fk_users_active_profile_id_presence_profile'), 'users', 'presence_profile', ['active_profile_id'], ['id'], ondelete='SET NULL', use_alter=True)


def downgrade() -> None:
    op.drop_constraint(op.f('fk_users_active_profile_id_presence_profile'), 'users', type_='foreignkey')
    op.drop_index('uq_queue_offer_agent_busy', table_name='queue_offer')
    op.drop_index('ix_queue_offer_user_offered', table_name='queue_offer')
    op.drop_index('ix_queue_offer_entry', table_name='queue_offer')
    op.drop_table('queue_offer')
    op.drop_index('ix_queue_callback_state', table_name='queue_callback')
    op.drop_table('queue_callback')
    op.drop_index(op.f('ix_queue_member_user_id'), table_name='queue_member')
    op.drop_table('queue_member')
    op.drop_index('ix_queue_entry_waiting', table_name='queue_entry', postgresql_where=sa.text("state = 'waiting'"))
    op.drop_index('ix_queue_entry_queue_joined', table_name='queue_entry')
    op.drop_index('ix_queue_entry_call_uuid', table_name='queue_entry')
    op.drop_table('queue_entry')
    op.drop_index('ix_queue_agent_session_user', table_name='queue_agent_session')
    op.drop_table('queue_agent_session')
    op.drop_index(op.f('ix_queue_settings_company_id'), table_name='queue_settings')
    op.drop_table('queue_settings')
    op.drop_index(op.f('ix_queue_agent_company_id'), table_name='queue_agent')
    op.drop_table('queue_agent')
