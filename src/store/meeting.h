/* meeting.h: the repositories of the overleg (docs/meetings.md): bodies and their core members,
 * meetings, agenda items, invitations, attendance, minutes, decisions and actions. Same
 * conventions as signal.h: personal content is passed as JSON documents that this layer seals
 * (AAD table, "doc", row id) under a data-key group; item content under the item's group (the
 * linked signal's or case's, or the meeting's own for a free item). Returned documents are
 * malloc'd; release rows with store_row_release. Enum-like columns are validated by the app
 * layer and again by CHECK constraints (ERR_INVAL). Updates of an adopted meeting, of its draft
 * minutes and of any decision are refused by triggers (ERR_CONFLICT). */
#ifndef REGIE_STORE_MEETING_H
#define REGIE_STORE_MEETING_H

#include "store/case.h"
#include "store/row.h"

/* ---- bodies ----------------------------------------------------------------------------------- */

struct store_body {
    int64_t id;
    int64_t municipality_id;
    char kind[STORE_CODE_MAX + 1];
    char name[201];
};

int store_body_create(struct store *st, int64_t municipality_id, const char *kind, struct str name,
                      int64_t created_by, int64_t *out_id, struct err *e) WUR;
int store_body_set_name(struct store *st, int64_t id, struct str name, struct err *e) WUR;
int store_body_get(struct store *st, int64_t id, struct store_body *out, struct err *e) WUR;
/* All bodies ordered by name (ERR_TOOBIG beyond cap). */
int store_body_list(struct store *st, struct store_body *out, size_t cap, size_t *out_n,
                    struct err *e) WUR;
/* Core members (user ids) of a body; replace them all. */
int store_body_members(struct store *st, int64_t body_id, int64_t *out, size_t cap, size_t *out_n,
                       struct err *e) WUR;
int store_body_set_members(struct store *st, int64_t body_id, const int64_t *users, size_t n,
                           struct err *e) WUR;

/* ---- meetings --------------------------------------------------------------------------------- */

struct store_meeting_in {
    int64_t body_id;
    int64_t day;
    const char *start_time; /* "HH:MM" or NULL */
    int64_t chair_id;
    int64_t secretary_id;
    int64_t created_by;
    struct str doc; /* {location}: sealed under the meeting's own new group */
};

struct store_meeting {
    int64_t id;
    int64_t body_id;
    int64_t group_id;
    int64_t day;
    int64_t chair_id;
    int64_t secretary_id;
    int64_t adopted_at; /* 0: not adopted */
    int64_t adopted_by;
    int64_t adopted_in;
    char start_time[6];
    char *doc;
    size_t doc_len;
};

int store_meeting_create(struct store *st, const struct store_meeting_in *in, int64_t *out_id,
                         struct err *e) WUR;
int store_meeting_get(struct store *st, int64_t id, bool with_doc, struct store_meeting *out,
                      struct err *e) WUR;
void store_meeting_release(struct store_meeting *m);
/* Meetings with from_day <= day <= to_day (0: no bound), by day; without documents. body_id 0:
 * every body. */
int store_meeting_list(struct store *st, int64_t body_id, int64_t from_day, int64_t to_day,
                       struct store_meeting *out, size_t cap, size_t *out_n, struct err *e) WUR;
/* Sets the adoption; ERR_CONFLICT when already adopted. in_meeting 0: none. */
int store_meeting_adopt(struct store *st, int64_t id, int64_t by, int64_t in_meeting,
                        struct err *e) WUR;

/* ---- rows under a meeting (items, invitations, minutes, decisions, actions) ---------------------
 * One row shape for all of them; the meaning of the generic columns per kind:
 *   item:       a = signal_id, b = case_id, c = position, code = kind
 *   invitation: a = user_id, b = org_id, c = from_day, d = until_day
 *   attendance: a = user_id, b = org_id, code = status (no document)
 *   minutes:    a = version
 *   decision:   a = version, b = corrects, c = decided_day, code = type, code2 = rule,
 *               code3 = result
 *   action:     a = owner_id, b = owner_org_id, c = due_day, d = municipality_id, code = status */
/* Adds an item at the end of the agenda (position = last + 1). in: meeting_id, group_id, a, b,
 * code, by, doc. ERR_CONFLICT when the signal or case is already on the agenda. */
int store_item_add(struct store *st, const struct store_row *in, int64_t *out_id,
                   struct err *e) WUR;
int store_item_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                    size_t *out_n, struct err *e) WUR;

/* in: item_id, group_id, a..d, by, doc. ERR_CONFLICT when the user is already invited. */
int store_invitation_add(struct store *st, const struct store_row *in, int64_t *out_id,
                         struct err *e) WUR;
/* Every invitation of the meeting's items (with documents). */
int store_invitation_list(struct store *st, int64_t meeting_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e) WUR;
/* Invitations of a user whose window holds day (without documents; item_id, meeting_id set). */
int store_invitations_of_user(struct store *st, int64_t user_id, int64_t day,
                              struct store_row *out, size_t cap, size_t *out_n,
                              struct err *e) WUR;

int store_attendance_set(struct store *st, int64_t meeting_id, int64_t user_id, int64_t org_id,
                         const char *status, int64_t by, struct err *e) WUR;
int store_attendance_list(struct store *st, int64_t meeting_id, struct store_row *out,
                          size_t cap, size_t *out_n, struct err *e) WUR;

/* Saves the draft (version 1, replaced in place: ERR_CONFLICT once the meeting is adopted). */
int store_minutes_save_draft(struct store *st, int64_t item_id, int64_t group_id, int64_t by,
                             struct str doc, struct err *e) WUR;
/* Adds version last + 1 (a correction after adoption). *out_version. */
int store_minutes_add_version(struct store *st, int64_t item_id, int64_t group_id, int64_t by,
                              struct str doc, int64_t *out_version, struct err *e) WUR;
/* All minutes rows of the meeting's items, by item and version. */
int store_minutes_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                       size_t *out_n, struct err *e) WUR;

/* in: item_id, meeting_id, group_id, b (corrects, 0 none), c, code..code3, by, doc; the version
 * is the corrected one's + 1 (or 1). ERR_CONFLICT when that decision was already corrected. */
int store_decision_add(struct store *st, const struct store_row *in, int64_t *out_id,
                       struct err *e) WUR;
/* Decisions on agenda items about a case or its signal (signal_id 0: the case only), by day. */
int store_decisions_of_case(struct store *st, int64_t case_id, int64_t signal_id,
                            struct store_row *out, size_t cap, size_t *out_n,
                            struct err *e) WUR;
int store_decision_list(struct store *st, int64_t meeting_id, struct store_row *out, size_t cap,
                        size_t *out_n, struct err *e) WUR;

/* in: item_id, meeting_id, group_id, a..d, code, by, doc. */
int store_action_add(struct store *st, const struct store_row *in, int64_t *out_id,
                     struct err *e) WUR;
int store_action_get(struct store *st, int64_t id, struct store_row *out, struct err *e) WUR;
/* Sets status and the document (notes). */
int store_action_update(struct store *st, int64_t id, const char *status, int64_t by,
                        struct str doc, struct err *e) WUR;
/* Actions of a meeting (meeting_id), of an owner (owner_id) or of a municipality's meetings
 * (municipality_id): exactly one of them non-zero. Ordered by due day. */
int store_action_list(struct store *st, int64_t meeting_id, int64_t owner_id,
                      int64_t municipality_id, struct store_row *out, size_t cap, size_t *out_n,
                      struct err *e) WUR;

/* How many rows an item has, for the write-time limits. */
struct store_item_counts {
    int64_t invitations, minutes, decisions, actions;
};
int store_item_counts(struct store *st, int64_t item_id, struct store_item_counts *out,
                      struct err *e) WUR;
int64_t store_meeting_item_count(struct store *st, int64_t meeting_id, struct err *e);

#endif
