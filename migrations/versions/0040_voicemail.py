"""voicemail, call recording, fax mailbox, e-mail outbox

Revision ID: 0040
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0040"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('to_addrs', sa.String(length=2000), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('attachment_path', sa.String(length=1000), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=True),
    sa.Column('attachment_type', sa.String(length=100), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_mail_outbox_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    op.create_index(op.f('ix_mail_outbox_next_attempt_at'), 'mail_outbox', ['next_attempt_at'], unique=False)
    op.create_table('call_recording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('from_number', sa.String(length=64), nullable=False),
    sa.Column('to_number', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('file_path', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_call_recording_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_call_recording_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_recording'))
    )
    op.create_index('ix_call_recording_company_started', 'call_recording', ['company_id', 'started_at'], unique=False)
    op.create_index('ix_call_recording_user_started', 'call_recording', ['user_id', 'started_at'], unique=False)
    op.create_table('fax_receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('caller_number', sa.String(length=64), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('result_text', sa.String(length=500), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('pdf_path', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_fax_receipt_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_fax_receipt_service_id_switchboard_service'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fax_receipt'))
    )
    op.create_index(op.f('ix_fax_receipt_company_id'), 'fax_receipt', ['company_id'], unique=False)
    op.create_table('voicemail_box',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('allow_message', sa.Boolean(), nullable=False),
    sa.Column('allow_wait', sa.Boolean(), nullable=False),
    sa.Column('allow_callback', sa.Boolean(), nullable=False),
    sa.Column('allow_operator', sa.Boolean(), nullable=False),
    sa.Column('operator_destination', sa.String(length=64), nullable=True),
    sa.Column('max_message_seconds', sa.Integer(), nullable=False),
    sa.Column('min_message_seconds', sa.Integer(), nullable=False),
    sa.Column('silence_seconds', sa.Integer(), nullable=False),
    sa.Column('silence_threshold', sa.Integer(), nullable=False),
    sa.Column('email_messages', sa.Boolean(), nullable=False),
    sa.Column('email_to', sa.String(length=1000), nullable=False),
    sa.Column('mwi_sent', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (service_id IS NULL)', name=op.f('ck_voicemail_box_one_owner')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_voicemail_box_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['switchboard_service.id'], name=op.f('fk_voicemail_box_service_id_switchboard_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_voicemail_box_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voicemail_box')),
    sa.UniqueConstraint('service_id', name=op.f('uq_voicemail_box_service_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_voicemail_box_user_id'))
    )
    op.create_index(op.f('ix_voicemail_box_company_id'), 'voicemail_box', ['company_id'], unique=False)
    op.create_table('voicemail_callback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('mailbox_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('caller_number', sa.String(length=64), nullable=False),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_voicemail_callback_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mailbox_id'], ['voicemail_box.id'], name=op.f('fk_voicemail_callback_mailbox_id_voicemail_box'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_voicemail_callback_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voicemail_callback'))
    )
    op.create_index(op.f('ix_voicemail_callback_company_id'), 'voicemail_callback', ['company_id'], unique=False)
    op.create_table('voicemail_greeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('unavailable', 'busy', 'name', name='greetingkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('file_path', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['mailbox_id'], ['voicemail_box.id'], name=op.f('fk_voicemail_greeting_mailbox_id_voicemail_box'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voicemail_greeting')),
    sa.UniqueConstraint('mailbox_id', 'kind', name=op.f('uq_voicemail_greeting_mailbox_id_kind'))
    )
    op.create_table('voicemail_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('mailbox_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('recording', 'new', 'saved', 'deleted', name='messagestate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('call_uuid', sa.String(length=64), nullable=False),
    sa.Column('caller_number', sa.String(length=64), nullable=False),
    sa.Column('caller_name', sa.String(length=200), nullable=False),
    sa.Column('file_path', sa.String(length=500), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('interrupted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('heard_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_voicemail_message_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mailbox_id'], ['voicemail_box.id'], name=op.f('fk_voicemail_message_mailbox_id_voicemail_box'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voicemail_message'))
    )
    op.create_index('ix_voicemail_message_box_state', 'voicemail_message', ['mailbox_id', 'state'], unique=False)
    op.create_index(op.f('ix_voicemail_message_company_id'), 'voicemail_message', ['company_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_voicemail_message_company_id'), table_name='voicemail_message')
    op.drop_index('ix_voicemail_message_box_state', table_name='voicemail_message')
    op.drop_table('voicemail_message')
    op.drop_table('voicemail_greeting')
    op.drop_index(op.f('ix_voicemail_callback_company_id'), table_name='voicemail_callback')
    op.drop_table('voicemail_callback')
    op.drop_index(op.f('ix_voicemail_box_company_id'), table_name='voicemail_box')
    op.drop_table('voicemail_box')
    op.drop_index(op.f('ix_fax_receipt_company_id'), table_name='fax_receipt')
    op.drop_table('fax_receipt')
    op.drop_index('ix_call_recording_user_started', table_name='call_recording')
    op.drop_index('ix_call_recording_company_started', table_name='call_recording')
    op.drop_table('call_recording')
    op.drop_index(op.f('ix_mail_outbox_next_attempt_at'), table_name='mail_outbox')
    op.drop_table('mail_outbox')
