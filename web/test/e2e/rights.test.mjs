// Journey: the register of requests of data subjects (docs/rights.md). The dossierhouder of
// Voorbeeldstad opens "Verzoeken betrokkenen" from the navigation, registers an access request
// (the empty form names the required fields), records the identity check (the screen says no
// copy of an ID document is kept), adds an item owned by the police unit, decides it, records the
// response, after which the request is closed and read-only; the archive lists it as
// "Afgehandeld" in words. axe reports 0 violations in every state. The police partner sees the
// request with its own item; a melder has no "Verzoeken betrokkenen" and gets 403 from the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let partner;
let melder;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
  melder = pick(server.accounts, (a) => a.username === 'melder', 'melder');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
const todayNl = () => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.day}-${p.month}-${p.year}`;
};
let requestPath = '';

test('dossierhouder: verzoek registreren, identiteit, onderdeel, beslissing en antwoord', async () => {
  await withPage(browser, server, 'rights-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Verzoeken betrokkenen' }).click();
    await page.waitForURL('**/app/verzoeken');
    await page.getByRole('heading', { level: 1, name: 'Verzoeken van betrokkenen' }).waitFor();
    await page.locator('#vz-count').waitFor();
    await axe(page, 'verzoeken: lijst');

    await page.getByRole('link', { name: 'Nieuw verzoek registreren' }).click();
    await page.waitForURL('**/app/verzoeken/nieuw');
    const form = page.getByRole('form', { name: 'Nieuw verzoek registreren' });
    await form.getByRole('button', { name: 'Verzoek registreren' }).click();
    const errors = page.locator('#vzn-errors');
    await errors.getByRole('link', { name: /soort verzoek/i }).waitFor();
    await errors.getByRole('link', { name: /naam van de betrokkene/i }).waitFor();
    await axe(page, 'verzoeken: nieuw met fouten');
    await form.getByLabel('Inzage (art. 15 AVG)').check();
    await form.getByLabel('Ontvangen op').fill(todayNl());
    await form.getByLabel('Hoe kwam het verzoek binnen?').selectOption('balie');
    await form.getByLabel('Naam', { exact: true }).fill('Fictieve Verzoeker (test)');
    await form.getByLabel('Geboortedatum').fill('01-04-1990');
    await form.getByRole('button', { name: 'Verzoek registreren' }).click();
    await page.waitForURL(/\/app\/verzoeken\/\d+$/);
    requestPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: 'Verzoek: Inzage (art. 15 AVG)' }).waitFor();
    await page.getByText(/Lopend \(nog \d+ dagen\)/).first().waitFor();
    await page.getByText(/géén kopie van een identiteitsbewijs/).waitFor();
    await page.getByText('De identiteitscontrole is nog niet vastgelegd.').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Onderdeel toevoegen' }).count(), 0, 'no items before the identity check');
    await axe(page, 'verzoeken: detail zonder identiteitscontrole');

    const idf = page.getByRole('form', { name: 'Identiteitscontrole' });
    await idf.getByLabel('Identiteitsbewijs getoond aan de balie (geen kopie gemaakt)').check();
    await idf.getByRole('button', { name: 'Identiteitscontrole vastleggen' }).click();
    await page.locator('#vzid-ok').getByText('De identiteitscontrole is vastgelegd.').waitFor();
    await page.locator('#vz-identity-state').getByText(/Identiteit vastgesteld/).waitFor();

    const itf = page.getByRole('form', { name: 'Onderdeel toevoegen' });
    await itf.getByLabel('Omschrijving van het onderdeel').fill('Registraties in de casus die de politie aanleverde');
    await itf.getByLabel('Organisatie die erover beslist').selectOption({ label: 'Politie eenheid Voorbeeld' });
    await itf.getByRole('button', { name: 'Onderdeel toevoegen' }).click();
    const items = page.getByRole('table', { name: /^1 onderdeel/ });
    await items.getByText('Politie eenheid Voorbeeld').waitFor();
    await items.getByText('Nog te beslissen').waitFor();
    await axe(page, 'verzoeken: onderdeel toegevoegd');
    await shot(page, 'rights-01-detail');

    const df = page.getByRole('form', { name: 'Beslissing over onderdeel 1' });
    await df.getByLabel('Geweigerd', { exact: true }).check();
    await df.getByRole('button', { name: 'Beslissing vastleggen' }).click();
    await page.getByText(/wettelijke grond/i).first().waitFor();
    await df.getByLabel('Toegewezen', { exact: true }).check();
    await df.getByRole('button', { name: 'Beslissing vastleggen' }).click();
    await items.getByText('Toegewezen').waitFor();

    const rf = page.getByRole('form', { name: 'Antwoord en afsluiten' });
    await rf.getByLabel('Per brief').check();
    await rf.getByLabel('Samenvatting van het antwoord').fill('Overzicht van de gegevens per brief verstrekt.');
    await rf.getByRole('button', { name: 'Antwoord vastleggen en afsluiten' }).click();
    await page.locator('#vz-closed').getByText('Dit verzoek is afgehandeld. Het is alleen nog te lezen.').waitFor();
    assert.equal(await page.getByRole('form').count(), 0, 'a closed request has no forms');
    await axe(page, 'verzoeken: afgehandeld');

    await page.goto('/app/verzoeken?status=closed');
    const table = page.getByRole('table', { name: /^Verzoeken/ });
    await table.getByText('Fictieve Verzoeker (test)').waitFor();
    await table.getByText('Afgehandeld').first().waitFor();
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'verzoeken: archief');
  });
});

test('partner ziet alleen het eigen onderdeel; melder geen verzoeken', async () => {
  await withPage(browser, server, 'rights-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    await page.goto(requestPath);
    await page.getByText('U ziet alleen de onderdelen waarvoor uw organisatie verantwoordelijk is.').waitFor();
    await page.getByText('Registraties in de casus die de politie aanleverde').waitFor();
    assert.equal(await page.getByText('Identiteitscontrole', { exact: true }).count(), 0, 'partner sees no identity check');
    await axe(page, 'verzoeken: partner');
  });
  await withPage(browser, server, 'rights-melder', async ({ page }) => {
    await loginUI(page, melder);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Verzoeken betrokkenen' }).count(), 0, 'no nav entry');
    const r = await apiCall(page, server, 'GET', '/api/rights');
    assert.equal(r.status(), 403);
  });
});
