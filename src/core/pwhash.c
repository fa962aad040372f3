/* pwhash.c: argon2id hashing through libsodium behind a counting gate, and the new-password
 * policy. The gate is a mutex + condition variable on CLOCK_MONOTONIC: at most K hashes run at
 * once, because each holds m bytes (19 MiB by default) and a burst of logins must not exhaust
 * memory or CPU; a caller that cannot get a slot within wait_ms gets ERR_UNAVAILABLE (503) rather
 * than queueing without bound. The common-password list is embedded at build time
 * (data/common-passwords.txt via scripts/embed.py) and indexed once, on first use. */
#include "core/common.h"

#include "core/pwhash.h"
#include "core/str.h"

#include <pthread.h>
#include <sodium.h>
#include <time.h>

extern const char regie_common_passwords[];
extern const size_t regie_common_passwords_len;

_Static_assert(PWHASH_STR_MAX == crypto_pwhash_STRBYTES, "PWHASH_STR_MAX must match libsodium");

#define MAX_CONCURRENCY 64U
#define MAX_WAIT_MS 600000

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;
static bool g_cv_ok; /* condition variable ready and sodium_init succeeded */
static struct pwhash_params g_params = {PWHASH_OPS_DEFAULT, PWHASH_MEM_DEFAULT,
                                        PWHASH_CONCURRENCY_DEFAULT, PWHASH_WAIT_MS_DEFAULT};
static unsigned g_active;
static char g_dummy[PWHASH_STR_MAX]; /* under g_mu; empty until first needed */

/* ---- the gate ---------------------------------------------------------------------------- */

static void once_init(void)
{
    pthread_condattr_t attr;
    /* sodium_init picks the fastest argon2 implementation for this CPU; idempotent. */
    if (sodium_init() < 0)
        return;
    /* The condition waits on CLOCK_MONOTONIC so a wall-clock jump cannot stretch or cut a wait. */
    if (pthread_condattr_init(&attr) == 0) {
        if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
            pthread_cond_init(&g_cv, &attr) == 0)
            g_cv_ok = true;
        pthread_condattr_destroy(&attr);
    }
}

static void params_snapshot(struct pwhash_params *out)
{
    pthread_mutex_lock(&g_mu);
    *out = g_params;
    pthread_mutex_unlock(&g_mu);
}

static int gate_enter(struct err *e)
{
    int rc = 0;
    struct timespec deadline;

    pthread_once(&g_once, once_init);
    if (!g_cv_ok) {
        rc = err_internal(e, ERR_UNAVAILABLE, "pwhash: sodium or condition variable init failed");
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    pthread_mutex_lock(&g_mu);
    {
        int64_t wait_ms = g_params.wait_ms;
        deadline.tv_sec += (time_t)(wait_ms / 1000);
        deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    while (g_active >= g_params.concurrency) {
        int w = pthread_cond_timedwait(&g_cv, &g_mu, &deadline);
        if (w != 0 && g_active >= g_params.concurrency) {
            rc = ERR_UNAVAILABLE;
            break;
        }
    }
    if (rc == 0)
        g_active++;
    pthread_mutex_unlock(&g_mu);
    if (rc != 0)
        err_set(e, rc,
                "Het systeem is tijdelijk druk. Probeer het over enkele ogenblikken opnieuw.");
out:
    return rc;
}

static void gate_leave(void)
{
    pthread_mutex_lock(&g_mu);
    g_active--;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* ---- hashing ----------------------------------------------------------------------------- */

void pwhash_params_default(struct pwhash_params *p)
{
    p->ops = PWHASH_OPS_DEFAULT;
    p->mem = PWHASH_MEM_DEFAULT;
    p->concurrency = PWHASH_CONCURRENCY_DEFAULT;
    p->wait_ms = PWHASH_WAIT_MS_DEFAULT;
}

int pwhash_params_check(const struct pwhash_params *p, struct err *e)
{
    int rc = 0;

    if (p == NULL)
        rc = err_field(e, "pwhash", "ontbreekt");
    else if (p->ops < PWHASH_OPS_MIN || p->ops > crypto_pwhash_argon2id_OPSLIMIT_MAX)
        rc = err_field(e, "pwhash", "ops moet minstens %llu zijn", PWHASH_OPS_MIN);
    else if (p->mem < PWHASH_MEM_MIN || p->mem > crypto_pwhash_argon2id_MEMLIMIT_MAX ||
             p->mem > (size_t)4096 * 1024 * 1024)
        rc = err_field(e, "pwhash", "mem moet minstens %zu bytes (19 MiB) en hoogstens 4 GiB zijn",
                       PWHASH_MEM_MIN);
    else if (p->concurrency < 1 || p->concurrency > MAX_CONCURRENCY)
        rc = err_field(e, "pwhash", "concurrency moet tussen 1 en %u liggen", MAX_CONCURRENCY);
    else if (p->wait_ms < 0 || p->wait_ms > MAX_WAIT_MS)
        rc = err_field(e, "pwhash", "wait_ms moet tussen 0 en %d liggen", MAX_WAIT_MS);
    return rc;
}

/* Hashes pw with p into out (PWHASH_STR_MAX bytes). No gate. */
static int hash_raw(const struct pwhash_params *p, const char *pw, size_t n, char *out)
{
    int rc = 0;
    if (crypto_pwhash_str_alg(out, pw, n, p->ops, p->mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        rc = ERR_NOMEM;
    return rc;
}

/* Makes the dummy hash for the current parameters if there is none (outside the lock: it takes
 * as long as a real hash) and copies it to out. */
static int dummy_get(char out[PWHASH_STR_MAX])
{
    int rc = 0;
    struct pwhash_params p;
    char pw[32];
    char tmp[PWHASH_STR_MAX];

    pthread_mutex_lock(&g_mu);
    memcpy(out, g_dummy, PWHASH_STR_MAX);
    p = g_params;
    pthread_mutex_unlock(&g_mu);
    if (out[0] != '\0')
        goto out;
    randombytes_buf(pw, sizeof(pw));
    rc = hash_raw(&p, pw, sizeof(pw), tmp);
    if (rc != 0)
        goto out;
    pthread_mutex_lock(&g_mu);
    if (g_dummy[0] == '\0')
        memcpy(g_dummy, tmp, PWHASH_STR_MAX);
    memcpy(out, g_dummy, PWHASH_STR_MAX);
    pthread_mutex_unlock(&g_mu);
out:
    sodium_memzero(pw, sizeof(pw));
    return rc;
}

int pwhash_configure(const struct pwhash_params *p, struct err *e)
{
    int rc = pwhash_params_check(p, e);
    char dummy[PWHASH_STR_MAX];

    if (rc != 0)
        goto out;
    pthread_once(&g_once, once_init);
    if (!g_cv_ok) {
        rc = err_internal(e, ERR_CRYPTO, "pwhash: sodium or condition variable init failed");
        goto out;
    }
    pthread_mutex_lock(&g_mu);
    g_params = *p;
    g_dummy[0] = '\0';
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
    rc = dummy_get(dummy);
    if (rc != 0)
        err_internal(e, rc, "pwhash: dummy hash failed");
out:
    return rc;
}

int pwhash_hash(const char *pw, size_t n, char *out, size_t cap, struct err *e)
{
    int rc = 0;
    struct pwhash_params p;

    if (out == NULL || cap < PWHASH_STR_MAX) {
        rc = err_internal(e, ERR_INVAL, "pwhash_hash: output buffer too small");
        goto out;
    }
    out[0] = '\0';
    if (pw == NULL && n > 0) {
        rc = err_internal(e, ERR_INVAL, "pwhash_hash: NULL password");
        goto out;
    }
    if (n > PWHASH_PW_MAX_BYTES) {
        rc = err_set(e, ERR_TOOBIG, "Het wachtwoord is te lang.");
        err_field(e, "password", "Het wachtwoord mag hoogstens %d tekens lang zijn.",
                  PWHASH_PW_MAX_CHARS);
        goto out;
    }
    rc = gate_enter(e);
    if (rc != 0)
        goto out;
    params_snapshot(&p);
    rc = hash_raw(&p, pw ? pw : "", n, out); /* libsodium's passwd is nonnull, even for n == 0 */
    gate_leave();
    if (rc != 0)
        err_internal(e, rc, "pwhash_hash: crypto_pwhash_str_alg failed (memory)");
out:
    return rc;
}

/* Copies stored into a NUL-terminated buffer if it is a well-formed argon2id string. */
static bool stored_parse(const char *stored, size_t stored_n, char out[PWHASH_STR_MAX])
{
    bool ok = false;
    if (stored == NULL || stored_n == 0 || stored_n >= PWHASH_STR_MAX ||
        memchr(stored, '\0', stored_n) != NULL)
        goto out;
    memcpy(out, stored, stored_n);
    out[stored_n] = '\0';
    /* We only ever store 32-byte tags (43 base64 characters after the last '$'); libsodium's
     * parser would also accept a shorter tag, e.g. a truncated string. */
    const char *tag = strrchr(out, '$');
    if (tag == NULL || strlen(tag + 1) != 43)
        goto out;
    /* needs_rehash returns -1 for a string that is not a parsable argon2id hash. */
    ok = crypto_pwhash_argon2id_str_needs_rehash(out, PWHASH_OPS_MIN, PWHASH_MEM_MIN) != -1;
out:
    return ok;
}

/* One verification (gate held by the caller). Returns 0 on match, ERR_UNAUTH otherwise. */
static int verify_one(const char *stored, size_t stored_n, const char *pw, size_t n)
{
    int rc = ERR_UNAUTH;
    char hash[PWHASH_STR_MAX];
    bool real;

    if (pw == NULL) {
        pw = "";
        n = 0;
    }
    real = stored_parse(stored, stored_n, hash) && n <= PWHASH_PW_MAX_BYTES;
    if (!real) {
        /* Same work as a real verification; the result is thrown away. */
        if (dummy_get(hash) != 0)
            goto out;
        if (n > PWHASH_PW_MAX_BYTES)
            n = PWHASH_PW_MAX_BYTES;
    }
    if (crypto_pwhash_str_verify(hash, pw, n) == 0 && real)
        rc = 0;
out:
    return rc;
}

int pwhash_verify(const char *stored, size_t stored_n, const char *pw, size_t n, struct err *e)
{
    int rc = gate_enter(e);
    if (rc != 0)
        goto out;
    rc = verify_one(stored, stored_n, pw, n);
    gate_leave();
    if (rc != 0)
        err_set(e, rc, "Gebruikersnaam, wachtwoord of code onjuist.");
out:
    return rc;
}

int pwhash_verify_dummy(const char *pw, size_t n, struct err *e)
{
    return pwhash_verify(NULL, 0, pw, n, e);
}

bool pwhash_needs_rehash(const char *stored, size_t stored_n)
{
    bool needs = true;
    char hash[PWHASH_STR_MAX];
    struct pwhash_params p;

    if (!stored_parse(stored, stored_n, hash))
        goto out;
    params_snapshot(&p);
    needs = crypto_pwhash_argon2id_str_needs_rehash(hash, p.ops, p.mem) != 0;
out:
    return needs;
}

/* ---- the common-password list ------------------------------------------------------------ */

static pthread_once_t g_list_once = PTHREAD_ONCE_INIT;
static struct str *g_list;
static size_t g_list_n;

static int str_cmp(struct str a, struct str b)
{
    size_t m = a.n < b.n ? a.n : b.n;
    int c = m ? memcmp(a.p, b.p, m) : 0;
    if (c == 0)
        c = (a.n > b.n) - (a.n < b.n);
    return c;
}

static int str_qcmp(const void *a, const void *b)
{
    return str_cmp(*(const struct str *)a, *(const struct str *)b);
}

static void list_load(void)
{
    const char *p = regie_common_passwords;
    const char *end = p + regie_common_passwords_len;
    size_t lines = 0;

    for (const char *q = p; q < end; q++)
        lines += *q == '\n';
    g_list = calloc(lines + 1, sizeof(*g_list));
    if (g_list == NULL)
        return;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        /* cppcheck-suppress knownConditionTrueFalse ; len is 0 when the list starts with '\n' */
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (len > 0 && p[0] != '#')
            g_list[g_list_n++] = (struct str){p, len};
        p += len;
        while (p < end && (*p == '\r' || *p == '\n'))
            p++;
    }
    qsort(g_list, g_list_n, sizeof(*g_list), str_qcmp);
}

static bool list_has(struct str s)
{
    return s.n > 0 && bsearch(&s, g_list, g_list_n, sizeof(*g_list), str_qcmp) != NULL;
}

/* ---- password policy --------------------------------------------------------------------- */

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || c >= 0x80;
}

static bool is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a'); /* not a ?: (its type is int in C: a narrowing return) */
    return c;
}

/* s with leading and trailing non-letters (digits, spaces, symbols) removed. */
static struct str strip_nonalpha(struct str s)
{
    while (s.n > 0 && !is_alpha((unsigned char)s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n > 0 && !is_alpha((unsigned char)s.p[s.n - 1]))
        s.n--;
    return s;
}

/* The shortest unit u with s == u repeated k >= 2 times, or s itself. */
static struct str period_unit(struct str s)
{
    for (size_t p = 1; p <= s.n / 2; p++) {
        if (s.n % p != 0)
            continue;
        if (memcmp(s.p, s.p + p, s.n - p) == 0)
            return (struct str){s.p, p};
    }
    return s;
}

/* Checks s, its letter core, and the repeated unit of both against the list. */
static bool common_variant(struct str s)
{
    struct str core = strip_nonalpha(s);
    return list_has(s) || list_has(core) || list_has(period_unit(s)) ||
           list_has(strip_nonalpha(period_unit(s))) || list_has(period_unit(core));
}

static char deleet(char c)
{
    switch (c) {
    case '0':
        return 'o';
    case '1':
        return 'i';
    case '3':
        return 'e';
    case '4':
        return 'a';
    case '5':
        return 's';
    case '7':
        return 't';
    case '@':
        return 'a';
    case '$':
        return 's';
    default:
        return c;
    }
}

static bool is_common(const char *low, size_t n, char *scratch)
{
    struct str s = {low, n};
    struct str core = strip_nonalpha(s);
    bool hit = common_variant(s);

    if (!hit && core.n > 0) {
        /* "p@ssw0rd" inside: undo the usual substitutions in the letter core only, so appended
         * digits are still recognised as a suffix. */
        for (size_t i = 0; i < core.n; i++)
            scratch[i] = deleet(core.p[i]);
        hit = common_variant((struct str){scratch, core.n});
    }
    return hit;
}

static const char *const walks[] = {
    "abcdefghijklmnopqrstuvwxyza",
    "01234567890",
    "qwertyuiopasdfghjklzxcvbnmq",
    "azertyuiopqsdfghjklmwxcvbna",
    "qwertzuiopasdfghjklyxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
    "1q2w3e4r5t6y7u8i9o0p",
    "1a2z3e4r5t6y7u8i9o0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "!@#$%^&*()_+",
    "1234567890-=",
};

/* True for a keyboard walk or a run: all but at most two adjacent pairs are neighbours in one
 * of the walk strings (either direction) or the same character twice. */
static bool is_walk(const char *low, size_t n)
{
    size_t odd = 0;

    for (size_t i = 0; i + 1 < n && odd <= 2; i++) {
        char a = low[i], b = low[i + 1];
        bool near = a == b;
        for (size_t w = 0; w < ARRAY_LEN(walks) && !near; w++) {
            const char *s = walks[w];
            for (size_t j = 0; s[j] != '\0' && s[j + 1] != '\0' && !near; j++)
                near = (s[j] == a && s[j + 1] == b) || (s[j] == b && s[j + 1] == a);
        }
        odd += !near;
    }
    return odd <= 2;
}

/* Number of distinct code points, counted up to 4. s is valid UTF-8. */
static size_t distinct_chars(const char *s, size_t n)
{
    struct str seen[4];
    size_t k = 0;

    for (size_t i = 0; i < n && k < 4;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        struct str cp = {s + i, len <= n - i ? len : n - i};
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = str_eq(seen[j], cp);
        if (!dup)
            seen[k++] = cp;
        i += cp.n;
    }
    return k;
}

static const char *const fixed_context[] = {
    "regie", "gemeente", "radicalisering", "casusoverleg", "veiligheidshuis",
};

/* Marks in covered[] every byte of low that lies in an occurrence of word w (lowercased). */
static void cover_word(const char *low, size_t n, const char *w, size_t wn, bool *covered)
{
    char lw[256];

    if (wn < 4 || wn > sizeof(lw) || wn > n)
        return;
    for (size_t i = 0; i < wn; i++)
        lw[i] = lower(w[i]);
    for (size_t i = 0; i + wn <= n; i++) {
        if (memcmp(low + i, lw, wn) == 0)
            memset(covered + i, 1, wn);
    }
}

static bool is_contextual(const char *low, size_t n, const char *const *ctx, size_t n_ctx,
                          bool *covered)
{
    size_t total = 0;

    memset(covered, 0, n);
    for (size_t i = 0; i < ARRAY_LEN(fixed_context); i++)
        cover_word(low, n, fixed_context[i], strlen(fixed_context[i]), covered);
    for (size_t c = 0; c < n_ctx; c++) {
        const char *w = ctx ? ctx[c] : NULL;
        size_t wn = w ? strlen(w) : 0;
        /* Split "Gemeente Utrecht" / "j.jansen" into words of letters and digits. */
        for (size_t i = 0; i < wn;) {
            size_t j = i;
            while (j < wn && is_alnum((unsigned char)w[j]))
                j++;
            cover_word(low, n, w + i, j - i, covered);
            i = j < wn ? j + 1 : j;
        }
    }
    for (size_t i = 0; i < n; i++)
        total += covered[i];
    return total > 0 && total * 2 >= n;
}

int pwhash_policy_check(const char *pw, size_t n, const char *const *ctx, size_t n_ctx,
                        struct err *e)
{
    int rc = 0;
    char low[PWHASH_PW_MAX_BYTES];
    char scratch[PWHASH_PW_MAX_BYTES];
    bool covered[PWHASH_PW_MAX_BYTES];
    struct str s = {pw, n};
    size_t chars;

    if (pw == NULL && n > 0) {
        rc = err_field(e, "password", "Het wachtwoord ontbreekt.");
        goto out;
    }
    if (n > PWHASH_PW_MAX_BYTES) {
        rc = err_field(e, "password", "Het wachtwoord mag hoogstens %d tekens lang zijn.",
                       PWHASH_PW_MAX_CHARS);
        goto out;
    }
    if (n > 0 && (!str_utf8_valid(s, false) || memchr(pw, '\n', n) || memchr(pw, '\r', n))) {
        rc = err_field(e, "password", "Het wachtwoord bevat ongeldige tekens.");
        goto out;
    }
    chars = n > 0 ? str_utf8_len(s) : 0;
    if (chars < PWHASH_PW_MIN_CHARS) {
        rc = err_field(e, "password", "Het wachtwoord moet minstens %d tekens lang zijn.",
                       PWHASH_PW_MIN_CHARS);
        goto out;
    }
    if (chars > PWHASH_PW_MAX_CHARS) {
        rc = err_field(e, "password", "Het wachtwoord mag hoogstens %d tekens lang zijn.",
                       PWHASH_PW_MAX_CHARS);
        goto out;
    }
    pthread_once(&g_list_once, list_load);
    if (g_list == NULL) {
        rc = err_internal(e, ERR_NOMEM, "pwhash: common-password list not loaded");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        low[i] = lower(pw[i]);
    if (is_common(low, n, scratch)) {
        rc = err_field(e, "password",
                       "Dit wachtwoord is te bekend: het staat in een lijst van veelgebruikte "
                       "wachtwoorden. Kies een langere zin of een andere combinatie van woorden.");
    } else if (distinct_chars(low, n) < 4 || is_walk(low, n)) {
        rc = err_field(e, "password",
                       "Dit wachtwoord is te voorspelbaar: het bestaat uit herhaalde tekens, een "
                       "reeks of een toetsenbordpatroon.");
    } else if (is_contextual(low, n, ctx, n_ctx, covered)) {
        rc = err_field(e, "password",
                       "Het wachtwoord bestaat voor een groot deel uit een voor de hand liggend "
                       "woord, zoals uw gebruikersnaam, de naam van uw organisatie of 'gemeente'.");
    }
out:
    sodium_memzero(low, sizeof(low));
    sodium_memzero(scratch, sizeof(scratch));
    return rc;
}
