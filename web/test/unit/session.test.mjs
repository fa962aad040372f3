// Pure logic: session-timeout arithmetic, permissions/tiles, router matching, e2e demo parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadlinesFrom, timeoutPhase, displaySeconds, WARN_MS } from '../../src/timeout.js';
import { permissionsOf, tilesFor, canAdminUsers, canAdminOrgs, ROLE_PERMISSIONS } from '../../src/permissions.js';
import { matchRoute, isAppPath } from '../../src/router.js';
import { parseDemo } from '../e2e/_server.mjs';

test('deadlines from the session response; absolute caps idle', () => {
  assert.deepEqual(deadlinesFrom({ idle_seconds_left: 900, absolute_seconds_left: 43200 }, 1000), { idleDeadline: 901000, absoluteDeadline: 43201000 });
  assert.deepEqual(deadlinesFrom({ idle_seconds_left: 900, absolute_seconds_left: 60 }, 0), { idleDeadline: 60000, absoluteDeadline: 60000 });
  assert.deepEqual(deadlinesFrom({}, 0), { idleDeadline: Infinity, absoluteDeadline: Infinity });
});

test('timeoutPhase: ok until T-2 min, then warn, then expired', () => {
  const idle = 900_000;
  const abs = 43_200_000;
  assert.equal(WARN_MS, 120_000);
  assert.deepEqual(timeoutPhase(0, idle, abs), { phase: 'ok', kind: 'idle', left: 900_000 });
  assert.equal(timeoutPhase(idle - 120_001, idle, abs).phase, 'ok');
  assert.deepEqual(timeoutPhase(idle - 120_000, idle, abs), { phase: 'warn', kind: 'idle', left: 120_000 });
  assert.equal(timeoutPhase(idle - 1, idle, abs).phase, 'warn');
  assert.deepEqual(timeoutPhase(idle, idle, abs), { phase: 'expired', kind: 'idle', left: 0 });
  // absolute limit comes first
  assert.deepEqual(timeoutPhase(0, 900_000, 100_000), { phase: 'warn', kind: 'absolute', left: 100_000 });
  assert.equal(timeoutPhase(0, Infinity, Infinity).phase, 'ok');
});

test('displaySeconds moves in steps of 15 s', () => {
  assert.equal(displaySeconds(120_000), 120);
  assert.equal(displaySeconds(119_000), 120);
  assert.equal(displaySeconds(105_000), 105);
  assert.equal(displaySeconds(104_999), 105);
  assert.equal(displaySeconds(1), 15);
  assert.equal(displaySeconds(0), 0);
});

const session = (roles, extra = {}) => ({ user: { roles, organisation: { access_ok: true } }, ...extra });

test('permissions: server list ("action.object") wins; otherwise the role fallback', () => {
  assert.deepEqual([...permissionsOf(session(['melder']))], ROLE_PERMISSIONS.melder);
  assert.deepEqual([...permissionsOf(session(['beheerder'], { permissions: ['list.user'] }))], ['list.user']);
  assert.equal(canAdminUsers(session(['beheerder'])), true);
  assert.equal(canAdminOrgs(session(['beheerder'])), true);
  // a dossierhouder may list users and organisations (server policy) but gets no beheer screens
  assert.equal(canAdminUsers(session(['dossierhouder'], { permissions: ['list.user', 'list.organisation'] })), false);
  assert.equal(canAdminOrgs(session(['dossierhouder'], { permissions: ['list.user', 'list.organisation'] })), false);
  assert.equal(canAdminUsers(session(['beheerder'], { permissions: ['list.organisation'] })), false);
  assert.equal(canAdminOrgs(session(['beheerder'], { permissions: ['list.organisation'] })), true);
  assert.equal(canAdminUsers(null), false);
});

test('tiles per role; case tiles blocked without a valid covenant', () => {
  const keys = (s) => tilesFor(s).map((x) => `${x.key}:${x.state}`);
  assert.deepEqual(keys(session(['beheerder'])), ['users:ok', 'orgs:ok', 'sessions:ok']);
  assert.deepEqual(keys(session(['raadslid'])), ['reports:ok', 'sessions:ok']);
  assert.deepEqual(keys(session(['melder'])), ['signalNew:ok', 'sessions:ok']);
  assert.equal(tilesFor(session(['melder'])).find((x) => x.key === 'signalNew').href, '/app/meldingen/nieuw');
  assert.deepEqual(keys(session(['fg'])), ['reports:ok', 'audit:ok', 'rights:ok', 'sessions:ok']);
  assert.equal(tilesFor(session(['fg'])).find((x) => x.key === 'audit').href, '/app/logboek');
  // the server's list decides: without search.audit_log no Toegangslogboek
  assert.equal(tilesFor(session(['fg'], { permissions: ['list.audit_log', 'read.figures'] })).some((x) => x.key === 'audit'), false);
  // permissions as the server sends them for a dossierhouder
  const dh = session(['dossierhouder'], { permissions: ['list.signal', 'search.signal', 'create.signal', 'list.case', 'list.meeting', 'read.figures', 'list.user'] });
  assert.deepEqual(keys(dh), ['signals:ok', 'cases:ok', 'meetings:ok', 'reports:ok', 'sessions:ok']);
  const blocked = { user: { roles: ['dossierhouder'], organisation: { access_ok: false } } };
  assert.deepEqual(keys(blocked), ['signals:blocked', 'cases:blocked', 'meetings:blocked', 'reports:ok', 'rights:blocked', 'sessions:ok']);
  assert.equal(tilesFor(session(['beheerder'])).find((x) => x.key === 'users').href, '/app/beheer/gebruikers');
  assert.equal(tilesFor(blocked).find((x) => x.key === 'cases').href, null);
});

test('router: static segments beat parameters when listed first; params are decoded', () => {
  const routes = [{ path: '/app/start' }, { path: '/app/beheer/organisaties/nieuw' }, { path: '/app/beheer/organisaties/:id' }];
  assert.equal(matchRoute(routes, '/app/start').route.path, '/app/start');
  assert.equal(matchRoute(routes, '/app/start/').route.path, '/app/start');
  assert.equal(matchRoute(routes, '/app/beheer/organisaties/nieuw').route.path, '/app/beheer/organisaties/nieuw');
  assert.deepEqual(matchRoute(routes, '/app/beheer/organisaties/a%20b').params, { id: 'a b' });
  assert.equal(matchRoute(routes, '/app/beheer/organisaties/%E0'), null);
  assert.equal(matchRoute(routes, '/app/onbekend'), null);
  assert.equal(isAppPath('/app/start', 'http://x'), true);
  assert.equal(isAppPath('/api/session', 'http://x'), false);
  assert.equal(isAppPath('https://evil.example/app/start', 'http://x'), false);
  assert.equal(isAppPath('otpauth://totp/x', 'http://x'), false);
});

test('parseDemo reads `regie demo --json` output, also with log lines around it', () => {
  const out = 'demo: created 3 accounts\n{"accounts":[{"username":"a","password":"p","totp_secret":"S","organisation":"Gemeente X","roles":["beheerder"]}]}\n';
  const [a] = parseDemo(out);
  assert.equal(a.username, 'a');
  assert.equal(a.organisationName, 'Gemeente X');
  assert.deepEqual(parseDemo('{"accounts":[{"username":"b","organisation":{"name":"O"},"roles":"fg"}]}')[0].roles, ['fg']);
  assert.throws(() => parseDemo('nothing'));
  assert.throws(() => parseDemo('{"accounts":[]}'));
});
