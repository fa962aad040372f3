/* elsewhere.h: the store side of "known elsewhere?" (app/elsewhere.c, docs/known-elsewhere.md).
 *   peer_tag    per peer region, the tags of the persons of this region's open cases (one row
 *               per person and kind: "bsn", "name_dob", or "none" for a person with neither,
 *               so that it is not looked at again); goes with the person (ON DELETE CASCADE)
 *   peer_nonce  the question ids a peer sent recently (a replay is refused)
 *   peer_count  questions per day and counter ("user:<id>:<peer>" asked, "peer:<id>" answered)
 *   peer_meta   per peer, the fingerprint of the key and cost its tags were made under
 * A case is open while its state is not afgesloten or vernietigd. Conventions as store.h. */
#ifndef REGIE_STORE_ELSEWHERE_H
#define REGIE_STORE_ELSEWHERE_H

#include "core/common.h"
#include "core/crypto.h"
#include "core/err.h"

struct store;

#define STORE_PEER_ID_MAX 32u /* [a-z0-9-], checked by the caller */
#define STORE_PEER_QID_BYTES 16u

/* Makes sure the tags of peer were made under fingerprint fp (crypto_peer_fingerprint): when
 * another one is recorded, the peer's tags are dropped first; *out_reset tells. */
int store_elsewhere_meta(struct store *st, const char *peer, const uint8_t fp[CRYPTO_HASH_BYTES],
                         bool *out_reset, struct err *e) WUR;

/* Persons of open cases without tags for peer yet, ascending id, at most cap. */
int store_elsewhere_todo(struct store *st, const char *peer, int64_t *out, size_t cap,
                         size_t *out_n, struct err *e) WUR;

/* Records a tag (kind "bsn"/"name_dob"; tag NULL with kind "none"). An existing row stays. */
int store_elsewhere_put(struct store *st, const char *peer, int64_t person_id, const char *kind,
                        const uint8_t *tag, struct err *e) WUR;

/* The lowest person id of an open case whose tag of kind under peer is tag: 0 with *out_id, or
 * ERR_NOTFOUND (no detail). */
int store_elsewhere_find(struct store *st, const char *peer, const char *kind,
                         const uint8_t tag[CRYPTO_HASH_BYTES], int64_t *out_id,
                         struct err *e) WUR;

/* Drops the tags of persons no longer in an open case (every peer), question ids older than
 * nonce_before_ms, and counters of days before count_before_day. */
int store_elsewhere_prune(struct store *st, int64_t nonce_before_ms, int64_t count_before_day,
                          struct err *e) WUR;

/* Drops every tag, question id, counter and the fingerprint of peer (the pair is ended). */
int store_elsewhere_drop(struct store *st, const char *peer, struct err *e) WUR;

/* Records question id qid of peer at at_ms: ERR_CONFLICT when it was seen before. */
int store_elsewhere_nonce(struct store *st, const char *peer,
                          const uint8_t qid[STORE_PEER_QID_BYTES], int64_t at_ms,
                          struct err *e) WUR;

/* Adds one to the counter (day, who) and returns its new value in *out_n. */
int store_elsewhere_count(struct store *st, int64_t day, const char *who, int64_t *out_n,
                          struct err *e) WUR;

#endif
