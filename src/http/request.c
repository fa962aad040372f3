/* request.c: request-side helpers that do not need libmicrohttpd: percent-decoding, query
 * parsing, JSON body validation, response helpers and RFC 9457 problem bodies. */
#include "core/common.h"

#include "http/http.h"

#define JSON_MAX_DEPTH 32

static void json_decref_cb(void *p)
{
    json_decref((json_t *)p);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int http_percent_decode(struct arena *a, struct str s, bool is_path, struct str *out)
{
    char *p = arena_alloc(a, s.n + 1);
    if (p == NULL)
        return ERR_NOMEM;
    size_t j = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == '%') {
            if (s.n - i < 3)
                return ERR_INVAL;
            int h = hexval(s.p[i + 1]), l = hexval(s.p[i + 2]);
            if (h < 0 || l < 0)
                return ERR_INVAL;
            c = (char)(h * 16 + l);
            if (c == '\0' || (is_path && (c == '/' || c == '\t' || c == '\n' || c == '\r')))
                return ERR_INVAL;
            i += 2;
        } else if (c == '\0') {
            return ERR_INVAL;
        } else if (!is_path && c == '+') {
            c = ' ';
        }
        p[j++] = c;
    }
    p[j] = '\0';
    if (!str_utf8_valid((struct str){p, j}, false))
        return ERR_INVAL;
    *out = (struct str){p, j};
    return 0;
}

int http_query_add(struct http_req *req, struct str raw_key, struct str raw_value, struct err *e)
{
    struct str k, v;
    if (http_percent_decode(req->arena, raw_key, false, &k) != 0 || k.n == 0)
        return err_field(e, "query", "ongeldige parameter in de zoekopdracht");
    if (http_percent_decode(req->arena, raw_value, false, &v) != 0)
        return err_field(e, k.p, "ongeldige waarde");
    for (size_t j = 0; j < req->n_query; j++)
        if (str_eq(req->query[j].key, k))
            return err_field(e, k.p, "parameter komt meer dan eens voor");
    if (req->n_query >= HTTP_MAX_QUERY)
        return err_field(e, "query", "te veel parameters (maximaal %d)", HTTP_MAX_QUERY);
    req->query[req->n_query].key = k;
    req->query[req->n_query].value = v;
    req->n_query++;
    return 0;
}

int http_parse_query(struct http_req *req, struct str q, struct err *e)
{
    size_t i = 0;
    req->n_query = 0;
    while (i < q.n) {
        size_t end = i;
        while (end < q.n && q.p[end] != '&')
            end++;
        struct str pair = {q.p + i, end - i};
        i = end + 1;
        if (pair.n == 0)
            continue;
        size_t eq = 0;
        while (eq < pair.n && pair.p[eq] != '=')
            eq++;
        struct str rawv = eq < pair.n ? (struct str){pair.p + eq + 1, pair.n - eq - 1} : STR_NULL;
        int rc = http_query_add(req, (struct str){pair.p, eq}, rawv, e);
        if (rc != 0)
            return rc;
    }
    return 0;
}

struct str http_req_query(const struct http_req *req, const char *name)
{
    for (size_t i = 0; i < req->n_query; i++)
        if (str_eq_cstr(req->query[i].key, name))
            return req->query[i].value;
    return STR_NULL;
}

/* depth counts containers only (as nesting_ok does): a scalar inside the 32nd level is fine. */
static bool depth_ok(const json_t *j, int depth)
{
    if (!json_is_object(j) && !json_is_array(j))
        return true;
    if (depth > JSON_MAX_DEPTH)
        return false;
    if (json_is_object(j)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            if (!depth_ok(v, depth + 1))
                return false;
        }
    } else if (json_is_array(j)) {
        size_t i;
        const json_t *v;
        json_array_foreach(j, i, v)
        {
            if (!depth_ok(v, depth + 1))
                return false;
        }
    }
    return true;
}

/* Fast pre-check so deeply nested input never reaches jansson's recursive parser: counts the
 * bracket depth outside strings. */
static bool nesting_ok(struct str body)
{
    int depth = 0;
    bool in_str = false, esc = false;
    for (size_t i = 0; i < body.n; i++) {
        char c = body.p[i];
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[') {
            if (++depth > JSON_MAX_DEPTH)
                return false;
        } else if (c == '}' || c == ']')
            depth--;
    }
    return true;
}

int http_json_parse(struct arena *a, struct str body, json_t **out, struct err *e)
{
    *out = NULL;
    if (body.n == 0)
        return err_set(e, ERR_INVAL, "Het verzoek heeft geen inhoud; een JSON-object is vereist.");
    if (!str_utf8_valid(body, true))
        return err_set(e, ERR_INVAL, "De inhoud is geen geldige UTF-8.");
    if (!nesting_ok(body))
        return err_set(e, ERR_INVAL, "De JSON is dieper genest dan %d niveaus.", JSON_MAX_DEPTH);
    json_error_t je;
    json_t *j = json_loadb(body.p, body.n, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL) {
        /* je.text comes from jansson and may quote input; only the position goes to the client. */
        return err_set(e, ERR_INVAL, "Ongeldige JSON bij regel %d, kolom %d.", je.line, je.column);
    }
    if (arena_defer(a, json_decref_cb, j) != 0)
        return ERR_NOMEM;
    if (!json_is_object(j))
        return err_set(e, ERR_INVAL, "De inhoud moet een JSON-object zijn.");
    if (!depth_ok(j, 1))
        return err_set(e, ERR_INVAL, "De JSON is dieper genest dan %d niveaus.", JSON_MAX_DEPTH);
    *out = j;
    return 0;
}

int http_resp_header(struct http_req *req, struct http_resp *resp, const char *name, const char *value)
{
    if (resp->n_headers >= HTTP_MAX_RESP_HEADERS)
        return ERR_TOOBIG;
    char *v = arena_strndup(req->arena, value, strlen(value));
    if (v == NULL)
        return ERR_NOMEM;
    resp->headers[resp->n_headers].name = name;
    resp->headers[resp->n_headers].value = v;
    resp->n_headers++;
    return 0;
}

void http_resp_json(struct http_resp *resp, int status, json_t *j)
{
    if (resp->json != NULL)
        json_decref(resp->json);
    resp->json = j;
    resp->status = status;
}

void http_resp_blob(struct http_resp *resp, int status, void *p, size_t n,
                    const char *content_type)
{
    if (resp->json != NULL)
        json_decref(resp->json);
    resp->json = NULL;
    if (resp->blob != NULL) {
        explicit_bzero(resp->blob, resp->blob_len);
        free(resp->blob);
    }
    resp->blob = p;
    resp->blob_len = p ? n : 0;
    resp->content_type = content_type;
    resp->status = status;
}

void http_problem(struct http_resp *resp, const struct err *e, const char *req_id)
{
    int status = e->status ? e->status : err_http_status(e->code);
    char type[96];
    snprintf(type, sizeof(type), "urn:regie:problem:%s",
             status == 404 && e->code == 0 ? "not-found" : err_type_slug(e->code));
    const char *detail = e->detail[0] ? e->detail : NULL;
    /* a 5xx says the server failed: field errors found on the way (against a failing
     * database, say) are not the client's to fix and are left out */
    size_t n_fields = status >= 500 ? 0 : e->n_fields;
    if (detail == NULL && n_fields > 0)
        detail = "Een of meer velden zijn niet goed ingevuld; zie errors.";
    if (detail == NULL) {
        switch (status) {
        case 500: detail = "Er ging iets mis aan onze kant. Probeer het later opnieuw."; break;
        case 503: detail = "De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw."; break;
        default: detail = err_status_title(status); break;
        }
    }
    json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title",
                          e->title[0] ? e->title : err_status_title(status), "status", status,
                          "detail", detail, "request_id", req_id ? req_id : "");
    if (j != NULL && n_fields > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n_fields && arr; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s}", "field", e->fields[i].name, "reason",
                                                 e->fields[i].reason));
        json_object_set_new(j, "errors", arr);
    }
    http_resp_json(resp, status, j);
    resp->content_type = "application/problem+json";
}
