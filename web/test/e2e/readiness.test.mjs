// Journey: the readiness dashboard and the support directory (docs/preparedness.md). The
// dossierhouder of Voorbeeldstad opens "Gereedheid" from the navigation: the P1-P7 checklist with
// status badges in words, no continuity warning, all COT functions mapped; logs a training with
// a partner (the empty form names the fields first). The dossierhouder of Proefdorp sees the
// continuity warning (one dossierhouder, no deputy) and open COT points. The beheerder sees the
// overview of the three municipalities and opens Oefenveen (regional mode, source named). Every
// role that may read it opens "Steunpunten": links open in a new tab with rel=noopener; the
// beheerder adds a support point. axe reports 0 violations in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let dh2;
let admin;
let partner;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
  admin = pick(server.accounts, (a) => a.username === 'beheerder', 'beheerder');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
const item = (page, code) => page.locator(`#rd-${code}`);

test('Voorbeeldstad: checklist in orde, training vastleggen; steunpunten lezen', async () => {
  await withPage(browser, server, 'readiness-voorbeeldstad', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Gereedheid' }).click();
    await page.waitForURL('**/app/gereedheid');
    await page.getByRole('heading', { level: 1, name: 'Gereedheid: Gemeente Voorbeeldstad' }).waitFor();
    assert.equal(await page.locator('#rd-continuity').count(), 0, 'no continuity warning with a deputy');
    for (const code of ['P1', 'P2', 'P4', 'P5', 'P6', 'P7']) {
      await item(page, code).locator('.utrecht-status-badge').getByText('In orde', { exact: true }).waitFor();
    }
    await item(page, 'P1').getByText('Plaatsvervanger: Petra Plaatsvervanger (demo).').waitFor();
    const cot = page.getByRole('table', { name: 'Functies uit de COT-indeling en de organisaties die ze oppakken' });
    assert.equal(await cot.locator('tbody tr').count(), 7, 'seven COT functions');
    assert.equal(await cot.getByText('Open punt').count(), 0, 'no open COT function');
    await cot.getByText('Reageren en interveniëren').waitFor();
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'gereedheid: Voorbeeldstad');
    await shot(page, 'readiness-01-voorbeeldstad');

    // log a training: the empty form names its fields first
    await page.locator('#rd-tr-add summary').click();
    await page.getByRole('button', { name: 'Training vastleggen' }).click();
    await page.locator('#rdt-errors').waitFor();
    await axe(page, 'gereedheid: training met fouten');
    await page.getByLabel('Datum van de training', { exact: true }).fill('01-03-2026');
    await page.getByLabel('Onderwerp', { exact: true }).fill('Oefening casusoverleg (test)');
    await page.getByLabel('Pim Partner (demo) (Politie eenheid Voorbeeld)').check();
    await page.getByRole('button', { name: 'Training vastleggen' }).click();
    await page.locator('#rdt-ok').getByText('De training is vastgelegd.').waitFor();
    await page.getByRole('table', { name: 'Trainingen met partners, nieuwste eerst' }).getByText('Oefening casusoverleg (test)').waitFor();
    await axe(page, 'gereedheid: training vastgelegd');

    // withdraw a policy document: it stays listed as withdrawn
    await page.getByRole('button', { name: 'Werkafspraken driehoek en sociaal domein intrekken' }).click();
    await page.locator('#rd-docs-msg').getByText('Het document is ingetrokken.').waitFor();
    const docs = page.getByRole('table', { name: 'Beleidsdocumenten met de datum van het collegebesluit' });
    await docs.getByRole('row', { name: /Werkafspraken driehoek en sociaal domein/ }).getByText('Ingetrokken').waitFor();
    await axe(page, 'gereedheid: document ingetrokken');

    // the support directory: links in a new tab, no editing for the dossierhouder
    await nav(page).getByRole('link', { name: 'Steunpunten' }).click();
    await page.waitForURL('**/app/steunpunten');
    const table = page.getByRole('table', { name: 'Steunpunten en hun contactgegevens' });
    await table.getByText('Radicalisation Awareness Network (RAN)').waitFor();
    const links = table.locator('a[target="_blank"]');
    assert.ok(await links.count() >= 5, 'the web links are shown');
    for (const rel of await links.evaluateAll((as) => as.map((a) => a.getAttribute('rel')))) {
      assert.match(rel, /noopener/);
    }
    assert.equal(await page.getByRole('button', { name: /wijzigen$/ }).count(), 0, 'no edit for the dossierhouder');
    await axe(page, 'steunpunten: dossierhouder');
  });
});

test('Proefdorp: continuïteitswaarschuwing en open COT-functies', async () => {
  await withPage(browser, server, 'readiness-proefdorp', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    await page.goto('/app/gereedheid');
    await page.getByRole('heading', { level: 1, name: 'Gereedheid: Gemeente Proefdorp' }).waitFor();
    const warn = page.locator('#rd-continuity');
    await warn.getByText('Let op de continuïteit', { exact: true }).waitFor();
    await warn.getByText(/hangt af van één persoon/).waitFor();
    await item(page, 'P1').getByText('Aandachtspunt', { exact: true }).waitFor();
    await item(page, 'P4').getByText('Ontbreekt', { exact: true }).waitFor();
    const cot = page.getByRole('table', { name: 'Functies uit de COT-indeling en de organisaties die ze oppakken' });
    assert.equal(await cot.getByText('Open punt').count(), 4, 'four open COT functions');
    await axe(page, 'gereedheid: Proefdorp met waarschuwing');
    await shot(page, 'readiness-02-proefdorp');
  });
});

test('beheerder: overzicht, Oefenveen regionaal, steunpunt toevoegen; partner leest alleen', async () => {
  await withPage(browser, server, 'readiness-beheerder', async ({ page }) => {
    await loginUI(page, admin);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Gereedheid' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gereedheid van de gemeenten' }).waitFor();
    const overview = page.getByRole('table', { name: 'Gereedheid per gemeente' });
    assert.equal(await overview.locator('tbody tr').count(), 3, 'three municipalities');
    await overview.getByText('Hangt af van één persoon').waitFor();
    await axe(page, 'gereedheid: overzicht');
    await overview.getByRole('link', { name: 'Gemeente Oefenveen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gereedheid: Gemeente Oefenveen' }).waitFor();
    await item(page, 'P1').getByText(/Regionaal: de dossierhouder van Zorg- en Veiligheidshuis Voorbeeld/).waitFor();
    await item(page, 'P4').getByText('In orde', { exact: true }).waitFor();
    assert.equal(await page.locator('#rd-continuity').count(), 0, 'regional mode: no warning');
    await axe(page, 'gereedheid: Oefenveen');

    await nav(page).getByRole('link', { name: 'Steunpunten' }).click();
    await page.waitForURL('**/app/steunpunten');
    await page.locator('#sp-add summary').click();
    await page.getByLabel('Naam van de organisatie', { exact: true }).fill('Steunpunt Test (e2e)');
    await page.locator('#sp-add').getByLabel(/^Website/).fill('http://onveilig.example');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.locator('#sp-new-errors').waitFor();
    await axe(page, 'steunpunten: fout in formulier');
    await page.locator('#sp-add').getByLabel(/^Website/).fill('https://steunpunt.example');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.locator('#sp-new-ok').getByText('Het steunpunt is toegevoegd.').waitFor();
    await page.getByRole('table', { name: 'Steunpunten en hun contactgegevens' }).getByText('Steunpunt Test (e2e)').waitFor();
    await axe(page, 'steunpunten: beheerder');
  });
  await withPage(browser, server, 'readiness-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Gereedheid' }).count(), 0, 'no readiness for a partner');
    await nav(page).getByRole('link', { name: 'Steunpunten' }).click();
    await page.getByRole('table', { name: 'Steunpunten en hun contactgegevens' }).waitFor();
    assert.equal(await page.getByText('Steunpunt toevoegen').count(), 0, 'a partner does not edit');
    const r = await apiCall(page, server, 'GET', '/api/readiness');
    assert.equal(r.status(), 403);
  });
});
