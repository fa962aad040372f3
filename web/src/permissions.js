// @ts-check
// What a user may do in the UI. The server is the authority (it checks every request); the UI only
// decides what to show. The session's `permissions` list ("action.object", e.g. "list.case") is used
// when present; otherwise a fallback per role (domain.md §2.3/§2.4) is used.

export const ROLE_PERMISSIONS = {
  beheerder: ['list.user', 'create.user', 'update.user', 'reset.user', 'list.organisation', 'create.organisation', 'update.organisation', 'list.region', 'create.breach'],
  dossierhouder: ['list.signal', 'read.signal', 'search.signal', 'create.signal', 'list.case', 'list.meeting', 'read.figures', 'export.figures', 'read.dashboard', 'update.user', 'list.key_figure', 'create.key_figure', 'update.key_figure', 'delete.key_figure', 'create.breach', 'list.retention', 'read.retention', 'create.retention', 'update.retention', 'list.rights_request', 'create.rights_request', 'update.rights_request', 'create.inzage', 'read.inzage', 'list.inzage', 'update.inzage', 'search.known_elsewhere'],
  voorzitter: ['list.signal', 'read.signal', 'list.case', 'list.meeting', 'read.figures', 'read.dashboard', 'update.user'],
  partner: ['create.signal', 'list.signal', 'read.signal', 'list.case', 'list.meeting', 'read.figures', 'update.user', 'list.rights_request'],
  melder: ['create.signal', 'list.signal', 'read.signal', 'update.user'],
  burgemeester: ['list.signal', 'read.signal', 'list.case', 'list.meeting', 'list.ambtsbericht', 'read.figures', 'export.figures', 'read.dashboard', 'update.user', 'list.key_figure', 'create.key_figure', 'update.key_figure', 'list.retention', 'read.retention', 'create.retention', 'list.rights_request'],
  raadslid: ['read.figures', 'update.user'],
  fg: ['list.audit_log', 'search.audit_log', 'read.audit_log', 'list.rights_request', 'read.figures', 'update.user', 'list.breach', 'read.breach', 'create.breach', 'update.breach', 'list.retention', 'read.retention', 'read.inzage', 'list.inzage', 'update.inzage'],
};

/** Objects that hold case content: blocked when the organisation has no valid covenant. */
const CASE_DATA_OBJECTS = new Set(['signal', 'case', 'meeting', 'ambtsbericht', 'person', 'network', 'plan', 'task', 'rights_request', 'inzage']);
export const isCaseData = (perm) => CASE_DATA_OBJECTS.has(String(perm).split('.')[1]);

/** @param {any} session response of GET/POST /api/session */
export function permissionsOf(session) {
  if (!session) return new Set();
  if (Array.isArray(session.permissions)) return new Set(session.permissions.map(String));
  const out = new Set();
  for (const r of session.user?.roles || []) for (const p of ROLE_PERMISSIONS[r] || []) out.add(p);
  return out;
}

export function can(session, perm) {
  return permissionsOf(session).has(perm);
}

const hasRole = (session, role) => (session?.user?.roles || []).includes(role);

/** Beheer is for the functional administrator only (other roles may list users for other reasons). */
export function canAdminUsers(session) {
  return hasRole(session, 'beheerder') && can(session, 'list.user');
}
export function canAdminOrgs(session) {
  return hasRole(session, 'beheerder') && can(session, 'list.organisation');
}

/** Toegangslogboek: searching the access log (the privacy officer). */
export function canSearchAudit(session) {
  return can(session, 'search.audit_log');
}
/** Mijn account: changing the own password ("update user" covers the own account for every role). */
export function canChangePassword(session) {
  return can(session, 'update.user');
}

/** Roles that work with the signals of their municipality; the rest see their own receipts. */
const SIGNAL_OFFICER_ROLES = ['dossierhouder', 'voorzitter', 'burgemeester'];
export function isSignalOfficer(session) {
  return (session?.user?.roles || []).some((r) => SIGNAL_OFFICER_ROLES.includes(r));
}

/** Meldingen: the work queue (dossierhouder, voorzitter, burgemeester) or "Mijn meldingen" (melder, partner). */
export function canListSignals(session) {
  return can(session, 'list.signal');
}
/** Melding doen / nieuwe melding registreren. */
export function canCreateSignal(session) {
  return can(session, 'create.signal');
}
/** A single signal: the server decides between the full view, the receipt and "not found". */
export function canOpenSignal(session) {
  const p = permissionsOf(session);
  return p.has('read.signal') || p.has('list.signal') || p.has('create.signal');
}
/** Zoeken op BSN, naam + geboortedatum of woorden (logged). */
export function canSearchSignals(session) {
  return can(session, 'search.signal');
}

/** Overleggen: the meetings the user may see (staff: the municipality's; a partner: as core member or invitee). */
export function canListMeetings(session) {
  return can(session, 'list.meeting');
}
/** Nieuw overleg plannen (the server decides per body). */
export function canCreateMeeting(session) {
  return can(session, 'create.meeting');
}
/** Acties: the work list of actions from meetings (the own ones; staff also the municipality's). */
export function canListActions(session) {
  const p = permissionsOf(session);
  return p.has('read.task') || p.has('list.task');
}
/** "Alle acties van de gemeente": dossierhouder and voorzitter (docs/meetings.md). */
export function canListMunicipalityActions(session) {
  return (session?.user?.roles || []).some((r) => r === 'dossierhouder' || r === 'voorzitter') && canListActions(session);
}

/** Casussen: the cases of the own municipality (staff) or those the organisation takes part in (partner). */
export function canListCases(session) {
  return can(session, 'list.case');
}
/** Werklijst: the own open checklist tasks from cases and actions from meetings (GET /api/worklist). */
export function canListWorklist(session) {
  return can(session, 'list.task');
}

/** Datalekken: the breach register (FG) and reporting a suspected breach (FG, beheerder, dossierhouder). */
export function canListBreaches(session) {
  return can(session, 'list.breach');
}
export function canReportBreach(session) {
  return can(session, 'create.breach');
}

/** Verzoeken betrokkenen (docs/rights.md): the register (dossierhouder, burgemeester, FG; a partner its own items). */
export function canListRights(session) {
  return can(session, 'list.rights_request');
}
export function canCreateRights(session) {
  return can(session, 'create.rights_request');
}

/** Sleutelfiguren: the key-figure register of the own municipality (dossierhouder, burgemeester). */
export function canListKeyFigures(session) {
  return can(session, 'list.key_figure');
}

/**
 * Start-page tiles. `href` null = not built yet ("Nog niet beschikbaar") or blocked.
 * @returns {{ key: string, href: string|null, state: 'ok'|'blocked'|'soon' }[]}
 */
export function tilesFor(session) {
  const perms = permissionsOf(session);
  const blocked = session?.user?.organisation?.access_ok === false;
  const tiles = [];
  const add = (key, perm, href) => {
    const caseData = perm ? isCaseData(perm) : false;
    const state = caseData && blocked ? 'blocked' : href ? 'ok' : 'soon';
    tiles.push({ key, href: state === 'ok' ? href : null, state });
  };
  if (canAdminUsers(session)) add('users', null, '/app/beheer/gebruikers');
  if (canAdminOrgs(session)) add('orgs', null, '/app/beheer/organisaties');
  if (perms.has('search.signal')) add('signals', 'list.signal', '/app/meldingen');
  else if (perms.has('create.signal')) add('signalNew', 'create.signal', '/app/meldingen/nieuw');
  if (perms.has('list.case')) add('cases', 'list.case', '/app/casussen');
  if (perms.has('list.meeting')) add('meetings', 'list.meeting', '/app/overleggen');
  if (canListActions(session)) add('actions', perms.has('read.task') ? 'read.task' : 'list.task', '/app/acties');
  if (canListWorklist(session)) add('worklist', 'list.task', '/app/werklijst');
  if (perms.has('list.ambtsbericht')) add('ambtsberichten', 'list.ambtsbericht', null);
  if (perms.has('read.figures')) add('reports', 'read.figures', '/app/raadsrapportage');
  if (canSearchAudit(session)) add('audit', 'search.audit_log', '/app/logboek');
  if (perms.has('list.rights_request')) add('rights', 'list.rights_request', '/app/verzoeken');
  add('sessions', null, '/app/sessies');
  return tiles;
}

/** Cijfers: the exact operational dashboards of the own municipality (not the council's figures). */
export function canReadDashboard(session) {
  return can(session, 'read.dashboard');
}

/** Raadsrapportage: the disclosure-controlled council figures (docs/figures.md). */
export function canReadCouncilFigures(session) {
  return can(session, 'read.figures');
}
/** The council member sees only the council figures: the report is their start page. */
export function isCouncilOnly(session) {
  const roles = session?.user?.roles || [];
  return roles.length > 0 && roles.every((r) => r === 'raadslid');
}

/** Gereedheid: the readiness checklist of the own municipality (the beheerder: all of the region). */
export function canReadReadiness(session) {
  return can(session, 'read.readiness');
}
/** Steunpunten: the support directory (every role with the list right; the beheerder edits it). */
export function canReadSupport(session) {
  return can(session, 'list.support_org');
}

/** Bewaartermijnen (docs/retention.md): dossierhouder and burgemeester (own municipality), FG (oversight). */
export function canListRetention(session) {
  return can(session, 'list.retention');
}

/** Inzage (docs/inzage.md): the overviews for a data subject's right of access (dossierhouder, FG). */
export function canListInzage(session) {
  return can(session, 'list.inzage');
}
