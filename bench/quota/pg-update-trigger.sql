-- SPDX-License-Identifier: MIT
-- bench/quota/pg-update-trigger.sql - what a trigger on UPDATE of messages costs a flag change on PostgreSQL
-- (docs/decisions/0041): 10,000 single-row flag updates with no trigger, with a statement trigger over the transition
-- tables, and with the row trigger (column list and WHEN) that schema v15 uses. A scratch schema, dropped at the end.
-- Usage: psql "host=127.0.0.1 port=PORT user=lockbox dbname=postgres" -f bench/quota/pg-update-trigger.sql
-- (a server from scripts/postgres-test-server.sh will do); compare the three "Time:" lines of the DO blocks.
DROP SCHEMA IF EXISTS quota_bench CASCADE;
CREATE SCHEMA quota_bench;
SET search_path = quota_bench;
CREATE TABLE mailboxes (id bigint PRIMARY KEY, stored_bytes bigint NOT NULL DEFAULT 0);
CREATE TABLE messages (
    id bigserial PRIMARY KEY,
    mailbox_id bigint NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    stored_size bigint NOT NULL,
    flags bigint NOT NULL DEFAULT 0);
INSERT INTO mailboxes (id) VALUES (1);
INSERT INTO messages (mailbox_id, stored_size) SELECT 1, 1000 FROM generate_series(1, 10000);
CREATE FUNCTION per_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE mailboxes b SET stored_bytes = b.stored_bytes + d.delta
    FROM (SELECT mailbox_id, sum(size) AS delta FROM (
            SELECT mailbox_id, stored_size AS size FROM new_rows
            UNION ALL SELECT mailbox_id, -stored_size FROM old_rows) r
          GROUP BY mailbox_id) d
    WHERE b.id = d.mailbox_id AND d.delta <> 0;
    RETURN NULL;
END $$;
CREATE FUNCTION per_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE mailboxes SET stored_bytes = stored_bytes - OLD.stored_size WHERE id = OLD.mailbox_id;
    UPDATE mailboxes SET stored_bytes = stored_bytes + NEW.stored_size WHERE id = NEW.mailbox_id;
    RETURN NULL;
END $$;
\timing on
\echo no trigger
DO $$ BEGIN FOR i IN 1..10000 LOOP UPDATE quota_bench.messages SET flags = 1 WHERE id = i; END LOOP; END $$;
CREATE TRIGGER statement_count AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION per_statement();
\echo statement trigger
DO $$ BEGIN FOR i IN 1..10000 LOOP UPDATE quota_bench.messages SET flags = 2 WHERE id = i; END LOOP; END $$;
DROP TRIGGER statement_count ON messages;
CREATE TRIGGER row_count AFTER UPDATE OF stored_size, mailbox_id ON messages FOR EACH ROW
    WHEN (OLD.stored_size <> NEW.stored_size OR OLD.mailbox_id <> NEW.mailbox_id) EXECUTE FUNCTION per_row();
\echo row trigger with a column list and WHEN
DO $$ BEGIN FOR i IN 1..10000 LOOP UPDATE quota_bench.messages SET flags = 3 WHERE id = i; END LOOP; END $$;
\timing off
DROP SCHEMA quota_bench CASCADE;
