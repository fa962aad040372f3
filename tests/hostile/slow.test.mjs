// Slow clients (issue 12 item 4, security.md §5): slowhttptest runs slowloris (slow headers), slow
// body (R-U-Dead-Yet: the server answers 415/403 from the headers alone, so a slow body is never
// waited for) and slow read against the real server on loopback, one attack at a time,
// while a probe from another client address (127.0.0.2: the attacker is 127.0.0.1) asks
// GET /api/health every second. Pass: every probe succeeds within 2 s during every attack, and the
// server still answers afterwards. What protects it: the per-address connection limit
// (max_per_ip), the inactivity timeout (conn_timeout_s), the header memory limit and epoll with a
// worker pool (src/http/server.c). Each attack runs 15 s (REGIE_LONG=1: 60 s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { startServer, sleep } from '../../web/test/e2e/_server.mjs';

const SECS = process.env.REGIE_LONG === '1' ? 60 : 15;
let server;
let host;
let port;

before(async () => {
  server = await startServer();
  const u = new URL(server.url);
  host = u.hostname;
  port = Number(u.port);
});
after(async () => {
  await server?.stop();
});

/** One GET /api/health from 127.0.0.2: resolves { ok, ms, status }. */
function probeOnce() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host, port, path: '/api/health', localAddress: '127.0.0.2', timeout: 2000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0, status: res.statusCode }));
    });
    req.on('timeout', () => { req.destroy(); resolve({ ok: false, ms: performance.now() - t0, status: 'timeout' }); });
    req.on('error', (e) => resolve({ ok: false, ms: performance.now() - t0, status: e.code }));
  });
}

/** Runs slowhttptest with args for SECS seconds while probing every second. */
async function attack(name, args) {
  const child = spawn('slowhttptest', [...args, '-l', String(SECS), '-o', `/tmp/regie-slow-${process.pid}-${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const done = new Promise((resolve) => child.on('exit', resolve));
  await sleep(2000); // let the attack open its connections first
  const probes = [];
  const until = Date.now() + (SECS - 3) * 1000;
  while (Date.now() < until) {
    const p = await probeOnce();
    probes.push(p);
    await sleep(Math.max(0, 1000 - p.ms));
  }
  const code = await done;
  const bad = probes.filter((p) => !p.ok || p.ms >= 2000);
  const worst = Math.max(...probes.map((p) => p.ms));
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const connected = (plain.match(/connected:\s+(\d+)/g) || []).map((s) => Number(s.split(/\s+/).pop()));
  console.log(`slow ${name}: ${probes.length} probes, ${bad.length} failed or >= 2 s, worst ${worst.toFixed(1)} ms, attacker peak connected ${connected.length ? Math.max(...connected) : '?'}`);
  assert.ok(connected.length > 0 && Math.max(...connected) > 0, 'the attack held connections open (slowhttptest status lines)');
  assert.notEqual(code, null, 'slowhttptest ended');
  assert.ok(probes.length >= SECS - 5, `enough probes (${probes.length})`);
  assert.deepEqual(bad.map((p) => `${p.status} ${p.ms.toFixed(0)} ms`), [], `probes during ${name}`);
}

test('slowloris (slow headers): the probe from another address stays under 2 s', async () => {
  await attack('headers', ['-H', '-c', '1000', '-i', '5', '-r', '200', '-s', '8192', '-t', 'GET', '-u', `http://${host}:${port}/api/health`, '-x', '24', '-p', '3']);
});

test('slow body (R-U-Dead-Yet): the probe stays under 2 s', async () => {
  await attack('body', ['-B', '-c', '1000', '-i', '5', '-r', '200', '-s', '8192', '-t', 'POST', '-u', `http://${host}:${port}/api/session`, '-x', '10', '-p', '3']);
});

test('slow read (tiny receive window): the probe stays under 2 s', async () => {
  await attack('read', ['-X', '-c', '1000', '-r', '200', '-w', '1', '-y', '4', '-n', '5', '-z', '16', '-k', '3', '-u', `http://${host}:${port}/app/`, '-p', '3']);
});

test('the server answers normally after the attacks', async () => {
  const p = await probeOnce();
  assert.ok(p.ok, `health after the attacks: ${p.status}`);
  assert.equal(server.exitInfo(), '', 'server still running');
});
