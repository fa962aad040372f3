-- rls.sql: row-level security for PostgreSQL (issue 13): municipalities kept apart by the
-- database as well, as defence in depth under the application's own policy (src/policy/).
-- Part of the baseline (after guard.sql) and the upgrade to version 28 (src/store/pgstore.c).
--
-- Every connection of Regie says whose rows its statements may see in the setting regie.scope
-- (store_scope_set; src/store/pg.c sends it):
--   'all'           the writer thread, background jobs, the command line, public routes, and
--                   users whose work spans municipalities (the FG, the functional admin, council
--                   members, who see figures only); what a connection starts with;
--   'ORG:USER'      a user of a municipality (organisation ORG, account USER): the rows of that
--                   municipality, and of another only where the application's rules let the
--                   user in: its organisation takes part (participant), the user submitted the
--                   signal, is a designated reader of the ambtsbericht, holds a break-glass
--                   grant for the case, is invited to an agenda item about it, or is a member of
--                   an overleg body of which that municipality (or one of its members) is part;
--   anything else   nothing (also when the setting is missing: another client as regie_app).
-- The expiry of grants and invitations is the application's to check (its clock may be a test
-- clock); the database only keeps a user from rows no rule could ever let them see. The
-- application still checks every object itself. Only regie_app is bound: the schema's owner
-- (migrations, an administrator) is not.

CREATE FUNCTION regie_scope() RETURNS text STABLE LANGUAGE sql AS $$
    SELECT coalesce(current_setting('regie.scope', true), 'none')
$$;

CREATE FUNCTION regie_scope_org() RETURNS bigint STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN regie_scope() ~ '^[0-9]{1,18}:[0-9]{1,18}$'
                THEN split_part(regie_scope(), ':', 1)::bigint END
$$;

CREATE FUNCTION regie_scope_user() RETURNS bigint STABLE LANGUAGE sql AS $$
    SELECT CASE WHEN regie_scope() ~ '^[0-9]{1,18}:[0-9]{1,18}$'
                THEN split_part(regie_scope(), ':', 2)::bigint END
$$;

-- Whether a rule lets the scope's user into a case or signal of another municipality. In
-- PL/pgSQL, so the planner does not unfold it into every statement that names the table (the
-- rules as subqueries of the policy cost about 4 ms of planning per statement); called only for
-- rows the cheap terms of the policy did not already admit.
CREATE FUNCTION regie_let_into_case(case_id bigint, municipality_id bigint) RETURNS boolean
    STABLE LANGUAGE plpgsql AS $$
DECLARE
    o bigint := regie_scope_org();
    u bigint := regie_scope_user();
BEGIN
    IF o IS NULL OR u IS NULL THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM case_participant p WHERE p.case_id = $1 AND p.org_id = o)
        OR EXISTS (SELECT 1 FROM break_glass b WHERE b.case_id = $1 AND b.user_id = u)
        OR EXISTS (SELECT 1 FROM agenda_item ai JOIN item_invitation ii ON ii.item_id = ai.id
                   WHERE ai.case_id = $1 AND ii.user_id = u)
        OR regie_let_into_municipality($2, u);
END $$;

CREATE FUNCTION regie_let_into_signal(signal_id bigint, municipality_id bigint,
                                      submitter_id bigint) RETURNS boolean
    STABLE LANGUAGE plpgsql AS $$
DECLARE
    o bigint := regie_scope_org();
    u bigint := regie_scope_user();
BEGIN
    IF o IS NULL OR u IS NULL THEN
        RETURN false;
    END IF;
    RETURN $3 = u
        OR EXISTS (SELECT 1 FROM signal_participant p WHERE p.signal_id = $1 AND p.org_id = o)
        OR EXISTS (SELECT 1 FROM ambtsbericht_reader r WHERE r.signal_id = $1 AND r.user_id = u)
        OR EXISTS (SELECT 1 FROM agenda_item ai JOIN item_invitation ii ON ii.item_id = ai.id
                   WHERE ai.signal_id = $1 AND ii.user_id = u)
        -- a case the user may see (the case's own policy applies to this query)
        OR EXISTS (SELECT 1 FROM pga_case c WHERE c.signal_id = $1)
        OR regie_let_into_municipality($2, u);
END $$;

-- The municipalities of the overleg bodies the user is a member of: each body's own, and the
-- organisations of its members (app/meeting.c puts signals and cases of all of them on the
-- agenda).
CREATE FUNCTION regie_let_into_municipality(municipality_id bigint, user_id bigint)
    RETURNS boolean STABLE LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM overleg_member m JOIN overleg_body b ON b.id = m.body_id
                   WHERE m.user_id = $2 AND b.municipality_id = $1)
        OR EXISTS (SELECT 1 FROM overleg_member m JOIN overleg_member o ON o.body_id = m.body_id
                   JOIN app_user w ON w.id = o.user_id WHERE m.user_id = $2 AND w.org_id = $1)
$$;

ALTER TABLE pga_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY municipality_apart ON pga_case TO regie_app USING (
    regie_scope() = 'all'
    OR municipality_id = regie_scope_org()
    OR regie_let_into_case(id, municipality_id));

ALTER TABLE signal ENABLE ROW LEVEL SECURITY;
CREATE POLICY municipality_apart ON signal TO regie_app USING (
    regie_scope() = 'all'
    OR municipality_id = regie_scope_org()
    OR regie_let_into_signal(id, municipality_id, submitter_id));
