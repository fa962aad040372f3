/* purpose.h: purpose binding (issue 10 item 4, domain.md §5.2 REQ-PRIV-05, docs/purpose.md).
 * Every read of case content states a purpose from a short list tied to the case; the HTTP layer
 * takes it from the request header `Regie-Purpose` and binds it to the request's access-log
 * context, so every record the read writes carries it (struct alog_req.purpose). The list offered
 * depends on the case: an open case allows the purposes of the approach itself, a closed case only
 * accountability and the data subject's rights. Re-use for another municipal task needs a
 * recorded legal basis (an immutable decision of the dossierhouder or the mayor, own municipality);
 * its purpose code is `hergebruik:<basis id>` and its records carry the recorded basis in
 * legal_basis. Writes carry no purpose header: the use-case is the purpose.
 *
 * Thread-safety: as every use-case (one store connection per thread via app_store). */
#ifndef REGIE_APP_PURPOSE_H
#define REGIE_APP_PURPOSE_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

#define APP_PURPOSE_HEADER "Regie-Purpose"
#define APP_PURPOSE_IN_MAX 40   /* bytes of a purpose code as sent */
#define APP_REUSE_BASIS_MAX 120 /* bytes of a recorded legal basis (AUDIT_LEGAL_BASIS_MAX 128) */
#define APP_REUSE_RATIONALE_MAX 10000

/* One purpose: stable code, Dutch label, and in which case states it is offered. */
struct app_purpose {
    const char *code;
    const char *label;
    bool open;   /* offered while the case is open (opgenomen ... afgeschaald) */
    bool closed; /* offered for a closed (afgesloten) case */
};
/* THE list (purpose.c); GET /api/cases/{id}/purposes shows it with "allowed" per case. */
extern const struct app_purpose app_purposes[];
extern const size_t app_n_purposes;

/* Binds the purpose of a case-content read to rq (rq->purpose "code: label"; for a re-use also
 * rq->legal_basis). kind/id name what is read: "case" (a case id), "measure", "document" (a
 * document id: its owner decides), "person" (a network person or subject: the person's case), or
 * the owner kind of a document list; an object that is not case content ("signal",
 * "meeting_item", a document of those) needs no purpose and returns 0 unbound. header is the raw
 * header value or NULL. Checks, in order: the case exists and who may read it (also under an
 * active break-glass grant), else ERR_NOTFOUND; a purpose was given, else ERR_INVAL with status
 * 428 naming "purpose"; it is a known code, else ERR_INVAL (400) naming "purpose"; it is allowed
 * for this case, else ERR_INVAL with status 422 naming "purpose". Every refusal but the 404 leaves
 * an authz_denied record; ERR_UNAVAILABLE when that record cannot be written. */
int app_purpose_bind(struct app *a, struct alog_req *rq, const char *kind, int64_t id,
                     const char *header, struct err *e) WUR;

/* GET /api/cases/{id}/purposes (needs no purpose): {case_id, state, purposes:[{code, label,
 * allowed}], reuse:[{code, label, task, task_label, legal_basis}]} — reuse only for readers of
 * the recorded bases. ERR_NOTFOUND for a case who may not see. One read record via *out_log. */
int app_purpose_options(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                        struct alog_pending **out_log, struct err *e) WUR;

/* POST /api/cases/{id}/reuse-bases {task, legal_basis, rationale}: records a basis (201, the
 * basis as in the list). ERR_FORBIDDEN (role never records one), ERR_NOTFOUND, ERR_INVAL naming
 * fields, ERR_CONFLICT (the case is destroyed or has STORE_REUSE_MAX bases). A create record in
 * the same transaction. */
int app_reuse_create(struct app *a, const struct alog_req *rq, int64_t case_id, const json_t *in,
                     json_t **out, struct err *e) WUR;

/* GET /api/cases/{id}/reuse-bases: {items:[{id, code, task, task_label, legal_basis, rationale,
 * decided_by, decided_at}], tasks:[{code,label}]}. A read record via *out_log. */
int app_reuse_list(struct app *a, const struct alog_req *rq, int64_t case_id, json_t **out,
                   struct alog_pending **out_log, struct err *e) WUR;

#endif
