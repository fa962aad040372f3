/* segment.c: segment heads (compact range + chain values) and their signed deletion entries, so
 * that expired segments can be dropped while the rest of the log still verifies (segment.h). */
#include "core/common.h"

#include "audit/audit_int.h"
#include "audit/segment.h"

static const char segdel_kind[] = "regie-audit-segment-deletion v1";

void audit_seg_builder_init(struct audit_seg_builder *b, uint64_t start,
                            const uint8_t chain_in[AUDIT_HASH_BYTES])
{
    memset(b, 0, sizeof *b);
    b->head.start = start;
    b->head.end = start;
    b->head.last_ts_ms = 0;
    memcpy(b->head.chain_in, chain_in, AUDIT_HASH_BYTES);
    memcpy(b->chain, chain_in, AUDIT_HASH_BYTES);
    audit_crange_init(&b->head.nodes, start);
}

int audit_seg_builder_add(struct audit_seg_builder *b, const struct audit_row *row, struct err *e)
{
    int rc = b->failed;
    uint8_t leaf[AUDIT_HASH_BYTES], chain[AUDIT_HASH_BYTES];
    if (rc != 0)
        goto out;
    if (row->rec.seq != b->head.nodes.end) {
        rc = err_set(e, ERR_INVAL, "segment: volgnummer %" PRIu64 " verwacht", b->head.nodes.end);
        goto out;
    }
    rc = audit_rec_hash(&row->rec, NULL, leaf, e);
    if (rc != 0)
        goto out;
    audit_chain_next(b->chain, leaf, chain);
    if (memcmp(leaf, row->leaf_hash, AUDIT_HASH_BYTES) != 0 ||
        memcmp(chain, row->chain_hash, AUDIT_HASH_BYTES) != 0) {
        rc = err_set(e, ERR_CONFLICT, "segment: record %" PRIu64 " klopt niet met zijn hashes",
                     row->rec.seq);
        goto out;
    }
    rc = audit_crange_append_leaf(&b->head.nodes, leaf);
    if (rc != 0)
        goto out;
    memcpy(b->chain, chain, AUDIT_HASH_BYTES);
    b->head.end = b->head.nodes.end;
    if (row->rec.ts_ms > b->head.last_ts_ms)
        b->head.last_ts_ms = row->rec.ts_ms;
out:
    if (rc != 0)
        b->failed = rc;
    return rc;
}

int audit_seg_builder_finish(const struct audit_seg_builder *b, struct audit_seg_head *out,
                             struct err *e)
{
    int rc = b->failed;
    if (rc == 0 && b->head.end == b->head.start)
        rc = err_set(e, ERR_INVAL, "segment is leeg");
    if (rc == 0) {
        *out = b->head;
        memcpy(out->chain_out, b->chain, AUDIT_HASH_BYTES);
    }
    return rc;
}

static bool head_consistent(const struct audit_seg_head *h)
{
    uint8_t levels[AUDIT_CRANGE_MAX];
    size_t k = h->start < h->end ? audit_crange_levels(h->start, h->end, levels) : 0;
    bool ok = k > 0 && h->nodes.begin == h->start && h->nodes.end == h->end && h->nodes.n == k &&
              h->last_ts_ms >= 0;
    for (size_t i = 0; ok && i < k; i++)
        ok = h->nodes.level[i] == levels[i];
    return ok;
}

int audit_segdel_sign(const struct audit_signer *s, const struct audit_seg_head *h,
                      int64_t deleted_at_ms, char *out, size_t cap, size_t *out_len, struct err *e)
{
    char body[AUDIT_NOTE_MAX];
    size_t len = 0;
    int rc = 0;
    if (!head_consistent(h) || deleted_at_ms < 0) {
        rc = err_set(e, ERR_INVAL, "segmentkop is inconsistent");
        goto out;
    }
    body[0] = '\0';
    rc = audit__put(body, sizeof body, &len, s->pub.name, strlen(s->pub.name));
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, segdel_kind, sizeof segdel_kind - 1);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put_u64(body, sizeof body, &len, h->start);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, " ", 1);
    if (rc == 0)
        rc = audit__put_u64(body, sizeof body, &len, h->end);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put_u64(body, sizeof body, &len, (uint64_t)h->last_ts_ms);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, " ", 1);
    if (rc == 0)
        rc = audit__put_u64(body, sizeof body, &len, (uint64_t)deleted_at_ms);
    if (rc == 0)
        rc = audit__put(body, sizeof body, &len, "\n", 1);
    if (rc == 0)
        rc = audit__put_hash_line(body, sizeof body, &len, h->chain_in);
    if (rc == 0)
        rc = audit__put_hash_line(body, sizeof body, &len, h->chain_out);
    for (size_t i = 0; rc == 0 && i < h->nodes.n; i++)
        rc = audit__put_hash_line(body, sizeof body, &len, h->nodes.node[i]);
    if (rc != 0) {
        rc = err_set(e, ERR_TOOBIG, "verwijderingsregel past niet");
        goto out;
    }
    rc = audit__note_sign(s, body, len, out, cap, out_len, e);
out:
    return rc;
}

/* "<a> <b>" with both canonical decimals <= max. */
static int parse_pair(struct str s, uint64_t max, uint64_t *a, uint64_t *b)
{
    int rc = ERR_INVAL;
    const char *sp = s.n > 0 ? memchr(s.p, ' ', s.n) : NULL;
    if (sp != NULL) {
        struct str x = {s.p, (size_t)(sp - s.p)};
        struct str y = {sp + 1, s.n - x.n - 1};
        if (audit__parse_u64(x, max, a) == 0 && audit__parse_u64(y, max, b) == 0)
            rc = 0;
    }
    return rc;
}

int audit__segdel_parse(const char *text, size_t n, const struct audit_verifier *pk,
                        struct audit_seg_deletion *out, bool *out_sig_ok, struct err *e)
{
    struct audit__note note;
    struct audit_seg_deletion d;
    uint64_t ts = 0, del = 0;
    uint8_t levels[AUDIT_CRANGE_MAX];
    int rc = audit__note_parse(text, n, pk, &note, e);
    if (rc != 0)
        goto out;
    memset(&d, 0, sizeof d);
    if (note.n_lines < 7 || !str_eq_cstr(note.line[0], pk->name) ||
        !str_eq(note.line[1], (struct str){segdel_kind, sizeof segdel_kind - 1}) ||
        parse_pair(note.line[2], AUDIT_TREE_MAX_SIZE, &d.head.start, &d.head.end) != 0 ||
        d.head.start >= d.head.end ||
        parse_pair(note.line[3], (uint64_t)INT64_MAX, &ts, &del) != 0 ||
        audit_hash_from_b64(note.line[4], d.head.chain_in, NULL) != 0 ||
        audit_hash_from_b64(note.line[5], d.head.chain_out, NULL) != 0)
        goto bad;
    d.head.last_ts_ms = (int64_t)ts;
    d.deleted_at_ms = (int64_t)del;
    size_t k = audit_crange_levels(d.head.start, d.head.end, levels);
    if (note.n_lines != 6 + k)
        goto bad;
    audit_crange_init(&d.head.nodes, d.head.start);
    for (size_t i = 0; i < k; i++) {
        uint8_t h[AUDIT_HASH_BYTES];
        if (audit_hash_from_b64(note.line[6 + i], h, NULL) != 0 ||
            audit_crange_append_node(&d.head.nodes, levels[i], h) != 0)
            goto bad;
    }
    if (!head_consistent(&d.head))
        goto bad;
    rc = 0;
    *out = d;
    *out_sig_ok = note.sig_ok;
    goto out;
bad:
    rc = err_set(e, ERR_INVAL, "verwijderingsregel heeft een ongeldige inhoud");
out:
    return rc;
}

int audit_segdel_parse_verify(const char *text, size_t n, const struct audit_verifier *pk,
                              struct audit_seg_deletion *out, struct err *e)
{
    struct audit_seg_deletion d;
    bool sig_ok = false;
    int rc = audit__segdel_parse(text, n, pk, &d, &sig_ok, e);
    if (rc == 0 && !sig_ok)
        rc = err_set(e, ERR_CRYPTO, "verwijderingsregel heeft geen geldige handtekening");
    if (rc == 0)
        *out = d;
    return rc;
}
