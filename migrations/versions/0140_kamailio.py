"""Kamailio in front of FreeSWITCH nodes (docs/scale-out.md): its registrations table, and
views onto Växel's own credentials and bans instead of second copies

kamailio_location is Kamailio 5.6's usrloc table (schema version 9) under our name;
kamailio_version is its table-version table (kamailio.cfg: version_table). The view
kamailio_subscriber gives auth_db the same a1-hash FreeSWITCH's directory serves, under the
same conditions as vaxel.directory (active company and user, enabled device); the view
kamailio_banned the sources sip_ban holds now. Nothing here is used by a single-node
deployment.

Revision ID: 0140
Revises: 0070
"""
from alembic import op

revision = "0140"
down_revision = "0070"
branch_labels = None
depends_on = ("0001",)

LOCATION = """
CREATE TABLE kamailio_location (
    id SERIAL PRIMARY KEY NOT NULL,
    ruid VARCHAR(64) DEFAULT '' NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(253) DEFAULT NULL,
    contact VARCHAR(512) DEFAULT '' NOT NULL,
    received VARCHAR(128) DEFAULT NULL,
    path VARCHAR(512) DEFAULT NULL,
    expires TIMESTAMP WITHOUT TIME ZONE DEFAULT '2030-05-28 21:32:15' NOT NULL,
    q REAL DEFAULT 1.0 NOT NULL,
    callid VARCHAR(255) DEFAULT 'Default-Call-ID' NOT NULL,
    cseq INTEGER DEFAULT 1 NOT NULL,
    last_modified TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:01' NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    cflags INTEGER DEFAULT 0 NOT NULL,
    user_agent VARCHAR(255) DEFAULT '' NOT NULL,
    socket VARCHAR(64) DEFAULT NULL,
    methods INTEGER DEFAULT NULL,
    instance VARCHAR(255) DEFAULT NULL,
    reg_id INTEGER DEFAULT 0 NOT NULL,
    server_id INTEGER DEFAULT 0 NOT NULL,
    connection_id INTEGER DEFAULT 0 NOT NULL,
    keepalive INTEGER DEFAULT 0 NOT NULL,
    partition INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT kamailio_location_ruid_idx UNIQUE (ruid)
)"""

STATEMENTS = (
    "CREATE TABLE kamailio_version (table_name VARCHAR(32) NOT NULL, "
    "table_version INTEGER DEFAULT 0 NOT NULL, "
    "CONSTRAINT kamailio_version_table_name_idx UNIQUE (table_name))",
    LOCATION,
    "CREATE INDEX kamailio_location_account_contact_idx ON kamailio_location "
    "(username, domain, contact)",
    "CREATE INDEX kamailio_location_expires_idx ON kamailio_location (expires)",
    "INSERT INTO kamailio_version (table_name, table_version) VALUES ('kamailio_location', 9)",
    # The conditions of vaxel.directory's look-up: one credential, two readers.
    """CREATE VIEW kamailio_subscriber AS
       SELECT d.sip_username AS username, lower(c.sip_domain) AS domain, d.a1_hash AS ha1
       FROM device d
       JOIN company c ON c.id = d.company_id
       JOIN users u ON u.id = d.user_id AND u.company_id = c.id
       WHERE c.active AND d.enabled AND u.active
         AND d.sip_username IS NOT NULL AND d.a1_hash IS NOT NULL""",
    """CREATE VIEW kamailio_banned AS
       SELECT source FROM sip_ban WHERE lifted_at IS NULL AND until > now()""",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for name in ("kamailio_banned", "kamailio_subscriber"):
        op.execute(f"DROP VIEW {name}")
    op.drop_table("kamailio_location")
    op.drop_table("kamailio_version")
