/* fuzz_audit.c: libFuzzer target for the access log's untrusted-input parsers: the canonical
 * record decoder, signed checkpoints, segment-deletion entries, verifier keys and base64 proof
 * elements. The first byte selects the parser; a successful decode must re-encode identically. */
#include "core/common.h"

#include "audit/checkpoint.h"
#include "audit/merkle.h"
#include "audit/record.h"
#include "audit/segment.h"
#include "core/rand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    static struct audit_verifier pk;
    if (!init) {
        struct audit_signer s;
        uint8_t seed[32] = {7};
        if (core_init() != 0 || audit_signer_from_seed(&s, "fuzz.regie/log", seed, NULL) != 0)
            return 0;
        pk = s.pub;
        audit_signer_cleanup(&s);
        init = true;
    }
    if (size < 1)
        return 0;
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    struct err e;
    err_clear(&e);
    switch (data[0] % 5) {
    case 0: {
        struct audit_rec r;
        uint64_t seq = 0;
        int dec = audit_rec_decode((const uint8_t *)p, n, &r, &e);
        /* the verifier's fast check accepts exactly what the decoder accepts */
        if ((audit_rec_check((const uint8_t *)p, n, &seq) == 0) != (dec == 0) ||
            (dec == 0 && seq != r.seq))
            __builtin_trap();
        if (dec == 0) {
            uint8_t buf[AUDIT_REC_MAX];
            size_t len = 0;
            if (audit_rec_encode(&r, buf, sizeof(buf), &len, &e) != 0 || len != n ||
                memcmp(buf, p, n) != 0)
                __builtin_trap(); /* decode and encode must be inverse */
        }
        break;
    }
    case 1: {
        uint64_t sz;
        uint8_t root[AUDIT_HASH_BYTES];
        int rc = audit_checkpoint_parse_verify(p, n, &pk, &sz, root, &e);
        (void)rc;
        break;
    }
    case 2: {
        struct audit_seg_deletion d;
        int rc = audit_segdel_parse_verify(p, n, &pk, &d, &e);
        (void)rc;
        break;
    }
    case 3: {
        struct audit_verifier v;
        int rc = audit_verifier_parse((struct str){p, n}, &v, &e);
        (void)rc;
        break;
    }
    default: {
        struct str elems[4];
        size_t k = 0, start = 0;
        for (size_t i = 0; i <= n && k < 4; i++)
            if (i == n || p[i] == '\n') {
                elems[k++] = (struct str){p + start, i - start};
                start = i + 1;
            }
        uint8_t out[4 * AUDIT_HASH_BYTES];
        int rc = audit_merkle_proof_from_b64(elems, k, out, 4, &e);
        (void)rc;
        break;
    }
    }
    return 0;
}
