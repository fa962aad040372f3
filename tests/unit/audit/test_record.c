/* test_record.c: canonical encoding (known answers from an independent Python implementation of
 * the format in record.h), decoder strictness, injectivity, validation, and the hash chain. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "audit/record.h"
#include "core/rand.h"

static void init(void)
{
    cr_assert_eq(core_init(), 0);
}

TestSuite(audit_record, .init = init);

static void hx(const char *hex, uint8_t *out, size_t n)
{
    cr_assert_eq(hex_decode(hex, strlen(hex), out, n), 0);
}

/* Record 1 of the KAT (all fields set). */
static void kat_rec1(struct audit_rec *r)
{
    memset(r, 0, sizeof *r);
    r->seq = 42;
    r->ts_ms = 1764345773123;
    r->action = AUDIT_ACT_READ;
    r->outcome = AUDIT_OUT_OK;
    r->user_id = 7;
    r->org_id = 3;
    r->role = STR_LIT("procesregisseur");
    r->on_behalf_of = 0;
    r->purpose = STR_LIT("casusoverleg");
    r->processing_activity = STR_LIT("https://register.example.nl/va/12");
    r->legal_basis = STR_LIT("avg-6-1-e");
    r->has_subject = true;
    for (int i = 0; i < 32; i++)
        r->subject[i] = (uint8_t)i;
    r->subject_id_type = STR_LIT("person");
    r->object_type = STR_LIT("case");
    r->object_id = STR_LIT("c-0001");
    r->categories = AUDIT_CAT_SIGNAL | AUDIT_CAT_PLAN;
    r->fields_touched = STR_LIT("summary,plan");
    r->request_id = STR_LIT("req-1");
    for (int i = 0; i < 16; i++)
        r->trace_id[i] = (uint8_t)(0x10 + i);
    for (int i = 0; i < 8; i++)
        r->span_id[i] = (uint8_t)(0x20 + i);
    r->client_addr = STR_LIT("192.0.2.10");
    r->session_ref = STR_LIT("s-hash");
    r->authz_rule = STR_LIT("case.read.member");
    for (int i = 0; i < 16; i++)
        r->salt[i] = (uint8_t)(0xa0 + i);
}

/* Record 2 of the KAT (minimal: empty strings, no subject). */
static void kat_rec2(struct audit_rec *r)
{
    memset(r, 0, sizeof *r);
    r->seq = 0;
    r->ts_ms = 1;
    r->action = AUDIT_ACT_LOGIN_FAILED;
    r->outcome = AUDIT_OUT_DENIED;
    memset(r->trace_id, 1, 16);
    memset(r->span_id, 2, 8);
}

static const char kat1_canon[] =
    "5247410101000000000000002a020000019acb33fc430302040105000000000000000706000000000000000307"
    "000f70726f63657372656769737365757208000000000000000009000c63617375736f7665726c65670a002168"
    "747470733a2f2f72656769737465722e6578616d706c652e6e6c2f76612f31320b00096176672d362d312d650c"
    "01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0d0006706572736f6e0e0004"
    "636173650f0006632d30303031100000008211000c73756d6d6172792c706c616e1200057265712d3113101112"
    "131415161718191a1b1c1d1e1f14202122232425262715000000000000000016000a3139322e302e322e313017"
    "0006732d68617368180010636173652e726561642e6d656d626572";
static const char kat2_canon[] =
    "52474101010000000000000000020000000000000001030c0402050000000000000000060000000000000000070000"
    "0800000000000000000900000a00000b00000c000d00000e00000f00001000000000110000120000130101010101"
    "0101010101010101010101140202020202020202150000000000000000160000170000180000";

Test(audit_record, canonical_encoding_kat)
{
    struct audit_rec r;
    uint8_t buf[AUDIT_REC_MAX], want[AUDIT_REC_MAX];
    size_t n = 0;
    kat_rec1(&r);
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
    cr_assert_eq(n, strlen(kat1_canon) / 2);
    hx(kat1_canon, want, n);
    cr_assert_arr_eq(buf, want, n);
    kat_rec2(&r);
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
    cr_assert_eq(n, strlen(kat2_canon) / 2);
    hx(kat2_canon, want, n);
    cr_assert_arr_eq(buf, want, n);
}

Test(audit_record, hashes_and_chain_kat)
{
    struct audit_rec r1, r2;
    uint8_t entry[32], leaf[32], chain[32], want[32], c0[32];
    kat_rec1(&r1);
    kat_rec2(&r2);
    audit_chain_init(c0);
    hx("f0ba07dba856879027bd416d59547024dcfd9d4eaad01632427a3561010a2656", want, 32);
    cr_assert_arr_eq(c0, want, 32);
    cr_assert_eq(audit_rec_hash(&r1, entry, leaf, NULL), 0);
    hx("852670d66082af665764b5afe419c9300e6982f8fdc84b98e590934cce61b64a", want, 32);
    cr_assert_arr_eq(entry, want, 32);
    hx("e457021aef26baa2d1e11c68cb0c552c99e673e61301fa688998f7e913b0391d", want, 32);
    cr_assert_arr_eq(leaf, want, 32);
    audit_chain_next(c0, leaf, chain);
    hx("09031c76d34436aa6ba8976e2b2b23c653751dbf2e97b05b105e9bb3c3edc7c4", want, 32);
    cr_assert_arr_eq(chain, want, 32);
    uint8_t leaf2[32], chain2[32];
    cr_assert_eq(audit_rec_hash(&r2, NULL, leaf2, NULL), 0);
    hx("ea91f17fbfeb51d63cc84957a9f69aa5f0acf7934f1f0c8f274c47563489f133", want, 32);
    cr_assert_arr_eq(leaf2, want, 32);
    audit_chain_next(chain, leaf2, chain2);
    hx("3318462821495d96eaf782f75f80ebc96910e6be01e4d581b879a9c1f9e9d7fa", want, 32);
    cr_assert_arr_eq(chain2, want, 32);
    /* the salt is hashed: another salt, another leaf */
    r1.salt[0] ^= 1;
    uint8_t leaf3[32];
    cr_assert_eq(audit_rec_hash(&r1, NULL, leaf3, NULL), 0);
    cr_assert(memcmp(leaf3, leaf, 32) != 0);
}

Test(audit_record, writer_state_kat)
{
    struct audit_state st;
    struct audit_rec r1, r2;
    uint8_t l1[32], c1[32], l2[32], c2[32], root[32], want[32];
    kat_rec1(&r1);
    kat_rec2(&r2);
    r1.seq = 0;
    r2.seq = 1;
    audit_state_init(&st);
    /* The KAT hashes are pinned above; here the writer's wiring of leaf, chain and tree. */
    cr_assert_eq(audit_state_append(&st, &r1, l1, c1, NULL), 0);
    struct err e;
    err_clear(&e);
    cr_assert_eq(audit_state_append(&st, &r1, l2, c2, &e), ERR_INVAL); /* seq 0 again */
    cr_assert_str_eq(e.fields[0].name, "seq");
    cr_assert_eq(audit_state_append(&st, &r2, l2, c2, NULL), 0);
    uint8_t x[32];
    cr_assert_eq(audit_rec_hash(&r2, NULL, x, NULL), 0);
    cr_assert_arr_eq(x, l2, 32);
    audit_chain_next(c1, l2, x);
    cr_assert_arr_eq(x, c2, 32);
    audit_state_root(&st, root);
    audit_merkle_node_hash(l1, l2, want);
    cr_assert_arr_eq(root, want, 32);
    cr_assert_eq(st.fr.end, 2);
    cr_assert(audit_state_valid(&st));

    /* a corrupted state (as read back from a damaged blob) is refused, not indexed */
    struct audit_state bad = st;
    bad.fr.n = 200;
    cr_assert(!audit_state_valid(&bad));
    r2.seq = 2;
    cr_assert_eq(audit_state_append(&bad, &r2, l2, c2, NULL), ERR_INVAL);
    bad = st;
    bad.fr.level[0] = 0;
    cr_assert(!audit_state_valid(&bad));
    bad = st;
    bad.fr.begin = 1;
    cr_assert(!audit_state_valid(&bad));
    bad = st;
    bad.fr.end = 3; /* popcount 2, but levels {1, 0} expected, node count 1 */
    cr_assert(!audit_state_valid(&bad));
}

Test(audit_record, decode_roundtrip_and_strictness)
{
    struct audit_rec r, d;
    uint8_t buf[AUDIT_REC_MAX], again[AUDIT_REC_MAX];
    size_t n = 0, m = 0;
    kat_rec1(&r);
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
    cr_assert_eq(audit_rec_decode(buf, n, &d, NULL), 0);
    memcpy(d.salt, r.salt, 16);
    cr_assert_eq(audit_rec_encode(&d, again, sizeof again, &m, NULL), 0);
    cr_assert_eq(m, n);
    cr_assert_arr_eq(again, buf, n);
    cr_assert(str_eq(d.purpose, r.purpose) && d.has_subject && d.seq == 42);
    cr_assert_arr_eq(d.subject, r.subject, 32);

    /* every proper prefix is rejected, and so is a trailing byte */
    uint64_t cseq = 0;
    for (size_t k = 0; k < n; k++) {
        cr_assert_eq(audit_rec_decode(buf, k, &d, NULL), ERR_INVAL, "prefix %zu", k);
        cr_assert_eq(audit_rec_check(buf, k, &cseq), ERR_INVAL, "prefix %zu", k);
    }
    buf[n] = 0;
    cr_assert_eq(audit_rec_decode(buf, n + 1, &d, NULL), ERR_INVAL);
    cr_assert_eq(audit_rec_check(buf, n + 1, &cseq), ERR_INVAL);
    cr_assert_eq(audit_rec_check(buf, n, &cseq), 0);
    cr_assert_eq(cseq, 42);

    /* the leaf of the stored bytes is the leaf of the record */
    uint8_t leaf[32], leaf2[32];
    cr_assert_eq(audit_rec_hash(&r, NULL, leaf, NULL), 0);
    audit_rec_hash_encoded(r.salt, buf, n, leaf2);
    cr_assert_arr_eq(leaf, leaf2, 32);

    /* Injectivity, exhaustively over single-bit flips: a flipped encoding either fails to
     * decode or decodes to a record whose encoding is exactly the flipped bytes (so two distinct
     * byte strings never decode to one record). */
    size_t accepted = 0;
    for (size_t i = 0; i < n; i++) {
        for (int b = 0; b < 8; b++) {
            buf[i] ^= (uint8_t)(1u << b);
            cseq = 0;
            bool checked = audit_rec_check(buf, n, &cseq) == 0; /* the verifier's fast check */
            if (audit_rec_decode(buf, n, &d, NULL) == 0) {
                cr_assert(checked && cseq == d.seq, "check disagrees at flip %zu/%d", i, b);
                accepted++;
                cr_assert_eq(audit_rec_encode(&d, again, sizeof again, &m, NULL), 0);
                cr_assert_eq(m, n);
                cr_assert_arr_eq(again, buf, n, "flip %zu/%d", i, b);
            } else {
                cr_assert(!checked, "check accepts flip %zu/%d", i, b);
                cr_assert_eq(d.seq, 0); /* *out is zeroed on error */
            }
            buf[i] ^= (uint8_t)(1u << b);
        }
    }
    cr_assert(accepted > 0 && accepted < 8 * n);

    /* bad magic/version, unknown enum values, oversize length */
    uint8_t bad[AUDIT_REC_MAX];
    memcpy(bad, buf, n);
    bad[3] = 2;
    cr_assert_eq(audit_rec_decode(bad, n, &d, NULL), ERR_INVAL);
    cr_assert_eq(audit_rec_check(bad, n, &cseq), ERR_INVAL);
    memcpy(bad, buf, n);
    bad[4 + 9 + 9 + 1] = 99; /* action value */
    cr_assert_eq(audit_rec_decode(bad, n, &d, NULL), ERR_INVAL);
    cr_assert_eq(audit_rec_check(bad, n, &cseq), ERR_INVAL);
    memcpy(bad, buf, n);
    bad[4 + 9 + 9 + 2 + 2 + 9 + 9 + 1] = 0xff; /* role length high byte */
    cr_assert_eq(audit_rec_decode(bad, n, &d, NULL), ERR_INVAL);
    cr_assert_eq(audit_rec_check(bad, n, &cseq), ERR_INVAL);
    cr_assert_eq(audit_rec_decode(NULL, 0, &d, NULL), ERR_INVAL);
}

Test(audit_record, random_records_roundtrip)
{
    uint8_t buf[AUDIT_REC_MAX], again[AUDIT_REC_MAX];
    char text[AUDIT_REC_MAX];
    uint8_t rnd[64];
    for (int it = 0; it < 2000; it++) {
        struct audit_rec r, d;
        memset(&r, 0, sizeof r);
        rand_bytes(rnd, sizeof rnd);
        rand_bytes(text, sizeof text);
        r.seq = (uint64_t)rnd[0] << 40 | rnd[1];
        r.ts_ms = (int64_t)rnd[2] - 100;
        r.action = (enum audit_action)(1 + rnd[3] % AUDIT_ACT_LAST);
        r.outcome = (enum audit_outcome)(1 + rnd[4] % AUDIT_OUT_LAST);
        r.user_id = -(int64_t)rnd[5];
        r.categories = rnd[6] & AUDIT_CAT_ALL;
        r.has_subject = rnd[7] & 1;
        r.role = (struct str){text, rnd[8] % (AUDIT_ROLE_MAX + 1)};
        r.purpose = (struct str){text + 100, (size_t)(rnd[9] | (rnd[10] & 1) << 8)};
        r.authz_rule = (struct str){text + 1000, rnd[11] % (AUDIT_AUTHZ_RULE_MAX + 1)};
        size_t n = 0, m = 0;
        cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
        cr_assert_eq(audit_rec_decode(buf, n, &d, NULL), 0);
        uint64_t cseq = 0;
        cr_assert_eq(audit_rec_check(buf, n, &cseq), 0);
        cr_assert_eq(cseq, r.seq);
        cr_assert_eq(audit_rec_encode(&d, again, sizeof again, &m, NULL), 0);
        cr_assert_eq(m, n);
        cr_assert_arr_eq(again, buf, n);
    }
}

Test(audit_record, encode_limits)
{
    struct audit_rec r;
    uint8_t buf[AUDIT_REC_MAX];
    char big[AUDIT_PURPOSE_MAX + 1];
    size_t n = 0;
    struct err e;
    memset(big, 'x', sizeof big);
    kat_rec1(&r);
    r.purpose = (struct str){big, AUDIT_PURPOSE_MAX};
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
    r.purpose.n++;
    err_clear(&e);
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, &e), ERR_INVAL);
    cr_assert_str_eq(e.fields[0].name, "purpose");
    kat_rec1(&r);
    cr_assert_eq(audit_rec_encode(&r, buf, 10, &n, NULL), ERR_TOOBIG);
    r.action = (enum audit_action)0;
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), ERR_INVAL);
    kat_rec1(&r);
    r.outcome = (enum audit_outcome)4;
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), ERR_INVAL);
    kat_rec1(&r);
    r.categories = 1u << 10;
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), ERR_INVAL);
    kat_rec1(&r);
    r.role = (struct str){NULL, 3};
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), ERR_INVAL);
    /* The bound holds for a record with every string at its maximum. */
    static char all[AUDIT_REC_MAX];
    memset(all, 'a', sizeof all);
    kat_rec1(&r);
    r.role = (struct str){all, AUDIT_ROLE_MAX};
    r.purpose = (struct str){all, AUDIT_PURPOSE_MAX};
    r.processing_activity = (struct str){all, AUDIT_PROCESSING_MAX};
    r.legal_basis = (struct str){all, AUDIT_LEGAL_BASIS_MAX};
    r.subject_id_type = (struct str){all, AUDIT_SUBJECT_TYPE_MAX};
    r.object_type = (struct str){all, AUDIT_OBJECT_TYPE_MAX};
    r.object_id = (struct str){all, AUDIT_OBJECT_ID_MAX};
    r.fields_touched = (struct str){all, AUDIT_FIELDS_MAX};
    r.request_id = (struct str){all, AUDIT_REQUEST_ID_MAX};
    r.client_addr = (struct str){all, AUDIT_CLIENT_ADDR_MAX};
    r.session_ref = (struct str){all, AUDIT_SESSION_REF_MAX};
    r.authz_rule = (struct str){all, AUDIT_AUTHZ_RULE_MAX};
    cr_assert_eq(audit_rec_encode(&r, buf, sizeof buf, &n, NULL), 0);
    cr_assert(n <= AUDIT_REC_MAX);
}

Test(audit_record, validate)
{
    struct audit_rec r;
    struct err e;
    kat_rec1(&r);
    cr_assert_eq(audit_rec_validate(&r, NULL), 0);

    kat_rec1(&r);
    r.action = AUDIT_ACT_EXPORT;
    r.purpose = STR_NULL;
    err_clear(&e);
    cr_assert_eq(audit_rec_validate(&r, &e), ERR_INVAL);
    cr_assert_str_eq(e.fields[0].name, "purpose");

    kat_rec1(&r);
    r.object_id = STR_LIT("c-\x01");
    err_clear(&e);
    cr_assert_eq(audit_rec_validate(&r, &e), ERR_INVAL);
    cr_assert_str_eq(e.fields[0].name, "object_id");

    kat_rec1(&r);
    r.role = STR_LIT("\xc3\x28");
    cr_assert_eq(audit_rec_validate(&r, NULL), ERR_INVAL);

    kat_rec1(&r);
    memset(r.trace_id, 0, 16);
    err_clear(&e);
    cr_assert_eq(audit_rec_validate(&r, &e), ERR_INVAL);
    cr_assert_str_eq(e.fields[0].name, "trace_id");

    kat_rec1(&r);
    r.user_id = -1;
    cr_assert_eq(audit_rec_validate(&r, NULL), ERR_INVAL);
    kat_rec1(&r);
    r.ts_ms = 0;
    cr_assert_eq(audit_rec_validate(&r, NULL), ERR_INVAL);

    /* the writer refuses what does not validate, and its state stays put */
    struct audit_state st;
    uint8_t l[32], c[32];
    audit_state_init(&st);
    kat_rec1(&r);
    r.seq = 0;
    r.ts_ms = 0;
    cr_assert_eq(audit_state_append(&st, &r, l, c, NULL), ERR_INVAL);
    cr_assert_eq(st.fr.end, 0);
}

Test(audit_record, names)
{
    enum audit_action a;
    for (int i = 1; i <= (int)AUDIT_ACT_LAST; i++) {
        const char *nm = audit_action_name((enum audit_action)i);
        cr_assert_eq(audit_action_parse(str_from_cstr(nm), &a), 0);
        cr_assert_eq((int)a, i);
    }
    cr_assert_str_eq(audit_action_name(AUDIT_ACT_BREAK_GLASS), "break_glass");
    cr_assert_str_eq(audit_action_name((enum audit_action)0), "?");
    cr_assert_eq(audit_action_parse(STR_LIT("reads"), &a), ERR_INVAL);
    cr_assert_str_eq(audit_outcome_name(AUDIT_OUT_DENIED), "denied");
}
