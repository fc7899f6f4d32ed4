// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sqlite;

/// <summary>
/// The schema, as numbered steps. A step is never edited once released; changes are new steps.
/// PostgreSQL (issue 7) keeps the same version numbers. Every cleartext column is listed, with what
/// it leaks, in docs/threat-model.md.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> Steps =
    [
        (1, """
            CREATE TABLE meta (
                name  TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) STRICT;
            INSERT INTO meta (name, value) VALUES ('last_uid_validity', 0);

            CREATE TABLE users (
                id                INTEGER PRIMARY KEY,
                address           TEXT NOT NULL UNIQUE COLLATE NOCASE,
                encryption        INTEGER NOT NULL,
                password_verifier BLOB,
                created_utc       INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE user_keys (
                id                   INTEGER PRIMARY KEY,
                user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                fingerprint          TEXT NOT NULL,
                public_key           BLOB NOT NULL,
                protected_secret_key BLOB,
                is_active            INTEGER NOT NULL,
                created_utc          INTEGER NOT NULL,
                UNIQUE (user_id, fingerprint)
            ) STRICT;
            CREATE UNIQUE INDEX user_keys_one_active ON user_keys (user_id) WHERE is_active = 1;

            CREATE TABLE mailboxes (
                id             INTEGER PRIMARY KEY,
                user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name           TEXT NOT NULL,
                role           INTEGER,
                uid_validity   INTEGER NOT NULL,
                uid_next       INTEGER NOT NULL,
                highest_modseq INTEGER NOT NULL,
                subscribed     INTEGER NOT NULL,
                UNIQUE (user_id, name)
            ) STRICT;

            CREATE TABLE messages (
                id            INTEGER PRIMARY KEY,
                mailbox_id    INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
                uid           INTEGER NOT NULL,
                modseq        INTEGER NOT NULL,
                flags         INTEGER NOT NULL,
                internal_date INTEGER NOT NULL,
                stored_size   INTEGER NOT NULL,
                blob_id       TEXT NOT NULL,
                is_encrypted  INTEGER NOT NULL,
                metadata      BLOB NOT NULL,
                UNIQUE (mailbox_id, uid)
            ) STRICT;
            CREATE INDEX messages_blob ON messages (blob_id);
            """),
        (2, """
            CREATE TABLE mailbox_keys (
                user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                wrapped     BLOB NOT NULL,
                created_utc INTEGER NOT NULL
            ) STRICT;

            ALTER TABLE messages ADD COLUMN metadata_form INTEGER NOT NULL DEFAULT 0;
            UPDATE messages SET metadata_form = is_encrypted;
            CREATE INDEX messages_pending_rewrap ON messages (mailbox_id) WHERE metadata_form = 1;
            """),
        (3, """
            -- docs/decisions/0009: one sealed search document per message, in the same form as its
            -- metadata record. It goes with its message (CASCADE) and is copied with it.
            CREATE TABLE search_documents (
                message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
                form       INTEGER NOT NULL,
                document   BLOB NOT NULL
            ) STRICT;
            CREATE INDEX search_documents_pending ON search_documents (message_id) WHERE form = 1;
            """),
        // Keywords (RFC 3501 section 2.3.2 flag-keyword), space-separated: like the system flags they are
        // cleartext (DESIGN.md section 3; docs/threat-model.md says what they leak).
        (4, """
            ALTER TABLE messages ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
            """),
        (5, """
            -- RFC 3501 section 6.3.6 / RFC 9051 section 6.3.9: a subscription is a name, and it outlives
            -- the mailbox (LIST shows it \NonExistent). mailboxes.subscribed is no longer read.
            CREATE TABLE subscriptions (
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name    TEXT NOT NULL,
                PRIMARY KEY (user_id, name)
            ) STRICT;
            INSERT INTO subscriptions (user_id, name) SELECT user_id, name FROM mailboxes WHERE subscribed = 1;
            """),
        (6, """
            -- `lockbox import` (docs/decisions/0016): one row per imported message, written in the same
            -- transaction as the message, so a resumed or repeated import adds no duplicates. The key is a
            -- hash (no name, no Message-ID in clear); it outlives the message (a deleted message is not
            -- imported again) and goes with the user.
            CREATE TABLE import_journal (
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                key     BLOB NOT NULL,
                PRIMARY KEY (user_id, key)
            ) STRICT, WITHOUT ROWID;
            """),
        (7, """
            -- Issue 5, item 6: the append-only, hash-chained audit log (AuditChain). No foreign key: the
            -- entries about a user outlive the user.
            CREATE TABLE audit_log (
                seq           INTEGER PRIMARY KEY,
                time_utc      INTEGER NOT NULL,
                address       TEXT NOT NULL,
                event         TEXT NOT NULL,
                detail        TEXT NOT NULL,
                previous_hash BLOB NOT NULL,
                hash          BLOB NOT NULL
            ) STRICT;
            CREATE INDEX audit_log_address ON audit_log (address);
            """),
        (8, """
            -- Issue 5, item 2 (docs/decisions/0017): a user's opt-in migration of existing cleartext mail. The
            -- per-message progress is messages.is_encrypted itself (each swap flips it in its own transaction);
            -- this row says a job exists, how many messages it started with, and its phase (0 messages,
            -- 1 scrubbing the leftovers, 2 done). Cleartext rows of a user are found through the partial index.
            CREATE TABLE encryption_migrations (
                user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                phase        INTEGER NOT NULL,
                total        INTEGER NOT NULL,
                started_utc  INTEGER NOT NULL,
                finished_utc INTEGER
            ) STRICT;
            CREATE INDEX messages_cleartext ON messages (mailbox_id, blob_id) WHERE is_encrypted = 0;
            """),
        (10, """
            -- Issue 5, item 6 (docs/decisions/0019): the user's escrow choice, the one-time-password state
            -- after a restore, and one escrow copy per secret key, encrypted to the master public key. A
            -- copy goes with its key and its user (CASCADE); opting out deletes it under secure_delete and
            -- checkpoints the WAL.
            ALTER TABLE users ADD COLUMN escrow_choice INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE escrow_copies (
                key_id             INTEGER PRIMARY KEY REFERENCES user_keys (id) ON DELETE CASCADE,
                user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                master_fingerprint TEXT NOT NULL,
                copy               BLOB NOT NULL,
                created_utc        INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX escrow_copies_user ON escrow_copies (user_id);
            """),
        (11, """
            -- docs/decisions/0027: raised in the transaction of every change to what checks a user's password or
            -- opens their keys, so a server process holding the user unlocked notices a change another process
            -- (the CLI) made, at the next login, from the users row it reads anyway.
            ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
            """),
        (12, """
            -- docs/decisions/0029: PostgreSQL's v12 adds the NOTIFY trigger that wakes other nodes. SQLite serves one
            -- node, whose writers wake its sessions in process, so the step changes nothing here; it exists so that a
            -- version number means the same schema on both engines.
            SELECT 1;
            """),
        (13, """
            -- docs/decisions/0036: a message blob that fits the write buffer (Store:InlineBlobBytes) is stored here, in the
            -- transaction of the row that first references it, instead of as a file. Rows reference it by blob_id like a
            -- file blob, and it goes when the last of them does. The content is what the file would hold: ciphertext for
            -- an encrypted user.
            CREATE TABLE inline_blobs (
                blob_id TEXT PRIMARY KEY,
                content BLOB NOT NULL
            ) STRICT;
            """),
        (14, """
            -- docs/decisions/0039: the escrow master public key, once for every node that shares the store, instead of a
            -- file in each node's data directory. One row (id 1). Public: it only decides whom escrow copies open for.
            CREATE TABLE escrow_master (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                fingerprint   TEXT NOT NULL,
                public_key    TEXT NOT NULL,
                installed_utc INTEGER NOT NULL
            ) STRICT;
            """),
        (15, """
            -- docs/decisions/0041: storage quotas. A user's own limit in bytes (NULL: the server's Quota:StorageLimit), and
            -- each mailbox's total stored size, kept by triggers on every write to messages (append, copy, move, expunge,
            -- re-encryption) so that no writer can forget it, and so that a user's usage is a sum over a few mailbox rows.
            -- The mailbox row is the one each append rewrites anyway (UIDNEXT), so the count adds no page to a delivery.
            ALTER TABLE users ADD COLUMN quota_bytes INTEGER;
            ALTER TABLE mailboxes ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
            UPDATE mailboxes SET stored_bytes = (SELECT coalesce(sum(stored_size), 0) FROM messages WHERE mailbox_id = mailboxes.id);
            CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
                UPDATE mailboxes SET stored_bytes = stored_bytes + NEW.stored_size WHERE id = NEW.mailbox_id;
            END;
            CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
                UPDATE mailboxes SET stored_bytes = stored_bytes - OLD.stored_size WHERE id = OLD.mailbox_id;
            END;
            CREATE TRIGGER messages_count_update AFTER UPDATE OF stored_size, mailbox_id ON messages BEGIN
                UPDATE mailboxes SET stored_bytes = stored_bytes - OLD.stored_size WHERE id = OLD.mailbox_id;
                UPDATE mailboxes SET stored_bytes = stored_bytes + NEW.stored_size WHERE id = NEW.mailbox_id;
            END;
            """),
        (16, """
            -- docs/decisions/0041: whether the user has had the quota warning for the usage they are at. Set by the one
            -- delivery that claims it (a conditional update, so that deliveries crossing the threshold together, on one
            -- node or several, leave one notice), cleared by a delivery that finds the usage under the threshold again.
            ALTER TABLE users ADD COLUMN quota_warned INTEGER NOT NULL DEFAULT 0;
            """),
    ];
}
