// Starts the REAL regie binary for the e2e tests: `init` and `demo --json` in a fresh temp data dir,
// then `serve --listen 127.0.0.1:0 --ready-file FILE --web-dir web/dist`. The binary is
// ${REGIE_BIN:-build/regie} (relative paths: first against the current directory, then against the
// repository root). A missing binary or a missing web/dist is an error, never a skip.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = resolve(webDir, '..');

export function regieBin() {
  const want = process.env.REGIE_BIN || 'build/regie';
  if (isAbsolute(want)) return want;
  const fromCwd = resolve(process.cwd(), want);
  return existsSync(fromCwd) ? fromCwd : resolve(repoRoot, want);
}

function run(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`${bin} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited with ${r.status}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Parses the JSON object printed by `demo --json` (tolerates log lines around it). */
export function parseDemo(stdout) {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error(`demo --json printed no JSON:\n${stdout}`);
  const j = JSON.parse(stdout.slice(start, end + 1));
  if (!Array.isArray(j.accounts) || j.accounts.length === 0) throw new Error('demo --json returned no accounts');
  return j.accounts.map((a) => ({
    ...a,
    roles: Array.isArray(a.roles) ? a.roles : [a.roles].filter(Boolean),
    organisationName: typeof a.organisation === 'string' ? a.organisation : a.organisation?.name ?? '',
  }));
}

/**
 * @param {{ env?: Record<string,string>, serveArgs?: string[] }} [opts]
 * @returns {Promise<{ url: string, accounts: any[], dataDir: string, stop: () => Promise<void>, log: () => string, exitInfo: () => string }>}
 */
export async function startServer(opts = {}) {
  const bin = regieBin();
  if (!existsSync(bin)) {
    throw new Error(`regie binary not found at ${bin}. Build it first (make) or set REGIE_BIN to its path.`);
  }
  const dist = join(webDir, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: run \`node build.mjs\` in web/ first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'regie-e2e-'));
  const env = { ...process.env, ...(opts.env || {}) };
  const dd = ['--data-dir', dataDir];
  const r1 = spawnSync(bin, ['init', ...dd], { encoding: 'utf8', env, timeout: 60_000 });
  if (r1.status !== 0) throw new Error(`regie init failed (${r1.status}): ${r1.stderr}${r1.stdout}${r1.error || ''}`);
  const r2 = spawnSync(bin, ['demo', '--json', ...dd], { encoding: 'utf8', env, timeout: 60_000 });
  if (r2.status !== 0) throw new Error(`regie demo --json failed (${r2.status}): ${r2.stderr}${r2.stdout}${r2.error || ''}`);
  const accounts = parseDemo(r2.stdout);

  const readyFile = join(dataDir, 'ready');
  const logFile = join(dataDir, 'serve.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, ['serve', ...dd, '--listen', '127.0.0.1:0', '--ready-file', readyFile, '--web-dir', dist, ...(opts.serveArgs || [])], {
    env, stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, sig) => {
    exited = { code, sig };
  });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const deadline = Date.now() + 30_000;
  let addr = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`regie serve exited early (${JSON.stringify(exited)}):\n${log()}`);
    if (existsSync(readyFile)) {
      const line = readFileSync(readyFile, 'utf8').split('\n')[0].trim();
      if (/^[\d.]+:\d+$/.test(line)) {
        addr = line;
        break;
      }
    }
    await sleep(50);
  }
  if (!addr) {
    child.kill('SIGKILL');
    throw new Error(`regie serve did not write ${readyFile} within 30 s:\n${log()}`);
  }
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && !exited; i++) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    }
    if (!process.env.KEEP_E2E_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
  /** Describes an unexpected exit (crash, or a signal from outside the test run), else ''. */
  const exitInfo = () => (exited ? `regie serve is no longer running: exit code ${exited.code}, signal ${exited.sig}` : '');
  return { url: `http://${addr}`, accounts, dataDir, stop, log, exitInfo };
}

export { run, sleep };
