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

-- The municipalities of the overleg bodies the user is a member of: each body's own, and the
-- organisations of its members (app/meeting.c puts signals and cases of all of them on the
-- agenda).
CREATE FUNCTION regie_scope_bodies() RETURNS SETOF bigint STABLE LANGUAGE sql AS $$
    SELECT b.municipality_id FROM overleg_member m JOIN overleg_body b ON b.id = m.body_id
    WHERE m.user_id = regie_scope_user()
    UNION
    SELECT u.org_id FROM overleg_member m JOIN overleg_member o ON o.body_id = m.body_id
    JOIN app_user u ON u.id = o.user_id WHERE m.user_id = regie_scope_user()
$$;

ALTER TABLE pga_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY municipality_apart ON pga_case TO regie_app USING (
    regie_scope() = 'all'
    OR municipality_id = regie_scope_org()
    OR id IN (SELECT case_id FROM case_participant WHERE org_id = regie_scope_org())
    OR id IN (SELECT case_id FROM break_glass WHERE user_id = regie_scope_user())
    OR id IN (SELECT ai.case_id FROM agenda_item ai JOIN item_invitation ii ON ii.item_id = ai.id
              WHERE ii.user_id = regie_scope_user())
    OR municipality_id IN (SELECT regie_scope_bodies()));

ALTER TABLE signal ENABLE ROW LEVEL SECURITY;
CREATE POLICY municipality_apart ON signal TO regie_app USING (
    regie_scope() = 'all'
    OR municipality_id = regie_scope_org()
    OR submitter_id = regie_scope_user()
    OR id IN (SELECT signal_id FROM signal_participant WHERE org_id = regie_scope_org())
    OR id IN (SELECT signal_id FROM ambtsbericht_reader WHERE user_id = regie_scope_user())
    OR id IN (SELECT ai.signal_id FROM agenda_item ai JOIN item_invitation ii ON ii.item_id = ai.id
              WHERE ii.user_id = regie_scope_user())
    OR id IN (SELECT signal_id FROM pga_case) -- a case the user may see (its policy applies)
    OR municipality_id IN (SELECT regie_scope_bodies()));
