// Browser helpers for the e2e tests: Debian chromium via playwright-core, one context per test,
// CSP-violation and console-error capture, axe-core checks and screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { webDir } from './_server.mjs';
import { freshCode } from './_totp.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = process.env.REGIE_SHOTS || '';
const ARTIFACTS = join(webDir, 'test', 'e2e', 'artifacts');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh context + page with the capture hooks installed.
 * @returns {Promise<{ context: any, page: any, problems: { console: string[], csp: string[], http: string[] } }>}
 */
export async function openPage(browser, baseURL, { clock = false, purpose = true } = {}) {
  const context = await browser.newContext({
    baseURL, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  if (clock) await context.clock.install();
  if (purpose) await context.addInitScript(answerPurposeScript);
  const page = await context.newPage();
  const problems = { console: [], csp: [], http: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // Chromium logs every 4xx/5xx fetch as "Failed to load resource"; HTTP statuses are checked
    // separately below (4xx answers such as 401 on a failed login are expected behaviour).
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.console.push(text);
  });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.http.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const f = r.failure()?.errorText || '';
    if (!/ERR_ABORTED/.test(f)) problems.http.push(`failed ${r.method()} ${r.url()} ${f}`);
  });
  return { context, page, problems };
}

/**
 * Purpose binding (docs/purpose.md): a case page first asks "Waarvoor opent u dit dossier?". Unless
 * a test opens its page with { purpose: false } (test/e2e/purpose.test.mjs does), this init script
 * answers that form as soon as it appears: the code in window.__regiePurpose when the case allows
 * it, else the first purpose offered (casusoverleg for an open case, verantwoording for a closed
 * one). The choice then holds for that case in the tab, as for a user.
 */
function answerPurposeScript() {
  const answer = () => {
    const form = document.getElementById('purpose-form');
    if (!form || form.dataset.answered) return;
    const radios = [...form.querySelectorAll('input[type=radio][name=purpose]')];
    if (radios.length === 0) return;
    const want = radios.find((r) => r.value === window.__regiePurpose) || radios[0];
    form.dataset.answered = '1';
    want.click();
    setTimeout(() => form.requestSubmit(), 0);
  };
  new MutationObserver(answer).observe(document, { childList: true, subtree: true });
}

/** Answers the purpose form on the current page with code (for tests that opened without the hook). */
export async function answerPurpose(page, code) {
  const form = page.locator('#purpose-form');
  await form.waitFor();
  const radio = code ? form.locator(`input[name=purpose][value="${code}"]`) : form.locator('input[name=purpose]').first();
  await radio.check();
  await page.getByRole('button', { name: 'Dossier openen' }).click();
  await form.waitFor({ state: 'detached' });
}

/** Every test ends with this: no CSP violations, no console errors, no 5xx/failed requests. */
export async function assertClean(page, problems) {
  const csp = await page.evaluate(() => window.__csp || []).catch(() => problems.csp);
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(problems.console, [], 'console errors');
  assert.deepEqual(problems.http, [], 'server errors / failed requests');
}

export async function axe(page, state) {
  const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const v = r.violations.map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(v, [], `axe violations in state "${state}"`);
}

/** Screenshot for human review when REGIE_SHOTS=dir is set. */
export async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

/** Runs `fn` with a fresh page; on failure writes a screenshot to test/e2e/artifacts/. */
export async function withPage(browser, server, name, fn, opts) {
  const { context, page, problems } = await openPage(browser, server.url, opts);
  try {
    await fn({ page, context, problems });
    await assertClean(page, problems);
  } catch (e) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${file})\n${server.exitInfo()}\n--- server log tail ---\n${server.log().slice(-2000)}`;
    throw e;
  } finally {
    await context.close();
  }
}

export async function expectFocused(page, locator, what) {
  await locator.waitFor();
  // Pages move focus in an effect after rendering: on a loaded machine that can lag the element's
  // appearance by a frame or two, so wait (briefly) for it instead of sampling once.
  const el = await locator.elementHandle();
  const ok = await page.waitForFunction((x) => x === document.activeElement, el, { timeout: 3000 })
    .then(() => true, () => false);
  assert.ok(ok, `${what} should have focus (active: ${await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 120))})`);
}

/** Logs in through the UI (both steps) with a fresh TOTP code. Returns the code used. */
export async function loginUI(page, account, { code } = {}) {
  if (!/\/app\/inloggen/.test(page.url())) await page.goto('/app/inloggen');
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(account.username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Volgende' }).click();
  const c = code ?? (await freshCode(account)).code;
  await page.getByLabel('Verificatiecode', { exact: true }).fill(c);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  return c;
}

/**
 * An API call from the test (outside the UI) with the page's cookies. State-changing requests carry
 * Origin (the server refuses them without Origin or Sec-Fetch-Site) and, when given, the CSRF token.
 * Every call states the purpose `purpose` (default casusoverleg) in Regie-Purpose.
 */
export async function apiCall(page, server, method, path, { data, csrf, purpose = 'casusoverleg' } = {}) {
  const headers = { Origin: server.url, Accept: 'application/json' };
  // purpose binding (docs/purpose.md): reads of case content state a purpose; null = none
  if (purpose) headers['Regie-Purpose'] = purpose;
  if (data !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf) headers['X-CSRF-Token'] = csrf;
  return page.request.fetch(path, { method, headers, data: data === undefined ? undefined : JSON.stringify(data) });
}

export function pick(accounts, pred, what) {
  const a = accounts.find(pred);
  assert.ok(a, `demo --json has no account for: ${what}`);
  return a;
}
export const isAdmin = (a) => a.roles.includes('beheerder');
