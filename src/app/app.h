/* app.h: the application context shared by the HTTP layer and the CLI: configuration, keys, and
 * one database connection per thread. Use-cases in app/ take a struct app and an actor; nothing
 * here knows about HTTP. */
#ifndef REGIE_APP_APP_H
#define REGIE_APP_APP_H

#include "core/common.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/err.h"

struct app;
struct store;
struct actor;

#define APP_DB_FILE "regie.db"
#define APP_KEY_FILE "regie.key"
#define APP_SIGNING_KEY_FILE "audit-signing.key" /* Ed25519 key of the access log, 0600 */
#define APP_SIGNING_PUB_FILE "audit-signing.pub" /* its verifier key, for witnesses */
#define APP_VAULT_FILE "regie-keys.db" /* the key vault: wrapped data keys (store/vault.c); the
                                          store finds it beside regie.db by this name */
#define APP_LOG_ORIGIN "regie-toegangslog"

/* Builds "<data_dir>/<name>" into out. ERR_TOOBIG if it does not fit. */
int app_path(const struct config *cfg, const char *name, char *out, size_t cap) WUR;
/* Where the database is: the setting `database` when given (passed to the store as it is),
 * else the file APP_DB_FILE in data_dir. */
int app_db(const struct config *cfg, char *out, size_t cap) WUR;

/* Creates a data directory (mode 0700) with a new key file and database (schema migrated).
 * Refuses to overwrite: ERR_CONFLICT if the key file or database already exists. */
int app_init_datadir(const struct config *cfg, struct err *e) WUR;

/* Opens an existing data directory: loads the key file and migrates the database (when migrate is
 * true). Caller frees with app_close. cfg is borrowed and must outlive the app. */
int app_open(const struct config *cfg, bool migrate, struct app **out, struct err *e) WUR;

/* Closes every per-thread connection and wipes the keys. NULL ok. Call after all threads that
 * used app_store have stopped. */
void app_close(struct app *a);

/* The calling thread's database connection (opened on first use, closed by app_close). Borrowed. */
int app_store(struct app *a, struct store **out, struct err *e) WUR;

/* A new connection of the caller's own (for a helper thread of one operation, e.g. the second
 * reader of `regie audit verify`), not registered with the app: close it with store_close. */
int app_store_extra(struct app *a, struct store **out, struct err *e) WUR;

const struct keyring *app_keys(const struct app *a);
const struct config *app_config(const struct app *a);

struct writer;
/* The writer thread (group commit), when the server runs one; NULL in the CLI. */
struct writer *app_writer(const struct app *a);
void app_set_writer(struct app *a, struct writer *w);

/* Deletes the vault's orphaned keys (store_vault_sweep) on the calling thread's connection:
 * `regie migrate`, and serve's daily job (app/retention.c). */
int app_vault_sweep(struct app *a, int64_t *out_n, struct err *e) WUR;

/* The data generation: raised by app_data_changed after every committed write of this process
 * (alog_run does it). A view built from data read after app_data_gen returned g is current
 * while app_data_gen still returns g (viewcache.h). */
uint64_t app_data_gen(const struct app *a);
void app_data_changed(struct app *a);

/* One database snapshot for a whole read-only request on this thread (authentication, purpose
 * binding and handler): their statements share one read transaction (store_read_begin); a write
 * on the way ends it early. true: opened; pass it to app_read_scope_end. */
bool app_read_scope_begin(struct app *a);
void app_read_scope_end(struct app *a, bool opened);
/* Ends the calling thread's request snapshot early (reads after it see the current state):
 * alog_run calls it once the writer thread committed this request's write, so the request
 * reads its own write (e.g. the FG's log query lists the record of that very query). */
void app_read_scope_yield(struct app *a);
/* Whose rows the calling thread's requests see in the database (store_scope_set), set once the
 * caller is known: an actor policy_narrowed says so sees its municipality's rows and those of
 * others its rules let it into (src/store/pg/rls.sql); everyone else, and NULL (a public route,
 * a background job), every row. The application's policy still decides every object; this is
 * the database's ceiling under it. */
void app_act_as(struct app *a, const struct actor *who);
/* Every row for the rest of the calling thread's request: for a use-case whose rule reaches
 * outside the user's municipality by design (a break-glass request, the region's anonymised
 * figures). */
void app_act_for_region(struct app *a);

/* The calling thread's open request snapshot: a number no other snapshot of this thread had,
 * or 0 when none is open (a memo of rows read in it is valid only while this stays the same
 * and store_read_active holds). */
uint64_t app_read_scope_id(void);
/* The generation a view built now must be stored with: app_data_gen as of the start of this
 * thread's request snapshot when one is open, else app_data_gen now. Read it before reading. */
uint64_t app_view_gen(const struct app *a);

struct viewcache;
/* The cache of read answers (config read_cache_kib), borrowed; NULL when it is off. */
struct viewcache *app_views(const struct app *a);

struct audit_signer;
/* The access log's signing key (loaded from the data dir), borrowed; NULL if absent. */
const struct audit_signer *app_signer(const struct app *a);

#endif
