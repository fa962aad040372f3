/* cmd_peer.c: `regie peer add | list | index | remove` (app/elsewhere.h, docs/known-elsewhere.md).
 * Pairs this region with another for "known elsewhere?". A new pair key is written to a file
 * (--key-out) to be carried to the other region out of band, never printed; the other side reads
 * it (--key-in). Prints ids and counts only. Exit 0 ok, 1 failure, 2 usage. */
#include "core/common.h"

#include <sodium.h>

#include "app/elsewhere.h"
#include "cli/cli.h"
#include "core/net.h"
#include "core/parse.h"
#include "core/str.h"

#define OPS_DEFAULT 3          /* argon2id passes of a tag: about 0.1 s with 64 MiB here */
#define MEM_KIB_DEFAULT 65536  /* 64 MiB */
#define ASK_DAY_DEFAULT 20     /* [U] questions one user may ask a peer a day */
#define ANSWER_DAY_DEFAULT 500 /* [U] questions of a peer answered a day */

static int num(const struct cli *c, const char *name, int64_t min, int64_t max, int64_t dflt,
               int64_t *out)
{
    const char *v = cli_opt(c, name);
    *out = dflt;
    if (v != NULL && parse_i64(str_from_cstr(v), min, max, out) != 0) {
        fprintf(stderr, "regie: peer: --%s moet %lld..%lld zijn\n", name, (long long)min,
                (long long)max);
        return 2;
    }
    return 0;
}

static int add(struct cli *c)
{
    struct elsewhere_peer p;
    struct err e;
    int64_t ops = 0, mem = 0, ask = 0, answer = 0;
    const char *id = cli_opt(c, "peer"), *self = cli_opt(c, "self"), *url = cli_opt(c, "url");
    const char *contact = cli_opt(c, "contact"), *out = cli_opt(c, "key_out");
    const char *in = cli_opt(c, "key_in");
    memset(&p, 0, sizeof(p));
    err_clear(&e);
    if (!elsewhere_id_ok(id) || !elsewhere_id_ok(self) || url == NULL || contact == NULL ||
        (out == NULL) == (in == NULL)) {
        fprintf(stderr, "regie: peer add --peer ID --self ID --url http://host:poort --contact "
                        "TEKST (--key-out BESTAND | --key-in BESTAND); ID: 1..32 van a-z, 0-9, -\n");
        return 2;
    }
    if (net_url_check(url, "url", &e) != 0 || strlen(url) >= sizeof(p.url)) {
        fprintf(stderr, "regie: peer add: --url moet http://host:poort[/pad] zijn, met een "
                        "IP-adres of localhost (TLS via een proxy: docs/known-elsewhere.md)\n");
        return 2;
    }
    if (!elsewhere_contact_ok(contact)) {
        fprintf(stderr, "regie: peer add: --contact is 1..%d bytes tekst op één regel\n",
                ELSEWHERE_CONTACT_MAX);
        return 2;
    }
    if (num(c, "ops", 1, CRYPTO_PEER_OPS_MAX, OPS_DEFAULT, &ops) ||
        num(c, "mem_kib", CRYPTO_PEER_MEM_KIB_MIN, CRYPTO_PEER_MEM_KIB_MAX, MEM_KIB_DEFAULT, &mem) ||
        num(c, "ask_day_max", 0, 100000, ASK_DAY_DEFAULT, &ask) ||
        num(c, "answer_day_max", 0, 1000000, ANSWER_DAY_DEFAULT, &answer))
        return 2;
    snprintf(p.id, sizeof(p.id), "%s", id);
    snprintf(p.self, sizeof(p.self), "%s", self);
    snprintf(p.url, sizeof(p.url), "%s", url);
    snprintf(p.contact, sizeof(p.contact), "%s", contact);
    p.ask_day_max = ask;
    p.answer_day_max = answer;
    int rc = 0;
    if (in != NULL) {
        rc = elsewhere_keyfile_read(in, &p, &e); /* the key and the cost the other side chose */
    } else {
        randombytes_buf(p.key, sizeof(p.key));
        p.ops = (unsigned)ops;
        p.mem_kib = (unsigned)mem;
    }
    /* the pair file first, then the key file to carry: no key file is left for a pair that was
     * not stored, and a key file that cannot be written takes its pair file back */
    if (rc == 0)
        rc = elsewhere_peer_save(&c->cfg, &p, &e);
    if (rc == 0 && out != NULL && (rc = elsewhere_keyfile_write(out, &p, &e)) != 0) {
        struct err ue;
        err_clear(&ue);
        if (elsewhere_peer_unlink(&c->cfg, p.id, &ue) != 0)
            fprintf(stderr, "regie: peer add: remove peers/%s.peer by hand\n", p.id);
    }
    crypto_wipe(&p, sizeof(p));
    if (rc != 0) {
        cli_print_err("peer add", &e);
        return 1;
    }
    printf("Regio %s is gekoppeld (deze regio heet daar %s).\n", id, self);
    if (out != NULL)
        printf("De sleutel staat in %s: breng dit bestand buiten het netwerk om naar de andere "
               "regio ('regie peer add ... --key-in') en vernietig het daarna.\n", out);
    return 0;
}

static int list(struct cli *c)
{
    char ids[ELSEWHERE_PEER_MAX][33];
    size_t n = 0;
    struct err e;
    err_clear(&e);
    if (elsewhere_peer_ids(&c->cfg, ids, &n, &e) != 0) {
        cli_print_err("peer list", &e);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        struct elsewhere_peer p;
        struct err pe;
        err_clear(&pe);
        if (elsewhere_peer_load(&c->cfg, ids[i], &p, &pe) == 0)
            printf("%s\t%s\tzelf: %s\tdaglimiet vragen/antwoorden: %lld/%lld\n", p.id, p.url,
                   p.self, (long long)p.ask_day_max, (long long)p.answer_day_max);
        else
            printf("%s\tonleesbaar koppelbestand\n", ids[i]);
        crypto_wipe(&p, sizeof(p));
    }
    if (n == 0)
        printf("(geen gekoppelde regio's)\n");
    return 0;
}

static int with_app(struct cli *c, bool index)
{
    struct app *a = NULL;
    struct err e;
    const char *id = cli_opt(c, "peer");
    err_clear(&e);
    if (!elsewhere_id_ok(id)) {
        fprintf(stderr, "regie: peer %s --peer ID\n", index ? "index" : "remove");
        return 2;
    }
    if (app_open(&c->cfg, true, &a, &e) != 0) {
        cli_print_err("peer", &e);
        return 1;
    }
    int64_t n = 0;
    bool more = false;
    int rc = index ? app_elsewhere_index(a, id, INT64_MAX / 4, &n, &more, &e)
                   : app_elsewhere_remove(a, id, &e);
    app_close(a);
    if (rc != 0) {
        cli_print_err(index ? "peer index" : "peer remove", &e);
        return 1;
    }
    if (index)
        printf("Kenmerken gemaakt voor %lld personen in open casussen.\n", (long long)n);
    else
        printf("De koppeling met %s is beëindigd; haar kenmerken zijn verwijderd.\n", id);
    return 0;
}

int cmd_peer(struct cli *c)
{
    if (c->n_args == 1 && strcmp(c->args[0], "add") == 0)
        return add(c);
    if (c->n_args == 1 && strcmp(c->args[0], "list") == 0)
        return list(c);
    if (c->n_args == 1 && strcmp(c->args[0], "index") == 0)
        return with_app(c, true);
    if (c->n_args == 1 && strcmp(c->args[0], "remove") == 0)
        return with_app(c, false);
    fprintf(stderr, "regie: peer: add, list, index of remove (zie 'regie peer --help')\n");
    return 2;
}
