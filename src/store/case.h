/* case.h: the repository of the case and its plan (docs/cases.md): the case row (state, flags,
 * review and retention dates), its decisions (lifecycle and flag events), participants,
 * checklist tasks, plan versions, measures, assessments, family support and contacts, and the
 * communication line. Content is sealed under the case's data key (the admitted signal's
 * group). Same conventions as signal.h and row.h; the generic columns of struct store_row per
 * kind (meeting_id = the case id):
 *   event:       a = on_off, b = decided_day, code = kind (transition|flag), code2 = code
 *   participant: a = org_id, code = kind (core|invited)
 *   task:        a = owner_id, b = owner_org_id, c = due_day, d = done_day, code = code,
 *                code2 = state, code3 = flag (what activated it)
 *   plan:        a = version, b = adopted, c = adopted_day, d = next_review_day
 *   measure:     a = owner_org_id, b = owner_id, c = review_day, code = type, code2 = status,
 *                code3 = category (the domain goes in through `domain`)
 *   assessment:  a = version, b = assessed_day
 *   family:      a = person_id, b = supporter_id, c = supporter_org_id, code = supporter_kind
 *   contact:     item_id = support id, a = contact_day
 *   comm_line:   a = version, b = decided_day, code = owner (om|gemeente)
 *   nperson:     a = person_id, b = followup_signal_id, c = followup_measure_id,
 *                d = source_org_id
 *   nrelation:   a = from person, b = to person, c = since_day, d = until_day, code = type,
 *                code2 = confidence
 *   nassessment: a = person_id, b = assessed_day, code = concern
 * Events, plans, assessments and communication lines are immutable (triggers). */
#ifndef REGIE_STORE_CASE_H
#define REGIE_STORE_CASE_H

#include "store/row.h"

struct store_case {
    int64_t id;
    int64_t signal_id;
    int64_t municipality_id;
    int64_t group_id;
    int64_t casusregisseur_id;
    int64_t first_overleg_day;
    int64_t next_review_day; /* 0: none */
    int64_t flags;           /* bit i = flag i of the app's flag list */
    int64_t state_at;        /* ms; 0: never changed since admission */
    int64_t closed_day;
    int64_t retention_until_day;
    int64_t created_at;
    char state[STORE_CODE_MAX + 1];
};
int store_case_get(struct store *st, int64_t id, struct store_case *out, struct err *e) WUR;
/* Open cases of a municipality whose first overleg or next review is on or before day; at most
 * STORE_CASE_DUE_MAX + 1 rows (the query's LIMIT), so a caller with that capacity sees "more". */
#define STORE_CASE_DUE_MAX 500
int store_case_due(struct store *st, int64_t municipality_id, int64_t day, struct store_case *out,
                   size_t cap, size_t *out_n, struct err *e) WUR;

/* State (and state_at = now); closed_day/retention_until_day 0 clear them. */
int store_case_set_state(struct store *st, int64_t id, const char *state, int64_t closed_day,
                         int64_t retention_until_day, struct err *e) WUR;
int store_case_set_flags(struct store *st, int64_t id, int64_t flags, struct err *e) WUR;
int store_case_set_review(struct store *st, int64_t id, int64_t next_review_day,
                          struct err *e) WUR;
/* Hand-over to another municipality (flag verhuisd): new owner and casusregisseur. */
int store_case_transfer(struct store *st, int64_t id, int64_t municipality_id,
                        int64_t casusregisseur_id, struct err *e) WUR;

enum store_case_kind {
    STORE_CASE_EVENT,
    STORE_CASE_PARTICIPANT,
    STORE_CASE_TASK,
    STORE_CASE_PLAN,
    STORE_CASE_MEASURE,
    STORE_CASE_ASSESSMENT,
    STORE_CASE_FAMILY,
    STORE_CASE_CONTACT,
    STORE_CASE_COMM,
    STORE_CASE_NPERSON,
    STORE_CASE_NRELATION,
    STORE_CASE_NASSESSMENT,
    STORE_CASE_KIND_COUNT
};

/* Adds a row of kind k (in->meeting_id = the case, in->group_id = the case's group, in->doc).
 * Versions (plan, assessment, comm_line) are last + 1. domain: measures only. ERR_CONFLICT for
 * a participant already there. */
int store_case_add(struct store *st, enum store_case_kind k, const struct store_row *in,
                   const char *domain, int64_t *out_id, struct err *e) WUR;
/* The organisations taking part in a case (a set, in no particular order), at most
 * STORE_CASE_PARTS_MAX (more are not read): what access decisions need, without reading or
 * decrypting the rows. */
#define STORE_CASE_PARTS_MAX 64
int store_case_participant_orgs(struct store *st, int64_t case_id,
                                int64_t out[STORE_CASE_PARTS_MAX], size_t *out_n,
                                struct err *e) WUR;
/* Rows of kind k of a case, oldest first (tasks: by due day; contacts: all of the case). */
int store_case_rows(struct store *st, enum store_case_kind k, int64_t case_id,
                    struct store_row *out, size_t cap, size_t *out_n, struct err *e) WUR;
/* One row of kind k by id (task, measure, family): ERR_NOTFOUND. */
int store_case_row(struct store *st, enum store_case_kind k, int64_t id, struct store_row *out,
                   struct err *e) WUR;
/* Updates a task (a..d, code2, doc), a measure (a, b, c, code2, doc) or a family support row
 * (b, c, code, doc) from r (r->id, r->group_id, r->by). */
int store_case_update(struct store *st, enum store_case_kind k, const struct store_row *r,
                      struct err *e) WUR;
/* The network person row of a person id (ERR_NOTFOUND). */
int store_network_person_of(struct store *st, int64_t person_id, struct store_row *out,
                            struct err *e) WUR;

/* Other persons that are the same person by a blind index (BSN, or name + birth date), with the
 * case each belongs to (as a network person or as a subject of the case's signal). */
struct store_twin {
    int64_t person_id;
    int64_t case_id;
};
int store_person_twins(struct store *st, int64_t person_id, struct store_twin *out, size_t cap,
                       size_t *out_n, struct err *e) WUR;

/* How many persons appear in more than one case's network (same BSN, or else the same name +
 * birth date, by the blind indexes): the region-wide overlap. */
int store_network_overlap(struct store *st, int64_t *out, struct err *e) WUR;

/* ---- paged lists (GET /api/cases, GET /api/worklist) ---- */

/* One page of the case list: all cases (all), or those of a municipality (municipality_id) or
 * in which an organisation takes part (participant_org_id); 0 matches nothing. state: "" or
 * NULL any (herbeoordeling as the app names it); flag_mask 0 any, else any of these bits.
 * Newest first (created_at, then id). limit 1..500 and <= cap; today: for overdue tasks. */
struct store_case_page_q {
    bool all;
    int64_t municipality_id;
    int64_t participant_org_id;
    const char *state;
    int64_t flag_mask;
    int64_t today;
    int64_t limit, offset;
};
struct store_case_item {
    struct store_case c;
    char reference[STORE_REF_MAX + 1]; /* the admitted signal's */
    bool participant;                  /* participant_org_id takes part in the case */
    int64_t open_tasks, overdue_tasks; /* open checklist tasks; of them due before today */
};
/* out_total: every matching case (a separate count). ERR_INVAL (internal) on bad paging. */
int store_case_page(struct store *st, const struct store_case_page_q *q,
                    struct store_case_item *out, size_t cap, size_t *out_n, int64_t *out_total,
                    struct err *e) WUR;

/* Per flag code of a case: the decided day of its latest switch-on (no document is opened).
 * At most cap codes; further codes are skipped. */
struct store_flag_since {
    char code[STORE_CODE_MAX + 1];
    int64_t day;
};
int store_case_flag_since(struct store *st, int64_t case_id, struct store_flag_since *out,
                          size_t cap, size_t *out_n, struct err *e) WUR;

/* One page of a work list: the open tasks of owner_id and, when escalate_municipality_id is
 * set, the open tasks of that municipality's cases due before today (escalated when another
 * owns them), only of cases that are all / of municipality_id / with participant_org_id
 * taking part; plus the open meeting actions of owner_id. Due day first (none last), tasks
 * before actions on a day, then case reference, code, id. Documents are opened (caller
 * releases with store_work_items_release). out_total: tasks + actions matching. */
struct store_work_q {
    int64_t owner_id;
    int64_t escalate_municipality_id;
    int64_t today;
    bool all;
    int64_t municipality_id;
    int64_t participant_org_id;
    int64_t limit, offset;
};
struct store_work_item {
    struct store_row r; /* a task (layout above) or, when action, a meeting action (meeting.h) */
    bool action;
    bool escalated;
    bool participant; /* participant_org_id takes part in the task's case */
    int64_t case_municipality_id;
    int64_t signal_id;
    char reference[STORE_REF_MAX + 1]; /* the case's signal; "" for an action */
};
int store_worklist_page(struct store *st, const struct store_work_q *q, struct store_work_item *out,
                        size_t cap, size_t *out_n, int64_t *out_total, struct err *e) WUR;
void store_work_items_release(struct store_work_item *items, size_t n);

#endif
