// Journey: session-timeout warning two minutes before idle expiry, "Ingelogd blijven", and the
// redirect to the login page on expiry. The browser clock is driven by Playwright (page.clock);
// the server is the real one. For the expiry step the session cookie is removed from the browser
// first, so that the server answers 401 exactly as it does for an idle-expired session (the
// server's own 15-minute idle limit is covered by the C API tests with an injected clock).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick, isAdmin } from './_browser.mjs';

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

test('sessieverloop: waarschuwing na inactiviteit, ingelogd blijven, daarna automatisch uitloggen', async () => {
  const acc = pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'timeout', async ({ page, context }) => {
    await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn sessies' }).click();
    await page.getByRole('table', { name: 'Uw actieve sessies' }).waitFor();
    const s = await (await page.request.get('/api/session')).json(); // does not extend the session
    const idle = Number(s.idle_seconds_left);
    assert.ok(idle > 150, `idle_seconds_left should be the full idle window, got ${idle}`);

    // 1. no warning yet just before T-2 min
    await page.clock.fastForward((idle - 135) * 1000);
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'no warning before T-2 min');

    // 2. warning at T-2 min, focus on "Ingelogd blijven"
    await page.clock.fastForward(20_000);
    const dialog = page.getByRole('alertdialog', { name: 'Uw sessie verloopt over 2 minuten' });
    await dialog.waitFor();
    await expectFocused(page, dialog.getByRole('button', { name: 'Ingelogd blijven' }), '"Ingelogd blijven"');
    await axe(page, 'sessie-waarschuwing');
    await shot(page, '19-sessie-verloopt');

    // 3. "Ingelogd blijven" makes an authenticated request that extends the idle time
    const extendReq = page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/api/sessions');
    await dialog.getByRole('button', { name: 'Ingelogd blijven' }).click();
    await extendReq;
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'U blijft ingelogd.' }).waitFor();
    assert.equal((await page.request.get('/api/session')).status(), 200);

    // 4. inactive again: warning again; then the server ends the session → login page with message
    await page.clock.fastForward((idle - 115) * 1000);
    await page.getByRole('alertdialog').waitFor();
    await context.clearCookies();
    await page.clock.fastForward(125_000);
    await page.waitForURL('**/app/inloggen');
    await page.getByText('U bent automatisch uitgelogd omdat u een tijd niet actief was. Log opnieuw in.').waitFor();
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Inloggen' }), 'h1 on the login page');
    assert.equal(await page.getByRole('alertdialog').count(), 0);
    await axe(page, 'uitgelogd na verloop');
    await shot(page, '20-automatisch-uitgelogd');

    // 5. after logging in again the user is back on the page where the session expired
    await loginUI(page, acc);
    await page.waitForURL('**/app/sessies');
  }, { clock: true });
});
