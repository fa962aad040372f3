// Journey: the inzage export (docs/inzage.md, AVG art. 15). Through the API the dossierhouder of
// Voorbeeldstad records a signal about a fictional person (with a second, other fictional person);
// in the UI the dossierhouder opens "Inzage" from the navigation, searches by BSN (an empty search
// names the field), confirms the found record and compiles a concept: the page says it is a concept
// and that the creator cannot release it. The FG opens the concept, releases it (confirmation
// dialog), and the released overview shows the print and download buttons; in print media the
// navigation and buttons are hidden. The other person's name appears nowhere. axe reports 0
// violations in every state. A partner has no "Inzage" in the navigation and gets 403 from the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, openPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';
import { bsnValid } from '../../src/inzage.js';

let server;
let browser;
let dh;
let fg;
let partner;
let exportUrl = '';
const PERSON = 'Fictieve Inzagepersoon (test)';
const OTHER = 'Fictieve Anderepersoon (test)';
/** The first elfproef-valid BSN from a start number (fictional). */
const bsnFrom = (n) => {
  for (let x = n; ; x++) if (bsnValid(String(x).padStart(9, '0'))) return String(x).padStart(9, '0');
};
const BSN = bsnFrom(271828180);
const BSN2 = bsnFrom(314159260);

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  fg = pick(server.accounts, (a) => a.username === 'fg', 'fg');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (politie)');
  const { context, page } = await openPage(browser, server.url);
  try {
    const r = await apiCall(page, server, 'POST', '/api/session', {
      data: { username: dh.username, password: dh.password, totp: (await freshCode(dh)).code },
    });
    assert.equal(r.status(), 201, 'dossierhouder login');
    const s = await r.json();
    const c = await apiCall(page, server, 'POST', '/api/signals', {
      csrf: s.csrf_token,
      data: {
        route: 'signaleringsoverleg',
        subjects: [{ kind: 'person', name: PERSON, birth_date: '1990-05-06', bsn: BSN }, { kind: 'person', name: OTHER, bsn: BSN2 }],
        observed: 'Fictieve waarneming voor de inzagetest.',
        acute: { danger: false },
      },
    });
    assert.equal(c.status(), 201, 'signal about the person');
  } finally {
    await context.close();
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test('dossierhouder: zoeken, bevestigen en concept opstellen', async () => {
  await withPage(browser, server, 'inzage-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Inzage' }).click();
    await page.waitForURL('**/app/inzage');
    await page.getByRole('heading', { level: 1, name: 'Inzage voor een betrokkene' }).waitFor();
    await axe(page, 'inzage: start');

    // an empty search names the field
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.locator('#iz-search-error').waitFor();
    await page.getByText('Vul een BSN in, of naam en geboortedatum.').first().waitFor();
    await axe(page, 'inzage: lege zoekopdracht');

    await page.getByLabel(/^BSN/).fill(BSN);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const group = page.getByRole('group', { name: /Gevonden gegevens/ });
    await group.waitFor();
    assert.equal(await group.getByRole('checkbox').count(), 1, 'one record with this BSN');
    assert.equal((await page.locator('#main').innerText()).includes(OTHER), false, 'another person shown');
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'inzage: gevonden');
    await group.getByRole('checkbox').first().check();
    await page.getByRole('button', { name: 'Concept-overzicht opstellen' }).click();
    await page.waitForURL(/\/app\/inzage\/\d+$/);
    exportUrl = new URL(page.url()).pathname;
    await page.locator('#iz-concept').getByText(/Dit is een concept/).waitFor();
    await page.getByText(/U heeft dit overzicht zelf opgesteld/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Overzicht vrijgeven' }).count(), 0, 'the creator cannot release');
    await page.getByText(PERSON).first().waitFor();
    assert.equal((await page.locator('#main').innerText()).includes(OTHER), false, 'another person in the concept');
    await axe(page, 'inzage: concept');
    await shot(page, 'inzage-01-concept');
    const id = exportUrl.split('/').pop();
    const dl = await apiCall(page, server, 'GET', `/api/inzage/${id}/export.json`);
    assert.equal(dl.status(), 409, 'a concept cannot be downloaded');
  });
});

test('fg: vrijgeven, afdrukken en downloaden', async () => {
  assert.ok(exportUrl, 'the concept of the first test');
  await withPage(browser, server, 'inzage-fg', async ({ page }) => {
    await loginUI(page, fg);
    await page.waitForURL('**/app/start');
    await page.goto(exportUrl);
    await page.getByRole('button', { name: 'Overzicht vrijgeven' }).click();
    const dialog = page.getByRole('dialog', { name: 'Overzicht vrijgeven?' });
    await dialog.waitFor();
    await axe(page, 'inzage: vrijgeven bevestigen');
    await dialog.getByRole('button', { name: 'Ja, vrijgeven' }).click();
    await page.getByRole('button', { name: 'Afdrukken' }).waitFor();
    await page.getByRole('link', { name: 'Download als JSON-bestand' }).waitFor();
    await page.getByRole('heading', { name: 'Overzicht van uw persoonsgegevens in Regie' }).waitFor();
    await page.getByRole('table', { name: /^Inzage en verstrekking per dag/ }).waitFor();
    assert.equal((await page.locator('#main').innerText()).includes(OTHER), false, 'another person in the overview');
    await axe(page, 'inzage: vrijgegeven');
    await shot(page, 'inzage-02-vrijgegeven');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('button', { name: 'Afdrukken' }).isVisible(), false, 'buttons print');
    assert.equal(await nav(page).isVisible(), false, 'the navigation prints');
    await page.emulateMedia({ media: 'screen' });
    const id = exportUrl.split('/').pop();
    const dl = await apiCall(page, server, 'GET', `/api/inzage/${id}/export.json`);
    assert.equal(dl.status(), 200, 'download');
    assert.match(dl.headers()['content-disposition'] || '', /^attachment/);
    const text = await dl.text();
    assert.ok(text.includes(BSN) && !text.includes(OTHER) && !text.includes(BSN2), 'the export holds only the person');
  });
});

test('partner: geen inzage', async () => {
  await withPage(browser, server, 'inzage-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Inzage' }).count(), 0, 'no nav entry');
    const r = await apiCall(page, server, 'GET', '/api/inzage');
    assert.equal(r.status(), 403);
  });
});
