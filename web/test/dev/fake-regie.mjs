#!/usr/bin/env node
// DEVELOPMENT ONLY. A stand-in for the C `regie` binary that speaks the same CLI and JSON API
// contract as far as the web UI needs it (identity and access). It lets the UI and the e2e suite be
// exercised before the real server exists:  REGIE_BIN=web/test/dev/fake-regie.mjs npm run test:e2e
// The committed e2e tests default to the real binary (build/regie); never ship or rely on this file.
//
//   fake-regie.mjs init  --data-dir DIR
//   fake-regie.mjs demo  --data-dir DIR --json
//   fake-regie.mjs serve --data-dir DIR --listen 127.0.0.1:0 --ready-file FILE --web-dir web/dist
//   env FAKE_REGIE_IDLE_SECONDS (default 900), FAKE_REGIE_ABSOLUTE_SECONDS (default 43200)
import { createServer } from 'node:http';
import { randomBytes, randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { join, extname, normalize, resolve } from 'node:path';
import { totp, stepAt, base32Encode } from '../lib/totp.mjs';

const argv = process.argv.slice(2);
const cmd = argv[0];
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const dataDir = opt('data-dir', './data');
const stateFile = join(dataDir, 'fake-regie.json');
const IDLE = Number(process.env.FAKE_REGIE_IDLE_SECONDS || 900);
const ABSOLUTE = Number(process.env.FAKE_REGIE_ABSOLUTE_SECONDS || 43200);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const ROLE_PERMISSIONS = {
  beheerder: ['user.list', 'user.create', 'user.disable', 'user.reset', 'org.list', 'org.create', 'org.update'],
  dossierhouder: ['signal.list', 'signal.create', 'case.list', 'meeting.list', 'report.read'],
  voorzitter: ['case.list', 'meeting.list', 'report.read'],
  partner: ['signal.create', 'case.list', 'meeting.list'],
  melder: ['signal.create'],
  burgemeester: ['case.list', 'meeting.list', 'report.read'],
  raadslid: ['report.read'],
  fg: ['audit.read', 'report.read'],
};
const KINDS = ['gemeente', 'politie', 'om', 'rvdk', 'reclassering', 'jeugdzorg', 'ggz', 'zvh', 'nctv', 'overig'];
const INSTRUMENTS = ['convenant', 'privacyprotocol', 'wet', 'geen'];
const STATUSES = ['getekend', 'verlopen', 'ingetrokken', 'niet_getekend'];

const load = () => JSON.parse(readFileSync(stateFile, 'utf8'));
const save = (s) => writeFileSync(stateFile, JSON.stringify(s, null, 1));
const hash = (s) => createHash('sha256').update(String(s)).digest('hex');
const newSecret = () => base32Encode(randomBytes(20));
const accessOk = (o) => o.instrument !== 'geen' && o.instrument_status === 'getekend';

if (cmd === 'init') {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(stateFile)) {
    console.error('already initialised');
    process.exit(1);
  }
  save({ regions: [{ id: 1, name: 'Midden-Nederland' }, { id: 2, name: 'Oost-Nederland' }], orgs: [], users: [], nextId: 100 });
  console.log(`initialised ${dataDir}`);
} else if (cmd === 'demo') {
  const s = load();
  const org = (name, kind, status = 'getekend', instrument = 'convenant') => {
    const o = { id: s.nextId++, name, kind, region_id: 1, instrument, instrument_date: '2023-10-12', instrument_status: status };
    s.orgs.push(o);
    return o;
  };
  const gem = org('Gemeente Voorbeeldstad', 'gemeente');
  const pol = org('Politie eenheid Midden-Nederland', 'politie', 'getekend', 'wet');
  const zorg = org('Jeugdzorg Voorbeeldregio', 'jeugdzorg', 'verlopen');
  const accounts = [];
  const user = (username, display_name, o, roles) => {
    const password = `demo-${randomBytes(9).toString('base64url')}-wachtwoord`;
    const secret = newSecret();
    s.users.push({ id: s.nextId++, username, display_name, org_id: o.id, roles, status: 'actief', pw: hash(password), secret, lastStep: 0 });
    accounts.push({ username, password, totp_secret: secret, organisation: o.name, roles });
  };
  user('beheer', 'Bea Beheer', gem, ['beheerder']);
  user('dossier', 'Daan de Dossierhouder', gem, ['dossierhouder']);
  user('voorzitter', 'Vera Voorzitter', gem, ['voorzitter']);
  user('politie', 'Piet Partner', pol, ['partner']);
  user('jeugdzorg', 'Jet Jeugdzorg', zorg, ['partner']);
  user('burgemeester', 'Bram Burgemeester', gem, ['burgemeester']);
  user('raad', 'Rita Raadslid', gem, ['raadslid']);
  user('fg', 'Fleur FG', gem, ['fg']);
  save(s);
  if (flag('json')) console.log(JSON.stringify({ accounts }));
  else for (const a of accounts) console.log(`${a.username}\t${a.password}\t${a.totp_secret}`);
} else if (cmd === 'serve') {
  serve();
} else {
  console.error('usage: fake-regie.mjs init|demo|serve --data-dir DIR');
  process.exit(2);
}

function serve() {
  const s = load();
  const sessions = new Map(); // token-hash -> session
  const failures = new Map();
  const webDir = resolve(opt('web-dir', 'web/dist'));
  const [host, port] = opt('listen', '127.0.0.1:0').split(':');

  const orgOut = (o) => ({ ...o, access_ok: accessOk(o) });
  const userOut = (u) => ({ id: u.id, username: u.username, display_name: u.display_name, org_id: u.org_id, roles: u.roles, status: u.status });
  const sessionOut = (sess, now) => {
    const u = s.users.find((x) => x.id === sess.userId);
    const o = s.orgs.find((x) => x.id === u.org_id);
    const perms = [...new Set(u.roles.flatMap((r) => ROLE_PERMISSIONS[r] || []))];
    return {
      user: { id: u.id, username: u.username, display_name: u.display_name, roles: u.roles, organisation: { id: o.id, name: o.name, kind: o.kind, access_ok: accessOk(o) } },
      csrf_token: sess.csrf,
      idle_seconds_left: Math.max(0, Math.floor((sess.lastSeen + IDLE * 1000 - now) / 1000)),
      absolute_seconds_left: Math.max(0, Math.floor((sess.created + ABSOLUTE * 1000 - now) / 1000)),
      permissions: perms,
    };
  };
  const verifyTotp = (u, code) => {
    if (!/^\d{6}$/.test(String(code || ''))) return false;
    const now = stepAt();
    for (const st of [now - 1, now, now + 1]) {
      const c = totp(u.secret, { step: st });
      if (timingSafeEqual(Buffer.from(c), Buffer.from(code)) && st > (u.lastStep || 0)) {
        u.lastStep = st;
        return true;
      }
    }
    return false;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const headers = {
      'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    const send = (status, body, extra = {}) => {
      const h = { ...headers, 'Cache-Control': 'no-store', ...extra };
      if (body === undefined) {
        res.writeHead(status, h);
        return res.end();
      }
      res.writeHead(status, { 'Content-Type': 'application/json', ...h });
      res.end(JSON.stringify(body));
    };
    const problem = (status, title, detail, errors) => {
      res.writeHead(status, { ...headers, 'Cache-Control': 'no-store', 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }));
    };
    if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res, headers);

    let body = {};
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw) {
        if (!/^application\/json/.test(req.headers['content-type'] || '')) return problem(415, 'Unsupported Media Type', 'Stuur JSON.');
        try {
          body = JSON.parse(raw);
        } catch {
          return problem(400, 'Bad Request', 'Ongeldige JSON.');
        }
      }
    }
    const now = Date.now();
    const cookie = /(?:^|;\s*)__Host-regie=([^;]+)/.exec(req.headers.cookie || '')?.[1];
    let sess = cookie ? sessions.get(hash(cookie)) : null;
    if (sess && (now > sess.lastSeen + IDLE * 1000 || now > sess.created + ABSOLUTE * 1000)) {
      sessions.delete(sess.key);
      sess = null;
    }
    const route = `${req.method} ${url.pathname}`;
    const needAuth = () => {
      if (!sess) {
        problem(401, 'Unauthorized', 'Niet ingelogd.');
        return false;
      }
      if (req.method !== 'GET' && req.headers['x-csrf-token'] !== sess.csrf) {
        problem(403, 'Forbidden', 'CSRF-token ontbreekt of is onjuist.');
        return false;
      }
      if (route !== 'GET /api/session') sess.lastSeen = now; // GET /api/session does not extend
      return true;
    };
    const needPerm = (p) => {
      const u = s.users.find((x) => x.id === sess.userId);
      if (!u.roles.some((r) => (ROLE_PERMISSIONS[r] || []).includes(p))) {
        problem(403, 'Forbidden', 'U hebt geen toegang tot deze functie.');
        return false;
      }
      return true;
    };

    if (route === 'POST /api/session') {
      const key = String(body.username || '');
      if ((failures.get(key) || 0) >= 10) return problem(429, 'Too Many Requests', 'Te veel pogingen.');
      const u = s.users.find((x) => x.username === key && x.status === 'actief');
      if (!u || u.pw !== hash(body.password) || !verifyTotp(u, body.totp)) {
        failures.set(key, (failures.get(key) || 0) + 1);
        return problem(401, 'Unauthorized', 'Inloggen mislukt.');
      }
      failures.delete(key);
      const token = randomBytes(32).toString('base64url');
      const k = hash(token);
      sess = { key: k, id: randomUUID(), userId: u.id, csrf: randomBytes(24).toString('base64url'), created: now, lastSeen: now, client: req.headers['user-agent'] || '' };
      sessions.set(k, sess);
      return send(201, sessionOut(sess, now), { 'Set-Cookie': `__Host-regie=${token}; Path=/; HttpOnly; Secure; SameSite=Strict` });
    }
    if (route === 'GET /api/session') {
      if (!needAuth()) return;
      return send(200, sessionOut(sess, now));
    }
    if (route === 'DELETE /api/session') {
      if (sess) {
        if (req.headers['x-csrf-token'] !== sess.csrf) return problem(403, 'Forbidden', 'CSRF-token ontbreekt of is onjuist.');
        sessions.delete(sess.key);
      }
      return send(204, undefined, { 'Set-Cookie': '__Host-regie=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0' });
    }
    if (route === 'POST /api/activation' || route === 'POST /api/activation/confirm') {
      const u = s.users.find((x) => x.username === body.username && x.status === 'wacht_op_activatie' && x.activation === hash(body.activation_code));
      if (!u) return problem(400, 'Bad Request', 'Gebruikersnaam of activatiecode onjuist.');
      if (route === 'POST /api/activation') {
        const n = [...String(body.password || '')].length;
        if (n < 15 || n > 1024) return problem(422, 'Unprocessable', 'Het wachtwoord voldoet niet aan de regels.', [{ field: 'password', reason: n < 15 ? 'too_short' : 'too_long' }]);
        u.pendingPw = hash(body.password);
        u.pendingSecret = newSecret();
        save(s);
        return send(200, { totp_secret: u.pendingSecret, otpauth_uri: `otpauth://totp/Regie:${encodeURIComponent(u.username)}?secret=${u.pendingSecret}&issuer=Regie&algorithm=SHA1&digits=6&period=30` });
      }
      if (!u.pendingSecret) return problem(400, 'Bad Request', 'Kies eerst een wachtwoord.');
      const probe = { secret: u.pendingSecret, lastStep: 0 };
      if (!verifyTotp(probe, body.totp)) return problem(422, 'Unprocessable', 'De code klopt niet.', [{ field: 'totp', reason: 'De code klopt niet. Probeer de nieuwste code uit uw app.' }]);
      Object.assign(u, { pw: u.pendingPw, secret: u.pendingSecret, lastStep: probe.lastStep, status: 'actief', activation: null, pendingPw: null, pendingSecret: null });
      save(s);
      return send(204);
    }
    if (route === 'GET /api/sessions') {
      if (!needAuth()) return;
      const items = [...sessions.values()].filter((x) => x.userId === sess.userId).map((x) => ({
        id: x.id, created_at: new Date(x.created).toISOString(), last_seen_at: new Date(x.lastSeen).toISOString(), client: x.client, current: x === sess,
      }));
      return send(200, { items });
    }
    if (route === 'DELETE /api/sessions') {
      if (!needAuth()) return;
      for (const x of [...sessions.values()]) if (x.userId === sess.userId && x !== sess) sessions.delete(x.key);
      return send(204);
    }
    let m;
    if (req.method === 'DELETE' && (m = /^\/api\/sessions\/([^/]+)$/.exec(url.pathname))) {
      if (!needAuth()) return;
      const x = [...sessions.values()].find((y) => y.id === m[1] && y.userId === sess.userId);
      if (!x) return problem(404, 'Not Found', 'Sessie niet gevonden.');
      sessions.delete(x.key);
      return send(204);
    }
    if (route === 'GET /api/regions') {
      if (!needAuth()) return;
      return send(200, { items: s.regions });
    }
    if (route === 'GET /api/orgs') {
      if (!needAuth() || !needPerm('org.list')) return;
      return send(200, { items: s.orgs.map(orgOut) });
    }
    const validateCovenant = (b, errors) => {
      if (!INSTRUMENTS.includes(b.instrument)) errors.push({ field: 'instrument', reason: 'unknown_value' });
      if (!STATUSES.includes(b.instrument_status)) errors.push({ field: 'instrument_status', reason: 'unknown_value' });
      if (b.instrument_date != null && !/^\d{4}-\d{2}-\d{2}$/.test(b.instrument_date)) errors.push({ field: 'instrument_date', reason: 'invalid_format' });
    };
    if (route === 'POST /api/orgs') {
      if (!needAuth() || !needPerm('org.create')) return;
      const errors = [];
      if (!String(body.name || '').trim()) errors.push({ field: 'name', reason: 'required' });
      else if (s.orgs.some((o) => o.name === body.name)) errors.push({ field: 'name', reason: 'duplicate' });
      if (!KINDS.includes(body.kind)) errors.push({ field: 'kind', reason: 'unknown_value' });
      if (!s.regions.some((r) => r.id === body.region_id)) errors.push({ field: 'region_id', reason: 'not_found' });
      validateCovenant(body, errors);
      if (errors.length) return problem(422, 'Unprocessable', 'De invoer is niet volledig of niet juist.', errors);
      const o = { id: s.nextId++, name: body.name.trim(), kind: body.kind, region_id: body.region_id, instrument: body.instrument, instrument_date: body.instrument_date ?? null, instrument_status: body.instrument_status };
      s.orgs.push(o);
      save(s);
      return send(201, orgOut(o));
    }
    if (req.method === 'PATCH' && (m = /^\/api\/orgs\/(\d+)$/.exec(url.pathname))) {
      if (!needAuth() || !needPerm('org.update')) return;
      const o = s.orgs.find((x) => x.id === Number(m[1]));
      if (!o) return problem(404, 'Not Found', 'Organisatie niet gevonden.');
      const errors = [];
      validateCovenant(body, errors);
      if (errors.length) return problem(422, 'Unprocessable', 'De invoer is niet volledig of niet juist.', errors);
      Object.assign(o, { instrument: body.instrument, instrument_date: body.instrument_date ?? null, instrument_status: body.instrument_status });
      save(s);
      return send(200, orgOut(o));
    }
    if (route === 'GET /api/users') {
      if (!needAuth() || !needPerm('user.list')) return;
      return send(200, { items: s.users.map(userOut) });
    }
    if (route === 'POST /api/users') {
      if (!needAuth() || !needPerm('user.create')) return;
      const errors = [];
      if (!/^[a-z0-9._-]{2,64}$/.test(String(body.username || ''))) errors.push({ field: 'username', reason: body.username ? 'invalid_format' : 'required' });
      else if (s.users.some((u) => u.username === body.username)) errors.push({ field: 'username', reason: 'duplicate' });
      if (!String(body.display_name || '').trim()) errors.push({ field: 'display_name', reason: 'required' });
      if (!s.orgs.some((o) => o.id === body.org_id)) errors.push({ field: 'org_id', reason: 'not_found' });
      if (!Array.isArray(body.roles) || !body.roles.length || body.roles.some((r) => !ROLE_PERMISSIONS[r])) errors.push({ field: 'roles', reason: 'unknown_value' });
      if (errors.length) return problem(422, 'Unprocessable', 'De invoer is niet volledig of niet juist.', errors);
      const code = randomBytes(10).toString('hex').toUpperCase().match(/.{4}/g).join('-');
      const u = { id: s.nextId++, username: body.username, display_name: body.display_name.trim(), org_id: body.org_id, roles: body.roles, status: 'wacht_op_activatie', activation: hash(code) };
      s.users.push(u);
      save(s);
      return send(201, { user: userOut(u), activation_code: code });
    }
    if (req.method === 'POST' && (m = /^\/api\/users\/(\d+)\/(disable|reset)$/.exec(url.pathname))) {
      if (!needAuth() || !needPerm(m[2] === 'disable' ? 'user.disable' : 'user.reset')) return;
      const u = s.users.find((x) => x.id === Number(m[1]));
      if (!u) return problem(404, 'Not Found', 'Gebruiker niet gevonden.');
      for (const x of [...sessions.values()]) if (x.userId === u.id) sessions.delete(x.key);
      if (m[2] === 'disable') {
        u.status = 'geblokkeerd';
        save(s);
        return send(200, userOut(u));
      }
      const code = randomBytes(10).toString('hex').toUpperCase().match(/.{4}/g).join('-');
      Object.assign(u, { status: 'wacht_op_activatie', activation: hash(code), pw: null, secret: null });
      save(s);
      return send(200, { activation_code: code });
    }
    return problem(404, 'Not Found', 'Onbekende API-route.');
  });

  const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };
  function serveStatic(pathname, res, headers) {
    let file;
    if (pathname === '/' || pathname === '/app' || pathname.startsWith('/app/')) file = join(webDir, 'index.html');
    else {
      const p = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
      file = join(webDir, p);
      if (!file.startsWith(webDir) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
        return res.end('Niet gevonden');
      }
    }
    const immutable = /-[A-Z0-9]{8}\.(js|css|woff2?|map)$/.test(file);
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] || 'application/octet-stream', 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store' });
    res.end(readFileSync(file));
  }

  server.listen(Number(port), host, () => {
    const a = server.address();
    const line = `${a.address}:${a.port}`;
    const rf = opt('ready-file');
    if (rf) writeFileSync(rf, `${line}\n`);
    console.log(`listening on http://${line}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
