// @ts-check
// What a user may do in the UI. The server is the authority (it checks every request); the UI only
// decides what to show. If the session carries a `permissions` list, that list is used as is;
// otherwise a fallback per role (domain.md §2.3/§2.4) is used.

export const ROLE_PERMISSIONS = {
  beheerder: ['user.list', 'user.create', 'user.disable', 'user.reset', 'org.list', 'org.create', 'org.update'],
  dossierhouder: ['signal.list', 'signal.create', 'case.list', 'meeting.list', 'report.read'],
  voorzitter: ['case.list', 'meeting.list', 'report.read'],
  partner: ['signal.create', 'case.list', 'meeting.list'],
  melder: ['signal.create'],
  burgemeester: ['case.list', 'meeting.list', 'report.read'],
  raadslid: ['report.read'],
  fg: ['audit.read', 'report.read'],
};

/** Permissions that involve case content: blocked when the organisation has no valid covenant. */
export const CASE_DATA_PERMISSIONS = new Set(['signal.list', 'signal.create', 'case.list', 'meeting.list']);

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

export function isAdmin(session) {
  if (!session) return false;
  const roles = session.user?.roles || [];
  if (Array.isArray(session.permissions)) return session.permissions.includes('user.list') || session.permissions.includes('org.list');
  return roles.includes('beheerder');
}

export function canAdminUsers(session) {
  return Array.isArray(session?.permissions) ? can(session, 'user.list') : (session?.user?.roles || []).includes('beheerder');
}
export function canAdminOrgs(session) {
  return Array.isArray(session?.permissions) ? can(session, 'org.list') : (session?.user?.roles || []).includes('beheerder');
}

/**
 * Start-page tiles. `href` null = not built yet (shown as "Nog niet beschikbaar").
 * @returns {{ key: string, href: string|null, state: 'ok'|'blocked'|'soon' }[]}
 */
export function tilesFor(session) {
  const perms = permissionsOf(session);
  const blocked = session?.user?.organisation?.access_ok === false;
  const tiles = [];
  const add = (key, perm, href) => {
    if (perm && !perms.has(perm)) return;
    const caseData = perm ? CASE_DATA_PERMISSIONS.has(perm) : false;
    tiles.push({ key, href: caseData && blocked ? null : href, state: caseData && blocked ? 'blocked' : href ? 'ok' : 'soon' });
  };
  if (canAdminUsers(session)) add('users', null, '/app/beheer/gebruikers');
  if (canAdminOrgs(session)) add('orgs', null, '/app/beheer/organisaties');
  add('signals', 'signal.list', null);
  if (!perms.has('signal.list')) add('signalNew', 'signal.create', null);
  add('cases', 'case.list', null);
  add('meetings', 'meeting.list', null);
  add('reports', 'report.read', null);
  add('audit', 'audit.read', null);
  add('sessions', null, '/app/sessies');
  return tiles;
}
