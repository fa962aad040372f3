// Journey: informing the person (docs/informing.md). The dossierhouder of Voorbeeldstad opens a
// demo case, follows "Informeren van betrokkenen" from the overview and sees one row per person
// (the subject and the people of the network analysis) with "Nog niet geïnformeerd"; the empty
// form names the person and what happened; a deferral with "Andere reden" needs an explanation;
// recording that a relative was informed shows "Geïnformeerd op …" in the table. A
// participating partner sees the status but no form. axe reports 0 violations in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let partner;
let caseUrl = '';

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

const today = () => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.day}-${p.month}-${p.year}`;
};

test('dossierhouder: stand per persoon, fouten, uitstel en geïnformeerd vastleggen', async () => {
  await withPage(browser, server, 'informing-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto('/app/casussen?markering=uitgereisd');
    const cases = page.getByRole('table', { name: 'Casussen' });
    await cases.getByRole('row').nth(1).waitFor();
    await cases.getByRole('row').nth(1).getByRole('link').click();
    await page.waitForURL(/\/app\/casussen\/\d+$/);
    caseUrl = new URL(page.url()).pathname;
    const id = caseUrl.split('/').pop();
    await page.getByRole('link', { name: 'Informeren van betrokkenen: stand en besluiten' }).click();
    await page.waitForURL(`**${caseUrl}/informeren`);
    await page.getByRole('heading', { level: 1, name: /^Informeren van betrokkenen/ }).waitFor();
    const table = page.getByRole('table', { name: 'Stand van het informeren per persoon' });
    await table.getByText('Betrokkene', { exact: true }).first().waitFor();
    const api = await (await apiCall(page, server, 'GET', `/api/cases/${id}/informing`)).json();
    assert.equal(await table.locator('tbody tr').count(), api.items.length, 'one row per person');
    assert.ok(api.items.some((x) => x.kind === 'network'), 'the network persons are listed too');
    await table.getByText('Nog niet geïnformeerd').first().waitFor();
    assert.equal(/score|risico/i.test(await page.locator('#main').innerText()), false, 'nothing scores people');
    await axe(page, 'informeren: stand');
    await shot(page, 'informing-01-stand');

    const form = page.getByRole('form', { name: 'Besluit vastleggen' });
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    const errors = page.locator('#inf-errors');
    await errors.getByRole('link', { name: 'Kies over wie het besluit gaat.' }).waitFor();
    await errors.getByRole('link', { name: 'Kies wat er is gebeurd.' }).waitFor();
    await axe(page, 'informeren: fouten');

    const relative = api.items.find((x) => x.kind === 'network' && x.name);
    assert.ok(relative, 'a named relative in the demo network');
    await form.getByLabel('Over wie gaat het?').selectOption(`n:${relative.network_person_id}`);
    await form.getByLabel('Informeren kan (nog) niet').check();
    await form.getByLabel('Andere reden').check();
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await errors.getByRole('link', { name: 'Licht de andere reden toe.' }).waitFor();
    await errors.getByRole('link', { name: 'Vul in wanneer u het opnieuw bekijkt.' }).waitFor();
    await axe(page, 'informeren: uitstel met fouten');

    await form.getByLabel('Informeren kan (nog) niet').check();
    await form.getByLabel('De persoon is geïnformeerd').check();
    await form.getByLabel('Datum van informeren').fill(today());
    await form.getByLabel('Mondeling').check();
    await form.getByLabel(/^Toelichting/).fill('Fictief: uitleg gegeven over de aanpak en de rechten.');
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.locator('#inf-ok').getByText('Het besluit is vastgelegd.').waitFor();
    const row = table.getByRole('row').filter({ hasText: relative.name });
    await row.getByText(/^Geïnformeerd op \d\d-\d\d-\d{4}, mondeling$/).waitFor();
    await axe(page, 'informeren: vastgelegd');
    await shot(page, 'informing-02-vastgelegd');
  });
});

test('partner: ziet de stand, legt niets vast', async () => {
  assert.ok(caseUrl, 'the first journey found a case');
  await withPage(browser, server, 'informing-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    await page.goto(`${caseUrl}/informeren`);
    await page.getByRole('heading', { level: 1, name: /^Informeren van betrokkenen/ }).waitFor();
    await page.getByRole('table', { name: 'Stand van het informeren per persoon' }).waitFor();
    await page.getByText('alleen de dossierhouder van de gemeente legt besluiten vast', { exact: false }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Besluit vastleggen' }).count(), 0, 'no form for a partner');
    await axe(page, 'informeren: partner');
  });
});
