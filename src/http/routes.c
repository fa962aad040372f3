/* routes.c: THE route table. Every route names its policy key (action, object); the server
 * refuses to start when a non-public route has no row in the policy table. docs/openapi.json
 * lists the same routes (tests/unit/http/test_routes.c checks both directions). */
#include "core/common.h"

#include "http/api.h"
#include "http/router.h"

#define PUB "public"
#define KB 1024

const struct route http_routes[] = {
    {HTTP_GET, "/api/health", api_health, "read", PUB, 0, ROUTE_PUBLIC},
    {HTTP_GET, "/api/openapi.json", api_openapi, "read", PUB, 0, ROUTE_PUBLIC},

    /* Identity and sessions */
    {HTTP_POST, "/api/session", api_session_create, "create", PUB, 8 * KB, ROUTE_PUBLIC | ROUTE_JSON},
    {HTTP_GET, "/api/session", api_session_get, "read", "session", 0, ROUTE_NO_EXTEND},
    {HTTP_DELETE, "/api/session", api_session_delete, "delete", "session", 0, 0},
    {HTTP_GET, "/api/sessions", api_sessions_list, "list", "session", 0, 0},
    {HTTP_DELETE, "/api/sessions", api_sessions_end_others, "delete", "session", 0, 0},
    {HTTP_DELETE, "/api/sessions/{id}", api_sessions_end_one, "delete", "session", 0, 0},
    {HTTP_POST, "/api/activation", api_activation_start, "create", PUB, 8 * KB, ROUTE_PUBLIC | ROUTE_JSON},
    {HTTP_POST, "/api/activation/confirm", api_activation_confirm, "update", PUB, 4 * KB,
     ROUTE_PUBLIC | ROUTE_JSON},

    {HTTP_POST, "/api/account/password", api_password_change, "update", "user", 8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/account/digest", api_digest_get, "read", "user", 0, 0},
    {HTTP_PUT, "/api/account/digest", api_digest_put, "update", "user", 2 * KB, ROUTE_JSON},

    /* Functional administration */
    {HTTP_GET, "/api/regions", api_regions_list, "list", "region", 0, 0},
    {HTTP_GET, "/api/orgs", api_orgs_list, "read", "organisation", 0, 0},
    {HTTP_POST, "/api/orgs", api_orgs_create, "create", "organisation", 8 * KB, ROUTE_JSON},
    {HTTP_PATCH, "/api/orgs/{id}", api_orgs_update, "update", "organisation", 8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/users", api_users_list, "list", "user", 0, 0},
    {HTTP_GET, "/api/users/{id}", api_users_get, "read", "user", 0, 0},
    {HTTP_POST, "/api/users", api_users_create, "create", "user", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/users/{id}/disable", api_users_disable, "update", "user", 0, 0},
    {HTTP_POST, "/api/users/{id}/reset", api_users_reset, "reset", "user", 0, 0},
    {HTTP_POST, "/api/users/{id}/deputy", api_users_deputy, "update", "user", 4 * KB, ROUTE_JSON},

    /* Signals and weighing (docs/signals.md) */
    {HTTP_GET, "/api/signal-options", api_signal_options, "read", "signal", 0, 0},
    {HTTP_POST, "/api/signals", api_signals_create, "create", "signal", 128 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/signals", api_signals_list, "list", "signal", 0, 0},
    {HTTP_GET, "/api/signals/{id}", api_signals_get, "read", "signal", 0, 0},
    {HTTP_GET, "/api/signals/{id}/export", api_signals_export, "export", "signal", 0, 0},
    {HTTP_GET, "/api/signals/{id}/matches", api_signals_matches, "search", "signal", 0, 0},
    {HTTP_GET, "/api/signals/{id}/weighings", api_signals_weighings, "read", "weighing", 0, 0},
    {HTTP_POST, "/api/signals/{id}/status", api_signals_status, "update", "signal", 4 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/signals/{id}/participants", api_signals_participants, "update", "signal",
     4 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/signals/{id}/information", api_signals_information, "create",
     "information", 128 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/signals/{id}/feedback", api_signals_feedback, "update", "signal", 8 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/signals/{id}/weighings", api_signals_weigh, "create", "weighing", 256 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/signals/{id}/ambtsbericht", api_signals_ambtsbericht, "update",
     "ambtsbericht", 32 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/search", api_search, "search", "signal", 0, 0},
    {HTTP_GET, "/api/public/intake", api_public_intake, "read", PUB, 0, ROUTE_PUBLIC},
    {HTTP_POST, "/api/public/signals", api_public_signals, "create", PUB, 64 * KB,
     ROUTE_PUBLIC | ROUTE_JSON},

    /* The overleg (docs/meetings.md) */
    {HTTP_GET, "/api/meeting-options", api_meeting_options, "list", "meeting", 0, 0},
    {HTTP_GET, "/api/bodies", api_bodies_list, "list", "meeting", 0, 0},
    {HTTP_POST, "/api/bodies", api_bodies_create, "create", "meeting", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/bodies/{id}", api_bodies_update, "update", "meeting", 8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/meetings", api_meetings_list, "list", "meeting", 0, 0},
    {HTTP_POST, "/api/meetings", api_meetings_create, "create", "meeting", 4 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/meetings/{id}", api_meetings_get, "read", "meeting", 0, 0},
    {HTTP_GET, "/api/meetings/{id}/pack", api_meetings_pack, "read", "meeting", 0, 0},
    {HTTP_GET, "/api/meetings/{id}/queue", api_meetings_queue, "create", "agenda_item", 0, 0},
    {HTTP_POST, "/api/meetings/{id}/items", api_meetings_items, "create", "agenda_item", 96 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/items/{item}/invitations", api_meetings_invitations,
     "invite", "meeting", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/items/{item}/minutes", api_meetings_minutes, "update",
     "minutes", 224 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/items/{item}/decisions", api_meetings_decisions, "create",
     "decision", 128 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/items/{item}/actions", api_meetings_actions, "create",
     "task", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/attendance", api_meetings_attendance, "update", "meeting",
     8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/meetings/{id}/adopt", api_meetings_adopt, "adopt", "meeting", 1 * KB,
     ROUTE_JSON},
    {HTTP_GET, "/api/actions", api_actions_list, "list", "task", 0, 0},
    {HTTP_POST, "/api/actions/{id}", api_actions_update, "update", "task", 4 * KB, ROUTE_JSON},

    /* The case and its plan (docs/cases.md) */
    {HTTP_GET, "/api/case-options", api_case_options, "read", "case", 0, 0},
    {HTTP_GET, "/api/cases", api_cases_list, "list", "case", 0, 0},
    {HTTP_GET, "/api/cases/{id}", api_cases_get, "read", "case", 0, ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/plans", api_cases_plans, "read", "case", 0, ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/checklist", api_cases_checklist, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/assessments", api_cases_assessments, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/family-support", api_cases_family, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/communication-line", api_cases_comm, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_POST, "/api/cases/{id}/transitions", api_cases_transition, "update", "case", 32 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/flags", api_cases_flag, "update", "case", 16 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/participants", api_cases_participant, "update", "case", 4 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/plans", api_cases_plan_add, "create", "plan", 128 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/measures", api_cases_measure_add, "create", "measure", 32 * KB,
     ROUTE_JSON},
    {HTTP_PATCH, "/api/cases/{id}/measures/{m}", api_cases_measure_update, "update", "measure",
     16 * KB, ROUTE_JSON},
    {HTTP_PATCH, "/api/cases/{id}/checklist/{task}", api_cases_task_update, "update",
     "checklist", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/assessments", api_cases_assessment_add, "create", "assessment",
     128 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/family-support", api_cases_family_add, "create", "family",
     16 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/family-support/{f}/contacts", api_cases_contact_add, "update",
     "family", 4 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/communication-line", api_cases_comm_add, "create",
     "communication", 32 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/worklist", api_worklist, "list", "task", 0, 0},

    /* Attached documents (docs/documents.md): a raw upload, capped by document_max_bytes */
    {HTTP_POST, "/api/documents", api_documents_create, "create", "document", 0, ROUTE_RAW},
    {HTTP_GET, "/api/documents", api_documents_list, "list", "document", 0, ROUTE_PURPOSE},
    {HTTP_GET, "/api/documents/{id}/content", api_documents_content, "read", "document", 0,
     ROUTE_PURPOSE},

    /* Network analysis (docs/network.md) */
    {HTTP_GET, "/api/cases/{id}/network/persons", api_network_persons, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_POST, "/api/cases/{id}/network/persons", api_network_person_add, "create", "network",
     8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/cases/{id}/network/relations", api_network_relation_add, "create",
     "network", 8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/cases/{id}/network/graph", api_network_graph, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_GET, "/api/cases/{id}/network/path", api_network_path, "read", "case", 0,
     ROUTE_PURPOSE},
    {HTTP_POST, "/api/network/persons/{id}/assessments", api_network_assess, "create", "network",
     16 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/network/persons/{id}/followup", api_network_followup, "create", "network",
     64 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/persons/{id}/links", api_person_links, "read", "case", 0, ROUTE_PURPOSE},

    /* Informing the person and the relatives in a network analysis (docs/informing.md) */
    {HTTP_GET, "/api/cases/{id}/informing", api_informing_get, "read", "informing", 0,
     ROUTE_PURPOSE},
    {HTTP_POST, "/api/cases/{id}/informing", api_informing_record, "create", "informing",
     8 * KB, ROUTE_JSON},

    /* Operational dashboards of the own municipality (docs/dashboards.md) */
    {HTTP_GET, "/api/dashboard", api_dashboard, "read", "dashboard", 0, 0},

    /* The key-figure register (docs/keyfigures.md) */
    {HTTP_GET, "/api/key-figures", api_keyfigures_list, "list", "key_figure", 0, 0},
    {HTTP_POST, "/api/key-figures", api_keyfigures_create, "create", "key_figure", 16 * KB,
     ROUTE_JSON},
    {HTTP_GET, "/api/key-figures/summary", api_keyfigures_summary, "list", "key_figure", 0, 0},
    {HTTP_GET, "/api/key-figures/{id}", api_keyfigures_get, "read", "key_figure", 0, 0},
    {HTTP_PATCH, "/api/key-figures/{id}", api_keyfigures_update, "update", "key_figure", 16 * KB,
     ROUTE_JSON},
    {HTTP_DELETE, "/api/key-figures/{id}", api_keyfigures_destroy, "delete", "key_figure", 0, 0},
    {HTTP_POST, "/api/key-figures/{id}/contacts", api_keyfigures_contact, "update", "key_figure",
     4 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/key-figures/{id}/end", api_keyfigures_end, "update", "key_figure", 4 * KB,
     ROUTE_JSON},

    /* The breach register (docs/breaches.md) */
    {HTTP_GET, "/api/breaches", api_breaches_list, "list", "breach", 0, 0},
    {HTTP_POST, "/api/breaches", api_breaches_create, "create", "breach", 32 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/breaches/{id}", api_breaches_get, "read", "breach", 0, 0},
    {HTTP_PATCH, "/api/breaches/{id}", api_breaches_update, "update", "breach", 32 * KB,
     ROUTE_JSON},

    /* The inzage export (docs/inzage.md, AVG art. 15) */
    {HTTP_POST, "/api/inzage/search", api_inzage_search, "create", "inzage", 4 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/inzage", api_inzage_list, "list", "inzage", 0, 0},
    {HTTP_POST, "/api/inzage", api_inzage_create, "create", "inzage", 8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/inzage/{id}", api_inzage_get, "read", "inzage", 0, 0},
    {HTTP_POST, "/api/inzage/{id}/approve", api_inzage_approve, "update", "inzage", 0, 0},
    {HTTP_GET, "/api/inzage/{id}/export.json", api_inzage_download, "read", "inzage", 0, 0},

    /* Requests of data subjects (docs/rights.md, REQ-PRIV-11) */
    {HTTP_GET, "/api/rights", api_rights_list, "list", "rights_request", 0, 0},
    {HTTP_POST, "/api/rights", api_rights_create, "create", "rights_request", 16 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/rights/{id}", api_rights_get, "read", "rights_request", 0, 0},
    {HTTP_PATCH, "/api/rights/{id}", api_rights_update, "update", "rights_request", 16 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/rights/{id}/identity", api_rights_identity, "update", "rights_request",
     4 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/rights/{id}/extension", api_rights_extension, "update", "rights_request",
     8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/rights/{id}/route-police", api_rights_police, "update", "rights_request",
     4 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/rights/{id}/items", api_rights_item_add, "update", "rights_request", 8 * KB,
     ROUTE_JSON},
    {HTTP_PATCH, "/api/rights/{id}/items/{item_id}", api_rights_item_decide, "update",
     "rights_request", 16 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/rights/{id}/response", api_rights_response, "update", "rights_request",
     16 * KB, ROUTE_JSON},

    /* Break-glass access to a case (docs/breakglass.md) */
    {HTTP_POST, "/api/cases/{id}/break-glass", api_breakglass_create, "create", "break_glass",
     8 * KB, ROUTE_JSON},
    {HTTP_GET, "/api/break-glass", api_breakglass_list, "list", "break_glass", 0, 0},

    /* "Known elsewhere?" between regions (docs/known-elsewhere.md): the peers, a question from
     * a case, and the answering end, which another region's server calls with a sealed question
     * (no session: the pair key is its credential) */
    {HTTP_GET, "/api/known-elsewhere", api_elsewhere_peers, "search", "known_elsewhere", 0, 0},
    {HTTP_POST, "/api/cases/{id}/known-elsewhere", api_elsewhere_ask, "search", "known_elsewhere",
     2 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/peer/known-elsewhere", api_elsewhere_answer, "create", PUB, 8 * KB,
     ROUTE_PUBLIC | ROUTE_JSON | ROUTE_PEER},

    /* Purpose binding (docs/purpose.md): the purposes a case allows (no purpose needed) and the
     * recorded legal bases for re-use by another municipal task. Every other GET under
     * /api/cases/{id} is ROUTE_PURPOSE (tests/api/test_purpose.c checks the table). */
    {HTTP_GET, "/api/cases/{id}/purposes", api_case_purposes, "read", "case", 0, 0},
    {HTTP_GET, "/api/cases/{id}/reuse-bases", api_reuse_list, "read", "reuse_basis", 0,
     ROUTE_PURPOSE},
    {HTTP_POST, "/api/cases/{id}/reuse-bases", api_reuse_create, "create", "reuse_basis", 16 * KB,
     ROUTE_JSON},

    /* Retention: upcoming expiries, legal holds, extensions, destruction report (docs/retention.md) */
    {HTTP_GET, "/api/retention", api_retention_overview, "list", "retention", 0, 0},
    {HTTP_GET, "/api/retention/report", api_retention_report, "read", "retention", 0, 0},
    {HTTP_POST, "/api/retention/holds", api_retention_hold_create, "create", "retention", 8 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/retention/holds/{id}/end", api_retention_hold_end, "update", "retention",
     1 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/retention/extensions", api_retention_extension_create, "create", "retention",
     8 * KB, ROUTE_JSON},

    /* Council figures, disclosure-controlled (docs/figures.md) */
    {HTTP_GET, "/api/figures/council", api_figures_council, "read", "figures", 0, 0},
    {HTTP_GET, "/api/figures/council/copies", api_figures_copies_list, "export", "figures", 0, 0},
    {HTTP_POST, "/api/figures/council/copies", api_figures_copies_create, "export", "figures",
     4 * KB, ROUTE_JSON},

    /* Preparedness and the support directory (docs/preparedness.md) */
    {HTTP_GET, "/api/readiness", api_readiness_list, "read", "readiness", 0, 0},
    {HTTP_GET, "/api/readiness/{id}", api_readiness_get, "read", "readiness", 0, 0},
    {HTTP_PUT, "/api/readiness/{id}/people", api_readiness_people, "update", "readiness", 4 * KB,
     ROUTE_JSON},
    {HTTP_POST, "/api/readiness/{id}/documents", api_readiness_document_add, "update",
     "readiness", 8 * KB, ROUTE_JSON},
    {HTTP_POST, "/api/readiness/documents/{id}/withdraw", api_readiness_document_withdraw,
     "update", "readiness", 0, 0},
    {HTTP_GET, "/api/readiness/{id}/trainings", api_readiness_trainings, "read", "readiness", 0,
     0},
    {HTTP_POST, "/api/readiness/{id}/trainings", api_readiness_training_add, "update",
     "readiness", 8 * KB, ROUTE_JSON},
    {HTTP_PUT, "/api/readiness/{id}/cot", api_readiness_cot, "update", "readiness", 16 * KB,
     ROUTE_JSON},
    {HTTP_GET, "/api/support", api_support_list, "list", "support_org", 0, 0},
    {HTTP_POST, "/api/support", api_support_create, "create", "support_org", 8 * KB, ROUTE_JSON},
    {HTTP_PATCH, "/api/support/{id}", api_support_update, "update", "support_org", 8 * KB,
     ROUTE_JSON},
    {HTTP_DELETE, "/api/support/{id}", api_support_delete, "delete", "support_org", 0, 0},

    /* The access log (privacy officer) */
    {HTTP_GET, "/api/audit", api_audit_query, "search", "audit_log", 0, 0},
    {HTTP_GET, "/api/audit/verify", api_audit_verify, "read", "audit_log", 0, 0},

    /* The web UI: index.html for the app shell, then the built files. Must stay last. */
    {HTTP_GET, "/", api_static_index, "read", PUB, 0, ROUTE_PUBLIC},
    {HTTP_GET, "/app/", api_static_index, "read", PUB, 0, ROUTE_PUBLIC | ROUTE_STATIC},
    {HTTP_GET, "/", api_static_file, "read", PUB, 0, ROUTE_PUBLIC | ROUTE_STATIC},
};

const size_t http_n_routes = ARRAY_LEN(http_routes);
