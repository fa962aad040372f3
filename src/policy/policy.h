/* policy.h: who may do what. Deny by default, driven by ONE table, src/policy/policy.csv, which is
 * embedded in the binary and parsed at startup by policy_init(). The table has two sections:
 *   rules       role,action,object,condition[,comment]   function- and object-level access
 *   [categories] category,role,condition[,comment]       field-level visibility (data category)
 * A user has one or more roles (a bitmask); a request is allowed when any of the actor's roles has
 * a row for (action, object) whose condition holds for the object. On top of the rows, an actor
 * whose organisation has no signed and current covenant (actor.org_access_ok false) is denied
 * every case-data object and every case-data category, whatever the rows say (REQ-ACT-01). The
 * non-case objects are session, user, organisation, region, settings, figures, audit_log,
 * readiness, key_figure, support_org and breach; any
 * other object, including ones added later, counts as case data (fail closed).
 *
 * Thread-safety: after policy_init (or policy_load) the table is read-only and every query may run
 * concurrently. policy_init, policy_load and policy_cleanup replace or free the table and must not
 * run concurrently with queries: call them at startup, at shutdown and in tests. */
#ifndef REGIE_POLICY_POLICY_H
#define REGIE_POLICY_POLICY_H

#include "core/common.h"
#include "core/err.h"

/* Roles (bits of actor.roles). */
enum policy_role {
    POLICY_ROLE_BEHEERDER = 1u << 0,     /* functional admin: users, organisations, settings */
    POLICY_ROLE_DOSSIERHOUDER = 1u << 1, /* municipal case director (casusregisseur) */
    POLICY_ROLE_VOORZITTER = 1u << 2,    /* chair of the casusoverleg */
    POLICY_ROLE_PARTNER = 1u << 3,       /* partner representative (police, OM, RvdK, ...) */
    POLICY_ROLE_MELDER = 1u << 4,        /* reporter: submit only */
    POLICY_ROLE_BURGEMEESTER = 1u << 5,  /* mayor */
    POLICY_ROLE_RAADSLID = 1u << 6,      /* council member: anonymised figures only */
    POLICY_ROLE_FG = 1u << 7,            /* privacy officer: access log, not case content */
};
#define POLICY_ROLE_COUNT 8
#define POLICY_ROLE_ALL 0xFFu

/* Conditions of a row (bits, so policy_scope can return a set). */
enum policy_cond {
    POLICY_COND_ANY = 1u << 0,
    POLICY_COND_SELF = 1u << 1,           /* obj.subject_user_id == actor.user_id */
    POLICY_COND_OWN_ORG = 1u << 2,        /* obj.owner_org_id == actor.org_id */
    POLICY_COND_PARTICIPANT = 1u << 3,    /* actor.org_id in obj.participant_org_ids */
    POLICY_COND_OWN_SUBMISSION = 1u << 4, /* obj.submitter_user_id == actor.user_id */
    POLICY_COND_DESIGNATED = 1u << 5,     /* obj.designated: the actor is a named reader */
};
#define POLICY_COND_COUNT 6

/* Who is asking. Built by the session layer from the user record; ids are > 0. */
struct actor {
    int64_t user_id;
    int64_t org_id;
    uint32_t roles;     /* enum policy_role bits */
    bool org_access_ok; /* the organisation's covenant is signed and current */
    bool municipal;     /* the organisation is a municipality: on PostgreSQL the database keeps
                           other municipalities' rows from its requests too (app_act_as) */
};

/* What is asked about, for object-level checks. Ids that do not apply are 0 (never match). */
struct policy_obj {
    int64_t owner_org_id;               /* organisation that owns/brought in the object */
    int64_t submitter_user_id;          /* user who submitted it (signals) */
    int64_t subject_user_id;            /* the user it is about (user profile, session) */
    const int64_t *participant_org_ids; /* organisations taking part in the case/agenda item */
    size_t n_participants;
    bool designated; /* the actor is a named reader (e.g. ambtsbericht) */
};

/* One row of the rules section, as returned by policy_rule_at. Strings are borrowed from the
 * table and valid until the next policy_init/policy_load/policy_cleanup. */
struct policy_rule {
    uint32_t role; /* exactly one enum policy_role bit */
    uint32_t cond; /* exactly one enum policy_cond bit */
    const char *action;
    const char *object;
    unsigned line;    /* line in the CSV */
    const char *text; /* "role,action,object,condition (line N)" */
};

/* One row of the categories section. Same lifetime rules. */
struct policy_category_rule {
    uint32_t role;
    uint32_t cond;
    const char *category;
    unsigned line;
    const char *text;
};

/* Parses the embedded policy.csv and installs it. Returns 0, ERR_INVAL (the embedded table is
 * malformed: detail names the line) or ERR_NOMEM. The server refuses to start on failure. */
int policy_init(struct err *e) WUR;

/* Parses csv[0..n) (same format as policy.csv) and, only if it is entirely valid, installs it in
 * place of the current table. For tests (mutated tables) and tools. Malformed input (unknown role
 * or condition, bad name, missing or extra columns, quote errors, duplicate row, missing header)
 * gives ERR_INVAL with "policy.csv regel N: ..." in e->detail; the current table is kept. */
int policy_load(const char *csv, size_t n, struct err *e) WUR;

/* Frees the table; afterwards every check denies. For shutdown and leak-free tests. */
void policy_cleanup(void);

/* Decides whether actor may do action on object. obj is the object for an object-level check;
 * NULL asks the function-level question "may this actor do this to some object of this kind",
 * which a conditional row (participant, self, ...) also answers yes: the caller MUST then either
 * check again with the object, or filter a list with policy_scope. Returns 0 (allow) or
 * ERR_FORBIDDEN: no table, unknown action/object, no matching row, org_access_ok false for
 * case data, NULL arguments, roles == 0 or any bit outside POLICY_ROLE_ALL (a corrupt role mask
 * denies the whole actor) (fail closed). Ids <= 0 never satisfy a condition. *out_rule (may be
 * NULL) receives the text of the matching row, borrowed from the table (for the access log), or
 * NULL on deny. */
int policy_check(const struct actor *a, const char *action, const char *object,
                 const struct policy_obj *obj, const char **out_rule) WUR;

/* The set of conditions (enum policy_cond bits) under which the actor's roles may do action on
 * object, after the covenant rule: 0 = never, POLICY_COND_ANY set = no filter needed, otherwise
 * a list must be filtered to objects meeting one of the returned conditions. */
uint32_t policy_scope(const struct actor *a, const char *action, const char *object);

/* Whether the database narrows this actor's requests to its own municipality's rows (and the
 * others its rules let it into: PostgreSQL row-level security, src/store/pg/rls.sql): a user
 * of a municipality, unless one of its roles works across municipalities by definition (the FG
 * oversees all of them, the functional admin manages accounts, a council member reads the
 * region's anonymised figures). Everyone else is not narrowed (the application's rules alone). */
bool policy_narrowed(const struct actor *a);

/* True when at least one row has this (action, object). The router refuses to start with a route
 * whose key has no row. */
bool policy_has_key(const char *action, const char *object);

/* Field-level visibility: may the actor see fields of data category `category` (identification,
 * signal, police, criminal, special, youth, ambtsbericht, plan, network, minutes, figures,
 * audit) of obj? obj NULL means "no relation to the object": only `any` rows count. Covenant rule:
 * with org_access_ok false only the figures and audit categories can be visible. Unknown
 * category: false. */
bool policy_category_visible(const struct actor *a, const char *category,
                             const struct policy_obj *obj);

/* Role bit for a role name s[0..n) ("dossierhouder"). Returns 0 or ERR_INVAL. */
int policy_role_from_name(const char *s, size_t n, uint32_t *out_role) WUR;

/* Static name of a single role bit, or NULL if role is not exactly one known bit. */
const char *policy_role_name(uint32_t role);

/* Static name of a single condition bit ("participant"), or NULL. */
const char *policy_cond_name(uint32_t cond);

/* Iteration for tests and tools. Counts are 0 without a table. *_at return false when i is out of
 * range; otherwise fill *out with borrowed strings (see struct policy_rule). Keys are the distinct
 * (action, object) pairs of the rules section, sorted by object then action. */
size_t policy_rule_count(void);
bool policy_rule_at(size_t i, struct policy_rule *out);
size_t policy_key_count(void);
bool policy_key_at(size_t i, const char **out_action, const char **out_object);
size_t policy_category_rule_count(void);
bool policy_category_rule_at(size_t i, struct policy_category_rule *out);

/* True when object is case data (subject to the covenant rule): any object other than session,
 * user, organisation, region, settings, figures and audit_log. */
bool policy_object_is_case_data(const char *object);

#endif
