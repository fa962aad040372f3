-- vault.sql: the key vault's tables (store/vault.c) for PostgreSQL 15 (issue 13). Under SQLite
-- the vault is a file of its own beside the database; on PostgreSQL it is these tables in the
-- same database, written over a connection of their own (a key is committed there before the
-- main transaction that uses it commits, and deleted there before the main transaction that
-- destroys its group commits, as with the file). Crypto-shredding is weaker here: a deleted row
-- stays in the heap until VACUUM and in WAL, archives and base backups for their retention
-- (docs/postgres-port.md item 37; docs/deployment.md). Applied after schema.sql and guard.sql.
CREATE TABLE vault_meta (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    vault_id BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    linked BIGINT NOT NULL DEFAULT 0 CHECK (linked IN (0, 1))
);
CREATE TABLE vault_key (
    group_id BIGINT PRIMARY KEY,
    wrapped BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    reserved_at BIGINT NOT NULL
);
CREATE TABLE vault_retired (
    version BIGINT PRIMARY KEY,
    retired_at BIGINT NOT NULL
);
CREATE FUNCTION regie_vault_key_retired() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM vault_retired WHERE version = NEW.key_version) THEN
        RAISE EXCEPTION USING MESSAGE = 'master key version retired', ERRCODE = '23000';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER vault_key_retired_ins BEFORE INSERT ON vault_key
    FOR EACH ROW EXECUTE FUNCTION regie_vault_key_retired();
CREATE TRIGGER vault_key_retired_upd BEFORE UPDATE OF key_version ON vault_key
    FOR EACH ROW EXECUTE FUNCTION regie_vault_key_retired();
GRANT SELECT, INSERT, UPDATE, DELETE ON vault_meta, vault_key, vault_retired TO regie_app;
REVOKE DELETE ON vault_meta FROM regie_app;
