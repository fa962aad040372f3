// Journey: the breach register (docs/breaches.md). The FG opens "Datalekken" from the navigation,
// reports a suspected breach (the empty form names the fields), sees the 72-hour clock on the
// detail, records the AP decision (a decision without rationale is refused) and the decision on
// informing the data subjects, and closes the breach. The functional admin reports one and gets a
// receipt with the deadline, not the register. A partner has no entry. axe: 0 violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let fg;
let adm;
let partner;

before(async () => {
  server = await startServer();
  browser = await launch();
  fg = pick(server.accounts, (a) => a.username === 'fg', 'fg');
  adm = pick(server.accounts, (a) => a.username === 'beheerder', 'beheerder');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** Yesterday in Europe/Amsterdam as dd-mm-jjjj. */
function yesterday() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() - 24 * 3600 * 1000)).map((x) => [x.type, x.value]));
  return `${p.day}-${p.month}-${p.year}`;
}

async function fillReport(form) {
  await form.getByLabel('Datum van ontdekking').fill(yesterday());
  await form.getByLabel('Tijd van ontdekking').fill('10:00');
  await form.getByLabel('Wat is er gebeurd?').fill('Een overzicht met testgegevens is naar een verkeerd adres gemaild.');
  await form.getByLabel('Contactgegevens').check();
  await form.getByLabel('Geschat aantal betrokkenen').fill('4');
}

test('fg: melden, klok, besluiten en afsluiten', async () => {
  await withPage(browser, server, 'breaches-fg', async ({ page }) => {
    await loginUI(page, fg);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Datalekken' }).click();
    await page.waitForURL('**/app/datalekken');
    await page.getByRole('heading', { level: 1, name: 'Datalekken' }).waitFor();
    await page.locator('#br-count').waitFor();
    await axe(page, 'datalekken: lijst');

    await page.getByRole('link', { name: 'Datalek melden' }).click();
    await page.waitForURL('**/app/datalekken/nieuw');
    const form = page.getByRole('form', { name: 'Datalek melden' });
    await form.getByRole('button', { name: 'Datalek melden' }).click();
    const errors = page.locator('#brn-errors');
    await errors.getByRole('link', { name: 'Kies minstens één soort gegevens.' }).waitFor();
    await axe(page, 'datalekken: nieuw met fouten');
    await fillReport(form);
    await form.getByRole('button', { name: 'Datalek melden' }).click();
    await page.waitForURL(/\/app\/datalekken\/\d+$/);
    await page.getByRole('heading', { level: 1, name: /^Datalek \d+$/ }).waitFor();
    await page.getByText(/^Nog \d+ uur$/).first().waitFor();
    await axe(page, 'datalekken: detail');
    await shot(page, 'breaches-01-detail');

    // a decision without rationale is refused, then recorded
    const ap = page.getByRole('form', { name: 'Melding aan de Autoriteit Persoonsgegevens' });
    await ap.getByLabel('Nee').check();
    await ap.getByRole('button', { name: 'Besluit over de AP vastleggen' }).click();
    await page.locator('#bra-errors').getByRole('link', { name: 'Een besluit heeft een motivering nodig.' }).waitFor();
    await axe(page, 'datalekken: besluit zonder motivering');
    await ap.getByLabel('Motivering').fill('De gegevens waren versleuteld; geen risico voor de betrokkenen.');
    await ap.getByRole('button', { name: 'Besluit over de AP vastleggen' }).click();
    await page.locator('#bra-ok').getByText('Het besluit over de melding aan de AP is vastgelegd.').waitFor();
    await page.getByText('Besluit genomen', { exact: true }).first().waitFor();

    const sub = page.getByRole('form', { name: 'Informeren van betrokkenen' });
    await sub.getByLabel('Nee').check();
    await sub.getByLabel('Motivering').fill('Geen hoog risico voor de betrokkenen.');
    await sub.getByRole('button', { name: 'Besluit over de betrokkenen vastleggen' }).click();
    await page.locator('#brs-ok').waitFor();
    await page.getByRole('button', { name: 'Datalek afsluiten' }).click();
    await page.locator('#br-notice').getByText('Het datalek is afgesloten.').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Melding aan de Autoriteit Persoonsgegevens' }).count(), 0, 'closed: no forms');
    await axe(page, 'datalekken: afgesloten');
    await shot(page, 'breaches-02-closed');
  });
});

test('beheerder meldt en krijgt een ontvangstbevestiging; partner heeft geen toegang', async () => {
  await withPage(browser, server, 'breaches-beheerder', async ({ page }) => {
    await loginUI(page, adm);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Datalek melden' }).click();
    await page.waitForURL('**/app/datalekken/nieuw');
    const form = page.getByRole('form', { name: 'Datalek melden' });
    await fillReport(form);
    await form.getByRole('button', { name: 'Datalek melden' }).click();
    await page.locator('#br-receipt').getByText(/Uiterste meldtermijn bij de AP/).waitFor();
    await axe(page, 'datalekken: ontvangstbevestiging');
    const r = await apiCall(page, server, 'GET', '/api/breaches');
    assert.equal(r.status(), 403);
  });
  await withPage(browser, server, 'breaches-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: /Datalek/ }).count(), 0, 'no nav entry');
    const r = await apiCall(page, server, 'GET', '/api/breaches');
    assert.equal(r.status(), 403);
  });
});
