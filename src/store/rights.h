/* rights.h: the repository of the register of data-subject requests (docs/rights.md,
 * REQ-PRIV-11): a request (access, rectification, erasure, restriction, objection) of one
 * municipality and the items it is split into, each with the partner organisation that answers
 * for it. Each request has its own data-key group: the requester, the identification of the data
 * subject, the identity check, the extension, the police routing, the response and every item's
 * text, reason and changes are sealed under that key (AAD table, "doc", row id), never in clear
 * columns. Only what the deadline queue and visibility need is clear: municipality, kind,
 * channel, dates, identity result, the item's owner, decision code, legal-ground code and police
 * organisation. A closed request is read-only (database triggers refuse any change). Rows use the
 * common shape of row.h; documents are malloc'd (release with store_row_release).
 *
 * request rows: meeting_id = municipality_id, a = received_day, b = due_day (the current
 *               deadline, extension included), c = closed_day (0: open), d = identity_day (0:
 *               not recorded), by = created_by, at = created_at, code = kind, code2 = channel,
 *               code3 = identity_result ("" | "vastgesteld" | "niet_vastgesteld").
 * item rows:    meeting_id = request_id, item_id = owner_org_id, group_id = the request's,
 *               a = decided_day, b = police_day, c = police_org_id (0: none), d = created_at,
 *               by = decided_by, at = updated_at, code = decision, code2 = ground ("": none). */
#ifndef REGIE_STORE_RIGHTS_H
#define REGIE_STORE_RIGHTS_H

#include "store/row.h"

struct store_rights_in {
    int64_t municipality_id;
    const char *kind;    /* inzage | rectificatie | wissing | beperking | bezwaar */
    const char *channel; /* 1..20 bytes */
    int64_t received_day, due_day;
    int64_t created_by;
    struct str doc;
};

/* Creates a new data-key group and the request sealed under it. *out_id. ERR_INVAL (CHECK),
 * ERR_CRYPTO, ERR_DB. */
int store_rights_create(struct store *st, const struct store_rights_in *in, int64_t *out_id,
                        struct err *e) WUR;

/* One request with its document. ERR_NOTFOUND, ERR_CRYPTO (key destroyed). */
int store_rights_get(struct store *st, int64_t id, struct store_row *out, struct err *e) WUR;

/* Requests with documents into out[0..cap), open ones first by deadline, then closed ones:
 * of one municipality (store_rights_list), of every municipality (municipality_id 0), or those
 * with at least one item owned by org_id (store_rights_list_owner). At most cap rows. */
int store_rights_list(struct store *st, int64_t municipality_id, struct store_row *out, size_t cap,
                      size_t *out_n, struct err *e) WUR;
int store_rights_list_owner(struct store *st, int64_t org_id, struct store_row *out, size_t cap,
                            size_t *out_n, struct err *e) WUR;

/* Number of requests of a municipality (open and closed). */
int store_rights_count(struct store *st, int64_t municipality_id, int64_t *out, struct err *e) WUR;

/* Rewrites kind, channel, received, due, closed and identity day, identity result and the
 * document (resealed under r->group_id). ERR_NOTFOUND; ERR_CONFLICT when the request is closed
 * (trigger). */
int store_rights_update(struct store *st, const struct store_row *r, struct err *e) WUR;

/* Adds an item (decision "open") owned by owner_org_id with its sealed document. *out_id. */
int store_rights_item_add(struct store *st, int64_t request_id, int64_t group_id,
                          int64_t owner_org_id, struct str doc, int64_t *out_id, struct err *e) WUR;

/* The items of a request, in order of creation, with documents (at most cap). */
int store_rights_items(struct store *st, int64_t request_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e) WUR;

/* Rewrites decision (code), ground (code2), decided_by (by), decided_day (a), police_day (b),
 * police_org_id (c) and the document of item r (group r->group_id). ERR_NOTFOUND. */
int store_rights_item_update(struct store *st, const struct store_row *r, struct err *e) WUR;

#endif
