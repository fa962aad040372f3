/* test_merkle.c: RFC 9162 Merkle tree, compact ranges and proofs.
 *
 * Test data transcribed from transparency-dev/merkle (Apache-2.0), data only, no code:
 *  - proof/verify_test.go: the RFC 6962 leaves, roots of sizes 1..8, inclusion proofs and
 *    consistency proofs (hex), and the list of corruptions its tests apply;
 *  - rfc6962/rfc6962_test.go: empty-tree, empty-leaf and "L123456" leaf hashes;
 *  - testdata/inclusion/{0,1,2,4}/ and testdata/consistency/{1,2,3,4}/ (JSON files): happy paths
 *    and corrupted proofs (modified bits, wrong index/size, wrong leaf/root, missing, extra,
 *    inserted and preceding elements, empty proofs, garbage elements), base64 as in the files.
 * The corruption probes of TestVerifyInclusion/TestVerifyConsistency are regenerated here by
 * our own code from the transcribed proofs. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "audit/merkle.h"
#include "core/rand.h"

/* A 2-D hash array as the flat buffer the API takes. */
#define FLAT(a) ((uint8_t *)(a))

static void init(void)
{
    cr_assert_eq(core_init(), 0);
}

TestSuite(audit_merkle, .init = init);

static void hx(const char *hex, uint8_t out[32])
{
    cr_assert_eq(hex_decode(hex, strlen(hex), out, 32), 0, "bad hex %s", hex);
}

/* ---- RFC 6962 vectors (proof/verify_test.go) ----------------------------------------------- */

static const char *const leaves_hex[] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

static const char *const roots_hex[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct hex_proof {
    uint64_t a; /* leaf (1-based as in the Go file) or size1 */
    uint64_t b; /* size or size2 */
    size_t n;
    const char *p[3];
};

static const struct hex_proof incl_hex[] = {
    {1,
     8,
     3,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     3,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {3, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {2,
     5,
     3,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

static const struct hex_proof cons_hex[] = {
    {1,
     8,
     3,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     3,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     2,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     3,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

static const char some_hash_hex[] =
    "abacaba000000000000000000000000000000000000000000060061e00123456";
static const char empty_hash_hex[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

static uint8_t rfc_leaf[8][32];
static uint8_t rfc_root[8][32];

static void load_rfc(void)
{
    for (size_t i = 0; i < 8; i++) {
        uint8_t data[16];
        size_t n = strlen(leaves_hex[i]) / 2;
        cr_assert_eq(hex_decode(leaves_hex[i], 2 * n, data, n), 0);
        audit_merkle_leaf_hash(data, n, rfc_leaf[i]);
        hx(roots_hex[i], rfc_root[i]);
    }
}

Test(audit_merkle, rfc6962_hasher_kat)
{
    uint8_t got[32], want[32];
    audit_merkle_empty_root(got);
    hx(empty_hash_hex, want);
    cr_assert_arr_eq(got, want, 32);
    audit_merkle_leaf_hash("", 0, got);
    hx("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", want);
    cr_assert_arr_eq(got, want, 32);
    audit_merkle_leaf_hash("L123456", 7, got);
    hx("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56", want);
    cr_assert_arr_eq(got, want, 32);
    /* A long leaf takes the streaming path. */
    uint8_t big[100] = {0};
    uint8_t a[32], b[32];
    audit_merkle_leaf_hash(big, 100, a);
    audit_merkle_leaf_hash(big, 99, b);
    cr_assert(memcmp(a, b, 32) != 0);
}

Test(audit_merkle, rfc6962_roots_sizes_1_to_8)
{
    load_rfc();
    for (uint64_t n = 1; n <= 8; n++) {
        uint8_t got[32];
        audit_merkle_root_of(FLAT(rfc_leaf), n, got);
        cr_assert_arr_eq(got, rfc_root[n - 1], 32, "root of size %" PRIu64, n);
        struct audit_crange r;
        audit_crange_init(&r, 0);
        for (uint64_t i = 0; i < n; i++)
            cr_assert_eq(audit_crange_append_leaf(&r, rfc_leaf[i]), 0);
        cr_assert_eq(audit_crange_root(&r, got), 0);
        cr_assert_arr_eq(got, rfc_root[n - 1], 32);
    }
    uint8_t e[32], want[32];
    audit_merkle_root_of(FLAT(rfc_leaf), 0, e);
    hx(empty_hash_hex, want);
    cr_assert_arr_eq(e, want, 32);
}

static void load_proof(const struct hex_proof *h, uint8_t (*out)[32])
{
    for (size_t i = 0; i < h->n; i++)
        hx(h->p[i], out[i]);
}

static bool incl_ok(uint64_t idx, uint64_t size, const uint8_t *leaf, const void *p, size_t n,
                    const uint8_t *root)
{
    return audit_merkle_inclusion_verify(idx, size, leaf, p, n, root, NULL) == 0;
}

static bool cons_ok(uint64_t s1, uint64_t s2, const uint8_t *r1, const uint8_t *r2, const void *p,
                    size_t n)
{
    return audit_merkle_consistency_verify(s1, s2, r1, r2, p, n, NULL) == 0;
}

/* The corruptions of corruptInclusionProof, regenerated (only 32-byte values: the wrong-size
 * ones are covered by the base64 vectors below, where they fail to decode). */
Test(audit_merkle, rfc6962_inclusion_and_corruptions)
{
    load_rfc();
    uint8_t some[32], empty[32];
    hx(some_hash_hex, some);
    hx(empty_hash_hex, empty);
    size_t probes = 0;
    for (size_t v = 0; v < ARRAY_LEN(incl_hex); v++) {
        const struct hex_proof *h = &incl_hex[v];
        uint8_t p[8][32], q[8][32];
        load_proof(h, p);
        uint64_t idx = h->a - 1, size = h->b;
        const uint8_t *leaf = rfc_leaf[h->a - 1], *root = rfc_root[size - 1];
        size_t n = h->n;
        cr_assert(incl_ok(idx, size, leaf, p, n, root), "vector %zu", v);
        /* our generator gives the same proof */
        struct audit_leaf_array arr = {FLAT(rfc_leaf), size};
        struct audit_tree_src src = {audit_leaf_array_node, &arr};
        uint8_t g[8][32];
        size_t gn = 0;
        cr_assert_eq(audit_merkle_inclusion_proof(&src, idx, size, FLAT(g), 8, &gn, NULL), 0);
        cr_assert_eq(gn, n);
        cr_assert_arr_eq(g, p, 32 * n);

        cr_assert(!incl_ok(idx - 1, size, leaf, p, n, root)); /* idx 0 - 1 wraps: >= size */
        cr_assert(!incl_ok(idx + 1, size, leaf, p, n, root));
        cr_assert(!incl_ok(idx ^ 2, size, leaf, p, n, root));
        cr_assert(!incl_ok(idx, size * 2, leaf, p, n, root));
        cr_assert(!incl_ok(idx, size / 2, leaf, p, n, root));
        cr_assert(!incl_ok(idx, size, some, p, n, root));
        cr_assert(!incl_ok(idx, size, leaf, p, n, empty));
        cr_assert(!incl_ok(idx, size, leaf, p, n, some));
        memcpy(q, p, sizeof p);
        memcpy(q[n], root, 32);
        cr_assert(!incl_ok(idx, size, leaf, q, n + 1, root), "trailing root");
        memcpy(q[0], root, 32);
        memcpy(q[1], p, 32 * n);
        cr_assert(!incl_ok(idx, size, leaf, q, n + 1, root), "preceding root");
        for (size_t i = 0; i < n; i++) {
            memcpy(q, p, sizeof p);
            q[i][0] ^= 8;
            cr_assert(!incl_ok(idx, size, leaf, q, n, root), "modified proof[%zu] bit 3", i);
        }
        if (n > 0)
            cr_assert(!incl_ok(idx, size, leaf, p, n - 1, root), "removed component");
        if (n > 1) {
            memcpy(q[0], p[0], 32);
            memcpy(q[1], some, 32);
            memcpy(q[2], p[1], 32 * (n - 1));
            cr_assert(!incl_ok(idx, size, leaf, q, n + 1, root), "inserted component");
        }
        probes += 12 + n;
    }
    /* TestVerifyInclusionSingleEntry and the (index, size) probes of TestVerifyInclusion. */
    uint8_t h[32];
    audit_merkle_leaf_hash("data", 4, h);
    cr_assert(incl_ok(0, 1, h, NULL, 0, h));
    const uint64_t bad[][2] = {{0, 0}, {1, 0}, {2, 1}};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        cr_assert(!incl_ok(bad[i][0], bad[i][1], some, NULL, 0, empty));
        cr_assert(!incl_ok(bad[i][0], bad[i][1], some, NULL, 0, some));
    }
    cr_assert(!incl_ok(0, 1, some, NULL, 0, empty));
    cr_assert(probes > 50);
}

Test(audit_merkle, rfc6962_consistency_and_corruptions)
{
    load_rfc();
    uint8_t some[32], empty[32];
    hx(some_hash_hex, some);
    hx(empty_hash_hex, empty);
    for (size_t v = 0; v < ARRAY_LEN(cons_hex); v++) {
        const struct hex_proof *h = &cons_hex[v];
        uint8_t p[8][32], q[8][32];
        load_proof(h, p);
        uint64_t s1 = h->a, s2 = h->b;
        const uint8_t *r1 = rfc_root[s1 - 1], *r2 = rfc_root[s2 - 1];
        size_t n = h->n;
        cr_assert(cons_ok(s1, s2, r1, r2, p, n), "vector %zu", v);
        struct audit_leaf_array arr = {FLAT(rfc_leaf), s2};
        struct audit_tree_src src = {audit_leaf_array_node, &arr};
        uint8_t g[8][32];
        size_t gn = 0;
        cr_assert_eq(audit_merkle_consistency_proof(&src, s1, s2, FLAT(g), 8, &gn, NULL), 0);
        cr_assert_eq(gn, n);
        cr_assert_arr_eq(g, p, 32 * n);

        cr_assert(!cons_ok(s1 - 1, s2, r1, r2, p, n), "size1 - 1");
        cr_assert(!cons_ok(s1 + 1, s2, r1, r2, p, n), "size1 + 1");
        cr_assert(!cons_ok(s1 ^ 2, s2, r1, r2, p, n), "size1 ^ 2");
        cr_assert(!cons_ok(s1, s2 * 2, r1, r2, p, n), "size2 * 2");
        cr_assert(!cons_ok(s1, s2 / 2, r1, r2, p, n), "size2 / 2");
        cr_assert(!cons_ok(s1, s2, some, r2, p, n), "wrong root1");
        cr_assert(!cons_ok(s1, s2, r1, some, p, n), "wrong root2");
        cr_assert(!cons_ok(s1, s2, r2, r1, p, n), "swapped roots");
        cr_assert(!cons_ok(s1, s2, r1, r2, p, 0), "empty proof");
        const uint8_t *extra[] = {r1, r2};
        for (size_t x = 0; x < 2; x++) {
            memcpy(q, p, sizeof p);
            memcpy(q[n], extra[x], 32);
            cr_assert(!cons_ok(s1, s2, r1, r2, q, n + 1), "trailing root%zu", x + 1);
            memcpy(q[0], extra[x], 32);
            memcpy(q[1], p, 32 * n);
            cr_assert(!cons_ok(s1, s2, r1, r2, q, n + 1), "preceding root%zu", x + 1);
        }
        memcpy(q[0], p[0], 32);
        memcpy(q[1], p, 32 * n);
        cr_assert(!cons_ok(s1, s2, r1, r2, q, n + 1), "preceding proof[0]");
        cr_assert(!cons_ok(s1, s2, r1, r2, p, n - 1), "truncated proof");
        for (size_t i = 0; i < n; i++) {
            memcpy(q, p, sizeof p);
            q[i][0] ^= 16;
            cr_assert(!cons_ok(s1, s2, r1, r2, q, n), "modified proof[%zu] bit 4", i);
        }
    }
    /* TestVerifyConsistency's size table ("don't care" roots become distinct 32-byte values). */
    uint8_t d1[32], d2[32], pe[1][32];
    memset(d1, 0xd1, 32);
    memset(d2, 0xd2, 32);
    memcpy(pe[0], empty, 32);
    cr_assert(!cons_ok(0, 0, d1, d2, NULL, 0));
    cr_assert(!cons_ok(1, 1, d1, d2, NULL, 0));
    cr_assert(cons_ok(0, 0, d1, d1, NULL, 0));
    cr_assert(cons_ok(0, 1, d1, d2, NULL, 0));
    cr_assert(cons_ok(1, 1, d2, d2, NULL, 0));
    cr_assert(!cons_ok(1, 0, d1, d2, NULL, 0));
    cr_assert(!cons_ok(2, 1, d1, d2, NULL, 0));
    cr_assert(!cons_ok(1, 2, d1, d2, NULL, 0));
    cr_assert(!cons_ok(0, 0, empty, d2, NULL, 0));
    cr_assert(!cons_ok(1, 1, empty, d2, NULL, 0));
    cr_assert(!cons_ok(0, 0, empty, empty, pe, 1));
    cr_assert(!cons_ok(0, 1, empty, empty, pe, 1));
    cr_assert(!cons_ok(1, 1, empty, empty, pe, 1));
}

/* ---- testdata JSON files, transcribed (base64 exactly as in the files) -------------------------
 */

struct b64_incl {
    const char *file;
    uint64_t idx, size;
    const char *root, *leaf;
    size_t n;
    const char *proof[4];
    bool want_err;
};

#define R8 "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
#define L0 "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
#define P1 "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c="
#define P2 "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="
#define P3 "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="

static const struct b64_incl incl_files[] = {
    {"inclusion/0/happy-path.json", 0, 1, L0, L0, 0, {NULL}, false},
    {"inclusion/1/happy-path.json", 0, 8, R8, L0, 3, {P1, P2, P3}, false},
    {"inclusion/1/modified-proof[1]-bit-3.json",
     0,
     8,
     R8,
     L0,
     3,
     {P1, "Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=", P3},
     true},
    {"inclusion/1/treeSize-*-2.json", 0, 16, R8, L0, 3, {P1, P2, P3}, true},
    {"inclusion/1/wrong-leaf.json", 0, 8, R8, "V3JvbmdMZWFm", 3, {P1, P2, P3}, true},
    {"inclusion/1/trailing-garbage.json", 0, 8, R8, L0, 4, {P1, P2, P3, ""}, true},
    {"inclusion/1/inserted-component.json",
     0,
     8,
     R8,
     L0,
     4,
     {P1, "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=", P2, P3},
     true},
    {"inclusion/1/removed-component.json", 0, 8, R8, L0, 2, {P1, P2}, true},
    {"inclusion/1/leafIdx-+-1.json", 1, 8, R8, L0, 3, {P1, P2, P3}, true},
    {"inclusion/1/preceding-root.json", 0, 8, R8, L0, 4, {R8, P1, P2, P3}, true},
    {"inclusion/2/happy-path.json",
     5,
     8,
     R8,
     "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
     3,
     {"vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
      "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
      "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="},
     false},
    {"inclusion/4/happy-path.json",
     1,
     5,
     "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
     P1,
     3,
     {L0, P2, "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="},
     false},
};

struct b64_cons {
    const char *file;
    uint64_t s1, s2;
    const char *r1, *r2;
    size_t n;
    const char *proof[4];
    bool want_err;
};

#define D6 "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="
#define DX "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o="
#define YO "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA="
#define K7 "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
#define R5 "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="

static const struct b64_cons cons_files[] = {
    {"consistency/1/happy-path.json", 1, 8, L0, R8, 3, {P1, P2, P3}, false},
    {"consistency/1/empty-proof.json", 1, 8, L0, R8, 0, {NULL}, true},
    {"consistency/1/modified-proof[2]-bit-4.json",
     1,
     8,
     L0,
     R8,
     3,
     {P1, P2, "e0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="},
     true},
    {"consistency/1/size1-+-1.json", 2, 8, L0, R8, 3, {P1, P2, P3}, true},
    {"consistency/1/trailing-garbage.json", 1, 8, L0, R8, 4, {P1, P2, P3, ""}, true},
    {"consistency/2/happy-path.json", 6, 8, D6, R8, 3, {DX, YO, K7}, false},
    {"consistency/2/swapped-roots.json", 6, 8, R8, D6, 3, {DX, YO, K7}, true},
    {"consistency/2/truncated-proof.json", 6, 8, D6, R8, 2, {DX, YO}, true},
    {"consistency/2/preceding-proof[0].json", 6, 8, D6, R8, 4, {DX, DX, YO, K7}, true},
    {"consistency/3/happy-path.json",
     2,
     5,
     "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
     R5,
     2,
     {P2, "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="},
     false},
    {"consistency/3/wrong-root1.json",
     2,
     5,
     "V3JvbmdSb290",
     R5,
     2,
     {P2, "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="},
     true},
    {"consistency/4/happy-path.json",
     6,
     7,
     D6,
     "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
     3,
     {DX, "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=", K7},
     false},
    {"consistency/4/size2-div-2.json",
     6,
     3,
     D6,
     "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
     3,
     {DX, "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=", K7},
     true},
};

static void elems(const char *const *p, size_t n, struct str *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = str_from_cstr(p[i]);
}

/* A vector is rejected when any value fails to decode (the JSON wire form) or the proof fails. */
Test(audit_merkle, testdata_inclusion_json)
{
    for (size_t v = 0; v < ARRAY_LEN(incl_files); v++) {
        const struct b64_incl *t = &incl_files[v];
        struct str el[4];
        uint8_t proof[4][32], root[32], leaf[32];
        elems(t->proof, t->n, el);
        bool ok = audit_hash_from_b64(str_from_cstr(t->root), root, NULL) == 0 &&
                  audit_hash_from_b64(str_from_cstr(t->leaf), leaf, NULL) == 0 &&
                  audit_merkle_proof_from_b64(el, t->n, FLAT(proof), 4, NULL) == 0 &&
                  incl_ok(t->idx, t->size, leaf, proof, t->n, root);
        cr_assert_eq(ok, !t->want_err, "%s", t->file);
    }
}

Test(audit_merkle, testdata_consistency_json)
{
    for (size_t v = 0; v < ARRAY_LEN(cons_files); v++) {
        const struct b64_cons *t = &cons_files[v];
        struct str el[4];
        uint8_t proof[4][32], r1[32], r2[32];
        elems(t->proof, t->n, el);
        bool ok = audit_hash_from_b64(str_from_cstr(t->r1), r1, NULL) == 0 &&
                  audit_hash_from_b64(str_from_cstr(t->r2), r2, NULL) == 0 &&
                  audit_merkle_proof_from_b64(el, t->n, FLAT(proof), 4, NULL) == 0 &&
                  cons_ok(t->s1, t->s2, r1, r2, proof, t->n);
        cr_assert_eq(ok, !t->want_err, "%s", t->file);
    }
}

Test(audit_merkle, b64_strict)
{
    uint8_t h[32];
    cr_assert_eq(audit_hash_from_b64(STR_LIT(R8), h, NULL), 0);
    /* non-zero padding bits: last char before '=' changed from 'g' (…000000) to 'h' */
    cr_assert_neq(
        audit_hash_from_b64(STR_LIT("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh="), h, NULL), 0);
    cr_assert_neq(
        audit_hash_from_b64(STR_LIT("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg"), h, NULL), 0);
    cr_assert_neq(
        audit_hash_from_b64(STR_LIT("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg="), h, NULL), 0);
    cr_assert_neq(
        audit_hash_from_b64(STR_LIT(" XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy="), h, NULL), 0);
    cr_assert_neq(audit_hash_from_b64(STR_NULL, h, NULL), 0);
    struct str many[AUDIT_PROOF_MAX + 1];
    uint8_t out[AUDIT_PROOF_MAX + 1][32];
    for (size_t i = 0; i < ARRAY_LEN(many); i++)
        many[i] = STR_LIT(R8);
    cr_assert_eq(audit_merkle_proof_from_b64(many, AUDIT_PROOF_MAX + 1, FLAT(out),
                                             AUDIT_PROOF_MAX + 1, NULL),
                 ERR_TOOBIG);
    cr_assert_eq(audit_merkle_proof_from_b64(many, 3, FLAT(out), 2, NULL), ERR_TOOBIG);
}

/* ---- generated trees: every size 1..300, every index ---------------------------------------- */

#define NMAX 300

/* Independent reference MTH, straight from the RFC's recursive definition. */
static void ref_mth(const uint8_t *l, uint64_t n, uint8_t out[32])
{
    if (n == 0) {
        audit_merkle_empty_root(out);
    } else if (n == 1) {
        memcpy(out, l, 32);
    } else {
        uint64_t k = 1;
        while (k * 2 < n)
            k *= 2;
        uint8_t a[32], b[32];
        ref_mth(l, k, a);
        ref_mth(l + 32 * k, n - k, b);
        audit_merkle_node_hash(a, b, out);
    }
}

static uint8_t gl[NMAX][32];
/* Memo of every perfect subtree inside [0, NMAX): node[level][index]. */
static uint8_t memo[10][NMAX][32];
static size_t memo_calls;

static void build_tree(void)
{
    for (size_t i = 0; i < NMAX; i++) {
        uint8_t d[8];
        memcpy(d, &i, sizeof d);
        audit_merkle_leaf_hash(d, sizeof d, gl[i]);
        memcpy(memo[0][i], gl[i], 32);
    }
    for (unsigned lv = 1; lv < 10; lv++)
        for (size_t i = 0; ((i + 1) << lv) <= NMAX; i++)
            audit_merkle_node_hash(memo[lv - 1][2 * i], memo[lv - 1][2 * i + 1], memo[lv][i]);
}

static int memo_node(void *ctx, unsigned level, uint64_t index, uint8_t out[32])
{
    UNUSED(ctx);
    memo_calls++;
    cr_assert(level < 10 && ((index + 1) << level) <= NMAX, "node out of range");
    memcpy(out, memo[level][index], 32);
    return 0;
}

Test(audit_merkle, roots_and_crange_sizes_0_to_300)
{
    build_tree();
    struct audit_crange r;
    audit_crange_init(&r, 0);
    for (uint64_t n = 0; n <= NMAX; n++) {
        uint8_t want[32], got[32];
        ref_mth(FLAT(gl), n, want);
        cr_assert_eq(audit_crange_root(&r, got), 0);
        cr_assert_arr_eq(got, want, 32, "crange root at %" PRIu64, n);
        audit_merkle_root_of(FLAT(gl), n, got);
        cr_assert_arr_eq(got, want, 32);
        uint8_t lv[AUDIT_CRANGE_MAX];
        cr_assert_eq(audit_crange_levels(0, n, lv), (size_t)__builtin_popcountll(n));
        cr_assert_eq(r.n, (size_t)__builtin_popcountll(n));
        if (n < NMAX)
            cr_assert_eq(audit_crange_append_leaf(&r, gl[n]), 0);
    }
}

/* Any split [0,a) + [a,b) merges to the frontier of [0,b); ranges match the RFC decomposition. */
Test(audit_merkle, crange_merge_all_splits)
{
    build_tree();
    for (uint64_t b = 0; b <= 130; b++) {
        uint8_t want[32];
        ref_mth(FLAT(gl), b, want);
        for (uint64_t a = 0; a <= b; a++) {
            struct audit_crange left, right;
            audit_crange_init(&left, 0);
            audit_crange_init(&right, a);
            for (uint64_t i = 0; i < a; i++)
                cr_assert_eq(audit_crange_append_leaf(&left, gl[i]), 0);
            for (uint64_t i = a; i < b; i++)
                cr_assert_eq(audit_crange_append_leaf(&right, gl[i]), 0);
            uint8_t lv[AUDIT_CRANGE_MAX];
            size_t k = audit_crange_levels(a, b, lv);
            cr_assert_eq(right.n, k, "[%" PRIu64 ",%" PRIu64 ")", a, b);
            cr_assert_arr_eq(right.level, lv, k);
            cr_assert_eq(audit_crange_merge(&left, &right), 0);
            uint8_t got[32];
            cr_assert_eq(audit_crange_root(&left, got), 0);
            cr_assert_arr_eq(got, want, 32, "merge %" PRIu64 "+%" PRIu64, a, b);
        }
    }
    struct audit_crange x, y;
    audit_crange_init(&x, 0);
    audit_crange_init(&y, 5);
    cr_assert_eq(audit_crange_merge(&x, &y), ERR_INVAL);   /* not adjacent */
    cr_assert_eq(audit_crange_root(&y, gl[0]), ERR_INVAL); /* root needs begin 0 */
    cr_assert_eq(audit_crange_append_node(&x, 0, gl[0]), 0);
    cr_assert_eq(audit_crange_append_node(&x, 1, gl[0]), ERR_INVAL); /* misaligned */
    cr_assert_eq(audit_crange_append_node(&x, 63, gl[0]), ERR_INVAL);
    struct audit_crange big;
    audit_crange_init(&big, AUDIT_TREE_MAX_SIZE);
    cr_assert_eq(audit_crange_append_leaf(&big, gl[0]), ERR_TOOBIG);
}

Test(audit_merkle, inclusion_all_sizes_all_indices, .timeout = 120)
{
    build_tree();
    struct audit_tree_src src = {memo_node, NULL};
    size_t count = 0;
    for (uint64_t n = 1; n <= NMAX; n++) {
        uint8_t root[32];
        ref_mth(FLAT(gl), n, root);
        for (uint64_t i = 0; i < n; i++) {
            uint8_t p[AUDIT_PROOF_MAX][32];
            size_t k = 0;
            cr_assert_eq(
                audit_merkle_inclusion_proof(&src, i, n, FLAT(p), AUDIT_PROOF_MAX, &k, NULL), 0);
            cr_assert(incl_ok(i, n, gl[i], p, k, root), "size %" PRIu64 " idx %" PRIu64, n, i);
            /* every proof binds its position: the neighbour's leaf or index must fail */
            if (n > 1) {
                uint64_t j = (i + 1) % n;
                cr_assert(!incl_ok(j, n, gl[i], p, k, root));
                cr_assert(!incl_ok(i, n, gl[j], p, k, root));
            }
            if (k > 0) {
                p[k - 1][31] ^= 1;
                cr_assert(!incl_ok(i, n, gl[i], p, k, root));
            }
            count++;
        }
    }
    cr_assert_eq(count, (size_t)NMAX * (NMAX + 1) / 2);
}

Test(audit_merkle, consistency_all_size_pairs, .timeout = 120)
{
    build_tree();
    struct audit_tree_src src = {memo_node, NULL};
    static uint8_t roots[NMAX + 1][32];
    for (uint64_t n = 0; n <= NMAX; n++)
        ref_mth(FLAT(gl), n, roots[n]);
    size_t count = 0;
    for (uint64_t n = 1; n <= NMAX; n++) {
        for (uint64_t m = 0; m <= n; m++) {
            uint8_t p[AUDIT_PROOF_MAX][32];
            size_t k = 0;
            cr_assert_eq(
                audit_merkle_consistency_proof(&src, m, n, FLAT(p), AUDIT_PROOF_MAX, &k, NULL), 0);
            cr_assert(cons_ok(m, n, roots[m], roots[n], p, k), "%" PRIu64 " -> %" PRIu64, m, n);
            if (m > 0 && m < n) {
                cr_assert(!cons_ok(m, n, roots[m - 1], roots[n], p, k));
                cr_assert(!cons_ok(m, n, roots[m], roots[n - 1], p, k));
                p[0][0] ^= 0x80;
                cr_assert(!cons_ok(m, n, roots[m], roots[n], p, k));
            }
            count++;
        }
    }
    cr_assert(count > 45000);
}

/* The two adapters agree with the memo source on a sample. */
static int leaf_cb(void *ctx, uint64_t i, uint8_t out[32])
{
    UNUSED(ctx);
    memcpy(out, gl[i], 32);
    return 0;
}

Test(audit_merkle, tree_source_adapters)
{
    build_tree();
    struct audit_leaf_array arr = {FLAT(gl), 77};
    struct audit_leaf_fn fn = {leaf_cb, NULL, 77};
    struct audit_tree_src a = {audit_leaf_array_node, &arr};
    struct audit_tree_src f = {audit_leaf_fn_node, &fn};
    struct audit_tree_src m = {memo_node, NULL};
    for (uint64_t i = 0; i < 77; i++) {
        uint8_t p1[AUDIT_PROOF_MAX][32], p2[AUDIT_PROOF_MAX][32], p3[AUDIT_PROOF_MAX][32];
        size_t k1 = 0, k2 = 0, k3 = 0;
        cr_assert_eq(audit_merkle_inclusion_proof(&a, i, 77, FLAT(p1), AUDIT_PROOF_MAX, &k1, NULL),
                     0);
        cr_assert_eq(audit_merkle_inclusion_proof(&f, i, 77, FLAT(p2), AUDIT_PROOF_MAX, &k2, NULL),
                     0);
        cr_assert_eq(audit_merkle_inclusion_proof(&m, i, 77, FLAT(p3), AUDIT_PROOF_MAX, &k3, NULL),
                     0);
        cr_assert(k1 == k2 && k2 == k3);
        cr_assert_arr_eq(p1, p3, 32 * k1);
        cr_assert_arr_eq(p2, p3, 32 * k1);
    }
    uint8_t out[32];
    cr_assert_eq(audit_leaf_array_node(&arr, 7, 0, out), ERR_NOTFOUND); /* 128 > 77 leaves */
    cr_assert_eq(audit_leaf_fn_node(&fn, 0, 77, out), ERR_NOTFOUND);
    uint8_t p[2][32];
    size_t k = 0;
    cr_assert_eq(audit_merkle_inclusion_proof(&a, 0, 77, FLAT(p), 2, &k, NULL), ERR_TOOBIG);
    cr_assert_eq(audit_merkle_inclusion_proof(&a, 77, 77, FLAT(p), 2, &k, NULL), ERR_INVAL);
    cr_assert_eq(audit_merkle_consistency_proof(&a, 78, 77, FLAT(p), 2, &k, NULL), ERR_INVAL);
    /* a source error comes back unchanged */
    struct audit_leaf_fn short_fn = {leaf_cb, NULL, 10};
    struct audit_tree_src s = {audit_leaf_fn_node, &short_fn};
    uint8_t q[AUDIT_PROOF_MAX][32];
    cr_assert_eq(audit_merkle_inclusion_proof(&s, 3, 77, FLAT(q), AUDIT_PROOF_MAX, &k, NULL),
                 ERR_NOTFOUND);
}
