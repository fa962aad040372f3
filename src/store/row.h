/* row.h: one row shape for the small repositories whose rows are a few ids, dates and codes in
 * clear plus one sealed JSON document (the overleg, the case). Each repository documents what
 * the generic columns mean for its tables. */
#ifndef REGIE_STORE_ROW_H
#define REGIE_STORE_ROW_H

#include "store/signal.h"

struct store_row {
    int64_t id;
    int64_t meeting_id; /* the parent (meeting or case) */
    int64_t item_id;    /* a second parent, 0 when none */
    int64_t group_id;
    int64_t a, b, c, d;
    int64_t by; /* created_by / updated_by ... */
    int64_t at; /* created_at / updated_at ... */
    char code[STORE_CODE_MAX + 1];
    char code2[STORE_CODE_MAX + 1];
    char code3[STORE_CODE_MAX + 1];
    char *doc;
    size_t doc_len;
};
void store_row_release(struct store_row *r);
void store_rows_release(struct store_row *r, size_t n);

#endif
