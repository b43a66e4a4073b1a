"""Kamailio as the presence server of the scale-out deployment (docs/scale-out.md): busy
lamps and message-waiting whatever node a call or a voicemail is on

Kamailio 5.6's own tables of its presence and pua modules (postgres/presence-create.sql:
presentity version 5, active_watchers 12, watchers 3, pua 7) under our kamailio_ prefix,
with their rows in kamailio_version. xcap is left out (presence_xml is not loaded).
Nothing here is used by a single-node deployment.

Revision ID: 0220
Revises: 0210
"""
from alembic import op

revision = "0220"
down_revision = "0210"
branch_labels = None
depends_on = ("0140",)

TABLES = {
    "kamailio_presentity": (5, """
        id SERIAL PRIMARY KEY NOT NULL,
        username VARCHAR(64) NOT NULL,
        domain VARCHAR(64) NOT NULL,
        event VARCHAR(64) NOT NULL,
        etag VARCHAR(128) NOT NULL,
        expires INTEGER NOT NULL,
        received_time INTEGER NOT NULL,
        body BYTEA NOT NULL,
        sender VARCHAR(255) NOT NULL,
        priority INTEGER DEFAULT 0 NOT NULL,
        ruid VARCHAR(64),
        CONSTRAINT kamailio_presentity_presentity_idx UNIQUE (username, domain, event, etag),
        CONSTRAINT kamailio_presentity_ruid_idx UNIQUE (ruid)"""),
    "kamailio_active_watchers": (12, """
        id SERIAL PRIMARY KEY NOT NULL,
        presentity_uri VARCHAR(255) NOT NULL,
        watcher_username VARCHAR(64) NOT NULL,
        watcher_domain VARCHAR(64) NOT NULL,
        to_user VARCHAR(64) NOT NULL,
        to_domain VARCHAR(64) NOT NULL,
        event VARCHAR(64) DEFAULT 'presence' NOT NULL,
        event_id VARCHAR(64),
        to_tag VARCHAR(128) NOT NULL,
        from_tag VARCHAR(128) NOT NULL,
        callid VARCHAR(255) NOT NULL,
        local_cseq INTEGER NOT NULL,
        remote_cseq INTEGER NOT NULL,
        contact VARCHAR(255) NOT NULL,
        record_route TEXT,
        expires INTEGER NOT NULL,
        status INTEGER DEFAULT 2 NOT NULL,
        reason VARCHAR(64),
        version INTEGER DEFAULT 0 NOT NULL,
        socket_info VARCHAR(64) NOT NULL,
        local_contact VARCHAR(255) NOT NULL,
        from_user VARCHAR(64) NOT NULL,
        from_domain VARCHAR(64) NOT NULL,
        updated INTEGER NOT NULL,
        updated_winfo INTEGER NOT NULL,
        flags INTEGER DEFAULT 0 NOT NULL,
        user_agent VARCHAR(255) DEFAULT '',
        CONSTRAINT kamailio_active_watchers_idx UNIQUE (callid, to_tag, from_tag)"""),
    "kamailio_watchers": (3, """
        id SERIAL PRIMARY KEY NOT NULL,
        presentity_uri VARCHAR(255) NOT NULL,
        watcher_username VARCHAR(64) NOT NULL,
        watcher_domain VARCHAR(64) NOT NULL,
        event VARCHAR(64) DEFAULT 'presence' NOT NULL,
        status INTEGER NOT NULL,
        reason VARCHAR(64),
        inserted_time INTEGER NOT NULL,
        CONSTRAINT kamailio_watchers_watcher_idx
            UNIQUE (presentity_uri, watcher_username, watcher_domain, event)"""),
    "kamailio_pua": (7, """
        id SERIAL PRIMARY KEY NOT NULL,
        pres_uri VARCHAR(255) NOT NULL,
        pres_id VARCHAR(255) NOT NULL,
        event INTEGER NOT NULL,
        expires INTEGER NOT NULL,
        desired_expires INTEGER NOT NULL,
        flag INTEGER NOT NULL,
        etag VARCHAR(128) NOT NULL,
        tuple_id VARCHAR(64),
        watcher_uri VARCHAR(255) NOT NULL,
        call_id VARCHAR(255) NOT NULL,
        to_tag VARCHAR(128) NOT NULL,
        from_tag VARCHAR(128) NOT NULL,
        cseq INTEGER NOT NULL,
        record_route TEXT,
        contact VARCHAR(255) NOT NULL,
        remote_contact VARCHAR(255) NOT NULL,
        version INTEGER NOT NULL,
        extra_headers TEXT NOT NULL,
        CONSTRAINT kamailio_pua_idx UNIQUE (etag, tuple_id, call_id, from_tag)"""),
}

INDEXES = (
    "kamailio_presentity_expires ON kamailio_presentity (expires)",
    "kamailio_presentity_account_idx ON kamailio_presentity (username, domain, event)",
    "kamailio_active_watchers_expires ON kamailio_active_watchers (expires)",
    "kamailio_active_watchers_pres ON kamailio_active_watchers (presentity_uri, event)",
    "kamailio_active_watchers_updated_idx ON kamailio_active_watchers (updated)",
    "kamailio_active_watchers_updated_winfo_idx ON kamailio_active_watchers "
    "(updated_winfo, presentity_uri)",
    "kamailio_pua_expires_idx ON kamailio_pua (expires)",
    "kamailio_pua_dialog1_idx ON kamailio_pua (pres_id, pres_uri)",
    "kamailio_pua_dialog2_idx ON kamailio_pua (call_id, from_tag)",
    "kamailio_pua_record_idx ON kamailio_pua (pres_id)",
)


def upgrade() -> None:
    for name, (version, columns) in TABLES.items():
        op.execute(f"CREATE TABLE {name} ({columns})")
        op.execute(f"INSERT INTO kamailio_version (table_name, table_version) "
                   f"VALUES ('{name}', {version})")
    for index in INDEXES:
        op.execute(f"CREATE INDEX {index}")


def downgrade() -> None:
    for name in TABLES:
        op.execute(f"DELETE FROM kamailio_version WHERE table_name = '{name}'")
        op.drop_table(name)
