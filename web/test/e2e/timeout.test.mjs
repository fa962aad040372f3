// Journey: session-timeout warning two minutes before idle expiry, "Ingelogd blijven", and the
// redirect to the login page on expiry. Fully real: the server runs with a short idle limit
// (--session-idle-s; the server's minimum is 60 s), no clock is faked and nothing is mocked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick, isAdmin } from './_browser.mjs';

const servers = [];
let browser;
after(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
});
async function serverWithIdle(seconds) {
  const s = await startServer({ serveArgs: ['--session-idle-s', String(seconds)] });
  servers.push(s);
  browser ??= await launch();
  return s;
}
const idleLeft = async (page) => Number((await (await page.request.get('/api/session')).json()).idle_seconds_left); // does not extend

test('sessieverloop: waarschuwing 2 minuten voor het einde; "Ingelogd blijven" verlengt de sessie op de server', async () => {
  // 140 s: the warning comes 20 s after login, later than the server's 15-s granularity for
  // recording activity (AUTH_TOUCH_MIN_MS), so the extension is visible on the server.
  const server = await serverWithIdle(140);
  const acc = pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'timeout-warning', async ({ page }) => {
    await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    const before = await idleLeft(page);
    assert.ok(before > 130 && before <= 140, `idle_seconds_left after login: ${before}`);
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'no warning right after login');

    const dialog = page.getByRole('alertdialog', { name: 'Uw sessie verloopt over 2 minuten' });
    await dialog.waitFor({ timeout: 35_000 });
    await expectFocused(page, dialog.getByRole('button', { name: 'Ingelogd blijven' }), '"Ingelogd blijven"');
    const during = await idleLeft(page);
    assert.ok(during <= 121, `server agrees the session is in its last 2 minutes: ${during}`);
    await axe(page, 'sessie-waarschuwing');
    await shot(page, '19-sessie-verloopt');

    const extendReq = page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === '/api/sessions');
    await dialog.getByRole('button', { name: 'Ingelogd blijven' }).click();
    await extendReq;
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'U blijft ingelogd.' }).waitFor();
    const afterExtend = await idleLeft(page);
    assert.ok(afterExtend >= 135, `the server extended the idle time: ${during} → ${afterExtend}`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Start' }), 'h1 after the dialog closed');
  });
});

test('sessieverloop: na de inactiviteitstermijn naar inloggen met uitleg, daarna terug naar dezelfde pagina', async () => {
  const server = await serverWithIdle(60);
  const acc = pick(server.accounts, isAdmin, 'an admin user');
  await withPage(browser, server, 'timeout-expiry', async ({ page }) => {
    await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn sessies' }).click();
    await page.waitForURL('**/app/sessies');
    // with a 60-second limit the warning is there at once, counting down
    await page.getByRole('alertdialog', { name: /Uw sessie verloopt over (1 minuut|\d+ seconden)/ }).waitFor();
    await page.waitForURL('**/app/inloggen', { timeout: 75_000 });
    await page.getByText('U bent automatisch uitgelogd omdat u een tijd niet actief was. Log opnieuw in.').waitFor();
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Inloggen' }), 'h1 on the login page');
    assert.equal(await page.getByRole('alertdialog').count(), 0);
    assert.equal((await page.request.get('/api/session')).status(), 401, 'the server ended the session');
    await axe(page, 'uitgelogd na verloop');
    await shot(page, '20-automatisch-uitgelogd');
    await loginUI(page, acc);
    await page.waitForURL('**/app/sessies');
  });
});
