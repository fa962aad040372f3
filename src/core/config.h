/* config.h: the effective configuration. Each setting has one entry in a table (name, env var,
 * default, bounds); values come from defaults, then an optional config file (key = value lines),
 * then REGIE_* environment variables, then command-line flags: later sources win. */
#ifndef REGIE_CORE_CONFIG_H
#define REGIE_CORE_CONFIG_H

#include "core/common.h"
#include "core/err.h"

#define CONFIG_PATH_MAX 512

struct config {
    char data_dir[CONFIG_PATH_MAX];
    char database[CONFIG_PATH_MAX]; /* "" (SQLite in data_dir) or a postgres:// URI */
    char config_file[CONFIG_PATH_MAX];
    char listen[128];
    char web_dir[CONFIG_PATH_MAX];
    char log_level[16];
    char trusted_proxy[64];     /* client address taken from X-Forwarded-For only from this peer */
    int64_t threads;            /* HTTP worker threads */
    int64_t write_threads;      /* request pool for state-changing requests (0: none) */
    int64_t write_batching;     /* 1: writes join the writer thread's group commit */
    int64_t max_connections;
    int64_t max_per_ip;
    int64_t conn_timeout_s;     /* inactivity timeout */
    int64_t max_body;           /* default body cap per route, bytes */
    int64_t max_header;         /* per-connection memory for headers, bytes */
    int64_t session_idle_s;
    int64_t session_absolute_s;
    int64_t max_sessions_per_user;
    int64_t pwhash_ops;
    int64_t pwhash_mem_kib;
    int64_t pwhash_concurrency;
    int64_t login_per_hour;     /* password verifications per account per hour */
    int64_t audit_checkpoint_records;
    int64_t audit_checkpoint_s;
    int64_t audit_retention_days;
    int64_t db_cache_kib;
    int64_t read_cache_kib;     /* viewcache budget, KiB (0: off) */
    char audit_witness[CONFIG_PATH_MAX]; /* file path that receives signed checkpoints */
    /* Signals (docs/signals.md). Lists are "code=Label;code=Label" ([U]: configurable). */
    int64_t public_intake;                /* 0/1: the public intake form for citizens */
    int64_t public_intake_per_hour;       /* per client address */
    int64_t public_intake_total_per_hour; /* all clients together */
    int64_t signal_check_workdays;        /* first check due after N working days */
    int64_t signal_weigh_workdays;        /* weighing due after N working days */
    int64_t signal_skip_holidays;         /* 0/1: deadlines skip the general holidays */
    int64_t meeting_invite_days_before;   /* invitation window: days before the meeting */
    int64_t meeting_invite_days_after;    /* and after it */
    int64_t document_max_bytes;           /* size cap of one uploaded document (docs/documents.md) */
    int64_t case_retention_years;         /* a closed case is kept N years */
    int64_t brp_check_months;             /* U6: departure + N months */
    int64_t rps_renewal_months;           /* R1: RPS entry + N months */
    int64_t case_necessity_review_months; /* N1: every N months */
    int64_t council_threshold;            /* council figures: values below N are suppressed */
    int64_t council_rounding;             /* council figures: published values in multiples of N */
    int64_t readiness_training_months;    /* readiness P2: joint training wanted within N months */
    int64_t keyfigure_contact_days;       /* key figure: contact wanted after N days (docs/keyfigures.md) */
    int64_t informing_due_days;           /* informing the person: due N days after admission (docs/informing.md) */
    int64_t informing_reassess_max_days;  /* a deferral is re-assessed within at most N days */
    int64_t signal_retention_months;      /* retention: signal without a case (docs/retention.md) */
    int64_t keyfigure_retention_months;   /* retention: ended key figure */
    int64_t rights_retention_months;      /* retention: closed data-subject request and its exports */
    int64_t breach_retention_months;      /* retention: closed breach of the breach register */
    int64_t retention_purge_hour;         /* local hour of the daily purge in serve */
    int64_t breakglass_minutes;           /* a break-glass grant lasts N minutes (docs/breakglass.md) */
    /* E-mail digest (docs/operations.md "E-mail digest"). */
    char smtp_relay[128];                 /* "host:port" of a local MTA; "" = digest off */
    char smtp_from[255];                  /* envelope and header sender */
    int64_t digest_hour;                  /* local hour (Europe/Amsterdam) the digest goes out */
    char public_url[256];                 /* base of the link in the mail */
    /* Operations (docs/operations.md "Metrics", "Sandbox"). */
    char metrics_listen[128];             /* ADDR:PORT of the separate /metrics listener; "" = off */
    char metrics_token_file[CONFIG_PATH_MAX]; /* file with the bearer token /metrics asks for; "" = none */
    int64_t seccomp;                      /* 1 (default): serve installs its seccomp allow-list */
    char phenomena[1024];
    char weighing_criteria[2048];
};

/* Fills c with defaults. */
void config_defaults(struct config *c);

/* Sets one value by its setting name ("listen", "max_body", ...) from text. Errors name the
 * setting: ERR_INVAL (unknown or malformed) / ERR_TOOBIG (out of range). */
int config_set(struct config *c, const char *name, const char *value, struct err *e) WUR;

/* Reads "name = value" lines (# comments, blank lines) from path; a missing file is ERR_NOTFOUND. */
int config_load_file(struct config *c, const char *path, struct err *e) WUR;

/* Applies every REGIE_<NAME> environment variable that is set. */
int config_load_env(struct config *c, struct err *e) WUR;

/* Writes the effective values as "name = value" lines to f (no secrets are held in config). */
void config_print(const struct config *c, FILE *f);

/* True if name is a known setting. */
bool config_known(const char *name);

#endif
