// Journey: the key-figure register (docs/keyfigures.md). The dossierhouder of Voorbeeldstad opens
// "Sleutelfiguren" from the navigation and sees the demo register with the overdue key figure
// first and "Contact gewenst" in words; filters on level; registers a new key figure (consent
// required: the empty form names the consent fields); logs a contact, which shows in the contact
// log and as last contact; ends the contact (confirmation dialog) and destroys all data
// (confirmation dialog), after which the key figure is gone. axe reports 0 violations in every
// state. A partner has no "Sleutelfiguren" in the navigation and gets "no access" on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let partner;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test('dossierhouder: register, nieuw, contact vastleggen, beëindigen en vernietigen', async () => {
  await withPage(browser, server, 'keyfigures-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.getByRole('link', { name: 'Sleutelfiguren' }).first().click();
    await page.waitForURL('**/app/sleutelfiguren');
    await page.getByRole('heading', { level: 1, name: 'Sleutelfiguren' }).waitFor();
    const table = page.getByRole('table', { name: 'Sleutelfiguren' });
    await table.getByText('Sportvereniging VV Voorbeeld (demo)').waitFor();
    const api = await (await apiCall(page, server, 'GET', '/api/key-figures')).json();
    assert.equal(await table.locator('tbody tr').count(), api.items.length, 'one row per key figure');
    assert.equal(api.items.length, 4, 'Voorbeeldstad has four demo key figures');
    // the overdue one first, its state in words
    const first = table.locator('tbody tr').first();
    await first.getByText('Sportvereniging VV Voorbeeld (demo)').waitFor();
    await first.getByText('Contact gewenst').waitFor();
    await table.getByText('Bijgewerkt').first().waitFor();
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'sleutelfiguren: lijst');
    await shot(page, 'keyfigures-01-lijst');

    // filter: only ambtelijk
    await page.getByLabel('Niveau', { exact: true }).selectOption('ambtelijk');
    await page.getByRole('button', { name: 'Toon sleutelfiguren' }).click();
    await page.waitForURL('**/app/sleutelfiguren?niveau=ambtelijk');
    await page.locator('#kf-count').getByText(/^2 sleutelfiguren/).waitFor();
    assert.equal(await table.getByText('Bestuurlijk', { exact: true }).count(), 0, 'only ambtelijk');

    // new key figure: consent is required
    await page.getByRole('link', { name: 'Nieuwe sleutelfiguur vastleggen' }).click();
    await page.waitForURL('**/app/sleutelfiguren/nieuw');
    await page.getByText('Leg vast hoe en wanneer de persoon toestemming gaf', { exact: false }).waitFor();
    const form = page.getByRole('form', { name: 'Nieuwe sleutelfiguur vastleggen' });
    await form.getByRole('button', { name: 'Sleutelfiguur opslaan' }).click();
    const errors = page.locator('#kfn-errors');
    await errors.getByRole('link', { name: 'Leg vast hoe de persoon toestemming gaf.' }).waitFor();
    await errors.getByRole('link', { name: /datum van de toestemming/ }).waitFor();
    await axe(page, 'sleutelfiguren: nieuw met fouten');
    await form.getByLabel('Ambtelijk').check();
    await form.getByLabel('Organisatie', { exact: true }).fill('Buurtvereniging Het Plein (test)');
    await form.getByLabel('Rol bij de organisatie').fill('Secretaris');
    await form.getByLabel('Naam van de contactpersoon').fill('Fictieve Secretaris (test)');
    await form.getByLabel('Datum van de toestemming').fill('01-11-2026'.replace('2026', String(new Date().getFullYear() - 1)));
    await form.getByLabel('Hoe is de toestemming gegeven?').fill('Mondeling gegeven, vastgelegd in het gespreksverslag.');
    await form.getByRole('button', { name: 'Sleutelfiguur opslaan' }).click();
    await page.waitForURL(/\/app\/sleutelfiguren\/\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Sleutelfiguur: Buurtvereniging Het Plein (test)' }).waitFor();
    await page.getByText('Er is nog geen contact vastgelegd.').waitFor();
    await page.getByText('Contact gewenst', { exact: true }).first().waitFor();
    await axe(page, 'sleutelfiguren: detail');

    // log a contact (today is prefilled)
    const cf = page.getByRole('form', { name: 'Contact vastleggen' });
    await cf.getByLabel('Waar ging het over?').fill('Kennismaking en afspraken over contact bij onrust.');
    await cf.getByRole('button', { name: 'Contact vastleggen' }).click();
    await page.locator('#kfc-ok').getByText('Het contact is vastgelegd.').waitFor();
    const log = page.getByRole('table', { name: /^Contactlogboek/ });
    await log.getByText('Kennismaking en afspraken over contact bij onrust.').waitFor();
    await log.getByText(dh.display_name).waitFor();
    await page.getByText('Bijgewerkt', { exact: true }).waitFor();
    await axe(page, 'sleutelfiguren: contact vastgelegd');
    await shot(page, 'keyfigures-02-detail');

    // end the contact: reason, then confirm in the dialog
    await page.getByRole('button', { name: 'Contact beëindigen' }).click();
    await page.locator('#kf-end-error').waitFor();
    await page.getByLabel('Toestemming ingetrokken').check();
    await page.getByRole('button', { name: 'Contact beëindigen' }).click();
    const endDialog = page.getByRole('dialog', { name: 'Contact echt beëindigen?' });
    await endDialog.waitFor();
    await axe(page, 'sleutelfiguren: beëindigen bevestigen');
    await endDialog.getByRole('button', { name: 'Ja, beëindigen' }).click();
    await page.locator('#kf-notice').getByText('Het contact is beëindigd.').waitFor();
    await page.getByText('Beëindigd', { exact: true }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Contact vastleggen' }).count(), 0, 'no contacts after the end');

    // destroy all data
    await page.getByRole('button', { name: 'Alle gegevens vernietigen' }).click();
    const dd = page.getByRole('dialog', { name: 'Alle gegevens van deze sleutelfiguur vernietigen?' });
    await dd.waitFor();
    await axe(page, 'sleutelfiguren: vernietigen bevestigen');
    await dd.getByRole('button', { name: 'Ja, vernietigen' }).click();
    await page.waitForURL('**/app/sleutelfiguren?vernietigd=1');
    await page.locator('#kf-destroyed').getByText('De gegevens van de sleutelfiguur zijn vernietigd.').waitFor();
    await page.getByRole('table', { name: 'Sleutelfiguren' }).getByText('Sportvereniging VV Voorbeeld (demo)').waitFor();
    assert.equal(await page.getByText('Buurtvereniging Het Plein (test)').count(), 0, 'destroyed key figure still listed');
    await axe(page, 'sleutelfiguren: na vernietigen');
  });
});

test('partner: geen sleutelfiguren', async () => {
  await withPage(browser, server, 'keyfigures-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Sleutelfiguren' }).count(), 0, 'no nav entry');
    await page.goto('/app/sleutelfiguren');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Sleutelfiguren' }).count(), 0);
    const r = await apiCall(page, server, 'GET', '/api/key-figures');
    assert.equal(r.status(), 403);
  });
});
