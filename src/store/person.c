/* person.c: data-key groups and the person (data subject) repository. Every personal field is
 * sealed here, before it reaches SQLite, under the data key of the person's group, with AAD
 * ("person", column, id); the database sees only ciphertext and keyed blind indexes. Plain data
 * keys and normalised values live on the stack and are wiped before each function returns. */
#include "core/common.h"

#include "core/clock.h"
#include "core/rand.h"
#include "store/store_int.h"

#define ID_ATTEMPTS 4 /* random 63-bit ids: a collision is astronomically unlikely; retry anyway */

#define T_PERSON "person"
#define C_NAME "name"
#define C_BIRTH "birth_date"
#define C_BSN "bsn"
#define C_DESC "description"
#define IDX_BSN "bsn"
#define IDX_NAME_DOB "name_dob"

#define NAME_CT_MAX (STORE_PERSON_NAME_MAX + CRYPTO_SEAL_OVERHEAD)
#define DATE_LEN 10u
#define BSN_LEN 9u

/* The wrapped key itself is in the key vault (vault.c); data_key.wrapped stays empty: an empty
 * blob is bound (?4 here, ?3 in SQL_DK_DESTROY), which SQLite and PostgreSQL both take, where
 * zeroblob() is SQLite's own. */
static const char SQL_DK_INSERT[] =
    "INSERT INTO data_key(group_id, wrapped, key_version, created_at) VALUES (?1, ?4, ?2, ?3)";
static const char SQL_DK_GET[] = "SELECT destroyed_at FROM data_key WHERE group_id = ?1";
static const char SQL_DK_DESTROY[] = "UPDATE data_key SET wrapped = ?3, destroyed_at = ?2 "
                                     "WHERE group_id = ?1 AND destroyed_at IS NULL";
static const char SQL_PERSON_UNINDEX[] =
    "UPDATE person SET bsn_idx = NULL, name_dob_idx = NULL WHERE group_id = ?1";
static const char SQL_PERSON_INSERT[] =
    "INSERT INTO person(id, group_id, name_ct, birth_date_ct, bsn_ct, bsn_idx, name_dob_idx, "
    "created_at, kind, description_ct) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_PERSON_GET[] =
    "SELECT group_id, name_ct, birth_date_ct, bsn_ct, created_at, kind, description_ct "
    "FROM person WHERE id = ?1";
static const char SQL_PERSON_BY_BSN[] = "SELECT id FROM person WHERE bsn_idx = ?1 ORDER BY id";
static const char SQL_PERSON_BY_NAME_DOB[] =
    "SELECT id FROM person WHERE name_dob_idx = ?1 ORDER BY id";

/* ---- groups --------------------------------------------------------------------------------- */

int store_group_new(struct store *st, int64_t *out_group_id, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const struct keyring *kr = NULL;

    *out_group_id = 0;
    rc = store__keys(st, &kr, e);
    if (rc != 0)
        goto out;
    for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        int64_t gid = 0;
        rc = store__vault_take(st, &gid, e); /* its key is durable in the vault already */
        if (rc == 0)
            rc = store__stmt(st, SQL_DK_INSERT, &s, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 1, gid, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, (int64_t)keyring_key_version(kr), e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 3, clock_now_ms(), e);
        if (rc == 0)
            rc = store__bind_blob(st, s, 4, "", 0, e);
        if (rc == 0)
            rc = store__step_try(st, s, "data_key.insert", e);
        store__done(s);
        s = NULL;
        if (rc == 0) {
            *out_group_id = gid;
            goto out;
        }
        if (rc != ERR_CONFLICT)
            goto out;
        err_clear(e);
    }
    rc = err_internal(e, ERR_DB, "data_key.insert: no free id after %d attempts", ID_ATTEMPTS);
out:
    store__done(s);
    return rc;
}

/* Reads the data_key row of group_id: *out_exists, *out_destroyed, and (when present and the
 * caller asks, wrapped != NULL) a copy of the wrapped key from the key vault into
 * wrapped[CRYPTO_DK_WRAPPED_BYTES] with its length in *out_wn (0: the vault has no key for it). */
static int group_state(struct store *st, int64_t group_id, bool *out_exists, bool *out_destroyed,
                       uint8_t *wrapped, size_t *out_wn, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;

    *out_exists = false;
    *out_destroyed = false;
    if (out_wn != NULL)
        *out_wn = 0;
    rc = store__stmt(st, SQL_DK_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, group_id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "data_key.get", e);
    if (rc <= 0)
        goto out;
    rc = 0;
    *out_exists = true;
    *out_destroyed = !store__col_is_null(s, 0);
    if (wrapped != NULL && !*out_destroyed)
        rc = store__vault_key(st, group_id, wrapped, out_wn, e);
out:
    store__done(s);
    return rc;
}

/* Loads and unwraps the data key of group_id into dk. ERR_NOTFOUND (no group), ERR_CRYPTO
 * (destroyed, *out_destroyed set; or the wrapped key does not authenticate). */
static int group_key(struct store *st, int64_t group_id, uint8_t dk[CRYPTO_KEY_BYTES],
                     bool *out_destroyed, struct err *e);

int store__group_key(struct store *st, int64_t group_id, uint8_t dk[CRYPTO_KEY_BYTES],
                     struct err *e)
{
    bool destroyed = false;
    return group_key(st, group_id, dk, &destroyed, e);
}

static int group_key(struct store *st, int64_t group_id, uint8_t dk[CRYPTO_KEY_BYTES],
                     bool *out_destroyed, struct err *e)
{
    int rc = 0;
    const struct keyring *kr = NULL;
    uint8_t wrapped[CRYPTO_DK_WRAPPED_BYTES];
    size_t wn = 0;
    bool exists = false;

    *out_destroyed = false;
    rc = store__keys(st, &kr, e);
    if (rc == 0)
        rc = group_state(st, group_id, &exists, out_destroyed, wrapped, &wn, e);
    if (rc != 0)
        goto out;
    if (!exists) {
        rc = err_set(e, ERR_NOTFOUND, "groep niet gevonden");
        goto out;
    }
    if (*out_destroyed) {
        rc = err_set(e, ERR_CRYPTO, "gegevens zijn vernietigd");
        err_internal(e, ERR_CRYPTO, "data key of group destroyed");
        goto out;
    }
    if (wn == 0) {
        /* Live here, no key in the vault: destroyed after this copy of the database was made
         * (an older backup next to the current vault), or the vault is missing. */
        rc = err_set(e, ERR_CRYPTO, "gegevens zijn vernietigd");
        err_internal(e, ERR_CRYPTO, "no key in the key vault");
        goto out;
    }
    rc = crypto_dk_unwrap(kr, group_id, wrapped, wn, dk, e);
out:
    return rc;
}

int store_group_destroy(struct store *st, int64_t group_id, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    bool sp = false;

    rc = store__sp_begin(st, e);
    if (rc != 0)
        goto out;
    sp = true;
    rc = store__stmt(st, SQL_DK_DESTROY, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, group_id, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 2, clock_now_ms(), e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 3, "", 0, e);
    if (rc == 0)
        rc = store__step_done(st, s, "data_key.destroy", e);
    store__done(s);
    s = NULL;
    if (rc != 0)
        goto out;
    if (store__changes(st) == 0) {
        /* Either no such group, or already destroyed (idempotent). */
        bool exists = false, destroyed = false;
        rc = group_state(st, group_id, &exists, &destroyed, NULL, NULL, e);
        if (rc == 0 && !exists)
            rc = err_set(e, ERR_NOTFOUND, "groep niet gevonden");
        else if (rc == 0 && !destroyed)
            rc = err_internal(e, ERR_DB, "data_key.destroy: unexpected state");
        if (rc != 0)
            goto out;
    }
    rc = store__stmt(st, SQL_PERSON_UNINDEX, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, group_id, e);
    if (rc == 0)
        rc = store__step_done(st, s, "person.unindex", e);
    /* The key leaves the vault (durably) just before this transaction commits; also when it was
     * destroyed here before, in case a crash came between the two files. */
    if (rc == 0)
        rc = store__vault_forget(st, group_id, e);
out:
    store__done(s);
    if (sp) {
        int rc2 = store__sp_end(st, rc == 0, rc == 0 ? e : NULL);
        if (rc == 0)
            rc = rc2;
    }
    return rc;
}

/* ---- persons -------------------------------------------------------------------------------- */

static int person_validate(const struct store_person_in *in, char bsn[BSN_LEN + 1],
                           struct err *e)
{
    int rc = 0;
    int64_t days = 0;

    bsn[0] = '\0';
    if (in->name.n == 0 && in->bsn.n == 0 && in->description.n == 0)
        rc = err_field(e, "name", "vul een naam, BSN of omschrijving in");
    else if (in->name.n > 0 && store__check_name(in->name, STORE_PERSON_NAME_MAX, "name", e) != 0)
        rc = ERR_INVAL;
    if (in->description.n > STORE_PERSON_DESC_MAX)
        rc = err_field(e, "description", "is te lang (maximaal %d bytes)", STORE_PERSON_DESC_MAX);
    else if (in->description.n > 0 && !str_utf8_valid(in->description, false))
        rc = err_field(e, "description", "bevat ongeldige tekens");
    if (in->birth_date.n > 0 && in->name.n == 0)
        rc = err_field(e, "birth_date", "een geboortedatum hoort bij een naam");
    if (in->birth_date.n > 0 &&
        clock_parse_date(in->birth_date.p, in->birth_date.n, &days) != 0)
        rc = err_field(e, "birth_date", "geen geldige datum (JJJJ-MM-DD)");
    if (in->bsn.n > 0 && crypto_normalise_bsn(in->bsn.p, in->bsn.n, bsn, e) != 0)
        rc = ERR_INVAL;
    return rc;
}

/* name_dob index input: normalised name | 0x00 | "YYYY-MM-DD". */
static int name_dob_index(const struct keyring *kr, struct str name, struct str dob,
                          uint8_t out[CRYPTO_HASH_BYTES], struct err *e)
{
    int rc = 0;
    char buf[STORE_PERSON_NAME_MAX + 1 + DATE_LEN];
    size_t n = 0;

    if (name.n > STORE_PERSON_NAME_MAX || dob.n != DATE_LEN) {
        rc = err_internal(e, ERR_INVAL, "name_dob_index: bad lengths");
        goto out;
    }
    rc = crypto_normalise_name(name.p, name.n, buf, STORE_PERSON_NAME_MAX, &n, e);
    if (rc != 0)
        goto out;
    buf[n++] = '\0';
    memcpy(buf + n, dob.p, DATE_LEN);
    n += DATE_LEN;
    rc = crypto_blind_index(kr, IDX_NAME_DOB, buf, n, out, e);
out:
    crypto_wipe(buf, sizeof(buf));
    return rc;
}

/* Seals one field for (person, column, id) into out (cap bytes); *out_len = 0 if absent. */
static int seal_field(const uint8_t dk[CRYPTO_KEY_BYTES], const char *column, int64_t id,
                      struct str v, uint8_t *out, size_t cap, size_t *out_len, struct err *e)
{
    *out_len = 0;
    if (v.n == 0)
        return 0;
    return crypto_seal(dk, T_PERSON, column, id, v.p, v.n, out, cap, out_len, e);
}

static int bind_opt_blob(struct store *st, store_stmt *s, int idx, const uint8_t *p, size_t n,
                         struct err *e)
{
    return n > 0 ? store__bind_blob(st, s, idx, p, n, e) : store__bind_null(st, s, idx, e);
}

int store_person_create(struct store *st, int64_t group_id, const struct store_person_in *in,
                        int64_t *out_id, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    const struct keyring *kr = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    char bsn[BSN_LEN + 1];
    uint8_t name_ct[NAME_CT_MAX], dob_ct[DATE_LEN + CRYPTO_SEAL_OVERHEAD];
    uint8_t bsn_ct[BSN_LEN + CRYPTO_SEAL_OVERHEAD];
    uint8_t desc_ct[STORE_PERSON_DESC_MAX + CRYPTO_SEAL_OVERHEAD];
    uint8_t bsn_idx[CRYPTO_HASH_BYTES], nd_idx[CRYPTO_HASH_BYTES];
    size_t name_n = 0, dob_n = 0, bsn_n = 0, desc_n = 0;
    bool has_bsn = false, has_nd = false;
    bool destroyed = false;

    memset(dk, 0, sizeof(dk));
    *out_id = 0;
    rc = store__keys(st, &kr, e);
    if (rc != 0)
        goto out;
    rc = person_validate(in, bsn, e);
    if (rc != 0)
        goto out;
    has_bsn = bsn[0] != '\0';
    has_nd = in->birth_date.n > 0 && in->name.n > 0;
    rc = group_key(st, group_id, dk, &destroyed, e);
    if (rc != 0) {
        if (destroyed) {
            err_clear(e);
            rc = err_set(e, ERR_CONFLICT, "de gegevens van deze groep zijn vernietigd");
        } else if (rc == ERR_NOTFOUND) {
            err_field(e, "group_id", "groep bestaat niet");
        }
        goto out;
    }
    if (has_bsn) {
        rc = crypto_blind_index(kr, IDX_BSN, bsn, BSN_LEN, bsn_idx, e);
        if (rc != 0)
            goto out;
    }
    if (has_nd) {
        rc = name_dob_index(kr, in->name, in->birth_date, nd_idx, e);
        if (rc != 0)
            goto out;
    }
    rc = store__stmt(st, SQL_PERSON_INSERT, &s, e);
    if (rc != 0)
        goto out;
    for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        /* The id is chosen before sealing because the AAD binds it. */
        int64_t id = rand_i53();
        rc = seal_field(dk, C_NAME, id, in->name, name_ct, sizeof(name_ct), &name_n, e);
        if (rc == 0)
            rc = seal_field(dk, C_BIRTH, id, in->birth_date, dob_ct, sizeof(dob_ct), &dob_n, e);
        if (rc == 0 && has_bsn)
            rc = seal_field(dk, C_BSN, id, (struct str){bsn, BSN_LEN}, bsn_ct, sizeof(bsn_ct),
                            &bsn_n, e);
        if (rc == 0)
            rc = seal_field(dk, C_DESC, id, in->description, desc_ct, sizeof(desc_ct), &desc_n, e);
        if (rc != 0)
            goto out;
        rc = store__bind_i64(st, s, 1, id, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 2, group_id, e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 3, name_ct, name_n, e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 4, dob_ct, dob_n, e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 5, bsn_ct, bsn_n, e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 6, bsn_idx, has_bsn ? sizeof(bsn_idx) : 0, e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 7, nd_idx, has_nd ? sizeof(nd_idx) : 0, e);
        if (rc == 0)
            rc = store__bind_i64(st, s, 8, clock_now_ms(), e);
        if (rc == 0)
            rc = store__bind_text(st, s, 9, str_from_cstr(in->organisation ? "rechtspersoon"
                                                                            : "natuurlijk"), e);
        if (rc == 0)
            rc = bind_opt_blob(st, s, 10, desc_ct, desc_n, e);
        if (rc == 0)
            rc = store__step_try(st, s, "person.insert", e);
        store__done(s);
        if (rc == 0) {
            *out_id = id;
            goto out;
        }
        if (rc != ERR_CONFLICT)
            goto out;
        err_clear(e);
    }
    rc = err_internal(e, ERR_DB, "person.insert: no free id after %d attempts", ID_ATTEMPTS);
out:
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    crypto_wipe(bsn, sizeof(bsn));
    return rc;
}

/* Opens a sealed column into out (cap bytes incl. room for a NUL); absent → "". */
static int open_field(const uint8_t dk[CRYPTO_KEY_BYTES], const char *column, int64_t id,
                      store_stmt *s, int col, char *out, size_t cap, size_t *out_len,
                      struct err *e)
{
    const uint8_t *ct = NULL;
    size_t n = 0, len = 0;
    bool is_null = false;
    int rc = 0;

    out[0] = '\0';
    if (out_len != NULL)
        *out_len = 0;
    store__col_blob(s, col, &ct, &n, &is_null);
    if (is_null)
        return 0;
    rc = crypto_open(dk, T_PERSON, column, id, ct, n, out, cap - 1, &len, e);
    if (rc == ERR_TOOBIG) /* longer than any value we seal: not ours */
        rc = err_set(e, ERR_CRYPTO, "gegevens konden niet worden ontsleuteld");
    if (rc != 0)
        return rc;
    out[len] = '\0';
    if (out_len != NULL)
        *out_len = len;
    return 0;
}

int store_person_get(struct store *st, int64_t id, struct store_person *out, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    uint8_t dk[CRYPTO_KEY_BYTES];
    bool destroyed = false;
    size_t len = 0;

    memset(dk, 0, sizeof(dk));
    memset(out, 0, sizeof(*out));
    rc = store__stmt(st, SQL_PERSON_GET, &s, e);
    if (rc == 0)
        rc = store__bind_i64(st, s, 1, id, e);
    if (rc != 0)
        goto out;
    rc = store__step(st, s, "person.get", e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = err_set(e, ERR_NOTFOUND, "persoon niet gevonden");
        goto out;
    }
    out->id = id;
    out->group_id = store__col_i64(s, 0);
    out->created_at = store__col_i64(s, 4);
    {
        const unsigned char *k = store__col_text_raw(s, 5);
        out->organisation = k != NULL && strcmp((const char *)k, "rechtspersoon") == 0;
    }
    rc = group_key(st, out->group_id, dk, &destroyed, e);
    if (rc == ERR_NOTFOUND)
        rc = err_internal(e, ERR_DB, "person without data key"); /* FK makes this impossible */
    if (rc != 0)
        goto out;
    rc = open_field(dk, C_NAME, id, s, 1, out->name, sizeof(out->name), &out->name_len, e);
    if (rc == 0)
        rc = open_field(dk, C_BIRTH, id, s, 2, out->birth_date, sizeof(out->birth_date), &len, e);
    if (rc == 0 && len != 0 && len != DATE_LEN)
        rc = err_internal(e, ERR_DB, "person birth date has a bad length");
    if (rc == 0)
        rc = open_field(dk, C_BSN, id, s, 3, out->bsn, sizeof(out->bsn), &len, e);
    if (rc == 0 && len != 0 && len != BSN_LEN)
        rc = err_internal(e, ERR_DB, "person bsn has a bad length");
    if (rc == 0)
        rc = open_field(dk, C_DESC, id, s, 6, out->description, sizeof(out->description),
                        &out->description_len, e);
out:
    store__done(s);
    crypto_wipe(dk, sizeof(dk));
    if (rc != 0)
        store_person_wipe(out);
    return rc;
}

void store_person_wipe(struct store_person *p)
{
    if (p != NULL)
        crypto_wipe(p, sizeof(*p));
}

static int find_by_index(struct store *st, const char *sql, const uint8_t idx[CRYPTO_HASH_BYTES],
                         int64_t *out_ids, size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    store_stmt *s = NULL;
    size_t n = 0;

    rc = store__stmt(st, sql, &s, e);
    if (rc == 0)
        rc = store__bind_blob(st, s, 1, idx, CRYPTO_HASH_BYTES, e);
    if (rc != 0)
        goto out;
    for (;;) {
        rc = store__step(st, s, "person.find", e);
        if (rc <= 0)
            goto out;
        if (n == cap) {
            rc = err_set(e, ERR_TOOBIG, "te veel personen gevonden");
            goto out;
        }
        out_ids[n++] = store__col_i64(s, 0);
    }
out:
    store__done(s);
    *out_n = n;
    return rc;
}

int store_person_find_by_bsn(struct store *st, struct str bsn, int64_t *out_ids, size_t cap,
                             size_t *out_n, struct err *e)
{
    int rc = 0;
    const struct keyring *kr = NULL;
    char norm[BSN_LEN + 1];
    uint8_t idx[CRYPTO_HASH_BYTES];

    *out_n = 0;
    norm[0] = '\0';
    rc = store__keys(st, &kr, e);
    if (rc == 0)
        rc = crypto_normalise_bsn(bsn.p, bsn.n, norm, e);
    if (rc == 0)
        rc = crypto_blind_index(kr, IDX_BSN, norm, BSN_LEN, idx, e);
    if (rc == 0)
        rc = find_by_index(st, SQL_PERSON_BY_BSN, idx, out_ids, cap, out_n, e);
    crypto_wipe(norm, sizeof(norm));
    return rc;
}

int store_person_find_by_name_dob(struct store *st, struct str name, struct str birth_date,
                                  int64_t *out_ids, size_t cap, size_t *out_n, struct err *e)
{
    int rc = 0;
    const struct keyring *kr = NULL;
    uint8_t idx[CRYPTO_HASH_BYTES];
    int64_t days = 0;

    *out_n = 0;
    rc = store__keys(st, &kr, e);
    if (rc != 0)
        goto out;
    if (store__check_name(name, STORE_PERSON_NAME_MAX, "name", e) != 0)
        rc = ERR_INVAL;
    if (clock_parse_date(birth_date.p, birth_date.n, &days) != 0)
        rc = err_field(e, "birth_date", "geen geldige datum (JJJJ-MM-DD)");
    if (rc != 0)
        goto out;
    rc = name_dob_index(kr, name, birth_date, idx, e);
    if (rc == 0)
        rc = find_by_index(st, SQL_PERSON_BY_NAME_DOB, idx, out_ids, cap, out_n, e);
out:
    return rc;
}
