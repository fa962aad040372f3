// Journey: Mijn account — change the own password. Client checks, server field errors (well-known
// password, wrong current password), success ends the other sessions, and the new password works.
// Runs against the real server.
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

/** A second session for the same user from a separate browser context (API login). */
async function otherSession(account) {
  const { context, page } = await openPage(browser, server.url);
  const r = await apiCall(page, server, 'POST', '/api/session', {
    data: { username: account.username, password: account.password, totp: (await freshCode(account)).code },
  });
  assert.equal(r.status(), 201, `login for second session: ${await r.text()}`);
  return { context, page };
}

test('mijn account: wachtwoord wijzigen — fouten, gelukt, andere sessies beëindigd, inloggen met het nieuwe wachtwoord', async () => {
  const acc = pick(server.accounts, (a) => a.roles.includes('raadslid') && !isAdmin(a), 'a raadslid');
  const newPassword = 'mijn nieuwe wachtzin voor regie 2025';
  const other = await otherSession(acc);
  try {
    await withPage(browser, server, 'account-password', async ({ page }) => {
      await loginUI(page, acc);
      await page.waitForURL('**/app/start');
      const header = page.getByRole('group', { name: 'Gebruiker' });
      await header.getByRole('link', { name: 'Mijn account' }).click();
      await page.waitForURL('**/app/account');
      await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Mijn account' }), 'h1 after navigation');
      assert.equal(await page.title(), 'Mijn account — Regie');
      assert.equal(await header.getByRole('link', { name: 'Mijn account' }).getAttribute('aria-current'), 'page');
      await page.getByRole('heading', { level: 2, name: 'Wachtwoord wijzigen' }).waitFor();
      await axe(page, 'mijn account');
      await shot(page, '40-mijn-account');

      const current = page.getByLabel('Huidig wachtwoord');
      const next = page.getByLabel('Nieuw wachtwoord', { exact: true });
      const confirm = page.getByLabel('Herhaal het nieuwe wachtwoord');
      const submit = page.getByRole('button', { name: 'Wachtwoord wijzigen' });
      const summary = page.locator('#error-summary');
      assert.equal(await current.getAttribute('autocomplete'), 'current-password');
      assert.equal(await next.getAttribute('autocomplete'), 'new-password');

      // empty → two errors, summary focused, links to the fields
      await submit.click();
      await expectFocused(page, summary, 'error summary');
      await summary.getByRole('heading', { name: 'Er zijn 2 fouten' }).waitFor();
      await summary.getByRole('link', { name: 'Vul uw huidige wachtwoord in.' }).click();
      await expectFocused(page, current, 'current password field');
      await axe(page, 'mijn account lege velden');
      await shot(page, '41-mijn-account-fouten');

      // repeat differs (client side)
      await current.fill(acc.password);
      await next.fill(newPassword);
      await confirm.fill(`${newPassword}!`);
      await submit.click();
      await expectFocused(page, summary, 'error summary');
      await summary.getByRole('link', { name: /niet hetzelfde/ }).waitFor();

      // a well-known password: the server refuses it, shown next to "Nieuw wachtwoord"
      await next.fill('wachtwoordwachtwoord');
      await confirm.fill('wachtwoordwachtwoord');
      await submit.click();
      await summary.getByRole('link', { name: /te bekend/ }).waitFor();
      await expectFocused(page, summary, 'error summary');
      await page.locator('#pw-new-error').getByText(/te bekend/).waitFor();
      assert.equal(await next.getAttribute('aria-invalid'), 'true');
      assert.equal(await current.inputValue(), acc.password, 'input kept');
      await axe(page, 'mijn account zwak wachtwoord');
      await shot(page, '42-mijn-account-zwak-wachtwoord');

      // wrong current password: field error; that field is emptied, the rest kept
      await current.fill('dit is niet mijn huidige wachtwoord');
      await next.fill(newPassword);
      await confirm.fill(newPassword);
      await submit.click();
      await summary.getByRole('link', { name: 'Huidig wachtwoord: het huidige wachtwoord klopt niet.' }).waitFor();
      await expectFocused(page, summary, 'error summary');
      await page.locator('#pw-current-error').getByText('het huidige wachtwoord klopt niet').waitFor();
      assert.equal(await current.inputValue(), '');
      assert.equal(await next.inputValue(), newPassword);
      await axe(page, 'mijn account verkeerd huidig wachtwoord');
      await shot(page, '43-mijn-account-huidig-onjuist');

      // success
      await current.fill(acc.password);
      await submit.click();
      const done = page.locator('#pw-done');
      await expectFocused(page, done, 'success message');
      await done.getByRole('heading', { name: 'Uw wachtwoord is gewijzigd' }).waitFor();
      await done.getByText('Op andere apparaten en in andere browsers bent u uitgelogd.', { exact: false }).waitFor();
      assert.equal(await page.locator('#error-summary').count(), 0);
      assert.equal(await current.inputValue(), '', 'fields emptied');
      assert.equal(await next.inputValue(), '');
      await axe(page, 'mijn account wachtwoord gewijzigd');
      await page.setViewportSize({ width: 320, height: 640 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot(page, '44-mijn-account-gewijzigd');
      // the other session was ended; this one goes on
      assert.equal((await other.page.request.get('/api/session')).status(), 401, 'other session ended');
      assert.equal((await page.request.get('/api/session')).status(), 200, 'this session still valid');

      // log out and in again with the new password
      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await page.waitForURL('**/app/inloggen');
      await loginUI(page, { ...acc, password: newPassword });
      await page.waitForURL('**/app/start');
      // a raadslid's start page is the council report (docs/figures.md)
      await page.getByRole('heading', { level: 1, name: /^(Start|Raadsrapportage)$/ }).waitFor();
    });
  } finally {
    await other.context.close();
  }
  // the old password no longer works
  const { context, page } = await openPage(browser, server.url);
  try {
    const r = await apiCall(page, server, 'POST', '/api/session', {
      data: { username: acc.username, password: acc.password, totp: (await freshCode(acc)).code },
    });
    assert.equal(r.status(), 401, 'old password refused');
  } finally {
    await context.close();
  }
});
