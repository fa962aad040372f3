// Journey: retention (docs/retention.md). The dossierhouder of Voorbeeldstad opens
// "Bewaartermijnen" from the navigation and sees the terms, what expires within 90 days (by
// reference only), the holds, the extensions and the destruction report. An empty hold form names
// every field; a complete one places a legal hold on a demo signal, which shows as "Loopt" and
// can be ended ("Beëindigd"). The FG sees the page (every municipality) without the forms. A
// partner has no entry and the API refuses. axe reports 0 violations in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let fg;
let partner;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  fg = pick(server.accounts, (a) => a.username === 'fg', 'fg');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test('dossierhouder: termijnen, bewaarplicht vastleggen en beëindigen, verslag', async () => {
  await withPage(browser, server, 'retention-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Bewaartermijnen' }).click();
    await page.waitForURL('**/app/bewaartermijnen');
    await page.getByRole('heading', { level: 1, name: 'Bewaartermijnen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Termijnen' }).waitFor();
    await page.getByText('5 jaar na afsluiting').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Vernietigingsverslag' }).waitFor();
    await page.locator('#ret-report-none').waitFor();
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'bewaartermijnen: overzicht');
    await shot(page, 'retention-01-overzicht');

    // the empty hold form names every field
    const form = page.getByRole('form', { name: 'Bewaarplicht vastleggen' });
    await form.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
    const errors = page.locator('#ret-hold-errors');
    await errors.getByRole('link', { name: 'Kies een melding, casus, verzoek of inzage-overzicht.' }).waitFor();
    await errors.getByRole('link', { name: 'Vul de reden in.' }).waitFor();
    await axe(page, 'bewaartermijnen: bewaarplicht met fouten');

    // a demo signal of the own municipality that did not become a case
    const signals = await (await apiCall(page, server, 'GET', '/api/signals')).json();
    const sig = (signals.items || []).find((s) => s.state && !['opname_pga'].includes(s.state));
    assert.ok(sig, 'a demo signal without a case');
    const next = new Date();
    const until = `31-12-${next.getFullYear() + 1}`;
    await form.getByLabel('Melding', { exact: true }).check();
    await form.getByLabel('Nummer', { exact: true }).fill(String(sig.id));
    await form.getByLabel('Tot en met').fill(until);
    await form.getByLabel('Reden').fill('Bezwaar van betrokkene loopt (test).');
    await form.getByRole('button', { name: 'Bewaarplicht vastleggen' }).click();
    await page.locator('#ret-hold-ok').getByText('De bewaarplicht is vastgelegd.').waitFor();
    const holds = page.getByRole('table', { name: '1 bewaarplicht' });
    await holds.getByText('Loopt', { exact: true }).waitFor();
    await holds.getByText('Bezwaar van betrokkene loopt (test).').waitFor();
    await axe(page, 'bewaartermijnen: bewaarplicht vastgelegd');
    await shot(page, 'retention-02-bewaarplicht');

    await holds.getByRole('button', { name: `Bewaarplicht ${sig.id} beëindigen` }).click();
    await holds.getByText('Beëindigd', { exact: true }).waitFor();
    await axe(page, 'bewaartermijnen: bewaarplicht beëindigd');
  });
});

test('fg: toezicht zonder formulieren; partner: geen toegang', async () => {
  await withPage(browser, server, 'retention-fg', async ({ page }) => {
    await loginUI(page, fg);
    await nav(page).getByRole('link', { name: 'Bewaartermijnen' }).click();
    await page.waitForURL('**/app/bewaartermijnen');
    await page.getByRole('heading', { level: 1, name: 'Bewaartermijnen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Bewaarplichten' }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Bewaarplicht vastleggen' }).count(), 0, 'no forms for the FG');
    await page.locator('#ret-report-none, #ret-report').first().waitFor();
    await axe(page, 'bewaartermijnen: fg');
  });
  await withPage(browser, server, 'retention-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Bewaartermijnen' }).count(), 0, 'no nav entry');
    const r = await apiCall(page, server, 'GET', '/api/retention');
    assert.equal(r.status(), 403);
  });
});
