/* demo.c: fills a data directory with the fictional region "Regio Voorbeeld": three fictional
 * municipalities, the partners of a casusoverleg, and one account per role with a printed
 * password and TOTP secret. Demo accounts are marked as such and refused unless the server
 * listens on loopback. Every name is obviously fictional. */
#include "core/common.h"

#include "app/admin.h"
#include "app/demo.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/pwhash.h"
#include "core/token.h"
#include "core/totp.h"
#include "policy/policy.h"
#include "store/store.h"
#include "store/user.h"

#define DEMO_REGION "Regio Voorbeeld"

struct demo_org {
    enum store_org_kind kind;
    const char *name;
    enum store_org_instrument instrument;
    const char *date;
    enum store_org_status status;
};

/* One partner has not signed the privacy protocol, so the demo shows what "no access" looks like
 * (REQ-ACT-01). */
static const struct demo_org demo_orgs[] = {
    {STORE_ORG_GEMEENTE, "Gemeente Voorbeeldstad", STORE_INSTR_PRIVACYPROTOCOL, "2023-10-01", STORE_ORG_GETEKEND},
    {STORE_ORG_GEMEENTE, "Gemeente Proefdorp", STORE_INSTR_PRIVACYPROTOCOL, "2023-10-15", STORE_ORG_GETEKEND},
    {STORE_ORG_GEMEENTE, "Gemeente Oefenveen", STORE_INSTR_PRIVACYPROTOCOL, "2023-10-20", STORE_ORG_GETEKEND},
    {STORE_ORG_POLITIE, "Politie eenheid Voorbeeld", STORE_INSTR_PRIVACYPROTOCOL, "2023-09-01", STORE_ORG_GETEKEND},
    {STORE_ORG_OM, "OM arrondissement Voorbeeld", STORE_INSTR_PRIVACYPROTOCOL, "2023-09-01", STORE_ORG_GETEKEND},
    {STORE_ORG_RVDK, "Raad voor de Kinderbescherming Voorbeeld", STORE_INSTR_PRIVACYPROTOCOL, "2023-09-12", STORE_ORG_GETEKEND},
    {STORE_ORG_RECLASSERING, "Reclassering Voorbeeld", STORE_INSTR_PRIVACYPROTOCOL, "2023-09-20", STORE_ORG_GETEKEND},
    {STORE_ORG_ZVH, "Zorg- en Veiligheidshuis Voorbeeld", STORE_INSTR_PRIVACYPROTOCOL, "2023-08-30", STORE_ORG_GETEKEND},
    {STORE_ORG_GGZ, "GGZ Voorbeeldkliniek", STORE_INSTR_GEEN, "", STORE_ORG_NIET_GETEKEND},
    {STORE_ORG_JEUGDZORG, "Jeugdzorg Voorbeeldregio", STORE_INSTR_PRIVACYPROTOCOL, "2023-10-25", STORE_ORG_GETEKEND},
};

struct demo_user {
    const char *username;
    const char *display_name;
    size_t org;        /* index into demo_orgs */
    uint32_t roles;
    int as;            /* enum demo_as, or -1 */
};

static const struct demo_user demo_users[] = {
    {"beheerder", "Bea Beheer (demo)", 0, POLICY_ROLE_BEHEERDER, -1},
    {"dossierhouder", "Daan Dossier (demo)", 0, POLICY_ROLE_DOSSIERHOUDER, DEMO_AS_DOSSIERHOUDER},
    {"voorzitter", "Vera Voorzitter (demo)", 0, POLICY_ROLE_VOORZITTER, DEMO_AS_VOORZITTER},
    {"partner", "Pim Partner (demo)", 3, POLICY_ROLE_PARTNER, DEMO_AS_PARTNER},
    {"melder", "Mila Melder (demo)", 1, POLICY_ROLE_MELDER, DEMO_AS_MELDER},
    {"burgemeester", "Bram Burgemeester (demo)", 0, POLICY_ROLE_BURGEMEESTER, DEMO_AS_BURGEMEESTER},
    {"raadslid", "Rosa Raadslid (demo)", 0, POLICY_ROLE_RAADSLID, -1},
    {"fg", "Fenna Functionaris (demo)", 0, POLICY_ROLE_FG, -1},
    {"ggz", "Gijs GGZ (demo)", 8, POLICY_ROLE_PARTNER, -1},
    {"om", "Olga Officier (demo)", 4, POLICY_ROLE_PARTNER, DEMO_AS_OM},
    {"rvdk", "Ruben Raad (demo)", 5, POLICY_ROLE_PARTNER, DEMO_AS_RVDK},
    {"dossierhouder2", "Dirk Dossier (demo)", 1, POLICY_ROLE_DOSSIERHOUDER, DEMO_AS_DOSSIERHOUDER2},
    {"jeugdzorg", "Jet Jeugdzorg (demo)", 9, POLICY_ROLE_PARTNER, DEMO_AS_JEUGDZORG},
    {"plaatsvervanger", "Petra Plaatsvervanger (demo)", 0, POLICY_ROLE_DOSSIERHOUDER, -1},
};

static int demo_account(struct app *a, struct store *st, const struct demo_user *d, int64_t org_id,
                        json_t *accounts, int64_t *out_id, struct err *e)
{
    int rc = 0;
    int64_t id = 0;
    char code[TOKEN_CODE_STR_LEN + 1], password[TOKEN_CODE_STR_LEN + 1], h[PWHASH_STR_MAX];
    char b32[64];
    uint8_t secret[TOTP_SECRET_BYTES];
    size_t bn = 0;
    rc = app_user_create_local(a, str_from_cstr(d->username), str_from_cstr(d->display_name),
                               org_id, d->roles, &id, code, e);
    if (rc != 0)
        goto out;
    /* A random password that passes the policy: four groups of four unambiguous characters. */
    token_code_new(password);
    rc = pwhash_hash(password, strlen(password), h, sizeof(h), e);
    if (rc != 0)
        goto out;
    totp_secret_new(secret);
    rc = store_user_set_password(st, id, h, e);
    if (rc == 0)
        rc = store_user_set_pending_totp(st, id, secret, sizeof(secret), e);
    if (rc == 0)
        rc = store_user_activate(st, id, 0, e);
    if (rc == 0)
        rc = store_user_mark_demo(st, id, e);
    if (rc == 0)
        rc = totp_base32_encode(secret, sizeof(secret), b32, sizeof(b32), &bn);
    if (rc != 0)
        goto out;
    json_t *roles = json_array();
    for (uint32_t b = 0; roles && b < POLICY_ROLE_COUNT; b++)
        if (d->roles & (1u << b))
            json_array_append_new(roles, json_string(policy_role_name(1u << b)));
    json_array_append_new(accounts,
                          json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)id,
                                    "username", d->username, "display_name", d->display_name,
                                    "password", password, "totp_secret", b32, "organisation",
                                    demo_orgs[d->org].name, "roles", roles));
    *out_id = id;
out:
    crypto_wipe(secret, sizeof(secret));
    crypto_wipe(h, sizeof(h));
    crypto_wipe(code, sizeof(code));
    return rc;
}

int app_demo_create(struct app *a, json_t **out, struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    json_t *res = NULL, *orgs = NULL, *accounts = NULL;
    bool in_tx = false;
    int64_t org_ids[ARRAY_LEN(demo_orgs)];
    *out = NULL;
    rc = app_store(a, &st, e);
    if (rc != 0)
        goto out;
    struct store_region existing;
    if (store_region_get_by_name(st, STR_LIT(DEMO_REGION), &existing, NULL) == 0) {
        rc = err_set(e, ERR_CONFLICT, "de demoregio bestaat al in deze datamap");
        goto out;
    }
    rc = store_tx_begin(st, e);
    if (rc != 0)
        goto out;
    in_tx = true;
    int64_t region_id = 0;
    rc = store_region_create(st, STR_LIT(DEMO_REGION), &region_id, e);
    if (rc != 0)
        goto out;
    orgs = json_array();
    accounts = json_array();
    res = json_pack("{s:{s:I, s:s}}", "region", "id", (json_int_t)region_id, "name", DEMO_REGION);
    if (orgs == NULL || accounts == NULL || res == NULL) {
        rc = ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < ARRAY_LEN(demo_orgs); i++) {
        const struct demo_org *d = &demo_orgs[i];
        struct store_org_in in = {
            .region_id = region_id,
            .kind = d->kind,
            .name = str_from_cstr(d->name),
            .instrument = d->instrument,
            .instrument_date = str_from_cstr(d->date),
            .status = d->status,
        };
        rc = store_org_create(st, &in, &org_ids[i], e);
        if (rc != 0)
            goto out;
        json_array_append_new(orgs, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)org_ids[i],
                                              "name", d->name, "kind", store_org_kind_name(d->kind),
                                              "instrument_status", store_org_status_name(d->status)));
    }
    struct demo_ids ids;
    memset(&ids, 0, sizeof(ids));
    for (size_t i = 0; i < ARRAY_LEN(demo_users); i++) {
        const struct demo_user *du = &demo_users[i];
        int64_t uid = 0;
        rc = demo_account(a, st, du, org_ids[du->org], accounts, &uid, e);
        if (rc != 0)
            goto out;
        if (du->as >= 0) {
            ids.user[du->as] = uid;
            ids.org[du->as] = org_ids[du->org];
            ids.roles[du->as] = du->roles;
        }
    }
    rc = store_tx_commit(st, e);
    if (rc != 0)
        goto out;
    in_tx = false;
    /* The signals go through the use-cases, each in its own transaction with its log records. */
    rc = app_demo_signals(a, &ids, e);
    if (rc == 0)
        rc = app_demo_meetings(a, &ids, e);
    if (rc == 0)
        rc = app_demo_cases(a, &ids, e);
    if (rc == 0)
        rc = app_demo_keyfigures(a, &ids, e);
    if (rc == 0)
        rc = app_demo_readiness(a, &ids, e);
    if (rc != 0)
        goto out;
    json_object_set_new(res, "organisations", orgs);
    json_object_set_new(res, "accounts", accounts);
    orgs = accounts = NULL;
    *out = res;
    res = NULL;
out:
    if (in_tx) {
        int r2 = store_tx_rollback(st, NULL);
        (void)r2;
    }
    json_decref(orgs);
    json_decref(accounts);
    json_decref(res);
    return rc;
}

int app_demo_code(struct app *a, struct str username, char out[7], struct err *e)
{
    int rc = 0;
    struct store *st = NULL;
    struct store_user u;
    uint8_t secret[STORE_TOTP_MAX];
    size_t n = 0;
    rc = app_store(a, &st, e);
    if (rc == 0)
        rc = store_user_get_by_username(st, username, &u, e);
    if (rc != 0)
        return rc;
    if (!u.demo)
        return err_set(e, ERR_FORBIDDEN, "alleen voor demo-accounts");
    rc = store_user_get_totp(st, u.id, false, secret, sizeof(secret), &n, e);
    if (rc == 0)
        rc = totp_code_at(secret, n, clock_now_ms(), out);
    crypto_wipe(secret, sizeof(secret));
    return rc;
}
