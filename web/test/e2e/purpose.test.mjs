// Journey: purpose binding (docs/purpose.md). The casusregisseur opens an open case: before any
// case content loads the page asks "Waarvoor opent u dit dossier?" (radio group; submitting
// without a choice gives an error summary); after the choice the case opens with the line
// "Doel: … (wijzigen)", the other parts of the case and a reload do not ask again (the choice
// holds for the tab), and "wijzigen" asks again (tests/api/test_purpose.c checks that the access
// log holds the chosen purpose). A closed case offers only verantwoording and the data subject's
// request. axe reports 0 violations on the question, its error state and the case page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const sub = (page) => page.getByRole('navigation', { name: 'Onderdelen van de casus' });

async function demoCases(page) {
  const r = await apiCall(page, server, 'GET', '/api/cases');
  assert.equal(r.status(), 200);
  const items = (await r.json()).items;
  const open = items.find((c) => c.state === 'uitvoering');
  const closed = items.find((c) => c.state === 'afgesloten');
  assert.ok(open && closed, 'the demo has an open and a closed case');
  return { open, closed };
}

test('de casusregisseur kiest één keer per bezoek het doel; de keuze staat op de casus', async () => {
  await withPage(browser, server, 'purpose-open', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    const { open, closed } = await demoCases(page);

    // the question comes before any case content
    await page.goto(`/app/casussen/${open.id}`);
    const form = page.locator('#purpose-form');
    await form.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Dossier openen' }).waitFor();
    const group = page.getByRole('group', { name: 'Waarvoor opent u dit dossier?' });
    await group.waitFor();
    for (const label of ['Voorbereiden of bespreken in het casusoverleg', 'Opstellen of uitvoeren van het plan van aanpak',
      'Gezamenlijke risicotaxatie', 'Begeleiding of nazorg van de persoon of de familie']) {
      await group.getByRole('radio', { name: label }).waitFor();
    }
    assert.equal(await page.locator('#case-badges').count(), 0, 'no case content before the choice');
    assert.equal((await page.content()).includes('Fictieve'), false, 'no names before the choice');
    await axe(page, 'doel kiezen');
    await shot(page, 'purpose-01-vraag');

    // no choice: an error summary that links to the radio group
    await page.getByRole('button', { name: 'Dossier openen' }).click();
    const errors = page.locator('#purpose-errors');
    await expectFocused(page, errors, 'error summary');
    await errors.getByRole('link', { name: 'Kies het doel waarvoor u dit dossier opent.' }).waitFor();
    await axe(page, 'doel kiezen (fout)');

    // choose: the case opens with the purpose line
    await group.getByRole('radio', { name: 'Gezamenlijke risicotaxatie' }).check();
    await page.getByRole('button', { name: 'Dossier openen' }).click();
    await page.locator('#case-badges').waitFor();
    const line = page.locator('#case-purpose');
    await line.getByText('Gezamenlijke risicotaxatie').waitFor();
    assert.match(await line.textContent(), /^Doel: Gezamenlijke risicotaxatie \(wijzigen\)$/);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: /^Casus / }), 'case h1');
    await axe(page, 'casus met doel');
    await shot(page, 'purpose-02-casus');

    // other parts and a reload do not ask again
    await sub(page).getByRole('link', { name: 'Checklist' }).click();
    await page.waitForURL(`**/app/casussen/${open.id}/checklist`);
    await page.locator('#case-purpose').getByText('Gezamenlijke risicotaxatie').waitFor();
    await page.reload();
    await page.locator('#case-purpose').getByText('Gezamenlijke risicotaxatie').waitFor();
    assert.equal(await page.locator('#purpose-form').count(), 0, 'asked again after a reload');

    // "wijzigen" asks again
    await page.getByRole('button', { name: /wijzigen/ }).click();
    await page.locator('#purpose-form').waitFor();
    await page.getByRole('radio', { name: 'Opstellen of uitvoeren van het plan van aanpak' }).check();
    await page.getByRole('button', { name: 'Dossier openen' }).click();
    await page.locator('#case-purpose').getByText('Opstellen of uitvoeren van het plan van aanpak').waitFor();

    // a closed case: only accountability and the data subject's request
    await page.goto(`/app/casussen/${closed.id}`);
    await page.locator('#purpose-form').waitFor();
    await page.locator('#purpose-closed').waitFor();
    const radios = page.locator('#purpose-form input[type=radio]');
    assert.equal(await radios.count(), 2, 'a closed case offers two purposes');
    await page.getByRole('radio', { name: 'Verantwoording: klacht, bezwaar, rechtszaak of toezicht' }).waitFor();
    await page.getByRole('radio', { name: /Verzoek van de betrokkene/ }).check();
    await axe(page, 'doel kiezen (afgesloten casus)');
    await page.getByRole('button', { name: 'Dossier openen' }).click();
    await page.locator('#case-purpose').getByText(/Verzoek van de betrokkene/).waitFor();
  }, { purpose: false });
});
