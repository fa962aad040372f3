-- rls_children.sql: row-level security on the tables under a case or a signal (PostgreSQL,
-- schema version 33; after rls.sql in the baseline and the upgrade to 33, src/store/pgstore.c).
-- A row is visible to regie_app exactly when its case or signal is: the policy asks for the
-- parent row, and that lookup is itself bound by the parent's policy (rls.sql). The same holds
-- for what a statement may write (WITH CHECK defaults to USING). Left out on purpose: the tables
-- that rls.sql's own rules read (case_participant, break_glass, signal_participant,
-- ambtsbericht_reader, agenda_item, item_invitation): a policy there that asked for the case
-- would ask the case's policy, which asks them again. person and document hang on data-key
-- groups, not on a case id, and are not bound here either.

ALTER TABLE case_measure ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON case_measure TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE case_plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON case_plan TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE case_task ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON case_task TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE case_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON case_event TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE case_assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON case_assessment TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE comm_line ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON comm_line TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE family_support ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON family_support TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE family_contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON family_contact TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE network_person ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON network_person TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE network_relation ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON network_relation TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE network_assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON network_assessment TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE informing_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON informing_record TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));
ALTER TABLE reuse_basis ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_case ON reuse_basis TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM pga_case c WHERE c.id = case_id));

ALTER TABLE signal_subject ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON signal_subject TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
ALTER TABLE signal_info ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON signal_info TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
ALTER TABLE signal_feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON signal_feedback TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
ALTER TABLE weighing ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON weighing TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
ALTER TABLE ambtsbericht ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON ambtsbericht TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
ALTER TABLE signal_token ENABLE ROW LEVEL SECURITY;
CREATE POLICY with_its_signal ON signal_token TO regie_app USING (
    regie_scope() = 'all' OR EXISTS (SELECT 1 FROM signal s WHERE s.id = signal_id));
