-- guard.sql: the rules the SQLite schema keeps with triggers, and the database privileges that
-- SQLite cannot express, for PostgreSQL 15 (issue 13). Applied after schema.sql by the role that
-- owns the tables. The application connects as regie_app (created here, without a password:
-- how it authenticates is the deployment's pg_hba.conf). Checked by tests/pg/test_pg_schema.py.
--
-- Defence in depth for the access log: regie_app may read and append to audit_log,
-- audit_checkpoint and audit_segment_drop but never UPDATE, DELETE or TRUNCATE them; the one way
-- to remove log rows is regie_audit_drop(), which deletes only below audit_head.dropped_below, and
-- dropped_below moves only to the end of a segment deletion that was recorded first (as
-- store_audit_drop_segment does). `regie audit verify` still checks the signed deletion entries.

-- Every "refuse" trigger of the SQLite schema: the message is the trigger's argument. SQLSTATE
-- 23000 (integrity constraint violation), as SQLite's RAISE(ABORT) is a constraint error.
CREATE FUNCTION regie_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = '23000';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('audit_log is append-only');
CREATE FUNCTION regie_audit_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.seq >= (SELECT dropped_below FROM audit_head WHERE id = 1) THEN
        RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only', ERRCODE = '23000';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION regie_audit_log_no_delete();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION regie_refuse('audit_log is append-only');
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('checkpoints are append-only');
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('checkpoints are append-only');
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION regie_refuse('checkpoints are append-only');

-- Not in the SQLite schema (there the application is trusted with the head row; verify catches
-- a lie): the log's size never shrinks, and dropped_below moves only forward, to the end of a
-- recorded segment deletion that starts where it stood.
CREATE FUNCTION regie_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.size < OLD.size THEN
        RAISE EXCEPTION USING MESSAGE = 'the access log does not shrink', ERRCODE = '23000';
    END IF;
    IF NEW.dropped_below <> OLD.dropped_below AND NOT EXISTS (
           SELECT 1 FROM audit_segment_drop d
           WHERE d.start_seq = OLD.dropped_below AND d.end_seq = NEW.dropped_below
             AND d.end_seq > d.start_seq) THEN
        RAISE EXCEPTION USING MESSAGE = 'dropped_below moves only to a recorded segment end',
                              ERRCODE = '23000';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_head_guard BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION regie_audit_head_guard();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('the access log head stays');

CREATE TRIGGER weighing_immutable BEFORE UPDATE ON weighing
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a weighing is immutable: record a correction');
CREATE TRIGGER meeting_adopted_once BEFORE UPDATE ON meeting
    FOR EACH ROW WHEN (OLD.adopted_at IS NOT NULL)
    EXECUTE FUNCTION regie_refuse('adopted minutes are frozen');
CREATE FUNCTION regie_item_minutes_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT m.adopted_at FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
        WHERE i.id = OLD.item_id) IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = 'adopted minutes change only by a new version',
                              ERRCODE = '23000';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER item_minutes_frozen BEFORE UPDATE ON item_minutes
    FOR EACH ROW EXECUTE FUNCTION regie_item_minutes_frozen();
CREATE TRIGGER decision_immutable BEFORE UPDATE ON decision
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a decision is immutable: record a correction');
CREATE TRIGGER case_event_immutable BEFORE UPDATE ON case_event
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a case decision is immutable');
CREATE TRIGGER case_plan_immutable BEFORE UPDATE ON case_plan
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a plan version is immutable: make a new version');
CREATE TRIGGER case_assessment_immutable BEFORE UPDATE ON case_assessment
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('an assessment is immutable: make a new version');
CREATE TRIGGER comm_line_immutable BEFORE UPDATE ON comm_line
    FOR EACH ROW EXECUTE FUNCTION
    regie_refuse('a communication line is immutable: make a new version');
CREATE TRIGGER document_immutable BEFORE UPDATE ON document
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a document is immutable');
CREATE TRIGGER document_chunk_immutable BEFORE UPDATE ON document_chunk
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a document is immutable');
CREATE FUNCTION regie_network_person_unmatch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE network_person SET match_key = NULL WHERE person_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER network_person_unmatch AFTER UPDATE OF bsn_idx, name_dob_idx ON person
    FOR EACH ROW WHEN (NEW.bsn_idx IS NULL AND NEW.name_dob_idx IS NULL)
    EXECUTE FUNCTION regie_network_person_unmatch();
CREATE TRIGGER network_assessment_immutable BEFORE UPDATE ON network_assessment
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('an assessment is immutable: record a new one');
CREATE TRIGGER council_copy_immutable BEFORE UPDATE ON council_copy
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a council copy record is immutable');
CREATE TRIGGER retention_extension_immutable BEFORE UPDATE ON retention_extension
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('an extension is immutable: record a new one');
CREATE TRIGGER retention_tombstone_immutable BEFORE UPDATE ON retention_tombstone
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a tombstone is immutable');
CREATE TRIGGER informing_record_immutable BEFORE UPDATE ON informing_record
    FOR EACH ROW EXECUTE FUNCTION
    regie_refuse('an informing decision is immutable: record a new one');
CREATE TRIGGER break_glass_immutable BEFORE UPDATE ON break_glass
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a break-glass grant is immutable');
CREATE TRIGGER rights_request_closed BEFORE UPDATE ON rights_request
    FOR EACH ROW WHEN (OLD.closed_day IS NOT NULL)
    EXECUTE FUNCTION regie_refuse('a closed request is read-only');
CREATE FUNCTION regie_rights_item_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT closed_day FROM rights_request
        WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.request_id ELSE OLD.request_id END)
       IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = 'a closed request is read-only', ERRCODE = '23000';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rights_item_closed_upd BEFORE UPDATE ON rights_item
    FOR EACH ROW EXECUTE FUNCTION regie_rights_item_closed();
CREATE TRIGGER rights_item_closed_ins BEFORE INSERT ON rights_item
    FOR EACH ROW EXECUTE FUNCTION regie_rights_item_closed();
CREATE TRIGGER inzage_export_frozen BEFORE UPDATE ON inzage_export
    FOR EACH ROW WHEN (OLD.status = 'vrijgegeven' OR NEW.doc_ct IS DISTINCT FROM OLD.doc_ct
                       OR NEW.created_by IS DISTINCT FROM OLD.created_by)
    EXECUTE FUNCTION regie_refuse('a released inzage export is frozen');
CREATE TRIGGER reuse_basis_immutable BEFORE UPDATE ON reuse_basis
    FOR EACH ROW EXECUTE FUNCTION regie_refuse('a reuse basis is immutable');

-- The only way to remove access-log rows: below dropped_below (the delete trigger refuses the
-- rest). Runs with the owner's rights, so regie_app needs no DELETE on the log.
CREATE FUNCTION regie_audit_drop(from_seq BIGINT, to_seq BIGINT) RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    n BIGINT;
BEGIN
    DELETE FROM audit_log WHERE seq >= from_seq AND seq < to_seq;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION regie_audit_drop(BIGINT, BIGINT) FROM PUBLIC;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'regie_app') THEN
        CREATE ROLE regie_app LOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO regie_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO regie_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO regie_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoint, audit_segment_drop
    FROM regie_app;
REVOKE DELETE, TRUNCATE ON audit_head FROM regie_app;
REVOKE ALL ON schema_version FROM regie_app;
GRANT SELECT ON schema_version TO regie_app;
GRANT EXECUTE ON FUNCTION regie_audit_drop(BIGINT, BIGINT) TO regie_app;
