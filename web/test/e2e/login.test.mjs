// Journey: inloggen (password + TOTP), refused attempts, uitloggen. Runs against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick, isAdmin, apiCall } from './_browser.mjs';
import { freshCode, wrongCode } from './_totp.mjs';

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

test('start: / leidt naar inloggen; skip link is de eerste tab-stop; geen axe-fouten', async () => {
  await withPage(browser, server, 'login-page', async ({ page }) => {
    await page.goto('/');
    await page.waitForURL('**/app/inloggen');
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    assert.equal(await page.title(), 'Inloggen — Regie');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await page.keyboard.press('Tab');
    await expectFocused(page, page.getByRole('link', { name: 'Direct naar de hoofdinhoud' }), 'skip link');
    await page.keyboard.press('Enter');
    await expectFocused(page, page.locator('main#main'), 'main after skip link');
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Noto Sans/);
    await axe(page, 'inloggen stap 1');
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, '01-inloggen');
  });
});

test('lege velden: foutoverzicht bovenaan krijgt focus en linkt naar de velden', async () => {
  await withPage(browser, server, 'login-empty', async ({ page }) => {
    await page.goto('/app/inloggen');
    await page.getByRole('button', { name: 'Volgende' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await assert.doesNotReject(summary.getByRole('heading', { name: 'Er zijn 2 fouten' }).waitFor());
    await summary.getByRole('link', { name: 'Vul uw gebruikersnaam in.' }).click();
    await expectFocused(page, page.getByLabel('Gebruikersnaam', { exact: true }), 'username field');
    assert.equal(await page.getByLabel('Gebruikersnaam', { exact: true }).getAttribute('aria-invalid'), 'true');
    await axe(page, 'inloggen met fouten');
    await shot(page, '02-inloggen-fouten');
  });
});

test('inloggen met wachtwoord en echte TOTP-code lukt; uitloggen beëindigt de sessie', async () => {
  const acc = pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'login-ok', async ({ page }) => {
    await page.goto('/app/inloggen');
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(acc.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(acc.password);
    await page.getByRole('button', { name: 'Volgende' }).click();
    const code = page.getByLabel('Verificatiecode', { exact: true });
    await expectFocused(page, code, 'code field');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await axe(page, 'inloggen stap 2');
    await shot(page, '03-inloggen-code');
    await code.fill((await freshCode(acc)).code);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/app/start');
    const h1 = page.getByRole('heading', { level: 1, name: 'Start' });
    await expectFocused(page, h1, 'h1 after login');
    assert.equal(await page.title(), 'Start — Regie');
    const s = await (await page.request.get('/api/session')).json();
    await page.getByText(s.user.display_name, { exact: false }).first().waitFor();
    if (s.user.organisation?.name) await page.locator('dd', { hasText: s.user.organisation.name }).waitFor();
    await axe(page, 'start');
    // reflow (WCAG 1.4.10): usable at 320 CSS px without horizontal scrolling
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
    await shot(page, '05b-start-320px');
    await page.setViewportSize({ width: 1280, height: 800 });
    // logout
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/app/inloggen');
    await page.getByText('U bent uitgelogd.').waitFor();
    assert.equal((await page.request.get('/api/session')).status(), 401);
    await page.goto('/app/start');
    await page.waitForURL('**/app/inloggen');
  });
});

test('een al gebruikte code wordt geweigerd', async () => {
  // a different user than the previous test where possible, so no wait for a new 30-s window
  const others = server.accounts.filter((a) => !isAdmin(a));
  const acc = others[1] || pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'login-reused', async ({ page }) => {
    const used = await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/app/inloggen');
    await loginUI(page, acc, { code: used });
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByText('Gebruikersnaam, wachtwoord of code onjuist').waitFor();
    assert.match(page.url(), /\/app\/inloggen$/);
    assert.equal((await page.request.get('/api/session')).status(), 401);
    await axe(page, 'inloggen geweigerd');
    await shot(page, '04-inloggen-geweigerd');
  });
});

test('een verkeerde code wordt geweigerd', async () => {
  const acc = pick(server.accounts, isAdmin, 'an admin user');
  await withPage(browser, server, 'login-wrong', async ({ page }) => {
    await loginUI(page, acc, { code: wrongCode(acc) });
    await page.locator('#error-summary').getByText('Gebruikersnaam, wachtwoord of code onjuist').waitFor();
    assert.equal((await page.request.get('/api/session')).status(), 401);
    // the username is kept, the password is cleared
    assert.equal(await page.getByLabel('Gebruikersnaam', { exact: true }).inputValue(), acc.username);
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).inputValue(), '');
  });
});

test('alleen een wachtwoord (zonder code) wordt geweigerd', async () => {
  const acc = pick(server.accounts, isAdmin, 'an admin user');
  await withPage(browser, server, 'login-password-only', async ({ page }) => {
    await page.goto('/app/inloggen');
    // API: without a code, or with an empty code, no session is made. The server answers 400
    // (missing field) or 401; both are problem+json, and neither says whether the password was right.
    for (const body of [{ username: acc.username, password: acc.password }, { username: acc.username, password: acc.password, totp: '' }]) {
      const r = await apiCall(page, server, 'POST', '/api/session', { data: body });
      assert.ok([400, 401].includes(r.status()), `password-only login answered ${r.status()}`);
      assert.equal(r.headers()['set-cookie'], undefined, 'no session cookie');
      assert.match(r.headers()['content-type'] || '', /application\/problem\+json/);
      const p = await r.json();
      assert.equal(p.status, r.status());
    }
    assert.equal((await page.request.get('/api/session')).status(), 401);
    // UI: the code is required before anything is sent
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(acc.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(acc.password);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('link', { name: 'Vul de verificatiecode in.' }).waitFor();
    await page.getByLabel('Verificatiecode', { exact: true }).fill('12345');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await summary.getByRole('link', { name: /6 cijfers/ }).waitFor();
  });
});
