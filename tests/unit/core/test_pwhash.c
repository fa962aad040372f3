/* test_pwhash.c: core/pwhash. Includes pwhash.c to reach the gate (gate_enter/gate_leave) so the
 * bounded-concurrency behaviour can be tested without timing races; everything else goes through
 * the public functions. Hashing uses the real cost (t=2, m=19 MiB), about 0.1 s per call here. */
#include "core/common.h"

#include <criterion/criterion.h>
#include <pthread.h>

#include "../../../src/core/pwhash.c"
#include "core/rand.h"

static void setup(void)
{
    cr_assert_eq(core_init(), 0);
}

TestSuite(pwhash, .init = setup, .timeout = 120);

static const char good_pw[] = "paarse giraffen dansen op het dak";

Test(pwhash, params_floor_is_enforced)
{
    struct pwhash_params p;
    struct err e;
    pwhash_params_default(&p);
    cr_expect_eq(p.ops, 2);
    cr_expect_eq(p.mem, (size_t)19 * 1024 * 1024);
    cr_expect_eq(p.concurrency, 2);
    cr_expect_eq(pwhash_params_check(&p, NULL), 0);

    p.ops = 1;
    err_clear(&e);
    cr_expect_eq(pwhash_params_check(&p, &e), ERR_INVAL);
    cr_expect_str_eq(e.fields[0].name, "pwhash");
    pwhash_params_default(&p);
    p.mem = PWHASH_MEM_MIN - 1024;
    cr_expect_eq(pwhash_params_check(&p, NULL), ERR_INVAL);
    pwhash_params_default(&p);
    p.ops = 10; /* more passes never excuse less memory here */
    p.mem = 12 * 1024 * 1024;
    cr_expect_eq(pwhash_params_check(&p, NULL), ERR_INVAL);
    pwhash_params_default(&p);
    p.concurrency = 0;
    cr_expect_eq(pwhash_params_check(&p, NULL), ERR_INVAL);
    pwhash_params_default(&p);
    p.wait_ms = -1;
    cr_expect_eq(pwhash_params_check(&p, NULL), ERR_INVAL);
    cr_expect_eq(pwhash_params_check(NULL, NULL), ERR_INVAL);
    cr_expect_eq(pwhash_configure(&(struct pwhash_params){1, PWHASH_MEM_MIN, 2, 0}, NULL),
                 ERR_INVAL);
}

Test(pwhash, hash_has_the_argon2id_format_and_verifies)
{
    char h[PWHASH_STR_MAX], h2[PWHASH_STR_MAX];
    cr_assert_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL), 0);
    cr_expect_eq(strncmp(h, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0, "format: %s", h);
    cr_expect_eq(pwhash_verify(h, strlen(h), good_pw, strlen(good_pw), NULL), 0);
    cr_expect_eq(pwhash_verify(h, strlen(h), good_pw, strlen(good_pw) - 1, NULL), ERR_UNAUTH);
    cr_expect_eq(pwhash_verify(h, strlen(h), "Paarse giraffen dansen op het dak", 33, NULL),
                 ERR_UNAUTH, "no case folding");
    /* Salted: the same password gives another string. */
    cr_assert_eq(pwhash_hash(good_pw, strlen(good_pw), h2, sizeof(h2), NULL), 0);
    cr_expect_str_neq(h, h2);
    cr_expect_not(pwhash_needs_rehash(h, strlen(h)));
}

Test(pwhash, unicode_long_and_nul_passwords_roundtrip_exactly)
{
    char h[PWHASH_STR_MAX];
    char pw[100];
    const char *uni = "Zoë's één-hoorn ĳsbeer 🦄 straat";
    cr_assert_eq(pwhash_hash(uni, strlen(uni), h, sizeof(h), NULL), 0);
    cr_expect_eq(pwhash_verify(h, strlen(h), uni, strlen(uni), NULL), 0);
    for (size_t i = 0; i < sizeof(pw); i++)
        pw[i] = (char)('a' + i % 26);
    pw[50] = '\0'; /* bytes as typed: an embedded NUL is part of the password */
    cr_assert_eq(pwhash_hash(pw, sizeof(pw), h, sizeof(h), NULL), 0);
    cr_expect_eq(pwhash_verify(h, strlen(h), pw, sizeof(pw), NULL), 0);
    cr_expect_eq(pwhash_verify(h, strlen(h), pw, 50, NULL), ERR_UNAUTH, "no truncation at NUL");
    cr_expect_eq(pwhash_verify(h, strlen(h), pw, 99, NULL), ERR_UNAUTH, "no truncation");
}

Test(pwhash, too_long_and_small_buffer_refused)
{
    static char big[PWHASH_PW_MAX_BYTES + 1];
    char h[PWHASH_STR_MAX];
    struct err e;
    memset(big, 'x', sizeof(big));
    err_clear(&e);
    cr_expect_eq(pwhash_hash(big, sizeof(big), h, sizeof(h), &e), ERR_TOOBIG);
    cr_expect_str_eq(e.fields[0].name, "password");
    cr_expect_eq(pwhash_hash(good_pw, strlen(good_pw), h, 64, NULL), ERR_INVAL);
    cr_assert_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL), 0);
    cr_expect_eq(pwhash_verify(h, strlen(h), big, sizeof(big), NULL), ERR_UNAUTH);
}

Test(pwhash, malformed_stored_hash_and_unknown_user_fail_the_same_way)
{
    struct err e;
    err_clear(&e);
    cr_expect_eq(pwhash_verify("$argon2id$garbage", 17, good_pw, strlen(good_pw), &e), ERR_UNAUTH);
    cr_expect_eq(pwhash_verify("", 0, good_pw, strlen(good_pw), NULL), ERR_UNAUTH);
    cr_expect_eq(pwhash_verify(NULL, 0, good_pw, strlen(good_pw), NULL), ERR_UNAUTH);
    char msg[ERR_MSG_MAX];
    memcpy(msg, e.detail, sizeof(msg));
    err_clear(&e);
    cr_expect_eq(pwhash_verify_dummy(good_pw, strlen(good_pw), &e), ERR_UNAUTH);
    cr_expect_str_eq(e.detail, msg, "same message for unknown user and wrong password");
    /* The dummy hash exists and has the configured cost. */
    cr_expect_eq(strncmp(g_dummy, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
}

Test(pwhash, needs_rehash_after_parameter_change)
{
    char h[PWHASH_STR_MAX], i13[PWHASH_STR_MAX];
    struct pwhash_params p;
    cr_assert_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL), 0);
    cr_expect_not(pwhash_needs_rehash(h, strlen(h)));
    cr_expect(pwhash_needs_rehash("junk", 4));
    cr_expect(pwhash_needs_rehash(h, strlen(h) - 1), "truncated");
    /* An argon2i hash with the same cost is still upgraded to argon2id. */
    cr_assert_eq(crypto_pwhash_str_alg(i13, "x", 1, 3, PWHASH_MEM_MIN, crypto_pwhash_ALG_ARGON2I13),
                 0);
    cr_expect(pwhash_needs_rehash(i13, strlen(i13)));

    pwhash_params_default(&p);
    p.ops = 3;
    cr_assert_eq(pwhash_configure(&p, NULL), 0);
    cr_expect(pwhash_needs_rehash(h, strlen(h)));
    cr_expect_eq(pwhash_verify(h, strlen(h), good_pw, strlen(good_pw), NULL), 0,
                 "old hashes still verify");
    cr_assert_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL), 0);
    cr_expect_eq(strncmp(h, "$argon2id$v=19$m=19456,t=3,p=1$", 31), 0);
    cr_expect_not(pwhash_needs_rehash(h, strlen(h)));
}

Test(pwhash, gate_refuses_when_full_and_recovers)
{
    struct pwhash_params p;
    char h[PWHASH_STR_MAX];
    struct err e;
    pwhash_params_default(&p);
    p.concurrency = 1;
    p.wait_ms = 50;
    cr_assert_eq(pwhash_configure(&p, NULL), 0);
    cr_assert_eq(gate_enter(NULL), 0); /* take the only slot */
    err_clear(&e);
    cr_expect_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), &e), ERR_UNAVAILABLE);
    cr_expect_eq(e.code, ERR_UNAVAILABLE);
    cr_expect_eq(pwhash_verify_dummy(good_pw, strlen(good_pw), NULL), ERR_UNAVAILABLE);
    gate_leave();
    cr_expect_eq(pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL), 0);
    cr_expect_eq(g_active, 0);
}

struct worker {
    pthread_t th;
    int rc;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    char h[PWHASH_STR_MAX];
    w->rc = pwhash_hash(good_pw, strlen(good_pw), h, sizeof(h), NULL);
    if (w->rc == 0)
        w->rc = pwhash_verify(h, strlen(h), good_pw, strlen(good_pw), NULL);
    return NULL;
}

Test(pwhash, waiting_callers_get_a_slot)
{
    struct pwhash_params p;
    struct worker w[6];
    pwhash_params_default(&p);
    p.concurrency = 2;
    p.wait_ms = 60000;
    cr_assert_eq(pwhash_configure(&p, NULL), 0);
    for (size_t i = 0; i < ARRAY_LEN(w); i++)
        cr_assert_eq(pthread_create(&w[i].th, NULL, work, &w[i]), 0);
    for (size_t i = 0; i < ARRAY_LEN(w); i++) {
        pthread_join(w[i].th, NULL);
        cr_expect_eq(w[i].rc, 0, "worker %zu", i);
    }
    cr_expect_eq(g_active, 0);
}

/* ---- password policy --------------------------------------------------------------------- */

static int check(const char *pw, const char *const *ctx, size_t n_ctx, struct err *e)
{
    err_clear(e);
    return pwhash_policy_check(pw, strlen(pw), ctx, n_ctx, e);
}

static void expect_refused(const char *pw, const char *const *ctx, size_t n_ctx, const char *why)
{
    struct err e;
    cr_expect_eq(check(pw, ctx, n_ctx, &e), ERR_INVAL, "should be refused (%s)", why);
    cr_expect_eq(e.n_fields, 1);
    cr_expect_str_eq(e.fields[0].name, "password");
    cr_expect_neq(e.fields[0].reason[0], '\0');
}

static void expect_ok(const char *pw, const char *const *ctx, size_t n_ctx)
{
    struct err e;
    int rc = check(pw, ctx, n_ctx, &e);
    cr_expect_eq(rc, 0, "should be accepted: %s", e.fields[0].reason);
}

Test(pwhash, policy_length_in_code_points)
{
    static char max[PWHASH_PW_MAX_CHARS + 2];
    struct err e;
    expect_refused("bruine beer wa", NULL, 0, "14 chars");
    expect_ok("bruine beer wan", NULL, 0);
    cr_expect_eq(check("bruine beer wa", NULL, 0, &e), ERR_INVAL);
    cr_expect_str_eq(e.fields[0].reason, "Het wachtwoord moet minstens 15 tekens lang zijn.");
    /* 14 code points in 20 bytes: too short although over 15 bytes. */
    expect_refused("één ĳs ëxtra ä", NULL, 0, "14 code points");
    expect_ok("één ĳs ëxtra äb", NULL, 0);
    /* 1024 and 1025 characters: a non-repeating pseudo-random text. */
    uint32_t x = 12345;
    for (size_t i = 0; i < PWHASH_PW_MAX_CHARS + 1; i++) {
        x = x * 1103515245u + 12345u;
        max[i] = (char)('a' + (x >> 16) % 26);
    }
    cr_expect_eq(pwhash_policy_check(max, PWHASH_PW_MAX_CHARS, NULL, 0, NULL), 0);
    err_clear(&e);
    cr_expect_eq(pwhash_policy_check(max, PWHASH_PW_MAX_CHARS + 1, NULL, 0, &e), ERR_INVAL);
    cr_expect_str_eq(e.fields[0].reason, "Het wachtwoord mag hoogstens 1024 tekens lang zijn.");
}

Test(pwhash, policy_rejects_invalid_utf8_and_controls)
{
    expect_refused("geldig begin \xff\xfe en verder", NULL, 0, "invalid UTF-8");
    expect_refused("overlong \xc0\xaf slash tekst", NULL, 0, "overlong");
    expect_refused("met een\nnieuwe regel erin", NULL, 0, "newline");
    expect_refused("met een\x01 stuurteken erin", NULL, 0, "control");
    expect_ok("met een\ttab ertussen", NULL, 0);
}

Test(pwhash, policy_has_no_composition_rules)
{
    expect_ok("alleen kleine letters en spaties", NULL, 0);
    expect_ok("zonderspatiesofhoofdletters", NULL, 0);
    expect_ok("correct horse battery staple", NULL, 0);
}

Test(pwhash, policy_rejects_common_passwords)
{
    expect_refused("wachtwoord12345!", NULL, 0, "common + digits");
    expect_refused("Welkom2024Welkom2024", NULL, 0, "repeated common+year");
    expect_refused("passwordpassword", NULL, 0, "repeated");
    expect_refused("PasswordPasswordPassword", NULL, 0, "repeated, case");
    expect_refused("P@ssw0rd123456789", NULL, 0, "leet + digits");
    expect_refused("!!!!feyenoord2024!!!!", NULL, 0, "club + year + symbols");
    expect_refused("zomer2025zomer2025", NULL, 0, "season + year");
    expect_refused("123456789012345", NULL, 0, "digits");
    expect_refused("iloveyou12345678", NULL, 0, "classic");
    struct err e;
    cr_expect_eq(check("wachtwoord12345!", NULL, 0, &e), ERR_INVAL);
    cr_expect_not_null(strstr(e.fields[0].reason, "veelgebruikte"));
}

Test(pwhash, policy_rejects_walks_and_repetition)
{
    expect_refused("qwertyuiopasdfgh", NULL, 0, "keyboard walk");
    expect_refused("1234567890123456", NULL, 0, "digit run");
    expect_refused("abcdefghijklmnopq", NULL, 0, "alphabet");
    expect_refused("1qaz2wsx3edc4rfv", NULL, 0, "column walk");
    expect_refused("aaaaaaaaaaaaaaaa", NULL, 0, "one char");
    expect_refused("abababababababab", NULL, 0, "two chars");
    expect_refused("ééééééééééééééé", NULL, 0, "one non-ASCII char");
}

Test(pwhash, policy_rejects_context_words)
{
    const char *ctx[] = {"j.jansen", "Gemeente Bunschoten", NULL};
    expect_refused("Gemeente2024!!!!", NULL, 0, "gemeente is half");
    expect_refused("radicalisering12", NULL, 0, "fixed word");
    expect_refused("casusoverleg-regie", NULL, 0, "two fixed words");
    expect_refused("Veiligheidshuis#1", NULL, 0, "fixed word");
    expect_refused("jansen-jansen-42!", ctx, 3, "username part");
    expect_refused("BunschotenBunschoten9", ctx, 3, "org name part");
    expect_ok("BunschotenBunschoten9", NULL, 0);
    expect_ok("ik fiets elke dag door bunschoten heen", ctx, 3);
    expect_ok("mijn gemeente heeft mooie grachten", NULL, 0);
    struct err e;
    cr_expect_eq(check("BunschotenBunschoten9", ctx, 3, &e), ERR_INVAL);
    cr_expect_not_null(strstr(e.fields[0].reason, "gebruikersnaam"));
    /* Words under 4 characters are not context words. */
    const char *short_ctx[] = {"abc"};
    expect_ok("abc paarse kat abc", short_ctx, 1);
}
