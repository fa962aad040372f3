/* api_signal.c: signals and weighing (docs/signals.md). Handlers only translate HTTP to the
 * use-cases in app/signal.c; reads answer through http_logged_reply so their access-log records
 * are durable before the body leaves. */
#include "core/common.h"

#include "app/signal.h"
#include "core/crypto.h"
#include "core/parse.h"
#include "http/api.h"
#include "http/logged.h"
#include "http/session.h"



typedef int (*read_fn)(struct app *a, const struct alog_req *rq, int64_t id, json_t **out,
                       struct alog_pending **out_log, struct err *e);
typedef int (*write_fn)(struct app *a, const struct alog_req *rq, int64_t id, const json_t *in,
                        json_t **out, struct err *e);

static int by_id_read(struct http_req *req, struct http_resp *resp, read_fn fn, struct err *e)
{
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = fn(req->app, rq, id, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

static int by_id_write(struct http_req *req, struct http_resp *resp, int status, write_fn fn,
                       struct err *e)
{
    json_t *j = NULL;
    int64_t id;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? api_param_id(req, 0, &id, e) : ERR_NOMEM;
    if (rc == 0)
        rc = fn(req->app, rq, id, req->json, &j, e);
    return api_reply(resp, status, rc, j);
}

int api_signal_options(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_signal_options(req->app, rq, &j, e) : ERR_NOMEM;
    return api_reply(resp, 200, rc, j);
}

int api_signals_create(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_signal_create(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}

int api_signals_list(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"state", "overdue", "page", "per_page"};
    char state[API_QV_MAX], ov[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    int rc = api_only_params(req, known, ARRAY_LEN(known), e);
    struct signal_query q = {.state = api_qv(req, "state", state, e)};
    api_qv(req, "overdue", ov, e);
    if (ov[0] && strcmp(ov, "1") != 0 && strcmp(ov, "0") != 0)
        err_field(e, "overdue", "gebruik 1 of 0");
    q.overdue = strcmp(ov, "1") == 0;
    q.page = api_qi(req, "page", 100000, e);
    q.per_page = api_qi(req, "per_page", 100, e);
    if (rc != 0 || (e && e->n_fields))
        return ERR_INVAL;
    rc = app_signal_list(req->app, rq, &q, &j, &log, e);
    return api_logged(req, resp, rc, j, log);
}

int api_signals_get(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_read(req, resp, app_signal_read, e);
}

int api_signals_export(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_read(req, resp, app_signal_export, e);
}

int api_signals_matches(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_read(req, resp, app_signal_matches, e);
}

int api_signals_weighings(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_read(req, resp, app_signal_weighings, e);
}

int api_signals_status(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_signal_set_status, e);
}

int api_signals_participants(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 201, app_signal_add_participant, e);
}

int api_signals_information(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 201, app_signal_add_information, e);
}

int api_signals_feedback(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 201, app_signal_add_feedback, e);
}

int api_signals_weigh(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 201, app_signal_add_weighing, e);
}

int api_signals_ambtsbericht(struct http_req *req, struct http_resp *resp, struct err *e)
{
    return by_id_write(req, resp, 200, app_signal_update_ambtsbericht, e);
}

int api_search(struct http_req *req, struct http_resp *resp, struct err *e)
{
    static const char *const known[] = {"bsn", "name", "birth_date", "q"};
    char bsn[API_QV_MAX], name[API_QV_MAX], bd[API_QV_MAX], q[API_QV_MAX];
    json_t *j = NULL;
    struct alog_pending *log = NULL;
    const struct alog_req *rq = http_req_alog(req);
    if (rq == NULL)
        return ERR_NOMEM;
    int rc = api_only_params(req, known, ARRAY_LEN(known), e);
    struct signal_search s = {.bsn = api_qv(req, "bsn", bsn, e), .name = api_qv(req, "name", name, e),
                              .birth_date = api_qv(req, "birth_date", bd, e), .q = api_qv(req, "q", q, e)};
    if (rc != 0 || (e && e->n_fields))
        rc = ERR_INVAL;
    else
        rc = app_signal_search(req->app, rq, &s, &j, &log, e);
    /* The query may hold a BSN or a name: wipe the copies. */
    crypto_wipe(bsn, sizeof(bsn));
    crypto_wipe(name, sizeof(name));
    crypto_wipe(bd, sizeof(bd));
    crypto_wipe(q, sizeof(q));
    return api_logged(req, resp, rc, j, log);
}

int api_public_intake(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    int rc = app_signal_public_options(req->app, &j, e);
    return api_reply(resp, 200, rc, j);
}

int api_public_signals(struct http_req *req, struct http_resp *resp, struct err *e)
{
    json_t *j = NULL;
    const struct alog_req *rq = http_req_alog(req);
    int rc = rq ? app_signal_create_public(req->app, rq, req->json, &j, e) : ERR_NOMEM;
    return api_reply(resp, 201, rc, j);
}
