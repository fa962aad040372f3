/* migrations.c: the numbered schema migrations of the SQLite backend. Migration N is element N-1
 * of store__migrations: one SQL string, applied once, in its own transaction, by store_migrate,
 * which records it in schema_version. To add migration N+1, append one string to the array
 * (never edit or reorder an applied one). Rules: every table STRICT; types INTEGER/TEXT/BLOB
 * only; CHECK constraints in portable SQL (IN, length, IS NULL) so the PostgreSQL backend can
 * mirror them; personal data only as sealed BLOBs (*_ct) and blind indexes (*_idx); timestamps
 * are INTEGER UTC milliseconds. */
#include "core/common.h"

#include "store/store_int.h"

const char *const store__migrations[] = {
    /* 1: regions, organisations, data keys, persons */
    "CREATE TABLE region ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE organisation ("
    "  id INTEGER PRIMARY KEY,"
    "  region_id INTEGER REFERENCES region(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('gemeente','politie','om','rvdk','reclassering',"
    "    'jeugdzorg','ggz','zvh','nctv','overig')),"
    "  name TEXT NOT NULL,"
    "  instrument TEXT CHECK (instrument IN ('convenant','privacyprotocol','wet','geen')),"
    "  instrument_date TEXT CHECK (instrument_date IS NULL OR length(instrument_date) = 10),"
    "  instrument_status TEXT NOT NULL CHECK (instrument_status IN ('getekend','verlopen',"
    "    'ingetrokken','niet_getekend')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  UNIQUE (region_id, name)"
    ") STRICT;"
    "CREATE INDEX organisation_region ON organisation(region_id);"
    "CREATE TABLE data_key ("
    "  group_id INTEGER PRIMARY KEY,"
    "  wrapped BLOB NOT NULL,"
    "  key_version INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  destroyed_at INTEGER"
    ") STRICT;"
    "CREATE TABLE person ("
    "  id INTEGER PRIMARY KEY,"
    "  group_id INTEGER NOT NULL REFERENCES data_key(group_id),"
    "  name_ct BLOB NOT NULL,"
    "  birth_date_ct BLOB,"
    "  bsn_ct BLOB,"
    "  bsn_idx BLOB,"
    "  name_dob_idx BLOB,"
    "  created_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX person_group ON person(group_id);"
    "CREATE INDEX person_bsn_idx ON person(bsn_idx);"
    "CREATE INDEX person_name_dob_idx ON person(name_dob_idx);",

    /* 2: user accounts, sessions, login throttling (identity and access) */
    "CREATE TABLE app_user ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organisation(id),"
    "  group_id INTEGER NOT NULL REFERENCES data_key(group_id),"
    "  username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),"
    "  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),"
    "  roles INTEGER NOT NULL CHECK (roles > 0),"
    "  status TEXT NOT NULL CHECK (status IN ('wacht_op_activatie','actief','geblokkeerd')),"
    "  pw_hash TEXT,"
    "  totp_ct BLOB,"
    "  totp_pending_ct BLOB,"
    "  totp_last_counter INTEGER NOT NULL DEFAULT 0,"
    "  activation_hash BLOB,"
    "  activation_expires INTEGER,"
    "  deputy_of INTEGER REFERENCES app_user(id),"
    "  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),"
    "  factors_changed_at INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX app_user_org ON app_user(org_id);"
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL,"
    "  last_seen_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  client TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX session_user ON session(user_id);"
    "CREATE TABLE login_attempt ("
    "  key BLOB NOT NULL,"
    "  at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX login_attempt_key ON login_attempt(key, at);",
};

const size_t store__n_migrations = ARRAY_LEN(store__migrations);
