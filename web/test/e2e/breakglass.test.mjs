// Journey: break-glass (docs/breakglass.md). The dossierhouder of Proefdorp opens a case of
// Voorbeeldstad that she does not take part in: "niet gevonden", with the offer "Toegang in
// noodgeval (break-glass)" and the warning that the FG reviews every use. Sending the empty form
// names the reason and the code; with a reason and a fresh code of her authenticator the case
// opens read-only with the banner "Break-glass-toegang tot HH:MM — elke inzage wordt
// gecontroleerd". The raadslid is not offered break-glass. axe reports 0 violations in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';

let server;
let browser;
let dh;
let dh2;
let caseIds = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
  await withPage(browser, server, 'breakglass-setup', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    const r = await (await apiCall(page, server, 'GET', '/api/cases')).json();
    caseIds = (r.items || []).map((c) => c.id);
  });
  assert.ok(caseIds.length > 0, 'demo cases');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('dossierhouder van een andere gemeente: break-glass met reden en code, banner', async () => {
  await withPage(browser, server, 'breakglass-dossierhouder2', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    let id = null;
    for (const c of caseIds) {
      if ((await apiCall(page, server, 'GET', `/api/cases/${c}`)).status() === 404) {
        id = c;
        break;
      }
    }
    assert.ok(id, 'a Voorbeeldstad case hidden from Proefdorp');
    await page.goto(`/app/casussen/${id}`);
    await page.locator('#case-error').waitFor();
    const offer = page.locator('#break-glass');
    await offer.getByRole('heading', { level: 2, name: 'Toegang in noodgeval (break-glass)' }).waitFor();
    await offer.getByText(/functionaris gegevensbescherming \(FG\) controleert elk gebruik/).waitFor();
    await axe(page, 'break-glass: aanbod');
    await offer.getByRole('button', { name: 'Toegang in noodgeval aanvragen' }).click();
    await offer.getByRole('button', { name: 'Toegang openen' }).click();
    const errors = page.locator('#bg-errors');
    await errors.getByRole('link', { name: 'Vul de reden in.' }).waitFor();
    await errors.getByRole('link', { name: 'Vul de verificatiecode in.' }).waitFor();
    await axe(page, 'break-glass: formulier met fouten');
    await shot(page, 'breakglass-01-fouten');
    assert.equal((await apiCall(page, server, 'GET', `/api/cases/${id}`)).status(), 404, 'nothing granted');

    await offer.getByLabel('Reden', { exact: true }).fill('Acute melding over dreiging; de casusregisseur is niet bereikbaar (fictief).');
    await offer.getByLabel('Verificatiecode', { exact: true }).fill((await freshCode(dh2)).code);
    await offer.getByRole('button', { name: 'Toegang openen' }).click();
    const banner = page.locator('#bg-banner');
    await banner.getByRole('heading', { name: /^Break-glass-toegang tot \d\d:\d\d — elke inzage wordt gecontroleerd$/ }).waitFor();
    await page.locator('#case-badges').waitFor();
    assert.equal(await page.locator('#besluiten').count(), 0, 'read-only: no decision forms');
    await axe(page, 'break-glass: casus geopend');
    await shot(page, 'breakglass-02-geopend');
    const mine = await (await apiCall(page, server, 'GET', '/api/break-glass')).json();
    assert.equal(mine.items.length, 1);
    assert.equal(mine.items[0].case_id, id);
  });
});

test('raadslid: geen break-glass', async () => {
  const raad = pick(server.accounts, (a) => a.username === 'raadslid', 'raadslid');
  await withPage(browser, server, 'breakglass-raadslid', async ({ page }) => {
    await loginUI(page, raad);
    await page.waitForURL((u) => !u.pathname.includes('inloggen'));
    const r = await apiCall(page, server, 'GET', '/api/break-glass');
    assert.equal(r.status(), 403);
  });
});
