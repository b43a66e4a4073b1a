"""foundation

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sip_domain', sa.String(length=253), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('plan', sa.Enum('free', 'business', 'enterprise', 'unlimited', name='plan', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('main_number', sa.String(length=20), nullable=True),
    sa.Column('announce_recording', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company')),
    sa.UniqueConstraint('sip_domain', name=op.f('uq_company_sip_domain'))
    )
    op.create_table('switchboard_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ivr', 'queue', 'shared_voicemail', 'fax_mailbox', 'connection', name='servicekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('extension', sa.String(length=16), nullable=True),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_switchboard_service_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_switchboard_service')),
    sa.UniqueConstraint('company_id', 'extension', name=op.f('uq_switchboard_service_company_id_extension'))
    )
    op.create_index(op.f('ix_switchboard_service_company_id'), 'switchboard_service', ['company_id'], unique=False)
    op.create_table('trunk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('gateway', sa.String(length=64), nullable=False),
    sa.Column('source_addresses', postgresql.ARRAY(sa.String(length=64)), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_trunk_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trunk')),
    sa.UniqueConstraint('name', name=op.f('uq_trunk_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.Enum('user', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('extension', sa.String(length=16), nullable=False),
    sa.Column('mobile_number', sa.String(length=20), nullable=True),
    sa.Column('outbound_caller_id', sa.String(length=20), nullable=True),
    sa.Column('active_profile_id', sa.Integer(), nullable=True),
    sa.Column('recording_enabled', sa.Boolean(), nullable=False),
    sa.Column('voicemail_enabled', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['active_profile_id'], ['presence_profile.id'], name=op.f('fk_users_active_profile_id_presence_profile'), ondelete='SET NULL', use_alter=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_users_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('company_id', 'extension', name=op.f('uq_users_company_id_extension'))
    )
    op.create_index(op.f('ix_users_company_id'), 'users', ['company_id'], unique=False)
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('softphone', 'desk', 'dect', 'mobile_twin', name='devicekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('sip_username', sa.String(length=64), nullable=True),
    sa.Column('a1_hash', sa.String(length=32), nullable=True),
    sa.Column('external_number', sa.String(length=20), nullable=True),
    sa.Column('ring_order', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_device_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_device_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('company_id', 'sip_username', name=op.f('uq_device_company_id_sip_username'))
    )
    op.create_index(op.f('ix_device_company_id'), 'device', ['company_id'], unique=False)
    op.create_index(op.f('ix_device_user_id'), 'device', ['user_id'], unique=False)
    op.create_table('licence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('free', 'fixed', 'mobile', name='licencekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('term', sa.Enum('bound', 'unbound', name='licenceterm', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('bound_until', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('active', 'frozen', 'terminated', name='licencestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_licence_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_licence_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence'))
    )
    op.create_index(op.f('ix_licence_company_id'), 'licence', ['company_id'], unique=False)
    op.create_index(op.f('ix_licence_user_id'), 'licence', ['user_id'], unique=False)
    op.create_table('phone_number',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.Enum('local', 'foreign', 'mobile', name='numberkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('user_id IS NULL OR service_id IS NULL', name=op.f('ck_phone_number_one_target')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_phone_number_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_phone_number_service_id_switchboard_service'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_phone_number_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_number')),
    sa.UniqueConstraint('e164', name=op.f('uq_phone_number_e164'))
    )
    op.create_index(op.f('ix_phone_number_company_id'), 'phone_number', ['company_id'], unique=False)
    op.create_table('presence_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('accept_direct', sa.Boolean(), nullable=False),
    sa.Column('accept_queue', sa.Boolean(), nullable=False),
    sa.Column('forward_kind', sa.Enum('none', 'voicemail', 'user', 'mobile', 'external', name='forwardkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('forward_target', sa.String(length=32), nullable=True),
    sa.Column('forward_after_seconds', sa.Integer(), nullable=False),
    sa.Column('caller_id_number', sa.String(length=20), nullable=True),
    sa.Column('hide_caller_id', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_presence_profile_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_presence_profile_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presence_profile')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_presence_profile_user_id_name'))
    )
    op.create_index(op.f('ix_presence_profile_company_id'), 'presence_profile', ['company_id'], unique=False)
    op.create_index(op.f('ix_presence_profile_user_id'), 'presence_profile', ['user_id'], unique=False)



def downgrade() -> None:

    op.drop_index(op.f('ix_presence_profile_user_id'), table_name='presence_profile')
    op.drop_index(op.f('ix_presence_profile_company_id'), table_name='presence_profile')
    op.drop_table('presence_profile')
    op.drop_index(op.f('ix_phone_number_company_id'), table_name='phone_number')
    op.drop_table('phone_number')
    op.drop_index(op.f('ix_licence_user_id'), table_name='licence')
    op.drop_index(op.f('ix_licence_company_id'), table_name='licence')
    op.drop_table('licence')
    op.drop_index(op.f('ix_device_user_id'), table_name='device')
    op.drop_index(op.f('ix_device_company_id'), table_name='device')
    op.drop_table('device')
    op.drop_index(op.f('ix_users_company_id'), table_name='users')
    op.drop_table('users')
    op.drop_table('trunk')
    op.drop_index(op.f('ix_switchboard_service_company_id'), table_name='switchboard_service')
    op.drop_table('switchboard_service')
    op.drop_table('company')

