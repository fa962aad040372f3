/* elsewhere.h: "known elsewhere?" between two Regie deployments (issue 13 item 5,
 * docs/known-elsewhere.md). Region A's dossierhouder asks, from a case, whether one of its data
 * subjects is known in an open case of region B; B answers only ja, nee or niet_gereed (its tags
 * are still being made), with its contact point on ja.
 *
 * The pair: a file <data_dir>/peers/<peer>.peer (mode 0600; `regie peer add`) per peer region
 * with the pair key, the ids both regions use, the peer's URL, the cost of the tag hash, the
 * contact point this region gives on ja, and the day limits. The key never enters the database.
 *
 * The wire: A POSTs {"v":1, "from":A, "box":b64} to B's /api/peer/known-elsewhere; box seals
 * (crypto_peer_seal, ad "regie-ke-v1 q A>B") {to, qid, time, tags:[{kind, tag}]}; B answers
 * {"v":1, "box"} sealing {qid, answer, contact} (ad "regie-ke-v1 a B>A"). B refuses an unknown
 * peer or a box that does not open (401), a time more than 2 minutes off or a seen qid (401),
 * and more than answer_day_max questions of that peer a day (429).
 *
 * Access log. A: before the question leaves, a search record (object "case", fields
 * "known_elsewhere:<peer>:vraag") for the person asked about; after the answer, a second with
 * ":ja"/":nee"/":niet_gereed"/":fout". Over the user's ask_day_max: a denied record, 429. B: a
 * search record (object "known_elsewhere", id the peer, actor the system) with the answer, the
 * matching person as subject on ja; a refused replay or an over-limit question: a denied record;
 * making tags of persons: a create record per batch naming them. Policy: search on
 * known_elsewhere (dossierhouder, own_org: the case's municipality). Thread-safe. */
#ifndef REGIE_APP_ELSEWHERE_H
#define REGIE_APP_ELSEWHERE_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"
#include "core/crypto.h"

#define ELSEWHERE_PEER_MAX 32       /* peers of one region */
#define ELSEWHERE_CONTACT_MAX 200   /* bytes of the contact point */
#define ELSEWHERE_SKEW_MS 120000    /* accepted clock difference between the regions */
#define ELSEWHERE_TIMEOUT_MS 10000  /* waiting for the other region */
#define ELSEWHERE_BODY_MAX 4096     /* a question or answer on the wire */

struct elsewhere_peer {
    char id[33];   /* the peer region ([a-z0-9-], 1..32) */
    char self[33]; /* this region's id towards it */
    char url[256]; /* http://host:port[/prefix] */
    uint8_t key[CRYPTO_KEY_BYTES];
    unsigned ops, mem_kib; /* tag hash cost, equal on both sides */
    char contact[ELSEWHERE_CONTACT_MAX + 1];
    int64_t ask_day_max;    /* questions one user here may ask it a day */
    int64_t answer_day_max; /* questions from it answered a day */
};

/* Loads peers/<id>.peer. ERR_NOTFOUND (no such peer; also a bad id), ERR_INVAL (malformed file:
 * detail names the line). Wipe p->key when done (crypto_wipe). */
int elsewhere_peer_load(const struct config *cfg, const char *id, struct elsewhere_peer *p,
                        struct err *e) WUR;
/* Writes peers/<p->id>.peer (0600; creates peers/ 0700). ERR_CONFLICT when it exists. */
int elsewhere_peer_save(const struct config *cfg, const struct elsewhere_peer *p,
                        struct err *e) WUR;
/* The ids of the configured peers, sorted, at most ELSEWHERE_PEER_MAX. */
int elsewhere_peer_ids(const struct config *cfg, char ids[][33], size_t *out_n,
                       struct err *e) WUR;
/* Checks a peer id: 1..32 of [a-z0-9-]. */
bool elsewhere_id_ok(const char *id);
/* Checks a contact point: 1..ELSEWHERE_CONTACT_MAX bytes of UTF-8 on one line (no control
 * characters: the pair file is a file of lines). */
bool elsewhere_contact_ok(const char *v);
/* Removes peers/<id>.peer (absent is fine). */
int elsewhere_peer_unlink(const struct config *cfg, const char *id, struct err *e) WUR;

/* The exchange file of a new pair (what the other region needs; carried out of band):
 * "regie-peer-key v1\nkey <b64>\nops N\nmem_kib N\n", 0600, refused when it exists. */
int elsewhere_keyfile_write(const char *path, const struct elsewhere_peer *p,
                            struct err *e) WUR;
int elsewhere_keyfile_read(const char *path, struct elsewhere_peer *p, struct err *e) WUR;

/* GET /api/known-elsewhere: {peers:[{id}], ask_day_max} for the UI; no personal data. */
int app_elsewhere_peers(struct app *a, const struct alog_req *rq, json_t **out,
                        struct err *e) WUR;

/* POST /api/cases/{id}/known-elsewhere {peer, person_id}: asks the peer about a data subject
 * of the case. *out {peer, answer, contact?, asked_at}. ERR_NOTFOUND (case), ERR_INVAL naming
 * peer or person_id, ERR_RATELIMIT (the user's day limit here, or the peer's), ERR_UNAVAILABLE
 * (the peer did not answer validly; the records say so). */
int app_elsewhere_ask(struct app *a, const struct alog_req *rq, int64_t case_id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* POST /api/peer/known-elsewhere (no session: the pair key is the credential). body: the
 * request as received; *out the sealed answer. ERR_UNAUTH, ERR_RATELIMIT, ERR_INVAL. */
int app_elsewhere_answer(struct app *a, const char *client_addr, const json_t *body,
                         json_t **out, struct err *e) WUR;

/* Makes the missing tags of peer for every person of an open case (`regie peer index`), in
 * batches, each with its access-log record. *out_n: persons done. */
int app_elsewhere_index(struct app *a, const char *peer, int64_t budget_ms, int64_t *out_n,
                        bool *out_more, struct err *e) WUR;

/* serve's minute loop (app/retention.c): makes missing tags for every peer, at most budget_ms
 * in all, so that questions find them made. Errors are logged, never returned. */
void app_elsewhere_refresh(struct app *a, int64_t budget_ms);

/* Ends the pair with peer: its tags, question ids, counters and fingerprint are dropped, then
 * its file removed. */
int app_elsewhere_remove(struct app *a, const char *peer, struct err *e) WUR;

#endif
