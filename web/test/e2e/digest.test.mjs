// Journey: Mijn account — dagelijkse samenvatting per e-mail (issue 9). Switching on without an
// address and with a malformed one gives an error summary linked to the field; a good address is
// saved and shown (only to the user), survives a reload, and can be switched off again. axe on
// every state. The server's log never holds the address. Runs against the real server (no SMTP
// relay configured, so the page says the mail server is not set up yet).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick } from './_browser.mjs';

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

const ADDRESS = 'daan.samenvatting@voorbeeldstad.example';

test('mijn account: dagelijkse samenvatting aanzetten, fouten, opgeslagen, weer uitzetten', async () => {
  const acc = pick(server.accounts, (a) => a.username === 'dossierhouder', 'the dossierhouder');
  await withPage(browser, server, 'account-digest', async ({ page }) => {
    await loginUI(page, acc);
    await page.waitForURL('**/app/start');
    await page.goto('/app/account');
    const section = page.locator('section[aria-labelledby="digest-title"]');
    await section.getByRole('heading', { level: 2, name: 'Dagelijkse samenvatting per e-mail' }).waitFor();
    await section.getByText('Staat uit.').waitFor();
    await section.getByText(/geen namen of andere gegevens/).waitFor();
    await axe(page, 'samenvatting uit');
    await shot(page, '45-samenvatting-uit');

    const box = page.getByLabel('Stuur mij elke dag een samenvatting');
    const email = page.getByLabel('E-mailadres');
    const save = page.getByRole('button', { name: 'Samenvatting opslaan' });
    const summary = page.locator('#digest-error-summary');
    assert.equal(await email.getAttribute('autocomplete'), 'email');
    assert.equal(await email.getAttribute('type'), 'email');

    // on without an address
    await box.check();
    await save.click();
    await expectFocused(page, summary, 'digest error summary');
    await summary.getByRole('link', { name: 'Vul uw e-mailadres in om de samenvatting aan te zetten.' }).click();
    await expectFocused(page, email, 'e-mail field');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    await axe(page, 'samenvatting zonder adres');

    // a malformed address
    await email.fill('daan samenvatting@voorbeeldstad');
    await save.click();
    await expectFocused(page, summary, 'digest error summary');
    await summary.getByRole('link', { name: /geldig e-mailadres/ }).waitFor();
    await page.locator('#digest-email-error').getByText(/zonder spaties/).waitFor();
    await axe(page, 'samenvatting fout adres');
    await shot(page, '46-samenvatting-fout');

    // a good one
    await email.fill(ADDRESS);
    await save.click();
    const saved = page.locator('#digest-saved');
    await expectFocused(page, saved, 'saved message');
    await saved.getByRole('heading', { name: 'Uw keuze is opgeslagen' }).waitFor();
    await section.getByText(`Staat aan: elke dag rond 7:00 uur naar ${ADDRESS}.`).waitFor();
    await section.getByText(/e-mailserver is nog niet ingesteld/).waitFor();
    assert.equal(await summary.count(), 0);
    await axe(page, 'samenvatting aan');
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, '47-samenvatting-aan');

    // kept after a reload
    await page.reload();
    await section.getByText(`Staat aan: elke dag rond 7:00 uur naar ${ADDRESS}.`).waitFor();
    assert.equal(await box.isChecked(), true);
    assert.equal(await email.inputValue(), ADDRESS);

    // and off again
    await box.uncheck();
    await save.click();
    await expectFocused(page, saved, 'saved message');
    await saved.getByText('U krijgt geen samenvatting meer.').waitFor();
    await section.getByText('Staat uit.').waitFor();
    await axe(page, 'samenvatting weer uit');
  });
  assert.ok(!server.log().includes(ADDRESS), 'the address is not in the operational log');
});
