// Journey: mijn sessies — list own sessions, end one, end all others. Runs against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, openPage, axe, shot, expectFocused, loginUI, pick, isAdmin, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A second session for the same user, made through the API from a separate browser context. */
async function otherSession(account) {
  const { context, page } = await openPage(browser, server.url);
  const r = await apiCall(page, server, 'POST', '/api/session', {
    data: { username: account.username, password: account.password, totp: (await freshCode(account)).code },
  });
  assert.equal(r.status(), 201, `login for second session: ${await r.text()}`);
  return { context, page };
}

test('mijn sessies: lijst, één sessie beëindigen, alle andere sessies beëindigen', async () => {
  const acc = pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  const b = await otherSession(acc);
  const c = await otherSession(acc);
  try {
    await withPage(browser, server, 'sessions', async ({ page }) => {
      await loginUI(page, acc);
      await page.waitForURL('**/app/start');
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn sessies' }).click();
      await page.waitForURL('**/app/sessies');
      await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Mijn sessies' }), 'h1 after navigation');
      assert.equal(await page.title(), 'Mijn sessies — Regie');
      const table = page.getByRole('table', { name: 'Uw actieve sessies' });
      const rows = table.locator('tbody tr');
      await assert.doesNotReject(async () => {
        for (let i = 0; i < 50 && (await rows.count()) !== 3; i++) await page.waitForTimeout(100);
      });
      assert.equal(await rows.count(), 3);
      assert.equal(await table.getByText('Deze sessie').count() >= 1, true);
      assert.equal(await table.getByRole('button', { name: /beëindigen/i }).count(), 2);
      await axe(page, 'mijn sessies');
      await shot(page, '06-mijn-sessies');

      await table.getByRole('button', { name: /beëindigen/i }).first().click();
      await page.locator('#sessions-message').getByText('De sessie is beëindigd.').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 2);

      await page.getByRole('button', { name: 'Alle andere sessies beëindigen' }).click();
      await page.getByText('Alle andere sessies zijn beëindigd.').first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 1);
      await page.getByText('Er zijn geen andere actieve sessies.').waitFor();
      await axe(page, 'mijn sessies na beëindigen');
      // the other sessions are really gone on the server
      assert.equal((await b.page.request.get('/api/session')).status(), 401);
      assert.equal((await c.page.request.get('/api/session')).status(), 401);
      assert.equal((await page.request.get('/api/session')).status(), 200);
    });
  } finally {
    await b.context.close();
    await c.context.close();
  }
});

test('een beëindigde sessie stuurt de gebruiker naar inloggen', async () => {
  const acc = pick(server.accounts, isAdmin, 'an admin user');
  await withPage(browser, server, 'session-ended-elsewhere', async ({ page }) => {
    await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    // end this session from another session of the same user
    const b = await otherSession(acc);
    try {
      const s = await (await b.page.request.get('/api/session')).json();
      const list = await (await b.page.request.get('/api/sessions')).json();
      const mine = list.items.find((x) => !x.current);
      const r = await apiCall(b.page, server, 'DELETE', `/api/sessions/${encodeURIComponent(mine.id)}`, { csrf: s.csrf_token });
      assert.equal(r.status(), 204);
    } finally {
      await b.context.close();
    }
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn sessies' }).click();
    await page.waitForURL('**/app/inloggen');
    await page.getByText('Log in om verder te gaan.').waitFor();
    // after logging in again the user returns to the page they asked for
    await loginUI(page, acc);
    await page.waitForURL('**/app/sessies');
  });
});
