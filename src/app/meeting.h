/* meeting.h: the overleg (docs/meetings.md): standing bodies with core members, meetings with an
 * agenda built from the queue, invitations per agenda item (need-to-know: an invitee sees only
 * that item, only inside the invitation window), attendance, minutes per item with adoption,
 * immutable decisions with the decision rule, and actions in each owner's work list.
 *
 * Every use-case asks policy/ first, answers 404 for a meeting or item the caller may not see
 * (no existence leak) and writes its access-log records: writes in the same transaction
 * (alog_run) with one record per data subject of the signals and cases in the answer, reads
 * through *out_log, which the HTTP layer commits before the body leaves. Every POST answers
 * with the meeting view (plus created_id). */
#ifndef REGIE_APP_MEETING_H
#define REGIE_APP_MEETING_H

#include <jansson.h>

#include "app/access_log.h"
#include "app/app.h"

int app_meeting_options(struct app *a, const struct alog_req *rq, json_t **out,
                        struct err *e) WUR;

int app_body_list(struct app *a, const struct alog_req *rq, json_t **out,
                  struct alog_pending **out_log, struct err *e) WUR;
int app_body_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                    struct err *e) WUR;
int app_body_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                    json_t **out, struct err *e) WUR;

/* GET /api/meetings: from/to "YYYY-MM-DD" or NULL/"" (default 90 days back, 180 ahead). */
int app_meeting_list(struct app *a, const struct alog_req *rq, const char *from, const char *to,
                     json_t **out, struct alog_pending **out_log, struct err *e) WUR;
int app_meeting_create(struct app *a, const struct alog_req *rq, const json_t *in, json_t **out,
                       struct err *e) WUR;
int app_meeting_read(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                     struct alog_pending **out_log, struct err *e) WUR;
/* The agenda pack as for_user would see it (0: the caller). */
int app_meeting_pack(struct app *a, const struct alog_req *rq, int64_t id, int64_t for_user,
                     json_t **out, struct alog_pending **out_log, struct err *e) WUR;
int app_meeting_queue(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                      struct alog_pending **out_log, struct err *e) WUR;

int app_meeting_add_item(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                         json_t **out, struct err *e) WUR;
int app_meeting_invite(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                       const json_t *in, json_t **out, struct err *e) WUR;
int app_meeting_minutes(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                        const json_t *in, json_t **out, struct err *e) WUR;
int app_meeting_decide(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                       const json_t *in, json_t **out, struct err *e) WUR;
int app_meeting_add_action(struct app *a, const struct alog_req *rq, int64_t id, int64_t item,
                           const json_t *in, json_t **out, struct err *e) WUR;
int app_meeting_attendance(struct app *a, const struct alog_req *rq, int64_t id,
                           const json_t *in, json_t **out, struct err *e) WUR;
int app_meeting_adopt(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* GET /api/actions: scope "mine" (default) | "municipality"; status "open" (default) |
 * "gereed" | "vervallen" | "all". */
int app_action_list(struct app *a, const struct alog_req *rq, const char *scope,
                    const char *status, json_t **out, struct alog_pending **out_log,
                    struct err *e) WUR;
int app_action_update(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                      json_t **out, struct err *e) WUR;

/* For the privacy officer's review queue: was an access to meeting_id by (user_id, org_id) at
 * ts_ms expected? True when the organisation owns the meeting (its municipality), the user is a
 * core member of the body now, or was invited for an item with a window holding that day, or
 * the meeting no longer exists. [Membership is the current one: a member who left is flagged.] */
bool app_meeting_access_expected(struct store *st, int64_t meeting_id, int64_t user_id,
                                 int64_t org_id, int64_t ts_ms);

/* For attachments (app/document.c): may who see (write false) or add to (write true) agenda
 * item item_id of meeting meeting_id? See: the item is visible to who (the owner municipality's
 * staff, a core member of the body, an invitee for this item inside the window). Add: who also
 * has the owner municipality's full access to the meeting. Fills *out (the item's data-key
 * group, the owner municipality, the organisations at the table for the item, whether who is a
 * core member or invitee, the data subjects of the linked signal or case). Errors: ERR_NOTFOUND
 * (no such meeting or item, or not visible: answer 404), ERR_FORBIDDEN (visible, but who may
 * not add to it), ERR_NOMEM, ERR_DB. */
#define APP_ITEM_ACCESS_PARTS 64
#define APP_ITEM_ACCESS_PERSONS 16
struct app_item_access {
    int64_t group_id;
    int64_t municipality_id;
    bool designated; /* core member, or invited for this item inside the window */
    int64_t parts[APP_ITEM_ACCESS_PARTS]; /* organisations at the table for this item */
    size_t n_parts;
    int64_t persons[APP_ITEM_ACCESS_PERSONS]; /* data subjects of the linked signal or case */
    size_t n_persons;
};
int app_meeting_item_may(struct store *st, const struct actor *who, int64_t meeting_id,
                         int64_t item_id, bool write, struct app_item_access *out,
                         struct err *e) WUR;

/* The decision rule (§7.1): no votes or none against → unanimous; a larger side → majority;
 * a tie → the chair decides (chair_vote "voor"/"tegen" required). Returns false on a tie without
 * chair_vote. *rule and *result receive static codes. For the use-case and its unit test. */
bool meeting_decision_rule(int64_t voor, int64_t tegen, const char *chair_vote,
                           const char **rule, const char **result);

#endif
